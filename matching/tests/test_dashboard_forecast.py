"""The intercontrat arithmetic on fixed casts: exact weekly bench counts and an exact monthly rate."""

from datetime import date

import pytest

from matching.dashboard.forecast import (
    AVAILABLE,
    ON_MISSION,
    PARTIALLY_AVAILABLE,
    UNAVAILABLE,
    Positioning,
    State,
    bench_forecast,
    intercontrat_rates,
)

TODAY = date(2027, 1, 6)  # a Wednesday: this week's Monday is 4 January


def _cast():
    return [
        State(AVAILABLE, None, consultant_id=1),  # free all along
        State(PARTIALLY_AVAILABLE, None, consultant_id=2),  # half on the bench all along
        State(ON_MISSION, date(2027, 1, 20), consultant_id=3),  # free from a Wednesday: counted the Monday after
        State(UNAVAILABLE, None, consultant_id=4),  # absent for good
        State(ON_MISSION, None, consultant_id=5),  # on mission for good
        State(AVAILABLE, date(2027, 1, 18), consultant_id=6),  # free from a Monday
        State(UNAVAILABLE, date(2027, 2, 1), consultant_id=7),  # back on 1 February
        State(AVAILABLE, None, until=date(2027, 1, 25), consultant_id=8),  # leaves on 25 January
    ]


def test_the_forecast_counts_each_week_from_availability_dates_partial_availability_and_positionings():
    cast = _cast()
    positionings = [
        Positioning(1, date(2027, 1, 11), None, 0.25),
        Positioning(1, date(2027, 1, 18), None, 0.25),
        Positioning(3, date(2027, 2, 1), date(2027, 3, 26), 0.25),
    ]
    positioned = [state for state in cast if state.consultant_id in (1, 3)]
    weeks = bench_forecast(cast, positionings, TODAY, positioned_states=positioned)

    assert [week.monday for week in weeks[:3]] == [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18)]
    assert [week.day for week in weeks[:2]] == [TODAY, date(2027, 1, 11)]
    assert [week.people for week in weeks] == [3, 3, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5]
    assert [week.partial for week in weeks] == [1] * 13
    assert [week.bench for week in weeks] == [2.5, 2.5, 3.5, 3.5] + [4.5] * 9
    # Consultant 1: × 0.75 from 11 January, × 0.75² from 18 January; consultant 3: × 0.75 during
    # the tender (1 February – 26 March), whose end frees them again on Monday 29 March.
    assert [week.expected for week in weeks] == [2.5, 2.25, 3.0625, 3.0625] + [3.8125] * 8 + [4.0625]
    assert [week.starting for week in weeks] == [0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]


def test_a_positioning_on_a_tender_without_start_or_already_started_counts_from_this_week():
    cast = [State(AVAILABLE, None, consultant_id=1), State(AVAILABLE, None, consultant_id=2)]
    positionings = [Positioning(1, None, None, 0.5), Positioning(2, date(2026, 12, 1), date(2027, 1, 15), 0.5)]
    weeks = bench_forecast(cast, positionings, TODAY, positioned_states=cast)

    assert [week.expected for week in weeks[:3]] == [1.0, 1.0, 1.5]
    assert weeks[0].starting == 2


def test_grouped_states_count_as_many_consultants():
    weeks = bench_forecast([State(AVAILABLE, None, count=40), State(PARTIALLY_AVAILABLE, None, count=10)], [], TODAY)

    assert (weeks[0].people, weeks[0].partial, weeks[0].bench, weeks[0].expected) == (50, 10, 45.0, 45.0)


def test_the_taux_d_intercontrat_of_a_known_month_is_exact():
    # December 2026: 23 working days (Tuesday 1st to Thursday 31st).
    states = [
        State(AVAILABLE, None, since=date(2026, 1, 1)),  # 23 available, 23 bench
        State(PARTIALLY_AVAILABLE, None, since=date(2026, 1, 1)),  # 23, 11.5
        State(ON_MISSION, date(2026, 12, 14), since=date(2026, 1, 1)),  # 23, 14 (from Monday 14th)
        State(UNAVAILABLE, date(2026, 12, 21), since=date(2026, 1, 1)),  # absent, then 9, 9
        State(ON_MISSION, None, since=date(2026, 1, 1)),  # 23, 0
        State(AVAILABLE, None, since=date(2026, 12, 8)),  # created on Tuesday 8th: 18, 18
        State(AVAILABLE, None, since=date(2026, 1, 1), until=date(2026, 12, 15)),  # left on the 15th: 10, 10
    ]
    rates = intercontrat_rates(states, TODAY)

    december = rates[-2]
    assert (december.month, december.through) == (date(2026, 12, 1), date(2026, 12, 31))
    assert (december.bench_days, december.available_days) == (85.5, 129.0)
    assert december.rate == pytest.approx(85.5 / 129)
    # January 2027 to date (Friday 1st to Wednesday 6th: 4 working days), the one who left excluded.
    january = rates[-1]
    assert (january.month, january.through) == (date(2027, 1, 1), TODAY)
    assert (january.bench_days, january.available_days) == (4 + 2 + 4 + 4 + 0 + 4, 24.0)
    assert [rate.month for rate in rates][:2] == [date(2026, 2, 1), date(2026, 3, 1)]
    assert len(rates) == 12


def test_a_month_with_nobody_available_has_no_rate():
    rates = intercontrat_rates([State(UNAVAILABLE, None)], TODAY)

    assert {(rate.bench_days, rate.available_days, rate.rate) for rate in rates} == {(0.0, 0.0, None)}
