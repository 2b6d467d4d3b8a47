"""The recompute kill drill: a Celery worker killed with SIGKILL in the middle of a recompute chunk,
its work redone by the watchdog long before the broker's visibility timeout (matching/services/runs.py).

A real worker on the real Redis broker takes the two chunks of a full recompute in turn. The test lets
the first one finish, then holds an EXCLUSIVE lock on the cutoffs table from a connection of its own:
the second chunk ranks its tenders and waits on its write, its run beating, its message delivered and
unacknowledged (acks_late). The test kills the worker's process group and releases the lock; a second
worker starts. The visibility timeout is an hour, so only the watchdog can bring the work back: once
the run has been silent for MATCHING_RUN_STALE_SECONDS it queues the chunk again, and the second worker
redoes it. Afterwards the stored matches are exactly what the service stores (lost 0, duplicated 0),
and the killed message, handed out again as Redis would after its timeout, does nothing.
"""

import os
import signal
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from kombu import Exchange, Queue

from consultants.tests.factories import SkillFactory
from matching.models import Match, RecomputeRun, RecomputeRunStatus, TenderCutoff
from matching.services import matches_recompute
from matching.tasks import matches_recompute_tenders_task, matches_recompute_watchdog_task
from matching.tests.test_portfolio_kill_drill import (
    _backend_alive,
    _blocked_by,
    _kill_group,
    _start_worker,
    _stop,
    _unacked,
    _wait_for,
)
from talentmatch.celery import app
from talentmatch.tests.celery_workers import WORKER_SECRET_KEY, database_url

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]

TOP_K = 3
HEARTBEAT = 0.5  # seconds between beats, in the workers
STALE = 3  # seconds of silence after which the watchdog queues a run again
VISIBILITY_TIMEOUT = 3600  # far beyond the test: Redis redelivering the message cannot be what saves it
WINDOW = 60  # seconds from the kill to the work done again, with these short settings


def _rows() -> dict[tuple[int, int], float]:
    return {
        (tender, consultant): score
        for tender, consultant, score in Match.objects.values_list("tender", "consultant", "match_score")
    }


@pytest.fixture
def chunks(cast, hire, post_tender, settings):
    settings.MATCHING = {**settings.MATCHING, "top_k": TOP_K}
    python, sql = SkillFactory(name="Python"), SkillFactory(name="SQL")
    tenders = [
        post_tender(cast.a.company, {python: "required"}),
        post_tender(cast.a.company, {sql: "required"}),
        post_tender(cast.a.company, {python: "required", sql: "preferred"}),
        post_tender(cast.a.company, {sql: "required", python: "nice_to_have"}),
    ]
    for level in ("beginner", "intermediate", "advanced", "expert"):
        hire(cast.a.company, {python: level, sql: "advanced"})
        hire(cast.a.company, {sql: level})
    ids = [tender.pk for tender in tenders]
    return [ids[:2], ids[2:]]


def test_a_worker_killed_mid_recompute_has_its_work_redone_by_the_watchdog_with_nothing_lost_or_doubled(
    chunks, tmp_path: Path
):
    if connection.vendor != "postgresql":
        pytest.skip("The worker processes need a database they can share: run with PostgreSQL.")
    if app.conf.task_always_eager:
        pytest.skip("Tasks run eagerly here (CELERY_TASK_ALWAYS_EAGER): there is no broker to test.")
    with transaction.atomic():  # what the service stores, computed here and rolled back
        for tender_ids in chunks:
            matches_recompute(tender_ids=tender_ids)
        expected = _rows()
        transaction.set_rollback(True)
    assert len(expected) == 4 * TOP_K and Match.objects.count() == 0

    queue = f"test-recompute-drill-{uuid.uuid4().hex}"
    logs = [tmp_path / "worker-killed.log", tmp_path / "worker-after.log"]
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "MATCHING_TOP_K": str(TOP_K),
        "MATCHING_RUN_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "MATCHING_RUN_STALE_SECONDS": str(STALE),
        "DJANGO_SETTINGS_MODULE": "talentmatch.settings",
        "DJANGO_SECRET_KEY": WORKER_SECRET_KEY,
    }
    first, second = (uuid.uuid4().hex for _chunk in chunks)
    workers = []
    locker = psycopg.connect(database_url(), autocommit=False)
    broker = app.connection_for_write()
    channel = broker.default_channel
    try:
        workers.append(_start_worker(queue, logs[0], environment))
        matches_recompute_tenders_task.apply_async(kwargs={"tender_ids": chunks[0]}, queue=queue, task_id=first)
        _wait_for(
            "the first chunk", lambda: RecomputeRun.objects.filter(task_id=first, status="done").exists(), logs, workers
        )
        holder = locker.info.backend_pid
        locker.execute(f"LOCK TABLE {TenderCutoff._meta.db_table} IN EXCLUSIVE MODE")
        matches_recompute_tenders_task.apply_async(kwargs={"tender_ids": chunks[1]}, queue=queue, task_id=second)
        [(backend, wait_event_type, _statement)] = _wait_for(
            "the second chunk to wait on its write", lambda: _blocked_by(holder), logs, workers
        )
        assert wait_event_type == "Lock"
        run = RecomputeRun.objects.get(task_id=second)
        beat = run.heartbeat_at
        _wait_for("its heartbeat", lambda: RecomputeRun.objects.get(pk=run.pk).heartbeat_at > beat, logs, workers)
        assert (run.status, run.queue, run.kwargs) == (RecomputeRunStatus.RUNNING, queue, {"tender_ids": chunks[1]})
        assert TenderCutoff.objects.filter(tender_id__in=chunks[1]).count() == 0  # mid-recompute: nothing stored

        _kill_group(workers[0])
        killed_at = time.monotonic()
        assert workers[0].returncode == -signal.SIGKILL
        assert list(_unacked(channel, queue)) != []  # the killed chunk's message, held for an hour
        locker.rollback()
        _wait_for("the killed worker's database session to end", lambda: not _backend_alive(backend), logs)
        workers.append(_start_worker(queue, logs[1], environment))

        # Beat would send the watchdog every minute; here every second, to the second worker.
        def redone() -> bool:
            current = RecomputeRun.objects.get(pk=run.pk)
            if current.status == RecomputeRunStatus.RUNNING:
                matches_recompute_watchdog_task.apply_async(queue=queue)
                time.sleep(1)
                return False
            return RecomputeRun.objects.filter(task_id=current.requeued_as, status="done").exists()

        _wait_for("the watchdog to queue the chunk again and the second worker to redo it", redone, logs, workers[1:])
        elapsed = time.monotonic() - killed_at
        assert elapsed < WINDOW, elapsed
        stored = _rows()
        requeued = RecomputeRun.objects.get(pk=run.pk)
        assert requeued.status == RecomputeRunStatus.REQUEUED
        assert requeued.heartbeat_at < timezone.now() - timezone.timedelta(seconds=STALE)

        # Redis would hand the killed message out again after its timeout: the same id does nothing.
        matches_recompute_tenders_task.apply_async(kwargs={"tender_ids": chunks[1]}, queue=queue, task_id=second)
        _wait_for(
            "the stale copy to be dropped",
            lambda: f"{second}] succeeded" in logs[1].read_text(errors="replace"),
            logs[1:],
            workers[1:],
        )
    finally:
        locker.close()
        for worker in workers:
            _stop(worker)
        bound = Queue(queue, Exchange(queue), routing_key=queue)(channel)
        bound.declare()
        left_in_queue = bound.queue_declare()[1]
        bound.delete()
        channel.client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        for tag in _unacked(channel, queue):  # the killed message: never restored after this test
            channel.client.hdel(channel.unacked_key, tag)
            channel.client.zrem(channel.unacked_index_key, tag)
        broker.release()

    assert left_in_queue == 0
    assert "skipped: this run is done or was queued again" in logs[1].read_text(errors="replace")
    lost = expected.keys() - stored.keys()
    extra = stored.keys() - expected.keys()
    duplicated = Match.objects.count() - len(stored)
    assert (len(lost), len(extra), duplicated) == (0, 0, 0)
    assert all(abs(stored[key] - score) <= 1e-9 for key, score in expected.items())
    assert _rows() == stored  # the dropped copy wrote nothing
    assert TenderCutoff.objects.filter(tender_id__in=chunks[0] + chunks[1]).count() == 4
    print(f"\nkill → redone in {elapsed:.1f} s; lost 0, duplicated 0")
