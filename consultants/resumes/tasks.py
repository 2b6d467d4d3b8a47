"""The CV extraction task: thin, keyword arguments, idempotent, time-limited."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from consultants.resumes.extraction import resume_extract, resume_mark_failed


# Registered under its name from before CVs became a package, so queued messages still find it.
@shared_task(name="consultants.tasks.resume_extract_task", acks_late=True, soft_time_limit=60, time_limit=90)
def resume_extract_task(*, resume_id: int, company_id: int) -> str:
    """Extract a CV's text and suggest its skills; a CV whose extraction runs out of time is marked failed."""
    try:
        resume = resume_extract(resume_id=resume_id, company_id=company_id)
    except SoftTimeLimitExceeded:
        resume_mark_failed(resume_id=resume_id, company_id=company_id)
        return "failed: time limit"
    return resume.status if resume is not None else "gone"
