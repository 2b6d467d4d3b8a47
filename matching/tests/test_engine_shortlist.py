"""The screening shortlist: exact ranks whatever the ties, and a band that stays narrow."""

import datetime

import numpy as np

from matching.engine import Ranker, ScoringConfig
from matching.engine.ranking import SHORTLIST_MARGIN
from matching.engine.scoring import consultant_side, score_pairs, tender_context
from matching.engine.screening import PoolScreen

TODAY = datetime.date(2027, 1, 1)
PERFECT = {"skills": {0: ("expert", 6)}, "experience_years": 10}
MISSION = {"skills": {0: ("required", 0)}}


def _ranked(engine, people, missions, top_k):
    consultants, tenders, graph = engine.consultants(people), engine.tenders(missions), engine.graph(2)
    config = ScoringConfig(top_k=top_k, chunk_tenders=2)
    ranker = Ranker(consultants, tenders, graph, TODAY.toordinal(), config)
    got: dict[int, list[tuple[int, float]]] = {}
    for chunk in ranker.rank_group(np.arange(len(missions)), np.arange(len(people))):
        for tender_id, consultant_id, score in zip(chunk.tender_ids, chunk.consultant_ids, chunk.scores, strict=True):
            got.setdefault(tender_id, []).append((consultant_id, score))
    return ranker, got


def _brute_force(ranker, tender_row, top_k):
    """Every pair scored exactly, ranked by score descending then consultant id ascending."""
    consultants = ranker.consultants
    side = consultant_side(consultants, ranker.graph, TODAY.toordinal())
    context = tender_context(ranker.tenders, TODAY.toordinal(), ranker.config)
    pool = np.arange(len(consultants))
    exact = score_pairs(side, ranker.tenders, context, np.full(len(pool), tender_row), pool, ranker.config)
    ranked = sorted(
        (-float(exact.score[i]), int(consultants.ids[i])) for i in pool.tolist() if exact.skill_credit[i] > 0
    )[:top_k]
    return [(consultant_id, -score) for score, consultant_id in ranked]


def _screened_row(ranker, tender_row):
    pool = np.arange(len(ranker.consultants))
    screen = PoolScreen(ranker.side, pool, ranker.tenders, np.array([tender_row]), ranker.context, ranker.config)
    return screen.screen(np.array([tender_row])), pool


def test_a_crowd_of_perfect_ties_is_settled_by_consultant_id_after_scoring_one_prefix(engine):
    # 300 identical perfect candidates, ids descending with the rows: the top 5 are the 5 lowest ids.
    people = [{**PERFECT, "id": 1000 - row} for row in range(300)]
    ranker, got = _ranked(engine, people, [MISSION], top_k=5)

    assert got[1] == [(701, 1.0), (702, 1.0), (703, 1.0), (704, 1.0), (705, 1.0)]
    row, pool = _screened_row(ranker, 0)
    assert len(ranker._shortlist(row, 0, 0, pool)) == 5 + SHORTLIST_MARGIN


def test_near_ties_below_too_few_perfect_candidates_rank_exactly(engine):
    # 25 perfect candidates at high ids, 275 a hair below them (4.9 years on the skill instead of 6),
    # at lower ids: the top 30 is the 25 perfect ones, then the five lowest ids of the others.
    perfect = [{**PERFECT, "id": 500 + row} for row in range(25)]
    almost = [{"skills": {0: ("expert", 4.9)}, "experience_years": 10, "id": 1 + row} for row in range(275)]
    ranker, got = _ranked(engine, perfect + almost, [MISSION], top_k=30)

    expected = _brute_force(ranker, 0, 30)
    assert got[1] == expected
    assert [consultant_id for consultant_id, _ in expected] == [*range(500, 525), 1, 2, 3, 4, 5]
    assert expected[24][1] == 1.0 > expected[25][1]


def test_scores_near_zero_keep_a_band_relative_to_the_threshold(engine):
    # Every candidate is 20 times over the daily budget: all scores are tiny (about 1e-4), yet distinct.
    levels = ["beginner", "intermediate", "advanced", "expert"]
    people = [
        {"skills": {0: (levels[row % 4], row % 7)}, "experience_years": row % 11, "daily_rate": 10_000 + row}
        for row in range(300)
    ]
    mission = {**MISSION, "start": TODAY, "end": TODAY + datetime.timedelta(days=27), "budget": 10_000}
    ranker, got = _ranked(engine, people, [mission], top_k=5)

    assert got[1] == _brute_force(ranker, 0, 5)
    assert 0 < got[1][0][1] < 1e-3
    row, pool = _screened_row(ranker, 0)
    assert len(ranker._shortlist(row, 0, 0, pool)) <= 4 * (5 + SHORTLIST_MARGIN)


def test_with_a_skill_weight_of_zero_candidates_with_skill_credit_still_rank_by_seniority(engine):
    people = [{"skills": {0: ("beginner", row % 6)}, "experience_years": row % 9, "id": 1 + row} for row in range(120)]
    people.append({"skills": {1: "expert"}, "experience_years": 20, "id": 500})  # no credit: never ranked
    consultants, tenders, graph = engine.consultants(people), engine.tenders([MISSION]), engine.graph(2)
    config = ScoringConfig(weights={"skills": 0.0, "seniority": 1.0}, top_k=10)
    ranker = Ranker(consultants, tenders, graph, TODAY.toordinal(), config)
    (chunk,) = ranker.rank_group(np.array([0]), np.arange(len(people)))

    expected = _brute_force(ranker, 0, 10)
    assert list(zip(chunk.consultant_ids, chunk.scores, strict=True)) == expected
    assert 500 not in chunk.consultant_ids and len(expected) == 10
