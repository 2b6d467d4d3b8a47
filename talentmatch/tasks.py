"""The platform's periodic maintenance tasks: thin wrappers of talentmatch.maintenance.

All of them are safe to run twice (a second run finds nothing left to do), hence acks_late with
reject_on_worker_lost: a worker that dies mid-run leaves the message to be delivered again.
"""

import datetime

from celery import shared_task

from talentmatch import maintenance
from talentmatch.celery import RETRY_ON_TRANSIENT_ERRORS

ONCE_DONE = {"acks_late": True, "reject_on_worker_lost": True, **RETRY_ON_TRANSIENT_ERRORS}


@shared_task(**ONCE_DONE, time_limit=600, soft_time_limit=540)
def consultants_availability_roll_over_task() -> int:
    """Daily: consultants on mission whose availability date has come become available."""
    return maintenance.consultants_availability_roll_over()


@shared_task(**ONCE_DONE, time_limit=300, soft_time_limit=270)
def collaborations_expire_task() -> int:
    """Daily: active collaborations past their end date become inactive."""
    return maintenance.collaborations_expire()


@shared_task(**ONCE_DONE, time_limit=3600, soft_time_limit=3300)
def database_vacuum_analyze_task() -> str:
    """Weekly: VACUUM (ANALYZE) of the PostgreSQL database (a no-op elsewhere)."""
    return maintenance.database_vacuum_analyze()


@shared_task(**ONCE_DONE, time_limit=1800, soft_time_limit=1700)
def private_media_clean_up_task(*, grace_hours: int = 24) -> str:
    """Weekly: delete private files that no row references, once older than `grace_hours`."""
    return str(maintenance.private_media_clean_up(grace=datetime.timedelta(hours=grace_hours)))
