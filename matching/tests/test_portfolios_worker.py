"""A real Celery worker on the real Redis broker generates a portfolio, once, even when the task is
delivered twice."""

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue
from pypdf import PdfReader

from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from matching import portfolios
from matching.models import Portfolio, PortfolioGeneration
from matching.portfolio_tasks import portfolio_generate_task
from matching.tests.test_celery_worker import _database_url
from talentmatch.celery import app
from tenders.tests.factories import TenderFactory, TenderSkillFactory

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 120  # an upper bound for the worker to start and render, not a timing assertion


def test_a_real_worker_generates_the_portfolio_once_even_when_the_task_is_delivered_twice(cast, tmp_path: Path):
    if connection.vendor != "postgresql":
        pytest.skip("The worker process needs a database it can share: run with PostgreSQL.")
    if app.conf.task_always_eager:
        pytest.skip("Tasks run eagerly here (CELERY_TASK_ALWAYS_EAGER): there is no broker to test.")
    python = SkillFactory(name="Python")
    tender = TenderFactory(company=cast.a.company, title="Worker mission")
    TenderSkillFactory(tender=tender, skill=python)
    consultant = ConsultantFactory(company=cast.a.company, user__last_name="Workerson", user__email="w@example.test")
    ConsultantSkillFactory(consultant=consultant, skill=python)
    booked = portfolios.portfolio_request(
        consultant=consultant, tender=tender, by=cast.a.sales, anonymized=True, language="en", queue=False
    )
    private = tmp_path / "private"

    queue = f"test-portfolio-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PRIVATE_MEDIA_ROOT": str(private),
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
        kwargs = {"portfolio_id": booked.pk, "company_id": cast.a.company.pk}
        for _delivery in range(2):
            portfolio_generate_task.apply_async(kwargs=kwargs, queue=queue)
        deadline = time.monotonic() + WAIT_SECONDS
        while log.read_text(errors="replace").count("succeeded in") < 2:
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

    portfolio = Portfolio.objects.get()
    assert (portfolio.pk, portfolio.version, portfolio.generation) == (booked.pk, 1, PortfolioGeneration.READY)
    files = sorted(path.relative_to(private).as_posix() for path in private.rglob("*") if path.is_file())
    assert files == [portfolios.storage_name(portfolio)]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO((private / files[0]).read_bytes())).pages)
    assert "Skills dossier — C. W." in " ".join(text.split())
    assert "Workerson" not in text and "w@example.test" not in text
    assert log.read_text(errors="replace").count("succeeded in") == 2
