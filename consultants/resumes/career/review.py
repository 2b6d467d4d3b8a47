"""What the CV panel shows of the career entries a CV proposes: each pending proposal with a short
summary, the CV lines it was read from, and its form prefilled for the recruiter to change and accept."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.career.forms import CAREER_FORMS
from consultants.career.models import LanguageLevel
from consultants.models import Consultant, Resume, Skill

KIND_LABELS = {
    "experiences": gettext_lazy("Mission or job"),
    "education": gettext_lazy("Degree"),
    "certifications": gettext_lazy("Certification"),
    "languages": gettext_lazy("Language"),
}


@dataclass
class CareerProposal:
    number: int
    kind: str
    kind_label: str
    summary: str
    lines: list[str]
    form: forms.Form
    open: bool = False


def pending(resume: Resume | None) -> list[dict]:
    """The proposals of a CV still waiting for a decision, of a kind the profile knows."""
    if resume is None:
        return []
    return [p for p in resume.career_suggestions or [] if p.get("state") == "pending" and p.get("kind") in CAREER_FORMS]


def skill_ids(proposals: list[dict]) -> set[int]:
    return {skill for proposal in proposals for skill in proposal.get("skills") or []}


def _month(value) -> str:
    day = parse_date(value) if isinstance(value, str) else None
    return formats.date_format(day, "F Y") if day else ""


def summary(kind: str, values: dict) -> str:
    """One line saying what a proposal would add ("Tech lead — Airbus, Jul 2021 – Feb 2024")."""
    if kind == "experiences":
        end = _month(values.get("end_date")) or _("today")
        head = " — ".join(part for part in (values.get("role"), values.get("employer")) if part)
        return f"{head}, {_month(values.get('start_date'))} – {end}"
    if kind == "education":
        head = " — ".join(part for part in (values.get("degree"), values.get("school")) if part)
        return f"{head} ({values['end_year']})" if values.get("end_year") else head
    if kind == "certifications":
        return " — ".join(part for part in (values.get("name"), values.get("issuer")) if part)
    level = dict(LanguageLevel.choices).get(values.get("level"), _("level not stated"))
    return f"{values.get('language', '')} ({level})"


def _initial(proposal: dict, skills: dict[int, Skill]) -> dict:
    initial = dict(proposal.get("values") or {})
    if proposal["kind"] == "experiences":
        initial["skills_used"] = ", ".join(skills[pk].name for pk in proposal.get("skills") or [] if pk in skills)
    return initial


def proposal_form(consultant: Consultant, proposal: dict, skills: dict[int, Skill], data=None) -> forms.Form:
    """The entry's own form (the one of the career cards), prefilled from the proposal, or bound to `data`."""
    form_class = CAREER_FORMS[proposal["kind"]]
    prefix = f"cv-career-{proposal['id']}"
    if data is not None:
        return form_class(data, prefix=prefix, consultant=consultant)
    return form_class(prefix=prefix, consultant=consultant, initial=_initial(proposal, skills))


def career_proposals(
    consultant: Consultant, proposals: list[dict], skills: dict[int, Skill], failed: dict | None = None
) -> list[CareerProposal]:
    failed = failed or {}
    shown = []
    for proposal in proposals:
        number = proposal["id"]
        shown.append(
            CareerProposal(
                number=number,
                kind=proposal["kind"],
                kind_label=KIND_LABELS[proposal["kind"]],
                summary=summary(proposal["kind"], proposal.get("values") or {}),
                lines=list(proposal.get("lines") or []),
                form=failed.get(number) or proposal_form(consultant, proposal, skills),
                open=number in failed,
            )
        )
    return shown
