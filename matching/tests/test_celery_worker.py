"""A real Celery worker on the real Redis broker runs the recompute tasks against the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction
from kombu import Exchange, Queue

from consultants.tests.factories import SkillFactory
from matching.models import Match, TenderCutoff
from matching.services import matches_recompute
from matching.tasks import matches_recompute_tenders_task
from talentmatch.celery import app

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 120  # an upper bound for the worker to start and run both tasks, not a timing assertion
TOP_K = 3


def _database_url() -> str:
    """The URL of pytest-django's test database, for the worker process."""
    database = connection.settings_dict
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(database['NAME'], safe='')}"


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

    queue = f"test-matching-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MATCHING_TOP_K": str(TOP_K),
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
        for tender_ids in chunks:
            matches_recompute_tenders_task.apply_async(kwargs={"tender_ids": tender_ids}, queue=queue)
        every_tender = [tender_id for chunk in chunks for tender_id in chunk]
        deadline = time.monotonic() + WAIT_SECONDS
        while TenderCutoff.objects.filter(tender_id__in=every_tender).count() < len(every_tender):
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
            # The Redis transport keeps the queue's bindings in keys of their own.
            channel.client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")

    stored = _rows()
    assert stored.keys() == expected.keys()
    for key, (status, score) in expected.items():
        assert stored[key][0] == status == "suggested"
        assert abs(stored[key][1] - score) <= 1e-9
    assert log.read_text(errors="replace").count("succeeded in") == 2
