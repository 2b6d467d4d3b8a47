"""Recompute work that a dead worker left is redone within minutes, not after the broker's visibility
timeout (2 h).

Each recompute task, as it starts in a worker, records a `RecomputeRun` under its Celery task id and
a thread of its process touches the run's heartbeat every MATCHING_RUN_HEARTBEAT_SECONDS until the
task ends. A worker killed mid-run (SIGKILL, OOM, a lost machine) stops the heartbeat; the watchdog
beat task (`matches_recompute_watchdog_task`, every minute) queues every run silent for
MATCHING_RUN_STALE_SECONDS again, under a new task id, to the queue it came from, and marks the old
run requeued. With the defaults (30 s, 180 s) interrupted work starts again within about 4 minutes.

Nothing is done twice: a recompute is idempotent (it stores each tender's top K from the current data
by (tender, consultant), so a rerun writes only what is missing), and the old message, when Redis
hands it out again after the visibility timeout, finds its run requeued (or done) and does nothing.
A message delivered again with the same id — a pool process lost (reject_on_worker_lost), a retry —
takes its run over: the attempt before it has ended.

Only tasks run by a worker are tracked: an eager call (CELERY_TASK_ALWAYS_EAGER) has no other
process to die apart from its caller.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import socket
import threading
from collections.abc import Iterator

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from matching.models import RecomputeRun, RecomputeRunStatus
from matching.services import scheduling

logger = logging.getLogger(__name__)

# Finished runs are kept this long for the operators, then deleted by the watchdog.
KEEP_FINISHED = datetime.timedelta(days=1)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "MATCHING_RUN_HEARTBEAT_SECONDS", 30.0))


def stale_seconds() -> float:
    return float(getattr(settings, "MATCHING_RUN_STALE_SECONDS", 180.0))


@transaction.atomic
def recompute_run_start(
    *, task_id: str, task_name: str, kwargs: dict, queue: str = "", worker: str = ""
) -> RecomputeRun | None:
    """Record that this delivery runs now; None when its work is already done or queued again
    under another id (the delivery is then a stale copy to drop)."""
    now = timezone.now()
    run, created = RecomputeRun.objects.select_for_update().get_or_create(
        task_id=task_id,
        defaults={
            "task_name": task_name,
            "kwargs": kwargs,
            "queue": queue,
            "worker": worker,
            "started_at": now,
            "heartbeat_at": now,
        },
    )
    if created:
        return run
    if run.status in (RecomputeRunStatus.DONE, RecomputeRunStatus.REQUEUED):
        logger.info("recompute run %s already %s: this delivery does nothing", task_id, run.status)
        return None
    run.status = RecomputeRunStatus.RUNNING
    run.attempts += 1
    run.worker = worker
    run.heartbeat_at = now
    run.save(update_fields=["status", "attempts", "worker", "heartbeat_at"])
    logger.info("recompute run %s taken over (attempt %d)", task_id, run.attempts)
    return run


def recompute_run_beat(*, run_id: int) -> bool:
    """Touch a running run's heartbeat; False once it is no longer running."""
    return bool(
        RecomputeRun.objects.filter(pk=run_id, status=RecomputeRunStatus.RUNNING).update(heartbeat_at=timezone.now())
    )


def recompute_run_finish(*, run_id: int, status: str) -> None:
    """Close a run as done or failed, unless the watchdog has queued it again meanwhile."""
    RecomputeRun.objects.filter(pk=run_id, status=RecomputeRunStatus.RUNNING).update(
        status=status, finished_at=timezone.now()
    )


@transaction.atomic
def recompute_runs_requeue_stale(*, stale_after: float | None = None) -> list[str]:
    """Queue again every run whose heartbeat is older than `stale_after` seconds (default
    MATCHING_RUN_STALE_SECONDS); delete the runs finished more than a day ago. Returns the new task ids.
    Two watchdogs at once never queue one run twice (the rows are locked, SKIP LOCKED)."""
    now = timezone.now()
    limit = now - datetime.timedelta(seconds=stale_seconds() if stale_after is None else stale_after)
    stale = list(
        RecomputeRun.objects.select_for_update(skip_locked=True)
        .filter(status=RecomputeRunStatus.RUNNING, heartbeat_at__lt=limit)
        .order_by("pk")
    )
    new_ids = []
    for run in stale:
        options = {"queue": run.queue} if run.queue else {}
        signature = scheduling.task(run.task_name).signature(kwargs=run.kwargs, **options)
        new_id = signature.freeze().id
        run.status, run.requeued_as, run.finished_at = RecomputeRunStatus.REQUEUED, new_id, now
        run.save(update_fields=["status", "requeued_as", "finished_at"])
        transaction.on_commit(signature.apply_async)
        logger.warning(
            "recompute run %s (%s %s) silent since %s: queued again as %s",
            run.task_id,
            run.task_name,
            run.kwargs,
            run.heartbeat_at.isoformat(),
            new_id,
        )
        new_ids.append(new_id)
    RecomputeRun.objects.exclude(status=RecomputeRunStatus.RUNNING).filter(finished_at__lt=now - KEEP_FINISHED).delete()
    return new_ids


class _Heartbeat(threading.Thread):
    """Touches one run's heartbeat until stopped, on a database connection of its own."""

    def __init__(self, run_id: int, every: float):
        super().__init__(name=f"recompute-heartbeat-{run_id}", daemon=True)
        self.run_id, self.every = run_id, every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                try:
                    close_old_connections()
                    if not recompute_run_beat(run_id=self.run_id):
                        return
                except Exception:  # the database may be away for a moment: the next beat tries again
                    logger.warning("recompute run heartbeat failed", exc_info=True)
        finally:
            connections.close_all()


@contextlib.contextmanager
def tracked(task) -> Iterator[bool]:
    """Around a recompute task's body: yields False when this delivery must do nothing (its run is
    done or was queued again), True otherwise; keeps the heartbeat while the body runs."""
    request = task.request
    if request.is_eager or not request.id:
        yield True
        return
    routing = (request.delivery_info or {}).get("routing_key") or ""
    run = recompute_run_start(
        task_id=request.id,
        task_name=task.name,
        kwargs=dict(request.kwargs or {}),
        queue=routing,
        worker=request.hostname or socket.gethostname(),
    )
    if run is None:
        yield False
        return
    heartbeat = _Heartbeat(run.pk, heartbeat_seconds())
    heartbeat.start()
    status = RecomputeRunStatus.FAILED
    try:
        yield True
        status = RecomputeRunStatus.DONE
    finally:
        heartbeat.stopped.set()
        heartbeat.join(timeout=10)
        recompute_run_finish(run_id=run.pk, status=status)
