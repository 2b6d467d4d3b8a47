"""The retention period's daily run: a thin wrapper of privacy.services.retention_apply."""

from celery import shared_task

from privacy.services import retention_apply
from talentmatch.celery import RETRY_ON_TRANSIENT_ERRORS


@shared_task(
    acks_late=True, reject_on_worker_lost=True, **RETRY_ON_TRANSIENT_ERRORS, time_limit=900, soft_time_limit=840
)
def retention_apply_task() -> dict[str, int]:
    """Daily: delete the CVs and dossiers of consultants who left longer ago than the retention period
    (safe to run twice: a second run finds nothing)."""
    return retention_apply(dry_run=False).counts
