"""A real Celery worker on the real Redis broker runs the daily and weekly maintenance tasks."""

import datetime
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from collaborations.models import CollaborationStatus
from collaborations.tests.factories import CollaborationFactory
from consultants.models import AvailabilityStatus
from consultants.tests.factories import ConsultantFactory
from talentmatch import tasks
from talentmatch.celery import app
from talentmatch.tests.celery_workers import celery_worker

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]


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

    # What the tasks queue in turn (rescoring) runs inside the worker, leaving no stray message.
    environment = {"CELERY_TASK_ALWAYS_EAGER": "1", "PRIVATE_MEDIA_ROOT": str(media)}
    with celery_worker(tmp_path, name="maintenance", env=environment) as worker:
        for task in (
            tasks.consultants_availability_roll_over_task,
            tasks.collaborations_expire_task,
            tasks.private_media_clean_up_task,
        ):
            task.apply_async(queue=worker.queue)
        worker.wait_until(lambda: _all_done(consultant, collaboration, worker.log))

    assert not orphan.exists()
    text = worker.text()
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
