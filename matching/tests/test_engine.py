"""The pure engine on hand-computed cases: the base (skills, seniority) and the gates (required skills,
availability, rate, reach), with the facts their breakdown shows."""

import datetime

import pytest

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
    return {"skills": {0: "expert"}, "daily_rate": 500, **changes}


def _score(engine, people, mission=None, **options):
    return engine.score(people, [mission or _mission()], n_skills=4, today=TODAY, **options)


# --- availability: the share of the mission's working days the consultant is free, squared ---------


def test_a_consultant_available_now_passes_the_availability_gate(engine):
    scored = _score(engine, [_person(status="available")])
    assert scored.gate("availability") == 1.0
    assert scored.breakdown()["coverage"] is None


def test_a_partially_available_consultant_passes_six_tenths(engine):
    scored = _score(engine, [_person(status="partially_available")])
    assert scored.gate("availability") == 0.6
    assert scored.breakdown()["flags"] == ["part_time"]


def test_a_consultant_on_mission_free_by_the_start_or_within_two_weeks_of_it_passes(engine):
    people = [
        _person(status="on_mission", free=datetime.date(2027, 2, 15)),
        _person(status="on_mission", free=START + datetime.timedelta(days=14)),
    ]
    scored = _score(engine, people)
    assert scored.gate("availability", 0, 0) == 1.0
    assert scored.gate("availability", 0, 1) == 1.0
    assert scored.breakdown(0, 1)["coverage"] == 1.0


def test_a_consultant_free_only_after_the_end_is_shut_out(engine):
    people = [
        _person(status="on_mission", free=END + datetime.timedelta(days=15)),
        _person(status="unavailable", free=datetime.date(2027, 9, 1)),
    ]
    scored = _score(engine, people)
    assert scored.gate("availability", 0, 0) == 0.0
    assert scored.gate("availability", 0, 1) == 0.0
    assert scored.breakdown(0, 0)["flags"] == ["busy_most"]


def test_a_consultant_freed_during_the_mission_passes_the_square_of_the_share_covered(engine):
    # Free from (date − 14 days): Monday 8 March (15 of 20 working days), Thursday 11 (12), Monday 22 (5).
    free_days = [datetime.date(2027, 3, 20), datetime.date(2027, 3, 25), datetime.date(2027, 4, 5)]
    scored = _score(engine, [_person(status="on_mission", free=day) for day in free_days])
    values = [scored.gate("availability", 0, row) for row in range(3)]
    assert values == pytest.approx([0.75**2, 0.6**2, 0.25**2], abs=1e-12)
    breakdown = scored.breakdown(0, 2)
    assert (breakdown["coverage"], breakdown["free_date"]) == (0.25, "2027-04-05")
    assert (breakdown["start"], breakdown["end"]) == ("2027-03-01", "2027-03-26")
    assert breakdown["flags"] == ["busy_most"]


def test_without_a_return_date_unavailable_is_shut_out_and_on_mission_passes_fifteen_percent(engine):
    scored = _score(engine, [_person(status="unavailable"), _person(status="on_mission")])
    assert scored.gate("availability", 0, 0) == 0.0
    assert scored.gate("availability", 0, 1) == 0.15
    assert scored.breakdown(0, 0)["flags"] == ["unavailable_no_date"]
    assert scored.breakdown(0, 1)["flags"] == ["unavailable_no_date"]


def test_availability_is_measured_from_today_when_the_tender_has_already_started(engine):
    mission = _mission(start=datetime.date(2026, 11, 2), end=datetime.date(2027, 6, 30))
    scored = _score(engine, [_person(status="on_mission", free=datetime.date(2026, 12, 20))], mission)
    assert scored.gate("availability") == 1.0
    assert scored.breakdown()["start"] == "2027-01-01"


# --- reach: distance beyond the consultant's reach, scaled by the days on site --------------------


def test_a_remote_tender_and_a_remote_consultant_pass_the_reach_gate_wherever_they_are(engine):
    mission = _mission(remote=True, place=_coordinates(PARIS))
    people = [
        _person(remote=True, place=_coordinates(resolve_place("Marseille")), max_travel_km=10),
        _person(remote=True, place=None),
    ]
    scored = _score(engine, people, mission)
    assert scored.gate("reach", 0, 0) == 1.0
    assert scored.gate("reach", 0, 1) == 1.0
    assert scored.breakdown(0, 0)["onsite_days"] == 0.0
    assert scored.breakdown(0, 1)["notes"] == []


def test_an_unknown_place_passes_the_reach_gate_and_is_noted(engine):
    people = [_person(place=None), _person(place=_coordinates(LYON))]
    scored_unknown_consultant = _score(engine, people, _mission(place=_coordinates(PARIS)))
    scored_unknown_tender = _score(engine, people, _mission(place=None))

    for scored, row in ((scored_unknown_consultant, 0), (scored_unknown_tender, 0), (scored_unknown_tender, 1)):
        assert scored.gate("reach", 0, row) == 1.0
        breakdown = scored.breakdown(0, row)
        assert breakdown["notes"] == ["unknown_place"]
        assert breakdown["distance_km"] is None


def test_lyon_and_villeurbanne_are_within_fifty_kilometres_and_pass_the_reach_gate(engine):
    mission = _mission(place=_coordinates(LYON))
    people = [
        _person(place=_coordinates(VILLEURBANNE), max_travel_km=50),
        _person(place=_coordinates(VILLEURBANNE), max_travel_km=None),
    ]
    scored = _score(engine, people, mission)
    assert scored.gate("reach", 0, 0) == 1.0
    assert scored.gate("reach", 0, 1) == 1.0
    assert scored.breakdown(0, 0)["distance_km"] == round(distance_km(LYON, VILLEURBANNE), 1) == 3.1
    assert (scored.breakdown(0, 1)["max_travel_km"], scored.breakdown(0, 1)["onsite_days"]) == (50.0, 5.0)
    assert scored.breakdown(0, 0)["notes"] == []


def test_the_reach_gate_falls_with_the_distance_beyond_the_consultants_reach(engine):
    mission = _mission(place=_coordinates(PARIS))
    people = [
        _person(place=_coordinates(LYON), max_travel_km=300),
        _person(place=_coordinates(LYON), max_travel_km=50),
        _person(place=_coordinates(LYON), max_travel_km=400),
    ]
    scored = _score(engine, people, mission)
    distance = distance_km(LYON, PARIS)  # about 393 km
    # beyond / (half the reach + 25 km), squared: 93 km over 175 km; 343 km over 50 km.
    assert scored.gate("reach", 0, 0) == pytest.approx(1 / (1 + ((distance - 300) / 175) ** 2), abs=1e-9)
    assert scored.gate("reach", 0, 1) == pytest.approx(1 / (1 + ((distance - 50) / 50) ** 2), abs=1e-9)
    assert scored.gate("reach", 0, 2) == 1.0
    assert scored.breakdown(0, 1)["flags"] == ["too_far"]


def test_a_hybrid_tender_keeps_the_distance_scaled_by_its_days_on_site(engine):
    far = _person(remote=True, place=_coordinates(LYON), max_travel_km=50)
    missions = [
        _mission(remote=True, onsite_days=2, place=_coordinates(PARIS)),
        _mission(remote=True, onsite_days=0.5, place=_coordinates(PARIS)),
        _mission(remote=True, onsite_days=None, place=_coordinates(PARIS)),
        _mission(remote=False, place=_coordinates(PARIS)),
    ]
    scored = engine.score([far], missions, n_skills=4, today=TODAY)
    full = 1 / (1 + ((distance_km(LYON, PARIS) - 50) / 50) ** 2)
    assert scored.gate("reach", 0) == pytest.approx(full, abs=1e-9)
    assert scored.gate("reach", 1) == pytest.approx(1 - (1 - full) * 0.5, abs=1e-9)
    assert scored.gate("reach", 2) == 1.0
    assert scored.gate("reach", 3) == pytest.approx(full, abs=1e-9)  # the consultant's remote does not help
    assert [scored.breakdown(row, 0)["onsite_days"] for row in range(4)] == [2.0, 0.5, 0.0, 5.0]


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


def test_the_rate_gate_passes_at_or_under_the_daily_budget_and_halves_at_thirty_percent_over(engine):
    mission = _mission(budget=24_000, required_consultants=2)  # 600 a day
    people = [_person(daily_rate=rate) for rate in (600, 450, 660, 780, 900)]
    scored = _score(engine, people, mission)
    values = [scored.gate("rate", 0, row) for row in range(5)]
    assert values[0] == 1.0
    assert values[1] == 1.0
    assert values[2] == pytest.approx(1 / (1 + (0.1 / 0.3) ** 2.5), abs=1e-12)  # about 0.94
    assert values[3] == pytest.approx(0.5, abs=1e-12)
    assert values[4] == pytest.approx(1 / (1 + (0.5 / 0.3) ** 2.5), abs=1e-12)  # about 0.22
    over = scored.breakdown(0, 3)
    assert (over["daily_rate"], over["daily_budget"], over["rate_gap_pct"]) == (780.0, 600.0, 30.0)
    assert over["flags"] == ["rate_over"]
    assert scored.breakdown(0, 1)["rate_gap_pct"] == -25.0


def test_an_unknown_rate_or_budget_passes_and_is_noted(engine):
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
    assert scored.gate("rate", 0, 0) == 1.0
    assert scored.breakdown(0, 0)["notes"] == ["rate_unknown"]
    for tender_row in (1, 2):
        assert scored.gate("rate", tender_row, 1) == 1.0
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


def test_skill_coverage_is_weighted_by_importance_with_nice_to_have_credit_capped(engine):
    mission = _mission(skills={0: ("required", 0), 1: ("preferred", "advanced"), 2: ("nice_to_have", 0)})
    scored = _score(engine, [_person(skills={0: "expert", 1: "intermediate"})], mission)
    # (3 × 1.0 + 2 × 0.75 + 0) / (3 + 2 + min(1, 0.1 × 6)): nice-to-have weight counts for at most 10 %.
    assert scored.factor("skills") == pytest.approx(4.5 / 5.6, abs=1e-12)
    assert scored.breakdown()["missing"] == [[103, 2]]
    assert scored.breakdown()["required"] == [1, 1]


def test_nice_to_have_skills_cannot_outweigh_a_missing_required_skill(engine):
    skills = {0: ("required", 0), **dict.fromkeys(range(1, 8), ("nice_to_have", 0))}
    mission = _mission(skills=skills)
    people = [_person(skills={0: "expert"}), _person(skills=dict.fromkeys(range(1, 8), "expert"))]
    scored = engine.score(people, [mission], n_skills=8, today=TODAY)
    assert scored.score(0, 0) > 2 * scored.score(0, 1)


def test_each_required_slot_gates_the_score_missing_halves_it(engine):
    mission = _mission(skills={0: ("required", 0), 1: ("required", 0), 2: ("required", 0)})
    people = [
        _person(skills={0: "expert", 1: "expert", 2: "expert"}),
        _person(skills={0: "expert", 1: "expert"}),
        _person(skills={0: "expert"}),
    ]
    scored = _score(engine, people, mission)
    assert [scored.gate("required", 0, row) for row in range(3)] == [1.0, 0.5, 0.25]
    assert [scored.breakdown(0, row)["required"] for row in range(3)] == [[3, 3], [2, 3], [1, 3]]
    assert scored.breakdown(0, 2)["missing"] == [[102, 0], [103, 0]]
    assert scored.breakdown(0, 2)["flags"] == ["missing_required"]


def test_a_required_slot_costs_fifteen_percent_per_rank_below_the_level_asked(engine):
    mission = _mission(skills={0: ("required", "expert")})
    people = [_person(skills={0: level}) for level in ("beginner", "intermediate", "advanced", "expert")]
    scored = _score(engine, people, mission)
    assert [scored.gate("required", 0, row) for row in range(4)] == pytest.approx([0.55, 0.7, 0.85, 1.0], abs=1e-12)


def test_a_strong_related_skill_on_a_required_slot_is_a_near_miss(engine):
    mission = _mission(skills={0: ("required", 0)})
    people = [_person(skills={1: level}) for level in ("intermediate", "advanced", "expert")] + [_person(skills={})]
    scored = engine.score(people, [mission], n_skills=4, links=[(0, 1)], today=TODAY)
    assert [scored.gate("required", 0, row) for row in range(4)] == pytest.approx([0.6, 0.75, 0.75, 0.5], abs=1e-12)
    assert scored.breakdown(0, 0)["near_miss"] == []
    assert scored.breakdown(0, 2)["near_miss"] == [[102, 4, 101]]


def test_seniority_counts_experience_against_the_years_asked_and_years_on_the_required_skills(engine):
    mission = _mission(skills={0: ("required", 0), 1: ("required", 0), 2: ("preferred", 0)})
    people = [
        _person(skills={0: ("expert", 5), 1: ("expert", None), 2: ("expert", 9)}, experience_years=2),
        _person(skills={0: ("expert", 12), 1: ("expert", 7)}, experience_years=30),
        _person(skills={}, experience_years=None),
    ]
    scored = _score(engine, people, mission)
    # No minimum and no wording: 4 years asked. 0.6 × 2/4 + 0.4 × (1 + 0) / 2; preferred years do not count.
    assert scored.factor("seniority", 0, 0) == pytest.approx(0.5, abs=1e-12)
    assert scored.factor("seniority", 0, 1) == 1.0
    assert scored.factor("seniority", 0, 2) == 0.0


def test_ten_years_on_a_junior_call_are_no_bonus_and_an_expert_minimum_asks_eight_years(engine):
    people = [_person(experience_years=10), _person(experience_years=2)]
    junior = _mission(asked_years=1.5)
    expert_minimum = _mission(skills={0: ("required", "expert")})
    scored = engine.score(people, [junior, expert_minimum], n_skills=4, today=TODAY)
    assert scored.score(0, 0) == scored.score(0, 1)
    assert scored.factor("seniority", 1, 1) == pytest.approx(0.6 * 2 / 8, abs=1e-12)


def test_the_years_asked_come_from_the_first_family_of_words_found():
    from matching.engine.sides import years_asked_from_text

    assert years_asked_from_text("Développeur .NET confirmé") == 4.0
    assert years_asked_from_text("Architecte cloud, profil senior") == 9.0
    assert years_asked_from_text("Développeur junior (lead technique en soutien)") == 1.5
    assert years_asked_from_text("Data analyst Power BI") != years_asked_from_text("Data analyst Power BI")  # NaN


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
    # skills (3 × 1 + 2 × 0.75) / 5 = 0.9; seniority 0.6 × min(5 / 4, 1) + 0.4 × 1 = 1; base 0.675 + 0.25.
    # Gates: required 1, availability 1, rate at +20 % 1 / (1 + (2/3) ** 2.5), reach 1.
    rate = 1 / (1 + (0.2 / 0.3) ** 2.5)
    assert scored.score() == pytest.approx(0.925 * rate, abs=1e-12)
    assert scored.breakdown() == {
        "v": 2,
        "score": round(0.925 * rate, 7),
        "factors": {"skills": [0.9, 0.75, 0.675], "seniority": [1.0, 0.25, 0.25]},
        "gates": {
            "required": [1.0, 0.0],
            "availability": [1.0, 0.0],
            "rate": [round(rate, 6), round(0.925 * (1 - rate), 7)],
            "reach": [1.0, 0.0],
        },
        "required": [1, 1],
        "matched": [[101, 0, 4, 5]],
        "partial": [[102, 1, 2, 3]],
        "related": [],
        "missing": [],
        "near_miss": [],
        "daily_rate": 720.0,
        "daily_budget": 600.0,
        "rate_gap_pct": 20.0,
        "status": "available",
        "free_date": None,
        "start": "2027-03-01",
        "end": "2027-03-26",
        "coverage": None,
        "distance_km": 3.1,
        "max_travel_km": 30.0,
        "onsite_days": 5.0,
        "flags": ["rate_over"],
        "notes": [],
    }


# --- configuration ------------------------------------------------------------------------------
