"""Web imports of long files, run by a worker: the page polls the job for its progress, then its report.

A job lives in the cache under its company, its user and a random id, so that no one else can reach
it: its file (until the worker has read it) and its state (queued, running, finished or failed; rows
checked out of rows in the file; the report once finished). The task re-checks that the user may
still import into that company. Running a job twice is harmless: an import is all or nothing and
matches rows on their natural keys, and a finished job is not run again.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
import time

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import translation

from dataio.services import data_import
from dataio.services.base import ImportReport, RowProblem
from dataio.sheets import SheetError, max_rows, read_sheet
from talentmatch import access
from talentmatch.cache import cache
from talentmatch.models import User

logger = logging.getLogger(__name__)

IMPORT_TASK = "dataio.tasks.data_import_task"
JOB_SECONDS = 60 * 60
QUEUED, RUNNING, FINISHED, FAILED = "queued", "running", "finished", "failed"
# A job whose state has not moved for this long lost its worker (the task's hard limit is 25 minutes,
# and a running import tells its progress every PROGRESS_EVERY rows).
STALLED_SECONDS = 26 * 60


def web_row_limit() -> int:
    """Rows a file may hold when imported from the web (DATAIO_WEB_MAX_ROWS, at most DATAIO_MAX_ROWS)."""
    return min(getattr(settings, "DATAIO_WEB_MAX_ROWS", max_rows()), max_rows())


def web_sync_rows() -> int:
    """Rows that the web imports within the request; a longer file goes to a worker."""
    return getattr(settings, "DATAIO_WEB_SYNC_ROWS", 250)


def runs_in_background(name: str, content: bytes) -> bool:
    """Whether the file holds more rows than a request imports (an unreadable file is reported at once)."""
    try:
        return len(read_sheet(name, content, row_limit=web_row_limit()).rows) > web_sync_rows()
    except SheetError:
        return False


def pending_key(company_id: int | None, user_id: int, token: str) -> str:
    """The cache key of a checked file waiting for "Import this file"."""
    return f"dataio:pending:{company_id}:{user_id}:{token}"


def _state_key(company_id: int | None, user_id: int, job_id: str) -> str:
    return f"dataio:job:{company_id}:{user_id}:{job_id}"


def _file_key(company_id: int | None, user_id: int, job_id: str) -> str:
    return f"dataio:job-file:{company_id}:{user_id}:{job_id}"


def _claim_key(company_id: int | None, user_id: int, job_id: str) -> str:
    """Held by the run in progress: a second delivery of the message finds it and does nothing."""
    return f"dataio:job-claim:{company_id}:{user_id}:{job_id}"


def _booked_key(company_id: int | None, user_id: int, token: str) -> str:
    """The job booked for a checked file: a second "Import this file" follows that job."""
    return f"dataio:job-booked:{company_id}:{user_id}:{token}"


def import_job_start(
    *, kind: str, name: str, content: bytes, by: User, dry_run: bool, language: str, token: str = "", queue: bool = True
) -> str:
    """Book the import of a file by `by` into their company and queue its task after commit (unless
    `queue` is false); returns the job's id. The report is written in `language`; `token` names the
    checked file that an applied import uses up."""
    job_id = secrets.token_urlsafe(16)
    if token and not dry_run and not cache.add(_booked_key(by.company_id, by.pk, token), job_id, JOB_SECONDS):
        booked = cache.get(_booked_key(by.company_id, by.pk, token))
        if booked and cache.get(_state_key(by.company_id, by.pk, booked)) is not None:
            return booked  # the file is already being imported: one job per checked file
        cache.set(_booked_key(by.company_id, by.pk, token), job_id, JOB_SECONDS)
    state = {
        "kind": kind,
        "name": name,
        "dry_run": dry_run,
        "token": token,
        "language": language,
        "state": QUEUED,
        "done": 0,
        "total": 0,
    }
    _save(by.company_id, by.pk, job_id, state)
    cache.set(_file_key(by.company_id, by.pk, job_id), content, JOB_SECONDS)
    if queue:
        # By its registered name: the task module imports this one.
        transaction.on_commit(
            lambda: current_app.tasks[IMPORT_TASK].delay(job_id=job_id, company_id=by.company_id, user_id=by.pk)
        )
    return job_id


def import_job_state(*, user: User, job_id: str) -> dict | None:
    """The job of `user` (in their company), with its report as an ImportReport once finished; None
    when there is no such job (another user's, expired). A job left running past STALLED_SECONDS failed."""
    state = cache.get(_state_key(user.company_id, user.pk, job_id))
    if state is None:
        return None
    if state["state"] in (QUEUED, RUNNING) and time.time() - state["updated"] > STALLED_SECONDS:
        # Said failed, and kept so: the task refuses a stalled job (import_job_run), so the file the
        # user chooses again is never imported a second time by a late delivery.
        state = {**state, "state": FAILED}
        cache.set(_state_key(user.company_id, user.pk, job_id), state, JOB_SECONDS)
    state.setdefault("report", None)
    if state["report"] is not None:
        report = dict(state["report"])
        report["problems"] = [RowProblem(**problem) for problem in report["problems"]]
        state["report"] = ImportReport(**report)
    return {**state, "id": job_id}


def import_job_run(*, job_id: str, company_id: int, user_id: int) -> str:
    """Run a queued job (the worker's side); returns its final state."""
    state = cache.get(_state_key(company_id, user_id, job_id))
    if state is None:
        return "gone"
    if state["state"] in (FINISHED, FAILED):
        return state["state"]
    if time.time() - state["updated"] > STALLED_SECONDS:
        _save(company_id, user_id, job_id, {**state, "state": FAILED})  # the page already says it failed
        return FAILED
    if not cache.add(_claim_key(company_id, user_id, job_id), 1, STALLED_SECONDS):
        return RUNNING  # another delivery is running it
    try:
        return _run(state, job_id=job_id, company_id=company_id, user_id=user_id)
    finally:
        cache.delete(_claim_key(company_id, user_id, job_id))


def _run(state: dict, *, job_id: str, company_id: int, user_id: int) -> str:
    user = User.objects.select_related("company").filter(pk=user_id, is_active=True).first()
    content = cache.get(_file_key(company_id, user_id, job_id))
    if user is None or user.company_id != company_id or not access.can(user, access.Capability.DATA_IMPORT):
        content = None
    if content is None:
        _save(company_id, user_id, job_id, {**state, "state": FAILED})
        return FAILED

    def progress(done: int, total: int) -> None:
        _save(company_id, user_id, job_id, {**state, "state": RUNNING, "done": done, "total": total})

    progress(0, 0)
    try:
        with translation.override(state["language"]):
            report = data_import(
                kind=state["kind"],
                name=state["name"],
                content=content,
                company=user.company,
                by=user,
                dry_run=state["dry_run"],
                row_limit=web_row_limit(),
                progress=progress,
            )
    except Exception:  # noqa: BLE001 - the page says the import failed and nothing was written
        logger.exception("import job %s of user %s failed", job_id, user_id)
        _save(company_id, user_id, job_id, {**state, "state": FAILED})
        return FAILED
    if report.applied and state["token"]:
        cache.delete(pending_key(company_id, user_id, state["token"]))
    cache.delete(_file_key(company_id, user_id, job_id))
    total = report.rows
    finished = {**state, "state": FINISHED, "done": total, "total": total, "report": dataclasses.asdict(report)}
    _save(company_id, user_id, job_id, finished)
    return FINISHED


def _save(company_id: int | None, user_id: int, job_id: str, state: dict) -> None:
    cache.set(_state_key(company_id, user_id, job_id), {**state, "updated": time.time()}, JOB_SECONDS)
