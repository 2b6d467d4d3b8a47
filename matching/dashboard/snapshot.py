"""The dashboard's figures precomputed per company, so that the page never scans the company's data.

`dashboard_snapshot_refresh` (a service, run by matching.dashboard.tasks) computes every figure of a
company as its manager sees them and stores them in one DashboardSnapshot row. The page reads that row
(one query) and shows the sections the viewer's role may see, saying when the figures were computed.
A snapshot older than REFRESH_SECONDS, or of another day, is still shown and a refresh is queued (once
per company and REFRESH_SECONDS): a change shows on the dashboard within about a minute of the next
visit. A company's first visit, with no snapshot yet, queues its first one and says so.
"""

from __future__ import annotations

import dataclasses
import datetime

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from matching.dashboard import forecast, selectors
from matching.models import DashboardSnapshot
from talentmatch import access
from talentmatch.cache import cache
from talentmatch.models import User

REFRESH_SECONDS = 60
REFRESH_TASK = "matching.dashboard.tasks.dashboard_snapshot_refresh_task"

# Figures' parts by attribute, each with the dataclass it holds (a list of them for the lists).
_PARTS = {
    "forecast": forecast.ForecastWeek,
    "acceptance": selectors.Acceptance,
    "rates": forecast.MonthRate,
    "funnel": selectors.Funnel,
    "bands": selectors.BandConversion,
    "deadline_weeks": selectors.TenderWeek,
    "deadlines_passed": selectors.TenderWeek,
    "deadlines_unset": selectors.TenderWeek,
}
_DATES = {"monday", "day", "month", "through"}
# The sections a role may see: the capability that shows each part of the figures.
_SECTIONS = {
    access.Capability.CONSULTANT_VIEW: ("forecast", "rates", "bench_within"),
    access.Capability.MATCH_VIEW: ("funnel", "bands", "acceptance"),
    access.Capability.TENDER_VIEW: ("deadline_weeks", "deadlines_passed", "deadlines_unset"),
}
_NEW = {
    "consultants": access.Capability.CONSULTANT_VIEW,
    "suggestions": access.Capability.MATCH_VIEW,
    "moves": access.Capability.MATCH_VIEW,
    "tenders": access.Capability.TENDER_VIEW,
}


def _encode(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _decode(cls, data: dict):
    values = {
        name: datetime.date.fromisoformat(value) if name in _DATES and value else value for name, value in data.items()
    }
    return cls(**values)


def figures_to_json(figures: selectors.Figures) -> dict:
    data = {name: _encode(getattr(figures, name)) for name in (*_PARTS, "new", "bench_within")}
    data["today"] = figures.today.isoformat()
    return data


def figures_from_json(data: dict, computed_at: datetime.datetime) -> selectors.Figures:
    figures = selectors.Figures(computed_at=computed_at, today=datetime.date.fromisoformat(data["today"]))
    for name, cls in _PARTS.items():
        value = data.get(name)
        if isinstance(value, list):
            value = [_decode(cls, item) for item in value]
        elif value is not None:
            value = _decode(cls, value)
        setattr(figures, name, value)
    figures.new = dict(data.get("new") or {})
    figures.bench_within = data.get("bench_within")
    return figures


def company_viewer(company_id: int) -> User:
    """Who the snapshot is computed for: an unsaved manager of the company, who sees every section."""
    return User(company_id=company_id, role=User.Role.MANAGER, is_active=True)


@transaction.atomic
def dashboard_snapshot_refresh(*, company_id: int, today: datetime.date | None = None) -> selectors.Figures:
    """Compute every dashboard figure of the company as of `today` and store them; return them."""
    day = today or timezone.localdate()
    figures = selectors.compute_figures(company_viewer(company_id), day)
    row = DashboardSnapshot(company_id=company_id, day=day, computed_at=figures.computed_at)
    row.figures = figures_to_json(figures)
    DashboardSnapshot.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["company"], update_fields=["day", "computed_at", "figures"]
    )
    return figures


def for_role(figures: selectors.Figures, user) -> selectors.Figures:
    """The figures with the sections `user`'s role may not see left out."""
    hidden = {name for capability, names in _SECTIONS.items() if not access.can(user, capability) for name in names}
    shown = dataclasses.replace(figures, **dict.fromkeys(hidden))
    shown.new = {name: n for name, n in figures.new.items() if access.can(user, _NEW[name])}
    return shown


def queue_refresh(company_id: int) -> None:
    """Queue a refresh of the company's snapshot for a worker, once per REFRESH_SECONDS; with tasks
    in-process, run it. (The task is found by its registered name: matching.dashboard.tasks imports
    this module.)"""
    refresh = current_app.tasks[REFRESH_TASK]
    if settings.CELERY_TASK_ALWAYS_EAGER:  # in-process: no queue to spare, the refresh runs now
        refresh.delay(company_id=company_id)
    elif cache.add(f"dashboard:refresh-queued:{company_id}", 1, REFRESH_SECONDS):
        transaction.on_commit(lambda: refresh.delay(company_id=company_id))  # a worker finds what was written


def is_stale(figures: selectors.Figures, today: datetime.date, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return figures.today != today or (now - figures.computed_at).total_seconds() > REFRESH_SECONDS


def _read(company_id: int) -> selectors.Figures | None:
    row = DashboardSnapshot.objects.filter(company_id=company_id).first()
    return None if row is None else figures_from_json(row.figures, row.computed_at)


def dashboard_figures(user, today: datetime.date) -> tuple[selectors.Figures | None, bool]:
    """The figures the user's role may see (None while a company's first ones are being computed) and
    whether newer ones are on their way. One query, the snapshot: the request never scans the company's
    data, but where tasks run in-process (no worker: the embedded setup), the refresh it queues runs at
    once. The platform administrator's figures, over every company, are computed each time."""
    if access.sees_all_companies(user) or user.company_id is None:
        return selectors.compute_figures(user, today), False
    figures = _read(user.company_id)
    if figures is None:
        queue_refresh(user.company_id)
        figures = _read(user.company_id) if settings.CELERY_TASK_ALWAYS_EAGER else None
        if figures is None:
            return None, True
    stale = is_stale(figures, today)
    if stale:
        queue_refresh(user.company_id)
    return for_role(figures, user), stale
