"""Properties of the pure scoring engine that must hold for every input (hypothesis)."""

import datetime
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bench import synthetic
from matching.engine import AVAILABILITY_CODES, FACTORS, GATES, Ranker, ScoringConfig
from matching.engine.scoring import consultant_side, explain_many, score_pairs, tender_context
from matching.engine.screening import PoolScreen

TODAY = datetime.date(2027, 1, 1)
N_SKILLS = 6
CITIES = [(45.74906, 4.84789), (45.76601, 4.8795), (48.85341, 2.3488), (43.29695, 5.38107)]
PROPERTY = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
BATCH = settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
BULK = settings(max_examples=8, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

levels = st.integers(1, 4)
skill_years = st.one_of(st.none(), st.integers(0, 15))
days = st.dates(datetime.date(2026, 10, 1), datetime.date(2027, 12, 31))


def held_skills(columns):
    return st.dictionaries(st.sampled_from(columns), st.tuples(levels, skill_years), max_size=len(columns))


def consultant(columns=tuple(range(N_SKILLS))):
    return st.fixed_dictionaries(
        {
            "skills": held_skills(list(columns)),
            "status": st.sampled_from(list(AVAILABILITY_CODES)),
            "free": st.one_of(st.none(), days),
            "daily_rate": st.one_of(st.none(), st.integers(0, 1500)),
            "place": st.one_of(st.none(), st.sampled_from(CITIES)),
            "remote": st.booleans(),
            "max_travel_km": st.one_of(st.none(), st.integers(0, 600)),
            "experience_years": st.one_of(st.none(), st.integers(0, 40)),
        }
    )


@st.composite
def tender(draw, columns=tuple(range(N_SKILLS)), min_skills=0):
    wishes = st.tuples(st.sampled_from(["required", "preferred", "nice_to_have"]), st.integers(0, 4))
    skills = draw(st.dictionaries(st.sampled_from(list(columns)), wishes, min_size=min_skills))
    start = draw(st.one_of(st.none(), days))
    end = draw(st.one_of(st.none(), st.integers(0, 300)))
    return {
        "skills": skills,
        "start": start,
        "end": None if end is None else (start or TODAY) + datetime.timedelta(days=end),
        "place": draw(st.one_of(st.none(), st.sampled_from(CITIES))),
        "remote": draw(st.booleans()),
        "budget": draw(st.one_of(st.none(), st.integers(0, 500_000))),
        "required_consultants": draw(st.integers(1, 5)),
    }


links = st.lists(st.tuples(st.integers(0, N_SKILLS - 1), st.integers(0, N_SKILLS - 1)).filter(lambda p: p[0] != p[1]))


# --- monotonicity and the weight of a required skill ----------------------------------------------


@PROPERTY
@given(
    person=consultant(columns=range(1, N_SKILLS)),
    mission=tender(columns=range(1, N_SKILLS)),
    minimum=st.integers(0, 4),
    levels_pair=st.tuples(levels, levels).map(sorted),
    years=skill_years,
    graph_links=links,
)
def test_raising_a_consultants_level_on_a_required_skill_never_lowers_the_score(
    engine, person, mission, minimum, levels_pair, years, graph_links
):
    lower, higher = levels_pair
    mission["skills"][0] = ("required", minimum)
    before = {**person, "skills": {**person["skills"], 0: (lower, years)}}
    after = {**person, "skills": {**person["skills"], 0: (higher, years)}}

    scored = engine.score([before, after], [mission], n_skills=N_SKILLS, links=graph_links, today=TODAY)

    assert scored.score(0, 1) >= scored.score(0, 0)


def _missing_versus_holding(engine, person, mission, minimum, level, years, graph_links):
    mission["skills"][0] = ("required", minimum)
    missing = {**person, "skills": {k: v for k, v in person["skills"].items() if k != 0}}
    holding = {**missing, "skills": {**missing["skills"], 0: (level, years)}}
    # The candidate missing the skill comes first, so that a tie would also rank them first.
    scored = engine.score([missing, holding], [mission], n_skills=N_SKILLS, links=graph_links, today=TODAY)
    assert scored.breakdown(0, 0)["required"][0] == scored.breakdown(0, 1)["required"][0] - 1
    # A closed gate (say, unavailable with no date) scores both 0: the one who holds the skill is never below.
    if scored.score(0, 1) > 0:
        assert scored.score(0, 0) < scored.score(0, 1)
    else:
        assert scored.score(0, 0) == 0.0


@PROPERTY
@given(
    person=consultant(columns=range(1, N_SKILLS)),
    mission=tender(columns=range(1, N_SKILLS)),
    minimum=st.integers(0, 4),
    level=levels,
    years=skill_years,
)
def test_a_candidate_missing_a_required_skill_never_outranks_an_otherwise_identical_candidate_who_has_it(
    engine, person, mission, minimum, level, years
):
    _missing_versus_holding(engine, person, mission, minimum, level, years, graph_links=[])


@PROPERTY
@given(
    person=consultant(columns=range(1, N_SKILLS)),
    mission=tender(columns=range(1, N_SKILLS)),
    minimum=st.integers(0, 4),
    level=levels,
    years=skill_years,
    graph_links=links,
)
@example(
    person={
        "skills": {1: (4, None)},
        "status": "unavailable",
        "free": None,
        "daily_rate": None,
        "place": None,
        "remote": False,
        "max_travel_km": None,
        "experience_years": 0,
    },
    mission={
        "skills": {},
        "start": None,
        "end": None,
        "place": None,
        "remote": False,
        "budget": None,
        "required_consultants": 1,
    },
    minimum=4,
    level=3,
    years=None,
    graph_links=[(0, 1)],
)
def test_a_candidate_missing_a_required_skill_never_outranks_one_who_has_it_within_a_rank_even_with_related_skills(
    engine, person, mission, minimum, level, years, graph_links
):
    # A related skill held at advanced or expert is a near miss (gate 0.75): by design it passes above the
    # exact skill held two or more ranks below the level asked (0.7, 0.55), so the property holds within a rank.
    assume(minimum - level <= 1)
    _missing_versus_holding(engine, person, mission, minimum, level, years, graph_links)


@PROPERTY
@given(
    person=consultant(columns=range(2, N_SKILLS)),
    mission=tender(columns=range(2, N_SKILLS)),
    importance=st.sampled_from(["required", "preferred", "nice_to_have"]),
    minimum=st.integers(0, 4),
    level=levels,
    years=skill_years,
    related_credit=st.floats(0.0, 0.4),
)
def test_related_skill_credit_is_strictly_below_exact_credit_at_the_same_level(
    engine, person, mission, importance, minimum, level, years, related_credit
):
    mission["skills"][0] = (importance, minimum)
    exact = {**person, "skills": {**person["skills"], 0: (level, years)}}
    related = {**person, "skills": {**person["skills"], 1: (level, years)}}
    config = ScoringConfig(related_credit=related_credit)

    scored = engine.score([exact, related], [mission], n_skills=N_SKILLS, links=[(0, 1)], today=TODAY, config=config)

    details = scored.scores
    exact_credit = details.detail_credit[(details.detail_owner == 0) & (details.detail_column == 0)]
    related_credit_given = details.detail_credit[(details.detail_owner == 1) & (details.detail_column == 0)]
    assert exact_credit[0] > 0
    assert related_credit_given[0] < exact_credit[0]
    assert related_credit_given[0] == pytest.approx(related_credit * exact_credit[0], abs=1e-12)
    if importance == "nice_to_have":  # capped nice-to-have credit may be saturated by both
        assert scored.factor("skills", 0, 1) <= scored.factor("skills", 0, 0)
    else:
        assert scored.factor("skills", 0, 1) < scored.factor("skills", 0, 0)
    assert [101, {"required": 0, "preferred": 1, "nice_to_have": 2}[importance], 102, level] in scored.breakdown(0, 1)[
        "related"
    ]


# --- the breakdown --------------------------------------------------------------------------------


@BATCH
@given(
    people=st.lists(consultant(), min_size=1, max_size=4),
    missions=st.lists(tender(), min_size=1, max_size=3),
    graph_links=links,
)
def test_breakdown_contributions_sum_to_the_breakdown_score_and_to_the_float_score(
    engine, people, missions, graph_links
):
    scored = engine.score(people, missions, n_skills=N_SKILLS, links=graph_links, today=TODAY)

    for index, text in enumerate(scored.texts):
        breakdown = json.loads(text)
        assert breakdown["v"] == 2
        base = sum(breakdown["factors"][name][2] for name in FACTORS)
        total = base - sum(breakdown["gates"][name][1] for name in GATES)
        assert abs(total - breakdown["score"]) <= 1e-6
        assert abs(total - float(scored.scores.score[index])) <= 1e-6
        assert abs(breakdown["score"] - float(scored.scores.score[index])) <= 1e-6
        for name, weight in ScoringConfig().weights.items():
            value, stored_weight, contribution = breakdown["factors"][name]
            assert stored_weight == weight
            assert abs(contribution - weight * value) <= 1e-6
        # Each effect is what its gate takes from what the gates before it left.
        running = base
        for name in GATES:
            value, effect = breakdown["gates"][name]
            assert abs(effect - running * (1 - value)) <= 1e-6
            running *= value


@BATCH
@given(
    people=st.lists(consultant(), min_size=1, max_size=4),
    missions=st.lists(tender(), min_size=1, max_size=3),
    graph_links=links,
)
def test_every_factor_and_the_score_lie_between_zero_and_one(engine, people, missions, graph_links):
    scored = engine.score(people, missions, n_skills=N_SKILLS, links=graph_links, today=TODAY)

    assert np.all((scored.scores.factors >= 0) & (scored.scores.factors <= 1))
    assert np.all((scored.scores.gates >= 0) & (scored.scores.gates <= 1))
    assert np.all((scored.scores.score >= 0) & (scored.scores.score <= 1))
    for text in scored.texts:
        breakdown = json.loads(text)
        assert 0 <= breakdown["score"] <= 1
        assert all(0 <= breakdown["factors"][name][0] <= 1 for name in FACTORS)
        assert all(0 <= breakdown["gates"][name][0] <= 1 for name in GATES)


@BATCH
@given(
    people=st.lists(consultant(), min_size=1, max_size=4),
    missions=st.lists(tender(), min_size=1, max_size=3),
    graph_links=links,
)
def test_the_same_inputs_give_identical_scores_and_breakdown_json_whatever_the_batch(
    engine, people, missions, graph_links
):
    first = engine.score(people, missions, n_skills=N_SKILLS, links=graph_links, today=TODAY)
    second = engine.score(people, missions, n_skills=N_SKILLS, links=graph_links, today=TODAY)
    assert first.texts == second.texts
    assert first.scores.score.tobytes() == second.scores.score.tobytes()

    # One pair scored on its own gives the very same bits as within the batch.
    last_tender, last_consultant = len(missions) - 1, len(people) - 1
    graph = engine.graph(N_SKILLS, graph_links)
    tenders = engine.tenders(missions)
    config = ScoringConfig()
    side = consultant_side(engine.consultants(people), graph, TODAY.toordinal())
    context = tender_context(tenders, TODAY.toordinal(), config)
    alone = score_pairs(side, tenders, context, np.array([last_tender]), np.array([last_consultant]), config)
    assert alone.score.tobytes() == first.scores.score[-1:].tobytes()
    assert explain_many(alone, [0], graph, tenders, context, config) == first.texts[-1:]


def test_breakdown_lists_matched_partial_related_and_missing_skills_with_required_coverage(engine):
    mission = {
        "skills": {
            0: ("required", "advanced"),
            1: ("required", "expert"),
            2: ("preferred", 0),
            3: ("nice_to_have", 0),
            4: ("required", 0),
        }
    }
    person = {"skills": {0: ("expert", 6), 1: ("intermediate", 2), 5: ("advanced", 4)}}

    breakdown = engine.score([person], [mission], n_skills=N_SKILLS, links=[(2, 5)], today=TODAY).breakdown()

    assert breakdown["required"] == [2, 3]
    assert breakdown["matched"] == [[101, 0, 4, 6]]
    assert breakdown["partial"] == [[102, 0, 2, 4]]
    assert breakdown["related"] == [[103, 1, 106, 3]]
    assert breakdown["missing"] == [[104, 2], [105, 0]]
    assert breakdown["near_miss"] == []  # the related skill stands in for a preferred one, not a required one
    # Required slots: expert on advanced 1, intermediate on expert (2 ranks below) 0.7, missing 0.5.
    assert breakdown["gates"]["required"][0] == 0.35
    assert breakdown["flags"] == ["missing_required"]


# --- bulk screening and ranking against the exact scorer ------------------------------------------


def _synthetic(seed: int, n_consultants: int, n_tenders: int, companies: int = 1):
    rng = np.random.default_rng(seed)
    today = TODAY.toordinal()
    graph = synthetic.skill_graph(40, rng)
    consultants = synthetic.consultants(n_consultants, 40, rng, today, companies=companies)
    tenders = synthetic.tenders(n_tenders, 40, rng, today, companies=companies)
    return graph, consultants, tenders, today


@BULK
@given(seed=st.integers(0, 2**32 - 1))
def test_float32_screening_agrees_with_the_exact_score_for_every_eligible_pair(seed):
    graph, consultants, tenders, today = _synthetic(seed, n_consultants=150, n_tenders=12)
    config = ScoringConfig()
    side = consultant_side(consultants, graph, today)
    context = tender_context(tenders, today, config)
    rows = np.arange(len(tenders))
    pool = np.arange(len(consultants))

    result = PoolScreen(side, pool, tenders, rows, context, config).screen(rows)
    screened = np.stack([result.scores(i, pool) for i in range(len(rows))])
    exact = score_pairs(side, tenders, context, np.repeat(rows, len(pool)), np.tile(pool, len(rows)), config)
    exact_scores = exact.score.reshape(len(rows), len(pool))
    eligible = exact.skill_credit.reshape(len(rows), len(pool)) > 0

    assert eligible.sum() > 0
    assert np.max(np.abs(screened[eligible] - exact_scores[eligible])) < 1e-4
    assert np.all(screened[~eligible] <= 0) and np.all(result.bounds[~eligible] == -1.0)
    assert np.all(result.bounds[eligible] >= screened[eligible])  # the bound before the required gate


def _brute_force(consultants, tenders, graph, today, config, tender_row, pool):
    side = consultant_side(consultants, graph, today)
    context = tender_context(tenders, today, config)
    exact = score_pairs(side, tenders, context, np.full(len(pool), tender_row), pool, config)
    ranked = sorted(
        (-float(exact.score[i]), int(consultants.ids[pool[i]])) for i in range(len(pool)) if exact.skill_credit[i] > 0
    )[: config.top_k]
    return [consultant_id for _, consultant_id in ranked], [-score for score, _ in ranked]


@BULK
@given(seed=st.integers(0, 2**32 - 1), top_k=st.sampled_from([1, 5, 20]), companies=st.sampled_from([1, 2]))
def test_ranker_top_k_equals_a_brute_force_exact_ranking_over_all_pairs(seed, top_k, companies):
    graph, consultants, tenders, today = _synthetic(seed, n_consultants=200, n_tenders=10, companies=companies)
    config = ScoringConfig(top_k=top_k, chunk_tenders=3)
    ranker = Ranker(consultants, tenders, graph, today, config)

    ranked: dict[int, list[tuple[int, float]]] = {}
    settled = []
    for company in range(1, companies + 1):
        rows = np.flatnonzero(tenders.company_ids == company)
        pool = np.flatnonzero(consultants.company_ids == company)
        for chunk in ranker.rank_group(rows, pool):
            settled.extend(chunk.ranked_tender_ids)
            for tender_id, consultant_id, score in zip(
                chunk.tender_ids, chunk.consultant_ids, chunk.scores, strict=True
            ):
                ranked.setdefault(tender_id, []).append((consultant_id, score))

    assert sorted(settled) == tenders.ids.tolist()
    for row, tender_id in enumerate(tenders.ids.tolist()):
        pool = np.flatnonzero(consultants.company_ids == tenders.company_ids[row])
        expected_ids, expected_scores = _brute_force(consultants, tenders, graph, today, config, row, pool)
        got = ranked.get(tender_id, [])
        assert [consultant_id for consultant_id, _ in got] == expected_ids
        assert [score for _, score in got] == expected_scores


def test_ranker_also_scores_pipeline_pairs_outside_the_top_k_and_without_skill_credit(engine):
    mission = {"skills": {0: ("required", 0)}}
    people = [
        {"skills": {0: "expert"}},
        {"skills": {0: "advanced"}},
        {"skills": {0: "beginner"}},
        {"skills": {1: "expert"}},
    ]
    consultants, tenders, graph = engine.consultants(people), engine.tenders([mission]), engine.graph(2)
    ranker = Ranker(consultants, tenders, graph, TODAY.toordinal(), ScoringConfig(top_k=1))

    (chunk,) = ranker.rank_group(np.array([0]), np.arange(4), keep={0: np.array([2, 3])})

    assert chunk.ranked_tender_ids == [1]
    assert chunk.tender_ids == [1, 1, 1]
    assert chunk.consultant_ids == [1, 3, 4]
    assert json.loads(chunk.breakdowns[2])["missing"] == [[101, 0]]
