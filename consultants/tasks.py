"""Celery tasks of the consultants app: thin, keyword arguments, idempotent, time-limited."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from consultants import resumes


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def resume_extract_task(*, resume_id: int, company_id: int) -> str:
    """Extract a CV's text and suggest its skills; a CV whose extraction runs out of time is marked failed."""
    try:
        resume = resumes.resume_extract(resume_id=resume_id, company_id=company_id)
    except SoftTimeLimitExceeded:
        resumes.resume_mark_failed(resume_id=resume_id, company_id=company_id)
        return "failed: time limit"
    return resume.status if resume is not None else "gone"
