"""What a match's breakdown tells a recruiter, in plain words: the score band, each gate with its fact,
the knock-out flags and the near-miss skills.

`{{ match.match_score|score_band }}` gives "strong", "fair" or "weak" (thresholds in settings.MATCHING);
`{% band_label band %}` its words. `{% match_gates match as gates %}` gives, for a version 2 breakdown, one
line per gate (label, value, effect in points, sentence); `{% match_knock_outs match as flags %}` the
flags in words; `{% legacy_factors match as factors %}` the five factors of a version 1 breakdown, still
stored until the next recompute.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from consultants.models import ProficiencyLevel
from consultants.selectors import skill_display_names
from matching.engine.config import GATES, ScoringConfig
from matching.models import RejectionReason
from talentmatch.numbers import money

register = template.Library()

LEVEL_LABELS = dict(enumerate(ProficiencyLevel.labels, start=1))


@dataclass
class GateLine:
    name: str
    label: str
    value: float
    effect: float  # score points this gate takes away
    sentence: str
    is_knock_out: bool


def _breakdown(match) -> dict:
    return getattr(match, "breakdown", None) or {}


def _is_v2(breakdown: dict) -> bool:
    return breakdown.get("v") == 2


def _number(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "?"
    if decimals == 0 or float(value).is_integer():
        return number_format(round(value), decimal_pos=0)
    return number_format(value, decimal_pos=decimals)


def _percent(share: float | None) -> str:
    return "?" if share is None else f"{number_format(round(share * 100), decimal_pos=0)} %"


def _signed_percent(gap: float | None) -> str:
    if gap is None:
        return "?"
    rounded = round(gap)
    return f"{'+' if rounded > 0 else ''}{number_format(rounded, decimal_pos=0)} %"


def _date(value: str | None) -> str:
    return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else "?"


@register.filter
def score_band(score) -> str:
    """strong (≥ band_strong), fair (≥ band_fair) or weak, for a score in [0, 1]."""
    if score is None:
        return ""
    return ScoringConfig.from_settings().band(float(score))


@register.simple_tag
def band_label(band: str) -> str:
    return {"strong": _("Strong match"), "fair": _("Fair match"), "weak": _("Weak match")}.get(band, "")


def _rate_sentence(breakdown: dict) -> str:
    rate, budget = breakdown.get("daily_rate"), breakdown.get("daily_budget")
    if rate is None or budget is None:
        return _("Daily rate or daily budget unknown: not gated.")
    return _("Daily rate %(rate)s for a budget of %(budget)s (%(gap)s)") % {
        "rate": money(rate),
        "budget": money(budget),
        "gap": _signed_percent(breakdown.get("rate_gap_pct")),
    }


def _availability_sentence(breakdown: dict) -> str:
    status, free = breakdown.get("status"), breakdown.get("free_date")
    mission = _("mission from %(start)s to %(end)s") % {
        "start": _date(breakdown.get("start")),
        "end": _date(breakdown.get("end")),
    }
    if free:
        sentence = _("free on %(date)s, %(share)s of the mission covered") % {
            "date": _date(free),
            "share": _percent(breakdown.get("coverage")),
        }
    elif status == "unavailable":
        sentence = _("unavailable with no return date")
    elif status == "on_mission":
        sentence = _("on mission with no return date")
    else:
        sentence = _("available now")
    if status == "partially_available":
        sentence += " · " + _("part time")
    return f"{sentence} ({mission})"


def _days(value: float | None) -> str:
    return _number(value, 1)


def _reach_sentence(breakdown: dict) -> str:
    days = breakdown.get("onsite_days")
    if days == 0:
        return _("remote work on both sides")
    if breakdown.get("distance_km") is None:
        return _("a place could not be located: not gated")
    return _("%(km)s km, %(days)s days on site a week, max %(max)s km") % {
        "km": _number(breakdown["distance_km"]),
        "days": _days(days),
        "max": _number(breakdown.get("max_travel_km")),
    }


def _required_sentence(breakdown: dict) -> str:
    covered, total = breakdown.get("required", [0, 0])
    sentence = _("required skills held: %(covered)s of %(total)s") % {"covered": covered, "total": total}
    near = len(breakdown.get("near_miss", []))
    if near:
        sentence += " · " + _("%(count)s close miss(es)") % {"count": near}
    return sentence


@register.simple_tag
def match_gates(match) -> list[GateLine]:
    """One line per gate of a version 2 breakdown, in the order their effects are taken; [] for version 1."""
    breakdown = _breakdown(match)
    if not _is_v2(breakdown):
        return []
    labels = {
        "required": _("Required skills"),
        "availability": _("Availability"),
        "rate": _("Rate vs budget"),
        "reach": _("Reach"),
    }
    sentences = {
        "required": _required_sentence,
        "availability": _availability_sentence,
        "rate": _rate_sentence,
        "reach": _reach_sentence,
    }
    knock_out = ScoringConfig.from_settings().knock_out_below
    lines = []
    for name in GATES:
        value, effect = breakdown.get("gates", {}).get(name, [1.0, 0.0])
        lines.append(GateLine(name, labels[name], value, effect, sentences[name](breakdown), value < knock_out))
    return lines


@register.simple_tag
def match_knock_outs(match) -> list[str]:
    """The knock-out flags of a version 2 breakdown in plain words; [] for version 1."""
    breakdown = _breakdown(match)
    if not _is_v2(breakdown):
        return []
    covered = breakdown.get("coverage")
    words = {
        "missing_required": lambda: _("a required skill is missing"),
        "unavailable_no_date": lambda: _("unavailable, no return date"),
        "busy_most": lambda: (
            _("busy for %(share)s of the mission") % {"share": _percent(None if covered is None else 1 - covered)}
        ),
        "part_time": lambda: _("part time"),
        "rate_over": lambda: (
            _("daily rate %(gap)s over budget") % {"gap": _signed_percent(breakdown.get("rate_gap_pct"))}
        ),
        "too_far": lambda: (
            _("%(km)s km away, on site %(days)s days a week")
            % {"km": _number(breakdown.get("distance_km")), "days": _days(breakdown.get("onsite_days"))}
        ),
    }
    return [words[flag]() for flag in breakdown.get("flags", []) if flag in words]


@register.simple_tag
def match_near_misses(match) -> list[str]:
    """ "Spring Framework (expert) — close to Spring Boot" for each near miss of a version 2 breakdown."""
    entries = _breakdown(match).get("near_miss", [])
    if not entries:
        return []
    ids = {entry[0] for entry in entries} | {entry[2] for entry in entries}
    names = skill_display_names(ids)
    return [
        _("%(skill)s (%(level)s) — close to %(required)s")
        % {"skill": names.get(held, "?"), "level": LEVEL_LABELS.get(rank, ""), "required": names.get(required, "?")}
        for held, rank, required in entries
    ]


@register.simple_tag
def match_notes(match) -> list[str]:
    """The notes of a version 2 breakdown (what could not be measured) in plain words."""
    labels = {
        "unknown_place": _("A place could not be located: the reach gate passes."),
        "budget_unknown": _("No daily budget could be derived: the rate gate passes."),
        "rate_unknown": _("The consultant's daily rate is unknown: the rate gate passes."),
    }
    return [labels.get(note, note) for note in _breakdown(match).get("notes", [])]


def card_facts(match) -> tuple:
    """What a card shows from the breakdown, for its cache key."""
    breakdown = _breakdown(match)
    return tuple(
        repr(breakdown.get(name)) for name in ("flags", "coverage", "rate_gap_pct", "distance_km", "onsite_days")
    )


@register.simple_tag
def legacy_factors(match) -> list[tuple[str, float, float, float]]:
    """The five additive factors of a version 1 breakdown (label, value, weight, contribution); [] for version 2."""
    breakdown = _breakdown(match)
    if not breakdown or _is_v2(breakdown):
        return []
    labels = {
        "skills": _("Skills"),
        "availability": _("Availability"),
        "location": _("Location"),
        "rate": _("Rate vs budget"),
        "seniority": _("Seniority"),
    }
    stored = breakdown.get("factors", {})
    return [(labels[key], *stored[key]) for key in labels if key in stored]


@register.simple_tag
def rejection_reason_choices() -> list[tuple[str, str]]:
    """The rejection reason codes and their labels, for the reject forms."""
    return RejectionReason.choices
