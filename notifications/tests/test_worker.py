"""A real Celery worker on the real Redis broker runs the alerts and the digest, each delivered twice:
every person of the right company hears once, as their preferences say, and nobody of another company.

The worker is another process: its mail goes to Django's file backend in a temporary folder (the
in-process tests use the locmem outbox)."""

import datetime
import email
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from consultants.tests.factories import SkillFactory
from history.models import ChangeRecord
from matching.tasks import matches_recompute_tender_task
from notifications.models import Notification, NotificationPreference
from notifications.tasks import notifications_digest_send_task, notifications_look_ahead_task
from talentmatch.celery import app
from talentmatch.tests.celery_workers import celery_worker
from tenders.tests.factories import TenderFactory

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="Needs a real Redis broker: set REDIS_URL (the PostgreSQL CI run does)."
    ),
    pytest.mark.django_db(transaction=True),
]


def _mails(folder: Path) -> list[email.message.Message]:
    chunks = [chunk for path in sorted(folder.glob("*.log")) for chunk in path.read_text().split("-" * 79)]
    return [email.message_from_string(chunk.strip()) for chunk in chunks if chunk.strip()]


def test_a_real_worker_alerts_each_person_once_and_mails_one_digest_each_even_when_tasks_run_twice(
    cast, hire, post_tender, tmp_path: Path
):
    if connection.vendor != "postgresql":
        pytest.skip("The worker process needs a database it can share: run with PostgreSQL.")
    if app.conf.task_always_eager:
        pytest.skip("Tasks run eagerly here (CELERY_TASK_ALWAYS_EAGER): there is no broker to test.")
    today = timezone.localdate()
    python = SkillFactory(name="Python")
    tender = post_tender(cast.a.company, {python: "required"}, title="Worker tender")
    ChangeRecord.objects.create(
        company=cast.a.company, actor=cast.a.sales, object_kind="tender", object_id=tender.pk, action="created"
    )
    bench = hire(cast.a.company, {python: "expert"})
    hire(cast.a.company, {python: "expert"}, availability_status="on_mission", availability_date=None)
    hire(cast.b.company, {python: "expert"})  # another company, no collaboration: never a candidate
    freeing_a = hire(
        cast.a.company, availability_status="on_mission", availability_date=today + datetime.timedelta(days=45)
    )
    freeing_b = hire(
        cast.b.company, availability_status="unavailable", availability_date=today + datetime.timedelta(days=25)
    )
    due_b = TenderFactory(company=cast.b.company, title="Beta due", reply_deadline=today + datetime.timedelta(days=1))
    TenderFactory(company=cast.a.company, reply_deadline=None, start_date=today + datetime.timedelta(days=1))
    NotificationPreference.objects.create(user=cast.a.recruiter, muted_kinds=["consultant_freeing"])
    NotificationPreference.objects.create(user=cast.b.manager, email_mode="off")
    outbox = tmp_path / "mail"

    environment = {
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "NOTIFICATIONS_MATCH_THRESHOLD": "0.01",
        "EMAIL_URL": f"filemail:///{outbox}",
    }
    with celery_worker(tmp_path, name="notifications", env=environment) as worker:
        for task, kwargs in (
            (matches_recompute_tender_task, {"tender_id": tender.pk}),
            (notifications_look_ahead_task, {}),
            (notifications_digest_send_task, {}),
        ):
            for _delivery in range(2):
                task.apply_async(kwargs=kwargs, queue=worker.queue)
        worker.wait_until(lambda: worker.text().count("succeeded in") >= 6)

    assert sorted(Notification.objects.values_list("recipient__email", "kind", "key")) == sorted(
        [
            ("sales@alpha.test", "tender_match", f"tender-match:{tender.pk}:{bench.pk}"),
            ("recruiter@alpha.test", "tender_match", f"tender-match:{tender.pk}:{bench.pk}"),
            ("manager@alpha.test", "consultant_freeing", f"freeing:{freeing_a.pk}:60:{freeing_a.availability_date}"),
            ("manager@beta.test", "consultant_freeing", f"freeing:{freeing_b.pk}:30:{freeing_b.availability_date}"),
            ("recruiter@beta.test", "consultant_freeing", f"freeing:{freeing_b.pk}:30:{freeing_b.availability_date}"),
            ("sales@beta.test", "reply_deadline", f"deadline:{due_b.pk}:{due_b.reply_deadline}"),
        ]
    )
    assert all(n.company_id == n.recipient.company_id for n in Notification.objects.select_related("recipient"))
    mails = _mails(outbox)
    assert sorted(mail["To"] for mail in mails) == [
        "manager@alpha.test",
        "recruiter@alpha.test",
        "recruiter@beta.test",
        "sales@alpha.test",
        "sales@beta.test",
    ]
    unsubscribe = {" ".join(mail["List-Unsubscribe"].split()) for mail in mails}  # long headers are folded
    assert all(value.startswith("<http://127.0.0.1:8000/notifications/unsubscribe/") for value in unsubscribe)
    assert len(unsubscribe) == 5
    sales_mail = next(mail for mail in mails if mail["To"] == "sales@alpha.test")
    assert sales_mail["Subject"] == "TalentMatch : 1 nouvelle notification"
    assert set(Notification.objects.filter(emailed_at__isnull=True).values_list("recipient__email", flat=True)) == {
        "manager@beta.test"
    }
