"""A real Celery worker on the real Redis broker runs the recompute tasks against the test database."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from consultants.tests.factories import SkillFactory
from matching.models import Match, TenderCutoff
from matching.services import matches_recompute
from matching.tasks import matches_recompute_tenders_task
from talentmatch.celery import app
from talentmatch.tests.celery_workers import celery_worker

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]

TOP_K = 3


def _rows() -> dict[tuple[int, int], tuple[str, float]]:
    return {
        (tender, consultant): (status, score)
        for tender, consultant, status, score in Match.objects.values_list(
            "tender", "consultant", "status", "match_score"
        )
    }


@pytest.fixture
def chunks(cast, hire, post_tender, settings):
    """Four tenders of company a in two chunks, candidates for each, and one tender of company b."""
    settings.MATCHING = {**settings.MATCHING, "top_k": TOP_K}
    python, sql, java = (SkillFactory(name=name) for name in ("Python", "SQL", "Java"))
    tenders = [
        post_tender(cast.a.company, {python: "required"}),
        post_tender(cast.a.company, {python: "required", sql: "preferred"}),
        post_tender(cast.a.company, {sql: "required"}),
        post_tender(cast.a.company, {java: "required", python: "nice_to_have"}),
    ]
    post_tender(cast.b.company, {python: "required"})
    for level in ("beginner", "intermediate", "advanced", "expert"):
        hire(cast.a.company, {python: level, sql: "advanced"})
        hire(cast.a.company, {java: level})
    hire(cast.b.company, {python: "expert"})
    ids = [tender.pk for tender in tenders]
    return [ids[:2], ids[2:]]


def test_a_real_worker_on_the_redis_broker_stores_what_the_service_stores(chunks, tmp_path: Path):
    if connection.vendor != "postgresql":
        pytest.skip("The worker process needs a database it can share: run with PostgreSQL.")
    if app.conf.task_always_eager:
        pytest.skip("Tasks run eagerly here (CELERY_TASK_ALWAYS_EAGER): there is no broker to test.")
    # What the service stores for these chunks, computed here and rolled back.
    with transaction.atomic():
        for tender_ids in chunks:
            matches_recompute(tender_ids=tender_ids)
        expected = _rows()
        transaction.set_rollback(True)
    assert Match.objects.count() == 0
    assert len(expected) == 4 * TOP_K

    with celery_worker(
        tmp_path, name="matching", env={"CELERY_TASK_ALWAYS_EAGER": "0", "MATCHING_TOP_K": str(TOP_K)}
    ) as worker:
        for tender_ids in chunks:
            matches_recompute_tenders_task.apply_async(kwargs={"tender_ids": tender_ids}, queue=worker.queue)
        every_tender = [tender_id for chunk in chunks for tender_id in chunk]
        worker.wait_until(lambda: TenderCutoff.objects.filter(tender_id__in=every_tender).count() >= len(every_tender))

    stored = _rows()
    assert stored.keys() == expected.keys()
    for key, (status, score) in expected.items():
        assert stored[key][0] == status == "suggested"
        assert abs(stored[key][1] - score) <= 1e-9
    assert worker.text().count("succeeded in") == 2
