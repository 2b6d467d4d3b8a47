"""A real Celery worker on the real Redis broker runs a background import, once, even when the task
is delivered twice; the page then shows its report."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from consultants.models import Consultant
from dataio.services import jobs
from dataio.tasks import data_import_task
from dataio.tests.conftest import csv_bytes
from history.models import ChangeRecord
from talentmatch.celery import app
from talentmatch.tests.celery_workers import celery_worker

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]

ROWS = 600  # more than a batch (500): two batches


def test_a_real_worker_imports_a_long_file_once_even_when_the_task_is_delivered_twice(
    client, cast, catalogue, tmp_path: Path
):
    if connection.vendor != "postgresql":
        pytest.skip("The worker process needs a database it can share: run with PostgreSQL.")
    if app.conf.task_always_eager:
        pytest.skip("Tasks run eagerly here (CELERY_TASK_ALWAYS_EAGER): there is no broker to test.")
    content = csv_bytes(
        "first_name,last_name,email,title,skills",
        *(f"Anne{n},Worker{n},anne{n}@example.com,Dev,Python:expert:{n % 9}; Docker:beginner" for n in range(ROWS)),
    )
    job = jobs.import_job_start(
        kind="consultants",
        name="long.csv",
        content=content,
        by=cast.a.manager,
        dry_run=False,
        language="fr",
        queue=False,
    )
    kwargs = {"job_id": job, "company_id": cast.a.company.pk, "user_id": cast.a.manager.pk}

    # What the import queues in turn (rescoring) runs inside the worker, leaving no stray message.
    with celery_worker(tmp_path, name="import", env={"CELERY_TASK_ALWAYS_EAGER": "1"}) as worker:
        for _delivery in range(2):
            data_import_task.apply_async(kwargs=kwargs, queue=worker.queue)
        worker.wait_until(lambda: worker.text().count("succeeded in") >= 2)

    assert worker.text().count("'finished'") == 2
    assert Consultant.objects.filter(company=cast.a.company, user__email__endswith="@example.com").count() == ROWS
    assert ChangeRecord.objects.filter(company=cast.a.company, action="skill_added").count() == 2 * ROWS
    client.force_login(cast.a.manager)
    page = client.get(reverse("dataio:import-job", kwargs={"job": job}), HTTP_ACCEPT_LANGUAGE="fr")
    report = page.context["report"]
    assert (report.created, report.updated, report.rejected, report.applied) == (ROWS, 0, 0, True)
    assert "hx-trigger" not in page.content.decode()
