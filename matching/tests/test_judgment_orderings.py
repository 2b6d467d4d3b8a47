"""A handful of a staffing manager's graded judgments, loaded through the services and ranked by the real
recompute: the orderings that matter most hold. Each case says what it checks ("fit", "rate_over",
"busy_most", "unreachable"); nothing here or in the engine knows a case by its id."""

import json
from pathlib import Path

import pytest
from django.utils import timezone

from bench import ranking_eval
from consultants.catalogue import skill_catalogue_sync
from matching.services import matches_recompute

CASES = Path(__file__).parent / "data" / "judgment_cases.json"


@pytest.fixture
def ranked(db):
    data = json.loads(CASES.read_text(encoding="utf-8"))
    skill_catalogue_sync()
    ids = ranking_eval.load(data, timezone.localdate())
    matches_recompute()
    scores = ranking_eval.engine_scores(data, ids)
    return {tender["key"]: _by_case(tender["candidates"], scores) for tender in data["tenders"]}


def _by_case(candidates, scores) -> dict[str, list[float]]:
    grouped: dict[str, list[float]] = {}
    for candidate in candidates:
        grouped.setdefault(candidate["case"], []).append(scores[candidate["key"]])
    return grouped


@pytest.mark.parametrize("case", ["rate_over", "busy_most", "unreachable"])
def test_a_knocked_out_candidate_ranks_below_every_fit_and_out_of_the_strong_band(ranked, case):
    checked = 0
    for tender, cases in ranked.items():
        for score in cases.get(case, []):
            checked += 1
            assert score < min(cases["fit"]), (tender, case)
            assert score < 0.5, (tender, case)
    assert checked > 0


def test_every_fit_is_in_the_strong_band(ranked):
    assert all(score >= 0.8 for cases in ranked.values() for score in cases["fit"])
