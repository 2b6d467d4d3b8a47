"""Ranking quality against a staffing manager's graded judgments (0–3).

Usage:

    .venv/bin/python bench/ranking_eval.py [--judgments PATH] [--json OUT]

The judgments (../shared/matching-judgments/judgments.json by default) are loaded into a throwaway
SQLite database through the services, one company per tender so that each tender ranks exactly its
judged candidates; the real recompute scores them. Dates are shifted by (today − as_of), rounded up to
whole weeks, so that each candidate's situation at the tender's start stays what the manager judged and
every date keeps its weekday (working-day counts, hence daily budgets and coverage, are unchanged).

Printed: NDCG@5 and NDCG@10 per tender and their means (gain 2^label − 1, ties averaged), for the
engine and two baselines computed here — coverage of required skills, and weighted skill overlap
ignoring levels, availability, place and rate — then, per score band, how many candidates of each label
fall in it, and the acceptance checks of the matching issue.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JUDGMENTS = ROOT.parent / "shared" / "matching-judgments" / "judgments.json"
IMPORTANCE_WEIGHTS = {"required": 3.0, "preferred": 2.0, "nice_to_have": 1.0}


# --- metrics (pure) -----------------------------------------------------------------------------


def dcg_tie_aware(scores: list[float], gains: list[float], k: int) -> float:
    """DCG@k where candidates with equal scores share their positions: each tied group contributes its
    mean gain at every position it spans (the expectation over the orders of the tie)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    total, position = 0.0, 0
    while position < len(order) and position < k:
        group = [order[position]]
        while position + len(group) < len(order) and scores[order[position + len(group)]] == scores[group[0]]:
            group.append(order[position + len(group)])
        mean_gain = sum(gains[i] for i in group) / len(group)
        for slot in range(position, min(position + len(group), k)):
            total += mean_gain / math.log2(slot + 2)
        position += len(group)
    return total


def ndcg(scores: list[float], labels: list[int], k: int) -> float:
    gains = [2.0**label - 1 for label in labels]
    ideal = dcg_tie_aware(gains, gains, k)
    return dcg_tie_aware(scores, gains, k) / ideal if ideal > 0 else 1.0


def coverage_baseline(tender: dict, candidate: dict) -> float:
    """Share of the tender's required skills the candidate holds, at any level."""
    held = {skill["name"] for skill in candidate["skills"]}
    required = [skill["name"] for skill in tender["skills"] if skill["importance"] == "required"]
    return sum(name in held for name in required) / len(required) if required else 0.0


def overlap_baseline(tender: dict, candidate: dict) -> float:
    """Importance-weighted share of the tender's skills the candidate holds; nothing else counts."""
    held = {skill["name"] for skill in candidate["skills"]}
    weights = [(IMPORTANCE_WEIGHTS[skill["importance"]], skill["name"] in held) for skill in tender["skills"]]
    total = sum(weight for weight, _ in weights)
    return sum(weight for weight, has in weights if has) / total if total else 0.0


def band(score: float) -> str:
    return "strong" if score >= 0.80 else "medium" if score >= 0.50 else "weak"


# --- loading through the services ---------------------------------------------------------------


def _shift(value: str | None, days: int) -> datetime.date | None:
    return datetime.date.fromisoformat(value) + datetime.timedelta(days=days) if value else None


def load(data: dict, today: datetime.date) -> dict[str, int]:
    """Create one company per tender with its candidates; returns {key: tender or consultant id}."""
    from consultants.models import Skill
    from consultants.services import consultant_create, consultant_skill_set
    from matching.services import rematch_deferred
    from talentmatch.models import Company
    from tenders.models import Tender
    from tenders.services import tender_create, tender_skill_set

    shift = -(-(today - datetime.date.fromisoformat(data["as_of"])).days // 7) * 7
    skills = {skill.name: skill for skill in Skill.objects.all()}
    tender_fields = {field.name for field in Tender._meta.get_fields()}
    ids: dict[str, int] = {}
    with rematch_deferred():
        for tender in data["tenders"]:
            company = Company.objects.create(name=f"Eval {tender['key']}")
            fields = {
                "title": tender["title"],
                "client_name": tender["client_name"],
                "description": tender["description"],
                "start_date": _shift(tender["start_date"], shift),
                "end_date": _shift(tender["end_date"], shift),
                "location": tender["location"],
                "remote_work": tender["remote_work"],
                "budget": tender["budget"],
                "required_consultants": tender["required_consultants"],
            }
            if "onsite_days_per_week" in tender_fields:
                fields["onsite_days_per_week"] = tender["onsite_days_per_week"]
            created = tender_create(company=company, **fields)
            ids[tender["key"]] = created.pk
            for need in tender["skills"]:
                tender_skill_set(
                    tender=created,
                    skill=skills[need["name"]],
                    importance=need["importance"],
                    minimum_level=need.get("min_level"),
                )
            for candidate in tender["candidates"]:
                consultant = consultant_create(
                    company=company,
                    first_name=candidate["first_name"],
                    last_name=candidate["last_name"],
                    email=f"{candidate['key'].lower()}@eval.invalid",
                    title=candidate["title"],
                    experience_years=candidate["experience_years"],
                    availability_status=candidate["availability_status"],
                    availability_date=_shift(candidate["availability_date"], shift),
                    daily_rate=candidate["daily_rate"],
                    bio=candidate["bio"],
                    location=candidate["location"],
                    remote_work=candidate["remote_work"],
                    max_travel_distance=candidate["max_travel_distance"],
                )
                ids[candidate["key"]] = consultant.pk
                for held in candidate["skills"]:
                    consultant_skill_set(
                        consultant=consultant,
                        skill=skills[held["name"]],
                        proficiency_level=held["level"],
                        years_experience=held.get("years"),
                    )
    return ids


def engine_scores(data: dict, ids: dict[str, int]) -> dict[str, float]:
    """The stored score of every judged pair; 0 for a candidate the engine does not rank at all."""
    from matching.models import Match

    stored = {(m.tender_id, m.consultant_id): m.match_score for m in Match.objects.all()}
    return {
        candidate["key"]: float(stored.get((ids[tender["key"]], ids[candidate["key"]]), 0.0))
        for tender in data["tenders"]
        for candidate in tender["candidates"]
    }


# --- report -------------------------------------------------------------------------------------


def evaluate(data: dict, scores: dict[str, float]) -> dict:
    rankers = {
        "engine": lambda tender, candidate: scores[candidate["key"]],
        "coverage": coverage_baseline,
        "overlap": overlap_baseline,
    }
    per_tender = []
    for tender in data["tenders"]:
        labels = [candidate["label"] for candidate in tender["candidates"]]
        row = {"tender": tender["key"], "title": tender["title"]}
        for name, ranker in rankers.items():
            values = [ranker(tender, candidate) for candidate in tender["candidates"]]
            row[f"{name}@5"] = ndcg(values, labels, 5)
            row[f"{name}@10"] = ndcg(values, labels, 10)
        engine = [scores[candidate["key"]] for candidate in tender["candidates"]]
        order = sorted(range(len(engine)), key=lambda i: -engine[i])
        row["label0_in_top5"] = sum(labels[i] == 0 for i in order[:5])
        row["label3_in_top3"] = any(labels[i] == 3 for i in order[:3])
        per_tender.append(row)
    means = {
        key: sum(row[key] for row in per_tender) / len(per_tender)
        for key in per_tender[0]
        if key.endswith(("@5", "@10"))
    }
    bands = {name: [0, 0, 0, 0] for name in ("strong", "medium", "weak")}
    by_label = [[], [], [], []]
    for tender in data["tenders"]:
        for candidate in tender["candidates"]:
            score = scores[candidate["key"]]
            bands[band(score)][candidate["label"]] += 1
            by_label[candidate["label"]].append(score)
    checks = {
        "mean NDCG@10 >= 0.94": means["engine@10"] >= 0.94,
        "no label-0 candidate in a top 5": all(row["label0_in_top5"] == 0 for row in per_tender),
        "a label-3 candidate in every top 3": all(row["label3_in_top3"] for row in per_tender),
        ">= 80 % of label-0 under 0.50": sum(s < 0.5 for s in by_label[0]) >= 0.8 * len(by_label[0]),
        ">= 80 % of label-3 at 0.80 or more": sum(s >= 0.8 for s in by_label[3]) >= 0.8 * len(by_label[3]),
    }
    shares = {
        "label0_under_050": sum(s < 0.5 for s in by_label[0]) / max(len(by_label[0]), 1),
        "label3_at_080": sum(s >= 0.8 for s in by_label[3]) / max(len(by_label[3]), 1),
    }
    return {"per_tender": per_tender, "means": means, "bands": bands, "shares": shares, "checks": checks}


def print_report(result: dict) -> None:
    print(f"{'tender':<7}{'engine@5':>10}{'engine@10':>10}{'overlap@10':>11}{'coverage@10':>12}  label-0 in top 5")
    for row in result["per_tender"]:
        print(
            f"{row['tender']:<7}{row['engine@5']:>10.3f}{row['engine@10']:>10.3f}{row['overlap@10']:>11.3f}"
            f"{row['coverage@10']:>12.3f}  {row['label0_in_top5']}   {row['title'][:44]}"
        )
    means = result["means"]
    print(
        f"{'mean':<7}{means['engine@5']:>10.3f}{means['engine@10']:>10.3f}{means['overlap@10']:>11.3f}"
        f"{means['coverage@10']:>12.3f}"
    )
    print(
        f"baselines @5: overlap {means['overlap@5']:.3f}, coverage {means['coverage@5']:.3f}\n"
        "\nband (score)        label 0  label 1  label 2  label 3"
    )
    for name, bounds in (("strong", ">= 0.80"), ("medium", "0.50-0.80"), ("weak", "< 0.50")):
        counts = result["bands"][name]
        print(f"{name:<7}{bounds:<12}" + "".join(f"{count:>9}" for count in counts))
    shares = result["shares"]
    print(
        f"\nlabel-0 candidates under 0.50: {shares['label0_under_050']:.0%}; "
        f"label-3 candidates at 0.80 or more: {shares['label3_at_080']:.0%}"
    )
    for check, ok in result["checks"].items():
        print(f"  [{'x' if ok else ' '}] {check}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judgments", type=Path, default=DEFAULT_JUDGMENTS)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    data = json.loads(args.judgments.read_text(encoding="utf-8"))

    workdir = Path(tempfile.mkdtemp(prefix="tm_ranking_eval_"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'eval.sqlite3'}"
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    os.environ["PRIVATE_MEDIA_ROOT"] = str(workdir / "private")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")
    sys.path.insert(0, str(ROOT))
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command
    from django.utils import timezone

    from consultants.catalogue import skill_catalogue_sync
    from matching.services import matches_recompute

    call_command("migrate", verbosity=0)
    skill_catalogue_sync()
    ids = load(data, timezone.localdate())
    matches_recompute()
    result = evaluate(data, engine_scores(data, ids))
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
