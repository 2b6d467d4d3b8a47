"""The import of a long file from the web, run by a worker (dataio.services.jobs)."""

from celery import shared_task

from dataio.services import jobs


@shared_task(
    name=jobs.IMPORT_TASK, acks_late=True, reject_on_worker_lost=True, soft_time_limit=20 * 60, time_limit=25 * 60
)
def data_import_task(*, job_id: str, company_id: int, user_id: int) -> str:
    """Import the job's file as its user into their company; the job tells the page where it stands.
    A worker lost mid-file rolls the file back and the message is delivered again."""
    return jobs.import_job_run(job_id=job_id, company_id=company_id, user_id=user_id)
