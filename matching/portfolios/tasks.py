"""The portfolio rendering task: thin, keyword arguments, idempotent, time-limited, acknowledged late.

A worker killed mid-render leaves the message unacknowledged, so it is delivered again; the second
run finds the same booked row (no new version) and rewrites the same file name (no stray file).
"""

import logging

from celery import shared_task

from matching.portfolios import services as portfolios
from talentmatch import events

logger = logging.getLogger(__name__)


# The registered name predates the package: beat entries, queued messages and routes use it.
@shared_task(
    name=portfolios.GENERATE_TASK, acks_late=True, reject_on_worker_lost=True, soft_time_limit=120, time_limit=150
)
def portfolio_generate_task(*, portfolio_id: int, company_id: int, requested_by_id: int | None = None) -> str:
    """Render a booked portfolio's PDF; a crash or timeout marks it failed instead of leaving it queued.
    The person who asked for it hears when it is ready (once, however often the task runs)."""
    try:
        portfolio = portfolios.portfolio_render(portfolio_id=portfolio_id, company_id=company_id)
    except Exception:  # noqa: BLE001 - includes SoftTimeLimitExceeded; the user sees "failed" and may retry
        logger.exception("portfolio %s: rendering failed", portfolio_id)
        portfolios.portfolio_mark_failed(portfolio_id=portfolio_id, company_id=company_id)
        return "failed"
    if portfolio is None:
        return "gone"
    if portfolio.generation == portfolio.Generation.READY:
        events.portfolio_ready(portfolio.pk, requested_by_id=requested_by_id)
    return portfolio.generation
