"""Properties of the gates (hypothesis): a worse rate, distance or availability never raises a score,
and every gate stays in [0, 1]."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.tests.test_engine_properties import N_SKILLS, TODAY, consultant, tender

PROPERTY = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
# Points due north of Lyon, further and further away.
NORTH = [(45.75 + step * 0.5, 4.85) for step in range(8)]


def _pair(engine, before: dict, after: dict, mission: dict):
    scored = engine.score([before, after], [mission], n_skills=N_SKILLS, today=TODAY)
    return scored.score(0, 0), scored.score(0, 1)


@PROPERTY
@given(person=consultant(), mission=tender(min_skills=1), rates=st.tuples(st.integers(0, 2000), st.integers(0, 2000)))
def test_a_higher_daily_rate_never_raises_the_score(engine, person, mission, rates):
    low, high = sorted(rates)
    before, after = _pair(engine, {**person, "daily_rate": low}, {**person, "daily_rate": high}, mission)
    assert after <= before


@PROPERTY
@given(
    person=consultant(),
    mission=tender(min_skills=1),
    steps=st.tuples(st.integers(0, 7), st.integers(0, 7)),
    onsite_days=st.one_of(st.none(), st.sampled_from([0, 0.5, 1, 2, 3, 5])),
)
def test_a_consultant_further_from_the_tender_never_scores_higher(engine, person, mission, steps, onsite_days):
    near, far = sorted(steps)
    mission = {**mission, "place": NORTH[0], "onsite_days": onsite_days}
    before, after = _pair(engine, {**person, "place": NORTH[near]}, {**person, "place": NORTH[far]}, mission)
    assert after <= before


@PROPERTY
@given(person=consultant(), mission=tender(min_skills=1), reaches=st.tuples(st.integers(0, 600), st.integers(0, 600)))
def test_a_shorter_reach_never_raises_the_score(engine, person, mission, reaches):
    short, long = sorted(reaches)
    mission = {**mission, "place": NORTH[0]}
    person = {**person, "place": NORTH[5]}
    before, after = _pair(engine, {**person, "max_travel_km": long}, {**person, "max_travel_km": short}, mission)
    assert after <= before


@PROPERTY
@given(
    person=consultant(),
    mission=tender(min_skills=1),
    free_days=st.tuples(st.integers(0, 400), st.integers(0, 400)),
    status=st.sampled_from(["available", "partially_available", "unavailable", "on_mission"]),
)
def test_a_later_free_date_never_raises_the_score(engine, person, mission, free_days, status):
    early, late = (TODAY + datetime.timedelta(days=days) for days in sorted(free_days))
    before, after = _pair(
        engine, {**person, "status": status, "free": early}, {**person, "status": status, "free": late}, mission
    )
    assert after <= before


@PROPERTY
@given(person=consultant(), mission=tender(min_skills=1))
def test_part_time_never_scores_above_full_time(engine, person, mission):
    before, after = _pair(
        engine, {**person, "status": "available"}, {**person, "status": "partially_available"}, mission
    )
    assert after <= before


@PROPERTY
@given(people=st.lists(consultant(), min_size=1, max_size=4), mission=tender())
def test_every_gate_lies_between_zero_and_one(engine, people, mission):
    scored = engine.score(people, [mission], n_skills=N_SKILLS, today=TODAY)
    assert ((scored.scores.gates >= 0) & (scored.scores.gates <= 1)).all()
