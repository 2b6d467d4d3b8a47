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

from matching.dashboard import forecast
from matching.dashboard.figures import Acceptance, BandConversion, Figures, Funnel, TenderWeek, compute_figures
from matching.models import DashboardSnapshot
from talentmatch import access
from talentmatch.cache import cache
from talentmatch.models import User

REFRESH_SECONDS = 60
REFRESH_TASK = "matching.dashboard.tasks.dashboard_snapshot_refresh_task"

# Figures' parts by attribute, each with the dataclass it holds (a list of them for the lists).
_PARTS = {
    "forecast": forecast.ForecastWeek,
    "acceptance": Acceptance,
    "rates": forecast.MonthRate,
    "funnel": Funnel,
    "bands": BandConversion,
    "deadline_weeks": TenderWeek,
    "deadlines_passed": TenderWeek,
    "deadlines_unset": TenderWeek,
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


def figures_to_json(figures: Figures) -> dict:
    data = {name: _encode(getattr(figures, name)) for name in (*_PARTS, "new", "bench_within")}
    data["today"] = figures.today.isoformat()
    return data


def figures_from_json(data: dict, computed_at: datetime.datetime) -> Figures:
    figures = Figures(computed_at=computed_at, today=datetime.date.fromisoformat(data["today"]))
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
def dashboard_snapshot_refresh(*, company_id: int, today: datetime.date | None = None) -> Figures:
    """Compute every dashboard figure of the company as of `today` and store them; return them."""
    day = today or timezone.localdate()
    figures = compute_figures(company_viewer(company_id), day)
    row = DashboardSnapshot(company_id=company_id, day=day, computed_at=figures.computed_at)
    row.figures = figures_to_json(figures)
    # Only over older figures: a slow refresh (the nightly one) finishing after a quicker one started
    # later must not put its older figures back.
    newer = DashboardSnapshot.objects.filter(company_id=company_id, computed_at__lt=row.computed_at)
    if not newer.update(day=row.day, computed_at=row.computed_at, figures=row.figures):
        DashboardSnapshot.objects.bulk_create([row], ignore_conflicts=True)  # the first one, unless a newer won
    return figures


def for_role(figures: Figures, user) -> Figures:
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
    elif cache.get(f"dashboard:refresh-queued:{company_id}") is None:
        # Once committed (a worker finds what was written; a rolled-back request queues nothing and
        # leaves no flag to hold the next refresh back), and once per REFRESH_SECONDS.
        def queue() -> None:
            if cache.add(f"dashboard:refresh-queued:{company_id}", 1, REFRESH_SECONDS):
                refresh.delay(company_id=company_id)

        transaction.on_commit(queue)


def is_stale(figures: Figures, today: datetime.date, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return figures.today != today or (now - figures.computed_at).total_seconds() > REFRESH_SECONDS


def read(company_id: int) -> Figures | None:
    """The company's stored figures, or None before its first snapshot. One query."""
    row = DashboardSnapshot.objects.filter(company_id=company_id).first()
    return None if row is None else figures_from_json(row.figures, row.computed_at)
