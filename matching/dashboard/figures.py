"""The dashboard's figures: each is company-scoped through the models' `visible_to` and costs a
fixed number of queries whatever the number of consultants or matches (grouped in the database).

`compute_figures` computes the figures of the sections the user's role may see; the page reads them
precomputed per company (matching.dashboard.snapshot, through matching.dashboard.selectors), and the
lists beside them (the tenders due, the bench) live.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateField, Exists, OuterRef, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from history.models import ChangeRecord
from matching.dashboard import forecast
from matching.engine.config import ScoringConfig
from matching.models import Match, MatchEvent, MatchStatus
from talentmatch import access, tenancy
from tenders.models import Tender

# A submitted positioning counts as the company's acceptance rate: accepted ÷ (accepted + rejected)
# over its own pipeline, once it holds MIN_DECISIONS decisions; before that, the default.
DEFAULT_ACCEPTANCE_RATE = 0.25
MIN_DECISIONS = 5
AVAILABILITY_FIELDS = ("availability_status", "availability_date")
BANDS = ("strong", "fair", "weak")
BENCH_HORIZON_DAYS = 30  # the bench list: on the bench within this many days
DEADLINE_WEEKS = 8  # reply deadlines: this week and the next 7


@dataclass(frozen=True)
class Acceptance:
    accepted: int
    decided: int

    @property
    def is_default(self) -> bool:
        return self.decided < MIN_DECISIONS

    @property
    def rate(self) -> float:
        return DEFAULT_ACCEPTANCE_RATE if self.is_default else self.accepted / self.decided


@dataclass(frozen=True)
class Funnel:
    total: int  # every match starts as a suggestion
    submitted: int  # reached the client: submitted now, or accepted or rejected after a submission
    accepted: int
    rejected_after_submission: int
    by_status: dict[str, int]

    @property
    def acceptance(self) -> Acceptance:
        return Acceptance(self.accepted, self.accepted + self.rejected_after_submission)

    @property
    def stages(self) -> list[tuple[str, int, str]]:
        """(label, count, board column) of the funnel's three stages."""
        return [
            (_("Suggested"), self.total, "suggested"),
            (_("Submitted"), self.submitted, "submitted"),
            (_("Accepted"), self.accepted, "accepted"),
        ]

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        return [(status, label, self.by_status.get(status, 0)) for status, label in MatchStatus.choices]


@dataclass(frozen=True)
class BandConversion:
    band: str
    submitted: int  # reached submission, in this band by the score at submission
    accepted: int
    rejected: int

    @property
    def rate(self) -> float | None:
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None

    @property
    def percent(self) -> float:
        return 100 * (self.rate or 0)


@dataclass(frozen=True)
class TenderWeek:
    monday: datetime.date | None  # the week's Monday; None for the passed and the unset deadlines
    tenders: int
    unanswered: int  # of which no consultant is submitted or accepted yet


@dataclass
class Figures:
    computed_at: datetime.datetime
    today: datetime.date
    forecast: list[forecast.ForecastWeek] | None = None
    acceptance: Acceptance | None = None
    rates: list[forecast.MonthRate] | None = None
    funnel: Funnel | None = None
    bands: list[BandConversion] | None = None
    deadline_weeks: list[TenderWeek] | None = None  # open tenders by week of their reply deadline
    deadlines_passed: TenderWeek | None = None  # open tenders whose reply deadline has passed
    deadlines_unset: TenderWeek | None = None  # open tenders without a reply deadline
    new: dict[str, int] = field(default_factory=dict)
    bench_within: int | None = None  # consultants on the bench on today + BENCH_HORIZON_DAYS


# --- the consultants' availability ---------------------------------------------------------------


def _availability_records(user, since: datetime.datetime):
    return ChangeRecord.objects.visible_to(user).filter(
        Q(changes__has_key="availability_status") | Q(changes__has_key="availability_date"),
        object_kind="consultant",
        created_at__gte=since,
    )


def _day(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def consultant_states(user, today: datetime.date) -> list[forecast.State]:
    """Every visible consultant's availability over the trend's months, as forecast.State rows.

    Consultants whose availability did not change since the first month are grouped in the database
    (their profile holds it all along); the others are rebuilt from their change history, backwards
    from their profile: each record's old values held until the day it was made. A day's state is
    the one at the end of that day. Three queries."""
    window = forecast.trend_months(today)[0]
    window_start = timezone.make_aware(datetime.datetime.combine(window, datetime.time.min))
    records = _availability_records(user, window_start)
    consultants = Consultant.objects.visible_to(user)
    created = Case(
        When(created_at__lt=window_start, then=Value(window)), default=TruncDate("created_at"), output_field=DateField()
    )
    grouped = (
        consultants.exclude(pk__in=records.values("object_id"))
        .order_by()
        .annotate(since=created)
        .values_list("availability_status", "availability_date", "since", "left_on")
        .annotate(n=Count("pk"))
    )
    states = [forecast.State(status, free, since, left, n) for status, free, since, left, n in grouped]
    changed = list(
        consultants.filter(pk__in=records.values("object_id")).values_list(
            "pk", "availability_status", "availability_date", "created_at", "left_on"
        )
    )
    if not changed:
        return states
    history: dict[int, list[tuple[datetime.date, dict]]] = {}
    rows = records.order_by("created_at", "pk").values_list("object_id", "created_at", "changes")
    for object_id, at, changes in rows:
        history.setdefault(object_id, []).append((timezone.localdate(at), changes))
    for pk, status, free, created_at, left in changed:
        since = max(timezone.localdate(created_at), window)
        values = {"availability_status": status, "availability_date": free}
        until = left
        for day, changes in reversed(history.get(pk, [])):
            states.append(_state(values, max(day, since), until, pk))
            for name in AVAILABILITY_FIELDS:
                if name in changes:
                    values[name] = changes[name][0]
            until = day if until is None else min(day, until)
        states.append(_state(values, since, until, pk))
    return [state for state in states if state.until is None or state.since is None or state.since < state.until]


def _state(values: dict, since, until, pk: int) -> forecast.State:
    status = values["availability_status"] or forecast.AVAILABLE
    return forecast.State(status, _day(values["availability_date"]), since, until, 1, pk)


def current_states(states: list[forecast.State], today: datetime.date) -> list[forecast.State]:
    """The states that hold today or later (the forecast's input)."""
    return [state for state in states if state.until is None or state.until > today]


def positionings(user, today: datetime.date, rate: float) -> tuple[list[forecast.Positioning], list[forecast.State]]:
    """The submitted matches of the user's consultants (on their company's tenders or a partner's)
    whose tender is still open, each weighted by `rate`, and those consultants' current states. One query."""
    rows = (
        Match.objects.filter(
            status=MatchStatus.SUBMITTED,
            consultant__in=Consultant.objects.visible_to(user),
            tender__status__in=Tender.MATCHABLE_STATUSES,
        )
        .order_by("consultant_id", "pk")
        .values_list(
            "consultant_id",
            "tender__start_date",
            "tender__end_date",
            "consultant__availability_status",
            "consultant__availability_date",
            "consultant__left_on",
        )
    )
    found, states = [], {}
    for consultant_id, starts, ends, status, free, left in rows:
        found.append(forecast.Positioning(consultant_id, starts, ends, rate))
        states[consultant_id] = forecast.State(status, free, None, left, 1, consultant_id)
    return found, list(states.values())


# --- the pipeline and the tenders ----------------------------------------------------------------


def funnel_and_bands(user, links=None, since=None) -> tuple[Funnel, list[BandConversion], int]:
    """The pipeline's stages, by band of the score at submission how submissions ended, and the
    suggestions made since `since`: one scan of the matches, one query."""
    config = ScoringConfig.from_settings()
    reached = Q(submitted_score__isnull=False)
    band_q = {
        "strong": Q(submitted_score__gte=config.band_strong),
        "fair": Q(submitted_score__gte=config.band_fair, submitted_score__lt=config.band_strong),
        "weak": Q(submitted_score__lt=config.band_fair),
    }
    counts = {
        "total": Count("pk"),
        "reached": Count("pk", filter=reached),
        "rejected_after": Count("pk", filter=reached & Q(status=MatchStatus.REJECTED)),
        **{f"status_{status}": Count("pk", filter=Q(status=status)) for status in MatchStatus.values},
        "new_suggestions": Count("pk", filter=Q(status=MatchStatus.SUGGESTED, created_at__gte=since or timezone.now())),
    }
    for band, condition in band_q.items():
        counts[f"{band}_reached"] = Count("pk", filter=condition)
        counts[f"{band}_accepted"] = Count("pk", filter=condition & Q(status=MatchStatus.ACCEPTED))
        counts[f"{band}_rejected"] = Count("pk", filter=condition & Q(status=MatchStatus.REJECTED))
    row = Match.objects.visible_to(user, links=links).order_by().aggregate(**counts)
    funnel = Funnel(
        total=row["total"],
        submitted=row["reached"],
        accepted=row["status_accepted"],
        rejected_after_submission=row["rejected_after"],
        by_status={status: row[f"status_{status}"] for status in MatchStatus.values},
    )
    bands = [
        BandConversion(band, row[f"{band}_reached"], row[f"{band}_accepted"], row[f"{band}_rejected"]) for band in BANDS
    ]
    return funnel, bands, row["new_suggestions"]


def tenders_by_deadline(user, today: datetime.date, weeks: int = DEADLINE_WEEKS):
    """Open tenders by week of their reply deadline, with how many have nobody submitted or accepted
    yet: (this week and the next ones, from today; those whose deadline has passed; those without one).
    One query."""
    answered = Match.objects.filter(tender=OuterRef("pk"), status__in=[MatchStatus.SUBMITTED, MatchStatus.ACCEPTED])
    rows = (
        Tender.objects.visible_to(user)
        .filter(status=Tender.Status.OPEN)
        .order_by()
        .annotate(answered=Exists(answered))
        .values_list("reply_deadline", "answered")
        .annotate(n=Count("pk"))
    )
    first_monday = today - datetime.timedelta(days=today.weekday())
    tallies = [[0, 0] for _ in range(weeks)]
    passed, unset = [0, 0], [0, 0]
    for deadline, is_answered, n in rows:
        if deadline is None:
            tally = unset
        elif deadline < today:
            tally = passed
        else:
            week = (deadline - first_monday).days // 7
            if week >= weeks:
                continue
            tally = tallies[week]
        tally[0] += n
        tally[1] += 0 if is_answered else n
    return (
        [TenderWeek(first_monday + datetime.timedelta(weeks=w), *tallies[w]) for w in range(weeks)],
        TenderWeek(None, *passed),
        TenderWeek(None, *unset),
    )


def created_since(states: list[forecast.State], day: datetime.date) -> int:
    """How many of the consultants `states` describe were created on `day` or later (a state's
    `since` is the creation day for a consultant's first state, window start aside)."""
    grouped = sum(state.count for state in states if state.consultant_id is None and state.since >= day)
    first: dict[int, datetime.date] = {}
    for state in states:
        if state.consultant_id is not None:
            first[state.consultant_id] = min(first.get(state.consultant_id, state.since), state.since)
    return grouped + sum(1 for since in first.values() if since >= day)


def new_since(user, since: datetime.datetime, links=None) -> dict[str, int]:
    """What arrived since `since` besides consultants and suggestions (counted with the other
    figures): tenders and pipeline moves, in what the user may see. One query each."""
    found = {}
    if access.can(user, access.Capability.TENDER_VIEW):
        found["tenders"] = Tender.objects.visible_to(user).filter(created_at__gte=since).count()
    if access.can(user, access.Capability.MATCH_VIEW):
        matches = Match.objects.visible_to(user, links=links)
        found["moves"] = MatchEvent.objects.filter(match__in=matches, created_at__gte=since).count()
    return found


# --- the whole ------------------------------------------------------------------------------------


def compute_figures(user, today: datetime.date) -> Figures:
    """Every figure of the sections the user's role may see, as of `today` (passed in, so that a test
    fixes it)."""
    figures = Figures(computed_at=timezone.now(), today=today)
    yesterday = today - datetime.timedelta(days=1)
    since = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time.min))
    figures.new = {}
    links = tenancy.page_links(user) if access.can(user, access.Capability.MATCH_VIEW) else None
    if links is not None:
        figures.funnel, figures.bands, figures.new["suggestions"] = funnel_and_bands(user, links, since)
        figures.acceptance = figures.funnel.acceptance
    if access.can(user, access.Capability.CONSULTANT_VIEW):
        states = consultant_states(user, today)
        figures.new["consultants"] = created_since(states, yesterday)
        figures.rates = forecast.intercontrat_rates(states, today)
        placed, placed_states = [], []
        if figures.acceptance is not None:
            placed, placed_states = positionings(user, today, figures.acceptance.rate)
        now = current_states(states, today)
        figures.forecast = forecast.bench_forecast(now, placed, today, positioned_states=placed_states)
        horizon = today + datetime.timedelta(days=BENCH_HORIZON_DAYS)
        figures.bench_within = sum(state.count for state in now if state.weights_on(horizon)[1])
    if access.can(user, access.Capability.TENDER_VIEW):
        figures.deadline_weeks, figures.deadlines_passed, figures.deadlines_unset = tenders_by_deadline(user, today)
    figures.new.update(new_since(user, since, links))
    return figures
