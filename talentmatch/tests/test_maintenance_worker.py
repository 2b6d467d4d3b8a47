"""A real Celery worker on the real Redis broker runs the daily and weekly maintenance tasks."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Exchange, Queue

from collaborations.models import CollaborationStatus
from collaborations.tests.factories import CollaborationFactory
from consultants.models import AvailabilityStatus
from consultants.tests.factories import ConsultantFactory
from talentmatch import tasks
from talentmatch.celery import app

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 120  # an upper bound for the worker to start and run the tasks, not a timing assertion


def _database_url() -> str:
    """The URL of pytest-django's test database, for the worker process."""
    database = connection.settings_dict
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(database['NAME'], safe='')}"


def test_a_real_worker_runs_the_maintenance_tasks_sent_through_the_broker(cast, tmp_path: Path):
    if connection.vendor != "postgresql":
        pytest.skip("The worker process needs a database it can share: run with PostgreSQL.")
    if app.conf.task_always_eager:
        pytest.skip("Tasks run eagerly here (CELERY_TASK_ALWAYS_EAGER): there is no broker to test.")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    consultant = ConsultantFactory(
        company=cast.a.company, availability_status=AvailabilityStatus.ON_MISSION, availability_date=yesterday
    )
    collaboration = CollaborationFactory(
        initiator_company=cast.a.company,
        partner_company=cast.b.company,
        status=CollaborationStatus.ACTIVE,
        end_date=yesterday,
    )
    media = tmp_path / "private"
    orphan = media / "portfolios" / "orphan.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.7")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(orphan, (two_days_ago, two_days_ago))

    queue = f"test-maintenance-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        # What the tasks queue in turn (rescoring) runs inside this worker, leaving no stray message.
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "PRIVATE_MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "talentmatch.settings",
    }
    with log.open("wb") as output:
        worker = subprocess.Popen(
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
        )
    try:
        for task in (
            tasks.consultants_availability_roll_over_task,
            tasks.collaborations_expire_task,
            tasks.private_media_clean_up_task,
        ):
            task.apply_async(queue=queue)
        deadline = time.monotonic() + WAIT_SECONDS
        while not _all_done(consultant, collaboration, log):
            assert worker.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)
        with app.connection_for_write() as broker:
            channel = broker.default_channel
            Queue(queue, Exchange(queue), routing_key=queue)(channel).delete()
            channel.client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")

    assert not orphan.exists()
    text = log.read_text(errors="replace")
    for task in (tasks.consultants_availability_roll_over_task, tasks.collaborations_expire_task):
        assert f"Task {task.name}[" in text
    assert "raised" not in text


def _all_done(consultant, collaboration, log: Path) -> bool:
    consultant.refresh_from_db()
    collaboration.refresh_from_db()
    return (
        consultant.availability_status == AvailabilityStatus.AVAILABLE
        and collaboration.status == CollaborationStatus.INACTIVE
        and "scanned 1, deleted 1 (8 bytes)" in log.read_text(errors="replace")
    )
