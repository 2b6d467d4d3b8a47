"""The intercontrat arithmetic, pure (dates and numbers in, figures out, no ORM).

One rule says whether a consultant is on the bench on a day, from what the profile holds — the
availability status and the availability date ("available from"):

| status              | before the availability date | from it (or with no date)               |
|---------------------|------------------------------|-----------------------------------------|
| available           | busy (billable, not bench)   | bench                                   |
| partially available | busy                         | half on the bench (PARTIAL_SHARE)       |
| on mission          | busy                         | bench if a date is set, else busy       |
| unavailable         | absent (not counted at all)  | bench if a date is set, else absent     |

"On mission" from its date is the bench because the nightly roll-over turns it into "available" then.
Missions plug in at the same place: a mission ending on day E is an `on_mission` state free from E + 1
(the loader in selectors.py builds the states; nothing here changes).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

AVAILABLE = "available"
PARTIALLY_AVAILABLE = "partially_available"
ON_MISSION = "on_mission"
UNAVAILABLE = "unavailable"

PARTIAL_SHARE = 0.5  # a partially available consultant is half a consultant on the bench
FORECAST_WEEKS = 13
TREND_MONTHS = 12

# status -> ((available, bench) before the availability date, (available, bench) from it)
_WEIGHTS = {
    AVAILABLE: ((1.0, 0.0), (1.0, 1.0)),
    PARTIALLY_AVAILABLE: ((1.0, 0.0), (1.0, PARTIAL_SHARE)),
    ON_MISSION: ((1.0, 0.0), (1.0, 1.0)),
    UNAVAILABLE: ((0.0, 0.0), (1.0, 1.0)),
}
# With no availability date: available and partially available are free now, the others never are.
_FREE_WITHOUT_DATE = {AVAILABLE, PARTIALLY_AVAILABLE}
_DAWN, _DUSK = date(1900, 1, 1), date(9999, 12, 31)


@dataclass(frozen=True)
class State:
    """What the bench reads of a consultant over [since, until) — or of `count` identical ones.

    `since` is the first day the state holds (the profile's creation, or a change), `until` the first
    day it no longer does (the departure, or the next change); None is open-ended."""

    status: str
    free_from: date | None
    since: date | None = None
    until: date | None = None
    count: int = 1
    consultant_id: int | None = None

    def split_day(self) -> date:
        """The first day of the "from the date" column of the table above."""
        if self.free_from is not None:
            return self.free_from
        return _DAWN if self.status in _FREE_WITHOUT_DATE else _DUSK

    def weights_on(self, day: date) -> tuple[float, float]:
        """(available, bench) of one consultant in this state on `day`, 0 outside [since, until)."""
        if (self.since is not None and day < self.since) or (self.until is not None and day >= self.until):
            return 0.0, 0.0
        before, after = _WEIGHTS[self.status]
        return after if day >= self.split_day() else before


@dataclass(frozen=True)
class Positioning:
    """A submitted match: if accepted (with `probability`), the consultant works from the tender's
    start (now when it has none) to its end (open-ended when it has none)."""

    consultant_id: int
    starts_on: date | None
    ends_on: date | None
    probability: float

    def active_on(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class ForecastWeek:
    monday: date
    day: date  # the day counted: the week's Monday, today for the current week
    people: int  # consultants on the bench that day, partially available ones included
    partial: int  # of whom partially available
    bench: float  # people, a partially available one counting PARTIAL_SHARE
    expected: float  # bench, each consultant weighted by the chance that no positioning places them
    starting: int  # submitted positionings whose tender starts that week (or already started: week 0)


@dataclass(frozen=True)
class MonthRate:
    month: date  # its first day
    through: date  # the last day counted (today for the current month)
    bench_days: float
    available_days: float

    @property
    def rate(self) -> float | None:
        return self.bench_days / self.available_days if self.available_days else None

    @property
    def percent(self) -> float:
        return 100 * (self.rate or 0)


def forecast_days(today: date, weeks: int = FORECAST_WEEKS) -> list[tuple[date, date]]:
    """(Monday, day counted) of the current week and the next `weeks - 1` ones."""
    monday = today - timedelta(days=today.weekday())
    return [(monday + timedelta(weeks=w), today if w == 0 else monday + timedelta(weeks=w)) for w in range(weeks)]


def bench_forecast(
    states: Iterable[State],
    positionings: Sequence[Positioning],
    today: date,
    weeks: int = FORECAST_WEEKS,
    positioned_states: Iterable[State] = (),
) -> list[ForecastWeek]:
    """The bench of each coming week, counted on its Monday (today for this week).

    `states` hold every consultant (grouped or not); `positioned_states` repeat, one by one with their
    `consultant_id`, those that `positionings` concern. A consultant's expected share on a day is their
    bench share times the chance that none of the positionings active that day is accepted:
    share × Π(1 − p), the positionings being taken as independent."""
    states, positioned = list(states), list(positioned_states)
    by_consultant: dict[int, list[Positioning]] = {}
    for positioning in positionings:
        by_consultant.setdefault(positioning.consultant_id, []).append(positioning)
    days = forecast_days(today, weeks)
    starting = [0] * weeks
    for positioning in positionings:
        week = ((positioning.starts_on or today) - days[0][0]).days // 7
        if week < weeks:
            starting[max(week, 0)] += 1
    result = []
    for index, (monday, day) in enumerate(days):
        people = partial = 0
        bench = 0.0
        for state in states:
            share = state.weights_on(day)[1]
            if share:
                people += state.count
                bench += share * state.count
                if share < 1:
                    partial += state.count
        placed = 0.0
        for state in positioned:
            share = state.weights_on(day)[1]
            if not share:
                continue
            unplaced = 1.0
            for positioning in by_consultant.get(state.consultant_id, ()):
                if positioning.active_on(day):
                    unplaced *= 1.0 - positioning.probability
            placed += share * (1.0 - unplaced)
        result.append(ForecastWeek(monday, day, people, partial, bench, bench - placed, starting[index]))
    return result


def trend_months(today: date, months: int = TREND_MONTHS) -> list[date]:
    """The first days of the `months` months ending with the current one, oldest first."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def intercontrat_rates(states: Iterable[State], today: date, months: int = TREND_MONTHS) -> list[MonthRate]:
    """The taux d'intercontrat of each month: bench days ÷ available days, over the working days
    (Monday to Friday; public holidays are not known) from the 1st to the month's end — to today for
    the current month. A consultant's day counts by the table of this module's docstring, from the day
    the profile was created to the day before they left."""
    states = list(states)
    firsts = trend_months(today, months)
    if not states:
        return [MonthRate(first, _month_end(first, today), 0.0, 0.0) for first in firsts]
    as_day = lambda values: np.array(values, dtype="datetime64[D]")  # noqa: E731
    since = as_day([s.since or _DAWN for s in states])[:, None]
    until = as_day([s.until or _DUSK for s in states])[:, None]
    split = as_day([s.split_day() for s in states])[:, None]
    count = np.array([s.count for s in states], dtype=np.float64)[:, None]
    weights = np.array([_WEIGHTS[s.status] for s in states], dtype=np.float64)  # (n, 2 sides, 2 weights)
    starts = np.maximum(since, as_day(firsts)[None, :])
    ends = np.minimum(until, as_day([_month_end(first, today) + timedelta(days=1) for first in firsts])[None, :])
    ends = np.maximum(ends, starts)
    middle = np.clip(split, starts, ends)
    before = np.busday_count(starts, middle) * count
    after = np.busday_count(middle, ends) * count
    available = before * weights[:, 0, 0, None] + after * weights[:, 1, 0, None]
    bench = before * weights[:, 0, 1, None] + after * weights[:, 1, 1, None]
    return [
        MonthRate(first, _month_end(first, today), float(bench[:, m].sum()), float(available[:, m].sum()))
        for m, first in enumerate(firsts)
    ]


def _month_end(first: date, today: date) -> date:
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return min(last, today)
