"""The gated match score proposed by the matching issue, stated in plain Python and measured on the
graded judgments — before it is built into the engine (matching/engine/, vectorised, explained).

Usage:

    .venv/bin/python bench/ranking_reference.py [--judgments PATH] [--tender T01] [--sweep]

No database: the judgments are scored directly from their JSON with the catalogue's related skills and
the bundled gazetteer. The model:

    score = (w_skills × skills + w_seniority × seniority) × Π gates

- skills: the engine's importance-weighted level credit (related skills at 0.4 of it), nice-to-have
  credit capped at a share of the total so that it cannot outweigh a gate;
- seniority: 60 % experience against the level the call asks (from its wording — junior, confirmé,
  senior, expert/architecte — else from the highest minimum level of its required skills; no bonus past
  it), 40 % years on the required skills;
- gates, each in [0, 1]: required skills (per required slot: held at the level 1, each rank below it
  costs 15 %, a related skill held at advanced/expert 0.75, a weaker related one 0.6, missing 0.5);
  availability (coverage of the mission's working days from the free date, with a two-week grace,
  squared; part time × 0.6; unavailable with no date 0; on mission with no date 0.15); rate (1 at or
  under the daily budget, 1 / (1 + (over / 30 %)^2.5): +10 % → 0.94, +30 % → 0.5, +50 % → 0.22);
  reach (on-site distance beyond the consultant's maximum, default 50 km, scaled by the on-site days per
  week when both sides accept remote work; full remote 1).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

import django  # noqa: E402

django.setup()

import ranking_eval  # noqa: E402

from consultants.catalogue import CATALOGUE  # noqa: E402
from talentmatch.geo import distance_km, resolve_place  # noqa: E402

RANK = {"beginner": 1, "intermediate": 2, "advanced": 3, "expert": 4}
LEVEL_CREDIT = (0.0, 0.55, 0.75, 0.9, 1.0)  # the engine's, by rank, when no minimum is asked
GAP_CREDIT = (1.0, 0.75, 0.55, 0.4)  # the engine's, by ranks below the minimum asked
IMPORTANCE_WEIGHT = {"required": 3.0, "preferred": 2.0, "nice_to_have": 1.0}
SENIORITY_WORDS = (  # the first family found in the title or description sets the years the call asks
    (("junior", "débutant"), 1.5),
    (("expert", "architecte", "lead", "principal"), 9.0),
    (("senior",), 7.0),
    (("confirmé", "confirme", "expérimenté"), 4.0),
)
YEARS_BY_MINIMUM = {0: 4.0, 1: 1.5, 2: 3.0, 3: 5.0, 4: 8.0}

PARAMETERS = {
    "related_credit": 0.4,
    "slot_gap": (1.0, 0.85, 0.7, 0.55),
    "near_miss": 0.75,
    "weak_related": 0.6,
    "missing": 0.5,
    "grace_days": 14,
    "coverage_power": 2.0,
    "part_time": 0.6,
    "unavailable_without_date": 0.0,
    "on_mission_without_date": 0.15,
    "rate_half": 0.30,
    "rate_power": 2.5,
    "reach_scale": 0.5,
    "default_travel_km": 50.0,
    "weight_skills": 0.75,
    "weight_seniority": 0.25,
    "nice_to_have_cap": 0.1,
    "days_for_full_reach": 1.0,
}


def related_skills() -> dict[str, set[str]]:
    related: dict[str, set[str]] = {}
    for entry in CATALOGUE:
        for other in entry.related:
            related.setdefault(entry.name, set()).add(other)
            related.setdefault(other, set()).add(entry.name)
    return related


def working_days(first: datetime.date, last: datetime.date) -> int:
    return max(0, int(np.busday_count(first, last + datetime.timedelta(days=1))))


def years_asked(tender: dict) -> float:
    text = f"{tender['title']} {tender['description']}".lower()
    for words, years in SENIORITY_WORDS:
        if any(word in text for word in words):
            return years
    minimums = [RANK.get(need.get("min_level"), 0) for need in tender["skills"] if need["importance"] == "required"]
    return YEARS_BY_MINIMUM[max(minimums or [0])]


def skill_part(tender: dict, candidate: dict, related: dict[str, set[str]], p: dict) -> tuple[float, float]:
    """(skills factor, required-skills gate)."""
    held = {skill["name"]: RANK[skill["level"]] for skill in candidate["skills"]}
    core_total = core_credit = nice_total = nice_credit = 0.0
    gate = 1.0
    for need in tender["skills"]:
        minimum = RANK.get(need.get("min_level"), 0)
        rank = held.get(need["name"], 0)
        related_rank = 0 if rank else max([held[name] for name in related.get(need["name"], ()) if name in held] or [0])
        if rank:
            credit = LEVEL_CREDIT[rank] if not minimum else GAP_CREDIT[max(0, minimum - rank)]
        elif related_rank:
            credit = p["related_credit"] * (
                LEVEL_CREDIT[related_rank] if not minimum else GAP_CREDIT[max(0, minimum - related_rank)]
            )
        else:
            credit = 0.0
        weight = IMPORTANCE_WEIGHT[need["importance"]]
        if need["importance"] == "nice_to_have":
            nice_total, nice_credit = nice_total + weight, nice_credit + weight * credit
        else:
            core_total, core_credit = core_total + weight, core_credit + weight * credit
        if need["importance"] == "required":
            if rank:
                gate *= p["slot_gap"][max(0, minimum - rank)] if minimum else 1.0
            elif related_rank >= RANK["advanced"]:
                gate *= p["near_miss"]
            else:
                gate *= p["weak_related"] if related_rank else p["missing"]
    cap = p["nice_to_have_cap"] * (core_total + nice_total)
    denominator = core_total + min(nice_total, cap)
    skills = (core_credit + min(nice_credit, cap)) / denominator if denominator else 0.0
    return skills, gate


def availability_gate(tender: dict, candidate: dict, p: dict) -> float:
    start = datetime.date.fromisoformat(tender["start_date"])
    end = datetime.date.fromisoformat(tender["end_date"])
    status, free = candidate["availability_status"], candidate["availability_date"]
    if not free and status == "unavailable":
        return p["unavailable_without_date"]
    if not free and status == "on_mission":
        return p["on_mission_without_date"]
    coverage = 1.0
    if free:
        free_from = datetime.date.fromisoformat(free) - datetime.timedelta(days=p["grace_days"])
        if free_from > start:
            coverage = working_days(free_from, end) / max(working_days(start, end), 1)
    gate = coverage ** p["coverage_power"]
    return gate * p["part_time"] if status == "partially_available" else gate


def rate_gate(tender: dict, candidate: dict, p: dict) -> float:
    start = datetime.date.fromisoformat(tender["start_date"])
    end = datetime.date.fromisoformat(tender["end_date"])
    days = working_days(start, end) * tender["required_consultants"]
    if not days or not tender["budget"] or not candidate["daily_rate"]:
        return 1.0
    over = max(candidate["daily_rate"] / (tender["budget"] / days) - 1.0, 0.0)
    return 1.0 / (1.0 + (over / p["rate_half"]) ** p["rate_power"])


def reach_gate(tender: dict, candidate: dict, p: dict) -> float:
    here, there = resolve_place(candidate["location"]), resolve_place(tender["location"])
    both_remote = tender["remote_work"] and candidate["remote_work"]
    onsite_days = (tender["onsite_days_per_week"] or 0.0) if both_remote else 5.0
    if here is None or there is None or onsite_days == 0:
        return 1.0
    reach = candidate["max_travel_distance"]
    reach = p["default_travel_km"] if reach is None else reach
    beyond = max(0.0, distance_km(here, there) - reach)
    on_site = 1.0 / (1.0 + (beyond / (p["reach_scale"] * reach + 25.0)) ** 2)
    return 1.0 - (1.0 - on_site) * min(1.0, onsite_days / p["days_for_full_reach"])


def seniority(tender: dict, candidate: dict) -> float:
    held = {skill["name"]: skill for skill in candidate["skills"]}
    required = [need["name"] for need in tender["skills"] if need["importance"] == "required"]
    years = [min((held[name].get("years") or 0) / 5.0, 1.0) if name in held else 0.0 for name in required]
    experience = min((candidate["experience_years"] or 0) / years_asked(tender), 1.0)
    return 0.6 * experience + 0.4 * (sum(years) / len(years) if years else 0.0)


def score(tender: dict, candidate: dict, related: dict[str, set[str]], p: dict = PARAMETERS) -> tuple[float, dict]:
    skills, required_gate = skill_part(tender, candidate, related, p)
    gates = {
        "required": required_gate,
        "availability": availability_gate(tender, candidate, p),
        "rate": rate_gate(tender, candidate, p),
        "reach": reach_gate(tender, candidate, p),
    }
    base = p["weight_skills"] * skills + p["weight_seniority"] * seniority(tender, candidate)
    value = base * gates["required"] * gates["availability"] * gates["rate"] * gates["reach"]
    return value, {"skills": skills, **gates}


def summary(data: dict, related: dict[str, set[str]], p: dict = PARAMETERS) -> dict:
    scores = {
        candidate["key"]: score(tender, candidate, related, p)[0]
        for tender in data["tenders"]
        for candidate in tender["candidates"]
    }
    return ranking_eval.evaluate(data, scores)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judgments", type=Path, default=ranking_eval.DEFAULT_JUDGMENTS)
    parser.add_argument("--tender", help="also list this tender's candidates with their gates")
    parser.add_argument("--sweep", action="store_true", help="move each parameter and report the effect")
    args = parser.parse_args()
    data = json.loads(args.judgments.read_text(encoding="utf-8"))
    related = related_skills()
    ranking_eval.print_report(summary(data, related))
    for tender in data["tenders"]:
        if tender["key"] == args.tender:
            ranked = sorted(tender["candidates"], key=lambda c: -score(tender, c, related)[0])
            for candidate in ranked:
                value, parts = score(tender, candidate, related)
                shown = " ".join(f"{name} {part:.2f}" for name, part in parts.items())
                print(f"{value:.3f}  label {candidate['label']}  {shown}  {candidate['why'][:60]}")
    if args.sweep:
        print("\nparameter          NDCG@10  NDCG@5  checks")
        for name, value in PARAMETERS.items():
            if not isinstance(value, float):
                continue
            for factor in (0.8, 1.2):
                moved = {**PARAMETERS, name: value * factor}
                if name in ("weight_skills", "weight_seniority"):  # the two weights keep summing to 1
                    other = "weight_seniority" if name == "weight_skills" else "weight_skills"
                    moved[other] = 1.0 - moved[name]
                result = summary(data, related, moved)
                means = result["means"]
                print(
                    f"{name} ×{factor:<4} {means['engine@10']:>8.3f}{means['engine@5']:>8.3f}"
                    f"  {sum(result['checks'].values())}/5"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
