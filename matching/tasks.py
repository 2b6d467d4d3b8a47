"""Celery tasks of the matching engine: thin, keyword arguments, idempotent, time-limited."""

from celery import shared_task
from django.core.cache import cache

from matching import services


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3500)
def matches_recompute_task(*, company_id: int | None = None) -> str:
    """Full recompute (nightly), or of one company's tenders."""
    return str(services.matches_recompute(company_id=company_id))


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def matches_recompute_tenders_task(*, tender_ids: list[int]) -> str:
    """Recompute one chunk of tenders: the unit of the full recompute's fan-out."""
    return str(services.matches_recompute(tender_ids=tender_ids))


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def matches_recompute_tender_task(*, tender_id: int) -> str:
    cache.delete(f"matching:queued:tender:{tender_id}")
    return str(services.matches_recompute(tender_ids=[tender_id]))


@shared_task(acks_late=True, time_limit=600, soft_time_limit=570)
def matches_update_for_consultant_task(*, consultant_id: int) -> str:
    cache.delete(f"matching:queued:consultant:{consultant_id}")
    return str(services.matches_update_for_consultant(consultant_id=consultant_id))


@shared_task(time_limit=300)
def matches_recompute_fan_out_task(*, chunks: int = 4) -> list[str]:
    """Split every matchable tender into `chunks` groups and queue one recompute task per group,
    so that more workers (on more machines) finish the nightly recompute sooner."""
    return services.matches_recompute_fan_out(chunks=chunks)
