"""The kill drill: a Celery worker killed with SIGKILL in the middle of a portfolio generation.

A real worker on the real Redis broker takes three booked portfolios in turn. The test holds the row
lock of the second one from a connection of its own, so the worker's task is stuck inside
`portfolio_render` — the message delivered, unacknowledged (acks_late) — when the test kills the
worker's whole process group. The lock is released, a second worker starts, and the broker hands the
unacknowledged message out again once the visibility timeout has passed. Afterwards every booking is
generated exactly once: one row per pair, one file per row, no partial or stray file ("lost 0,
duplicated 0").
"""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue
from pypdf import PdfReader

from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from matching import portfolios
from matching.models import Portfolio, PortfolioGeneration
from matching.portfolios.tasks import portfolio_generate_task
from talentmatch.celery import app
from talentmatch.tests.celery_workers import WORKER_SECRET_KEY, database_url
from tenders.tests.factories import TenderFactory, TenderSkillFactory

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 120  # an upper bound for each step (start, render, redelivery), not a timing assertion
VISIBILITY_TIMEOUT = 5  # seconds before Redis hands an unacknowledged message out again
BOOKINGS = 3
KILLED = 1  # the index of the booking whose task is running when the worker is killed


def _wait_for(what: str, condition, logs: list[Path], workers: list[subprocess.Popen] = ()):
    """Poll `condition` until it returns something truthy; fail with the workers' logs after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        result = condition()
        if result:
            return result
        exited = [worker.pid for worker in workers if worker.poll() is not None]
        if exited or time.monotonic() > deadline:
            tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs)
            pytest.fail(f"{'a worker exited' if exited else 'gave up'} while waiting for {what}\n{tails}")
        time.sleep(0.2)


def _start_worker(queue: str, log: Path, environment: dict) -> subprocess.Popen:
    """A solo worker: the task runs in the worker's own process, which leads a process group of its own."""
    with log.open("wb") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "talentmatch",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _kill_group(worker: subprocess.Popen) -> None:
    """SIGKILL the worker and every process of its group (a prefork pool's children included)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=30)
    _kill_group(worker)


def _unacked(channel, queue: str) -> dict[str, float]:
    """The messages of `queue` that Redis holds as delivered but not acknowledged: tag → delivery time."""
    client = channel.client
    tags = {}
    for tag, payload in client.hgetall(channel.unacked_key).items():
        _message, exchange, routing_key = json.loads(payload)
        if queue in (exchange, routing_key):
            tags[tag.decode()] = client.zscore(channel.unacked_index_key, tag)
    return tags


def _blocked_by(holder_pid: int) -> list[tuple[int, str, str]]:
    """The backends waiting for a lock that `holder_pid` holds: pid, wait event type, statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, wait_event_type, query FROM pg_stat_activity"
            " WHERE %s = ANY(pg_blocking_pids(pid)) ORDER BY pid",
            [holder_pid],
        )
        return cursor.fetchall()


def _backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def test_a_worker_killed_mid_generation_leaves_one_version_and_no_orphan_file_after_redelivery(
    cast, tmp_path: Path, capsys
):
    if connection.vendor != "postgresql":
        pytest.skip("The worker processes need a database they can share: run with PostgreSQL.")
    if app.conf.task_always_eager:
        pytest.skip("Tasks run eagerly here (CELERY_TASK_ALWAYS_EAGER): there is no broker to test.")
    python = SkillFactory(name="Python")
    tender = TenderFactory(company=cast.a.company, title="Drill mission")
    TenderSkillFactory(tender=tender, skill=python)
    consultants = []
    for number in range(BOOKINGS):
        consultant = ConsultantFactory(company=cast.a.company, user__last_name=f"Driller{number}")
        ConsultantSkillFactory(consultant=consultant, skill=python)
        consultants.append(consultant)
    # Booked by the service; queued below on the test's own queue, as its on-commit hook would.
    booked = [
        portfolios.portfolio_request(consultant=consultant, tender=tender, by=cast.a.sales, language="en", queue=False)
        for consultant in consultants
    ]
    private = tmp_path / "private"
    queue = f"test-kill-drill-{uuid.uuid4().hex}"
    logs = [tmp_path / "worker-killed.log", tmp_path / "worker-after.log"]
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "PRIVATE_MEDIA_ROOT": str(private),
        "DJANGO_SETTINGS_MODULE": "talentmatch.settings",
        "DJANGO_SECRET_KEY": WORKER_SECRET_KEY,
    }
    task_ids = [uuid.uuid4().hex for _booking in booked]
    workers = []
    locker = psycopg.connect(database_url(), autocommit=False)
    broker = app.connection_for_write()
    channel = broker.default_channel
    try:
        # The test holds the row lock of the booking to be killed: its task will wait inside the render.
        holder = locker.info.backend_pid
        locker.execute(f"SELECT id FROM {Portfolio._meta.db_table} WHERE id = %s FOR UPDATE", [booked[KILLED].pk])
        for portfolio, task_id in zip(booked, task_ids, strict=True):
            portfolio_generate_task.apply_async(
                kwargs={"portfolio_id": portfolio.pk, "company_id": tender.company_id}, queue=queue, task_id=task_id
            )

        workers.append(_start_worker(queue, logs[0], environment))
        waiting = _wait_for(
            "the worker's task to wait for the portfolio's lock", lambda: _blocked_by(holder), logs, workers
        )
        [(orphan_backend, wait_event_type, statement)] = waiting
        # The render's SELECT ... FOR UPDATE of the portfolio (pg_stat_activity cuts long statements short).
        assert wait_event_type == "Lock" and statement.startswith(f'SELECT "{Portfolio._meta.db_table}"."id"')
        # In the middle: the first booking is done, the second is running, the third still waits in the queue.
        assert [portfolio.generation for portfolio in Portfolio.objects.order_by("pk")] == [
            PortfolioGeneration.READY,
            PortfolioGeneration.QUEUED,
            PortfolioGeneration.QUEUED,
        ]
        assert f"{task_ids[KILLED]}] received" in logs[0].read_text(errors="replace")

        _kill_group(workers[0])
        assert workers[0].returncode == -signal.SIGKILL
        killed_log = logs[0].read_text(errors="replace")
        assert killed_log.count("succeeded in") == 1 and f"{task_ids[0]}] succeeded" in killed_log
        unacknowledged = _unacked(channel, queue)
        assert len(unacknowledged) == 1, unacknowledged  # the killed task's message, and only it
        delivered_at = next(iter(unacknowledged.values()))
        locker.rollback()
        # The killed worker's database session notices its client is gone once it gets the lock.
        _wait_for("the killed worker's database session to end", lambda: not _backend_alive(orphan_backend), logs)

        # Redis hands the message out again to a consumer that sweeps after the visibility timeout
        # (the new worker sweeps as it starts): start it once that time has passed.
        _wait_for("the visibility timeout to pass", lambda: time.time() > delivered_at + VISIBILITY_TIMEOUT + 1, logs)
        workers.append(_start_worker(queue, logs[1], environment))
        _wait_for(
            "every booking to be generated",
            lambda: not Portfolio.objects.exclude(generation=PortfolioGeneration.READY).exists(),
            logs[1:],
            workers[1:],
        )
        _wait_for("the last acknowledgement", lambda: not _unacked(channel, queue), logs[1:], workers[1:])
        _wait_for(
            "both tasks to be logged as done",
            lambda: logs[1].read_text(errors="replace").count("succeeded in") == 2,
            logs[1:],
            workers[1:],
        )
    finally:
        locker.close()
        for worker in workers:
            _stop(worker)
        # A channel deletes only the queues it declared itself: declare, then delete (messages included).
        bound = Queue(queue, Exchange(queue), routing_key=queue)(channel)
        bound.declare()
        left_in_queue = bound.queue_declare()[1]
        bound.delete()
        channel.client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        for tag in _unacked(channel, queue):  # after a failure: nothing of ours is ever restored later
            channel.client.hdel(channel.unacked_key, tag)
            channel.client.zrem(channel.unacked_index_key, tag)
        broker.release()

    assert left_in_queue == 0  # no copy of a message waits for a third delivery
    after_log = logs[1].read_text(errors="replace")
    assert f"{task_ids[KILLED]}] succeeded" in after_log and f"{task_ids[2]}] succeeded" in after_log
    rows = list(Portfolio.objects.order_by("pk"))
    pairs = {(row.consultant_id, row.tender_id) for row in rows}
    files = sorted(path.relative_to(private).as_posix() for path in private.rglob("*") if path.is_file())
    expected_files = sorted(portfolios.storage_name(row, kind) for row in rows for kind in ("pdf", "docx"))
    lost = sum(
        1
        for portfolio in booked
        if not any(
            row.pk == portfolio.pk
            and row.generation == PortfolioGeneration.READY
            and row.file_path == portfolios.storage_name(row)
            and (private / row.file_path).is_file()
            for row in rows
        )
    )
    duplicated = (len(rows) - len(pairs)) + len(set(files) - set(expected_files))
    with capsys.disabled():
        print(f"\nkill drill: bookings {BOOKINGS}, killed 1, lost {lost}, duplicated {duplicated}")

    assert [(row.pk, row.version, row.generation) for row in rows] == [
        (portfolio.pk, 1, PortfolioGeneration.READY) for portfolio in booked
    ]
    assert len(pairs) == BOOKINGS
    assert files == expected_files  # no partial (.part) or stray file beside the three PDFs and Word files
    for row, consultant in zip(rows, consultants, strict=True):
        reader = PdfReader(io.BytesIO((private / row.file_path).read_bytes()))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert consultant.user.last_name in text and "Drill mission" in text
    assert (lost, duplicated) == (0, 0)
