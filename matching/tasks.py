"""Celery tasks of the matching engine: thin, keyword arguments, idempotent, time-limited."""

from celery import shared_task

from matching.dashboard.tasks import dashboard_snapshot_refresh_task  # noqa: F401 - registered with the app's tasks
from matching.portfolios.tasks import portfolio_generate_task  # noqa: F401 - registered with the app's tasks
from matching.services import recompute as services
from matching.services.runs import recompute_runs_requeue_stale, tracked
from matching.services.scheduling import queued_key
from talentmatch import events
from talentmatch.cache import cache
from talentmatch.celery import RETRY_ON_TRANSIENT_ERRORS

# Every task here is safe to run twice: a recompute stores each tender's top K from the current
# data (a second run finds its fingerprints unchanged and writes nothing), and a consultant update
# writes its rows and the tender cutoffs in one transaction, so a run killed midway leaves nothing
# half-done and a rerun sees its own rows already there. Hence acks_late (acknowledged when done,
# so a worker dying midway leaves the message to be delivered again) and reject_on_worker_lost
# (a killed pool process requeues the message instead of failing it). A task that kills its worker
# every time (out of memory) would come back every time: the time limits bound each attempt.
ONCE_DONE = {"acks_late": True, "reject_on_worker_lost": True, **RETRY_ON_TRANSIENT_ERRORS}
# A worker that dies outright leaves its message unacknowledged until the broker's visibility timeout
# (2 h): each run below is tracked with a heartbeat instead, and the watchdog at the end of this module
# queues a silent one again within minutes (matching/services/runs.py). A delivery whose run is done
# or queued again does nothing ("skipped").
SKIPPED = "skipped: this run is done or was queued again"


@shared_task(bind=True, **ONCE_DONE, time_limit=3600, soft_time_limit=3500)
def matches_recompute_task(self, *, company_id: int | None = None) -> str:
    """Full recompute (nightly), or of one company's tenders."""
    if company_id is not None:
        cache.delete(queued_key("company", company_id))
    with tracked(self) as runs:
        return str(services.matches_recompute(company_id=company_id)) if runs else SKIPPED


@shared_task(bind=True, **ONCE_DONE, time_limit=1800, soft_time_limit=1700)
def matches_recompute_tenders_task(self, *, tender_ids: list[int]) -> str:
    """Recompute one chunk of tenders: the unit of the full recompute's fan-out."""
    with tracked(self) as runs:
        return str(services.matches_recompute(tender_ids=tender_ids)) if runs else SKIPPED


@shared_task(bind=True, **ONCE_DONE, time_limit=600, soft_time_limit=570)
def matches_recompute_tender_task(self, *, tender_id: int) -> str:
    """Rescore one tender after it was created or changed; the alerts hear of its new ranking."""
    cache.delete(queued_key("tender", tender_id))
    with tracked(self) as runs:
        if not runs:
            return SKIPPED
        report = services.matches_recompute(tender_ids=[tender_id])
    events.tender_ranked([tender_id])
    return str(report)


@shared_task(bind=True, **ONCE_DONE, time_limit=600, soft_time_limit=570)
def matches_update_for_consultant_task(self, *, consultant_id: int) -> str:
    cache.delete(queued_key("consultant", consultant_id))
    with tracked(self) as runs:
        return str(services.matches_update_for_consultant(consultant_id=consultant_id)) if runs else SKIPPED


# Run twice, it queues the chunks twice: repeated recomputes, which change nothing.
@shared_task(bind=True, **ONCE_DONE, time_limit=300, soft_time_limit=270)
def matches_recompute_fan_out_task(self, *, chunks: int = 4) -> list[str]:
    """Split every matchable tender into `chunks` groups and queue one recompute task per group,
    so that more workers (on more machines) finish the nightly recompute sooner."""
    with tracked(self) as runs:
        return services.matches_recompute_fan_out(chunks=chunks) if runs else []


@shared_task(**RETRY_ON_TRANSIENT_ERRORS, time_limit=120, soft_time_limit=100)
def matches_recompute_watchdog_task() -> str:
    """Queue again the recompute runs whose worker stopped beating (every minute, from beat)."""
    requeued = recompute_runs_requeue_stale()
    return f"requeued {len(requeued)}"
