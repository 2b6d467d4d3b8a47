"""The dashboard's reads for the page: the figures from the company's snapshot (matching.dashboard.snapshot),
computed in matching.dashboard.figures, whose public names are re-exported here."""

from __future__ import annotations

import datetime

from django.conf import settings

from matching.dashboard import snapshot
from matching.dashboard.figures import (  # noqa: F401 - re-exported
    BENCH_HORIZON_DAYS,
    DEADLINE_WEEKS,
    DEFAULT_ACCEPTANCE_RATE,
    MIN_DECISIONS,
    Acceptance,
    BandConversion,
    Figures,
    Funnel,
    TenderWeek,
    compute_figures,
    consultant_states,
    funnel_and_bands,
    positionings,
    tenders_by_deadline,
)
from talentmatch import access


def dashboard_figures(user, today: datetime.date) -> tuple[Figures | None, bool]:
    """The figures the user's role may see (None while a company's first ones are being computed) and
    whether newer ones are on their way. One query, the snapshot: the request never scans the company's
    data, but where tasks run in-process (no worker: the embedded setup), the refresh it queues runs at
    once. The platform administrator's figures, over every company, are computed each time."""
    if access.sees_all_companies(user) or user.company_id is None:
        return compute_figures(user, today), False
    figures = snapshot.read(user.company_id)
    if figures is None:
        snapshot.queue_refresh(user.company_id)
        figures = snapshot.read(user.company_id) if settings.CELERY_TASK_ALWAYS_EAGER else None
        if figures is None:
            return None, True
    stale = snapshot.is_stale(figures, today)
    if stale:
        snapshot.queue_refresh(user.company_id)
    return snapshot.for_role(figures, user), stale
