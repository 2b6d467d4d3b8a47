"""The dashboard snapshots' tasks: thin, keyword arguments, safe to run twice (a refresh overwrites
the company's one row with figures computed from the current data)."""

from celery import shared_task

from matching.dashboard.snapshot import dashboard_snapshot_refresh, queue_refresh
from talentmatch.celery import RETRY_ON_TRANSIENT_ERRORS
from talentmatch.models import Company


@shared_task(**RETRY_ON_TRANSIENT_ERRORS, time_limit=300, soft_time_limit=280)
def dashboard_snapshot_refresh_task(*, company_id: int) -> str:
    """Recompute one company's dashboard figures."""
    figures = dashboard_snapshot_refresh(company_id=company_id)
    return f"company {company_id}: figures of {figures.today.isoformat()}"


@shared_task(**RETRY_ON_TRANSIENT_ERRORS, time_limit=300, soft_time_limit=280)
def dashboard_snapshots_refresh_task() -> int:
    """Queue a refresh of every active company's dashboard (nightly, after the recompute: the figures
    of the new day are ready before anyone looks)."""
    company_ids = list(Company.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    for company_id in company_ids:
        queue_refresh(company_id)
    return len(company_ids)
