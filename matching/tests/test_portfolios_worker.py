"""A real Celery worker on the real Redis broker generates a portfolio, once, even when the task is
delivered twice."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from matching import portfolios
from matching.models import Portfolio, PortfolioGeneration
from matching.portfolios.tasks import portfolio_generate_task
from talentmatch.celery import app
from talentmatch.tests.celery_workers import celery_worker
from tenders.tests.factories import TenderFactory, TenderSkillFactory

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]


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

    environment = {"CELERY_TASK_ALWAYS_EAGER": "0", "PRIVATE_MEDIA_ROOT": str(private)}
    with celery_worker(tmp_path, name="portfolio", env=environment) as worker:
        kwargs = {"portfolio_id": booked.pk, "company_id": cast.a.company.pk}
        for _delivery in range(2):
            portfolio_generate_task.apply_async(kwargs=kwargs, queue=worker.queue)
        worker.wait_until(lambda: worker.text().count("succeeded in") >= 2)

    portfolio = Portfolio.objects.get()
    assert (portfolio.pk, portfolio.version, portfolio.generation) == (booked.pk, 1, PortfolioGeneration.READY)
    files = sorted(path.relative_to(private).as_posix() for path in private.rglob("*") if path.is_file())
    # The PDF and the Word file of the one version, nothing else.
    assert files == sorted([portfolios.storage_name(portfolio), portfolios.storage_name(portfolio, "docx")])
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO((private / portfolios.storage_name(portfolio)).read_bytes())).pages
    )
    assert "Skills dossier — C. W." in " ".join(text.split())
    assert "Workerson" not in text and "w@example.test" not in text
    assert worker.text().count("succeeded in") == 2
