"""The factors of the pure engine on hand-computed cases: availability, location, rate, skills, seniority."""

import datetime

import pytest

from matching.engine import ScoringConfig
from talentmatch.geo import distance_km, resolve_place

TODAY = datetime.date(2027, 1, 1)
# Monday 1 to Friday 26 March 2027: four full weeks, 20 working days, 26 calendar days.
START, END = datetime.date(2027, 3, 1), datetime.date(2027, 3, 26)
LYON, VILLEURBANNE, PARIS = (resolve_place(name) for name in ("Lyon", "Villeurbanne", "Paris"))


def _coordinates(place):
    return (place.latitude, place.longitude)


def _mission(**changes):
    return {"skills": {0: ("required", 0)}, "start": START, "end": END, "budget": 24_000, **changes}


def _person(**changes):
    return {"skills": {0: "expert"}, **changes}


def _score(engine, people, mission=None, **options):
    return engine.score(people, [mission or _mission()], n_skills=4, today=TODAY, **options)


# --- availability -------------------------------------------------------------------------------


def test_a_consultant_available_now_scores_full_availability(engine):
    scored = _score(engine, [_person(status="available")])
    assert scored.factor("availability") == 1.0


def test_a_partially_available_consultant_scores_seven_tenths(engine):
    scored = _score(engine, [_person(status="partially_available")])
    assert scored.factor("availability") == 0.7


def test_a_consultant_on_mission_free_before_the_start_scores_085(engine):
    people = [
        _person(status="on_mission", free=datetime.date(2027, 2, 15)),
        _person(status="on_mission", free=START),
    ]
    scored = _score(engine, people)
    assert scored.factor("availability", 0, 0) == 0.85
    assert scored.factor("availability", 0, 1) == 0.85


def test_a_consultant_free_only_after_the_end_scores_zero_availability(engine):
    people = [
        _person(status="on_mission", free=END + datetime.timedelta(days=1)),
        _person(status="unavailable", free=datetime.date(2027, 9, 1)),
    ]
    scored = _score(engine, people)
    assert scored.factor("availability", 0, 0) == 0.0
    assert scored.factor("availability", 0, 1) == 0.0


def test_a_consultant_freed_during_the_mission_scores_less_the_later_they_are_free(engine):
    free_days = [datetime.date(2027, 3, 2), datetime.date(2027, 3, 10), END]
    scored = _score(engine, [_person(status="on_mission", free=day) for day in free_days])
    values = [scored.factor("availability", 0, row) for row in range(3)]
    assert 0.85 > values[0] > values[1] > values[2] > 0.0


def test_availability_is_measured_from_today_when_the_tender_has_already_started(engine):
    mission = _mission(start=datetime.date(2026, 11, 2), end=datetime.date(2027, 6, 30))
    scored = _score(engine, [_person(status="on_mission", free=datetime.date(2026, 12, 20))], mission)
    assert scored.factor("availability") == 0.85


# --- location -----------------------------------------------------------------------------------


def test_a_remote_tender_and_a_remote_consultant_score_full_location_wherever_they_are(engine):
    mission = _mission(remote=True, place=_coordinates(PARIS))
    people = [
        _person(remote=True, place=_coordinates(resolve_place("Marseille")), max_travel_km=10),
        _person(remote=True, place=None),
    ]
    scored = _score(engine, people, mission)
    assert scored.factor("location", 0, 0) == 1.0
    assert scored.factor("location", 0, 1) == 1.0
    assert scored.breakdown(0, 1)["notes"] == []


def test_an_unknown_place_is_neutral_and_noted(engine):
    people = [_person(place=None), _person(place=_coordinates(LYON))]
    scored_unknown_consultant = _score(engine, people, _mission(place=_coordinates(PARIS)))
    scored_unknown_tender = _score(engine, people, _mission(place=None))

    for scored, row in ((scored_unknown_consultant, 0), (scored_unknown_tender, 0), (scored_unknown_tender, 1)):
        assert scored.factor("location", 0, row) == 0.5
        breakdown = scored.breakdown(0, row)
        assert breakdown["notes"] == ["unknown_place"]
        assert breakdown["distance_km"] is None


def test_lyon_and_villeurbanne_are_within_fifty_kilometres_and_score_full_location(engine):
    mission = _mission(place=_coordinates(LYON))
    people = [
        _person(place=_coordinates(VILLEURBANNE), max_travel_km=50),
        _person(place=_coordinates(VILLEURBANNE), max_travel_km=None),
    ]
    scored = _score(engine, people, mission)
    assert scored.factor("location", 0, 0) == 1.0
    assert scored.factor("location", 0, 1) == 1.0
    assert scored.breakdown(0, 0)["distance_km"] == round(distance_km(LYON, VILLEURBANNE), 1) == 3.1
    assert scored.breakdown(0, 0)["notes"] == []


def test_location_falls_with_the_distance_beyond_the_consultants_reach(engine):
    mission = _mission(place=_coordinates(PARIS))
    people = [
        _person(place=_coordinates(LYON), max_travel_km=300),
        _person(place=_coordinates(LYON), max_travel_km=50),
        _person(place=_coordinates(LYON), max_travel_km=400),
    ]
    scored = _score(engine, people, mission)
    distance = distance_km(LYON, PARIS)  # about 393 km
    # 93 km beyond a reach of 300 km, over a fall-off of twice the reach.
    assert scored.factor("location", 0, 0) == pytest.approx(1 - (distance - 300) / 600, abs=1e-9)
    assert scored.factor("location", 0, 1) == 0.0
    assert scored.factor("location", 0, 2) == 1.0


# --- rate and the daily budget ------------------------------------------------------------------


def test_the_daily_budget_is_the_budget_over_working_days_and_required_consultants(engine):
    missions = [
        _mission(budget=24_000, required_consultants=2),  # 24 000 / (20 × 2) = 600
        # Wednesday 3 to Tuesday 9 March 2027: 5 working days around one weekend; 5 000 / (5 × 4) = 250.
        _mission(start=datetime.date(2027, 3, 3), end=datetime.date(2027, 3, 9), budget=5_000, required_consultants=4),
        _mission(start=datetime.date(2027, 3, 3), end=datetime.date(2027, 3, 9), budget=5_000),  # 5 000 / 5 = 1 000
    ]
    scored = engine.score([_person()], missions, n_skills=4, today=TODAY)
    assert [scored.breakdown(row, 0)["daily_budget"] for row in range(3)] == [600.0, 250.0, 1000.0]


def test_the_rate_scores_full_at_or_under_the_daily_budget_and_half_at_twenty_percent_over(engine):
    mission = _mission(budget=24_000, required_consultants=2)  # 600 a day
    people = [_person(daily_rate=rate) for rate in (600, 450, 720, 660, 840, 1200)]
    scored = _score(engine, people, mission)
    values = [scored.factor("rate", 0, row) for row in range(6)]
    assert values[0] == 1.0
    assert values[1] == 1.0
    assert values[2] == pytest.approx(0.5, abs=1e-12)  # 1 − 0.20 × 2.5
    assert values[3] == pytest.approx(0.75, abs=1e-12)  # 1 − 0.10 × 2.5
    assert values[4] == pytest.approx(0.0, abs=1e-12)  # 40 % over
    assert values[5] == 0.0


def test_an_unknown_rate_or_budget_is_neutral_and_an_unknown_budget_is_noted(engine):
    scored = engine.score(
        [_person(daily_rate=None, place=_coordinates(LYON)), _person(daily_rate=500, place=_coordinates(LYON))],
        [
            _mission(budget=24_000, place=_coordinates(LYON)),
            _mission(budget=None, place=_coordinates(LYON)),
            _mission(budget=24_000, start=None, end=None, place=_coordinates(LYON)),
        ],
        n_skills=4,
        today=TODAY,
    )
    assert scored.factor("rate", 0, 0) == 0.7
    assert scored.breakdown(0, 0)["notes"] == []
    for tender_row in (1, 2):
        assert scored.factor("rate", tender_row, 1) == 0.7
        assert scored.breakdown(tender_row, 1)["daily_budget"] is None
        assert scored.breakdown(tender_row, 1)["notes"] == ["budget_unknown"]


# --- skills and seniority -----------------------------------------------------------------------


def test_exact_skill_credit_follows_the_level_without_a_minimum(engine):
    people = [_person(skills={0: level}) for level in ("beginner", "intermediate", "advanced", "expert")]
    scored = _score(engine, people)
    assert [scored.factor("skills", 0, row) for row in range(4)] == [0.55, 0.75, 0.9, 1.0]


def test_skill_credit_below_the_minimum_level_falls_with_the_gap(engine):
    mission = _mission(skills={0: ("required", "expert")})
    people = [_person(skills={0: level}) for level in ("beginner", "intermediate", "advanced", "expert")]
    scored = _score(engine, people, mission)
    assert [scored.factor("skills", 0, row) for row in range(4)] == pytest.approx([0.4, 0.55, 0.75, 1.0], abs=1e-12)
    assert scored.breakdown(0, 1)["partial"] == [[101, 0, 2, 4]]
    assert scored.breakdown(0, 3)["matched"] == [[101, 0, 4, None]]


def test_skill_coverage_is_weighted_by_importance(engine):
    mission = _mission(skills={0: ("required", 0), 1: ("preferred", "advanced"), 2: ("nice_to_have", 0)})
    scored = _score(engine, [_person(skills={0: "expert", 1: "intermediate"})], mission)
    # (3 × 1.0 + 2 × 0.75 + 1 × 0) / (3 + 2 + 1)
    assert scored.factor("skills") == pytest.approx(0.75, abs=1e-12)
    assert scored.breakdown()["missing"] == [[103, 2]]
    assert scored.breakdown()["required"] == [1, 1]


def test_each_missing_required_skill_multiplies_the_score_by_three_quarters(engine):
    mission = _mission(skills={0: ("required", 0), 1: ("required", 0), 2: ("required", 0)})
    people = [
        _person(skills={0: "expert", 1: "expert", 2: "expert"}),
        _person(skills={0: "expert", 1: "expert"}),
        _person(skills={0: "expert"}),
    ]
    scored = _score(engine, people, mission)
    assert [scored.breakdown(0, row)["multiplier"] for row in range(3)] == [1.0, 0.75, 0.5625]
    assert [scored.breakdown(0, row)["required"] for row in range(3)] == [[3, 3], [2, 3], [1, 3]]
    assert scored.breakdown(0, 2)["missing"] == [[102, 0], [103, 0]]


def test_seniority_weighs_overall_experience_and_years_on_the_required_skills(engine):
    mission = _mission(skills={0: ("required", 0), 1: ("required", 0), 2: ("preferred", 0)})
    people = [
        _person(skills={0: ("expert", 5), 1: ("expert", None), 2: ("expert", 9)}, experience_years=5),
        _person(skills={0: ("expert", 12), 1: ("expert", 7)}, experience_years=30),
        _person(skills={}, experience_years=None),
    ]
    scored = _score(engine, people, mission)
    # 0.6 × 5/10 + 0.4 × (min(5/5, 1) + 0) / 2 required skills; the preferred skill's years do not count.
    assert scored.factor("seniority", 0, 0) == pytest.approx(0.5, abs=1e-12)
    assert scored.factor("seniority", 0, 1) == 1.0
    assert scored.factor("seniority", 0, 2) == 0.0


def test_a_complete_score_and_its_breakdown_computed_by_hand(engine):
    mission = {
        "skills": {0: ("required", 0), 1: ("preferred", "advanced")},
        "start": START,
        "end": END,
        "place": _coordinates(LYON),
        "budget": 24_000,
        "required_consultants": 2,
    }
    person = {
        "skills": {0: ("expert", 5), 1: ("intermediate", 2)},
        "status": "available",
        "daily_rate": 720,
        "place": _coordinates(VILLEURBANNE),
        "max_travel_km": 30,
        "experience_years": 5,
    }
    scored = _score(engine, [person], mission)
    # skills (3 × 1 + 2 × 0.75) / 5 = 0.9; availability 1; location 1; rate 0.5; seniority 0.3 + 0.4 × 1 = 0.7
    expected = 0.55 * 0.9 + 0.15 * 1.0 + 0.1 * 1.0 + 0.1 * 0.5 + 0.1 * 0.7
    assert expected == pytest.approx(0.865, abs=1e-12)
    assert scored.score() == pytest.approx(0.865, abs=1e-12)
    assert scored.breakdown() == {
        "score": 0.865,
        "factors": {
            "skills": [0.9, 0.55, 0.495],
            "availability": [1.0, 0.15, 0.15],
            "location": [1.0, 0.1, 0.1],
            "rate": [0.5, 0.1, 0.05],
            "seniority": [0.7, 0.1, 0.07],
        },
        "multiplier": 1.0,
        "required": [1, 1],
        "matched": [[101, 0, 4, 5]],
        "partial": [[102, 1, 2, 3]],
        "related": [],
        "missing": [],
        "distance_km": 3.1,
        "daily_budget": 600.0,
        "notes": [],
    }


# --- configuration ------------------------------------------------------------------------------


def test_the_scoring_configuration_comes_from_settings(settings):
    settings.MATCHING = {**settings.MATCHING, "top_k": 7, "related_credit": 0.25}
    config = ScoringConfig.from_settings()
    assert (config.top_k, config.related_credit) == (7, 0.25)
    assert config.weights == settings.MATCHING["weights"]


@pytest.mark.parametrize(
    "options",
    [
        {"weights": {"skills": 0.6, "availability": 0.15, "location": 0.1, "rate": 0.1, "seniority": 0.1}},
        {"weights": {"skills": 1.2, "availability": -0.2, "location": 0.0, "rate": 0.0, "seniority": 0.0}},
        {"related_credit": 1.0},
    ],
)
def test_weights_that_do_not_sum_to_one_or_a_full_related_credit_are_refused(options):
    with pytest.raises(ValueError):
        ScoringConfig(**options)


def test_a_related_skill_credit_above_the_lowest_held_skill_credit_is_refused():
    with pytest.raises(ValueError):
        ScoringConfig(related_credit=0.41)
