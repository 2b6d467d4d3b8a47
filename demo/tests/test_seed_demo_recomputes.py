"""How much matching work a first `seed_demo` queues: every change it makes is collected by
`talentmatch.events.deferred()`, the partner collaboration's new candidate pools included, so each
company is recomputed once after the commit."""

from collections import Counter

import pytest

from demo.services import demo_seed
from matching.services import recompute
from talentmatch.models import Company


@pytest.fixture
def recomputes(monkeypatch, settings):
    """The recompute runs the first seed queues, run in process: (company_id, tender_ids) of each."""
    from talentmatch.celery import app

    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    runs: list = []
    real = recompute.matches_recompute

    def counted(**kwargs):
        runs.append((kwargs.get("company_id"), tuple(kwargs.get("tender_ids") or ())))
        return real(**kwargs)

    monkeypatch.setattr(recompute, "matches_recompute", counted)
    yield runs
    app.conf.task_always_eager = previous


def test_a_first_seed_recomputes_each_demo_company_once(db, recomputes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo_seed()
    companies = set(Company.objects.values_list("pk", flat=True))
    per_company = Counter(company_id for company_id, _tenders in recomputes)
    assert per_company == dict.fromkeys(companies, 1), recomputes
    assert all(not tenders for _company, tenders in recomputes)
