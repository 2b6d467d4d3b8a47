"""The notification e-mails (Django's locmem outbox): a daily digest by default, immediate on request,
none once unsubscribed; in the recipient's language; once, however often the task runs."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification, NotificationPreference
from notifications.services import Message, notify, unsubscribe_token, user_from_unsubscribe_token
from notifications.services import mail as mailing

pytestmark = pytest.mark.django_db


def _notice(user, key: str, **fields) -> Notification:
    defaults = {
        "kind": "reply_deadline",
        "params": {"tender": "Data platform", "date": "2030-03-06"},
        "link": "/tenders/",
    }
    return Notification.objects.create(recipient=user, company=user.company, key=key, **{**defaults, **fields})


def test_the_daily_digest_sends_one_mail_per_person_with_what_is_unread_and_unmailed_once(cast, settings):
    settings.SITE_URL = "https://tm.example.test"
    _notice(cast.a.sales, "one")
    _notice(cast.a.sales, "two", params={"tender": "Cloud move", "date": "2030-03-07"})
    _notice(cast.a.sales, "read", read_at="2030-01-01T00:00:00Z")
    _notice(cast.b.sales, "beta")
    NotificationPreference.objects.create(user=cast.b.sales, email_mode="off")

    assert mailing.notifications_digest_send() == {"digests": 1, "notifications": 2}
    assert mailing.notifications_digest_send() == {"digests": 0, "notifications": 0}

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sales@alpha.test"]
    assert message.subject == "TalentMatch : 2 nouvelles notifications"
    assert "La réponse à « Data platform » est due le 6 mars 2030 et personne n’est encore proposé" in message.body
    assert "« Cloud move »" in message.body and "Beta" not in message.body
    token = unsubscribe_token(cast.a.sales)
    link = "https://tm.example.test" + reverse("notifications:unsubscribe", kwargs={"token": token})
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert 'href="https://tm.example.test/tenders/"' in html and '<html lang="fr">' in html
    assert sorted(Notification.objects.filter(emailed_at__isnull=False).values_list("key", flat=True)) == ["one", "two"]


def test_an_english_speaker_gets_english_mail_and_immediate_mode_sends_one_each(cast):
    NotificationPreference.objects.create(user=cast.a.recruiter, email_mode="immediate", language="en")
    _notice(cast.a.recruiter, "one", kind="saved_search", params={"name": "Python in Lyon", "count": 1})
    _notice(cast.a.recruiter, "two")

    assert mailing.notifications_email_send(user_id=cast.a.recruiter.pk) == 2
    assert mailing.notifications_email_send(user_id=cast.a.recruiter.pk) == 0
    assert mailing.notifications_digest_send() == {"digests": 0, "notifications": 0}
    assert [m.subject for m in mail.outbox] == [
        "TalentMatch: Your saved search “Python in Lyon” has 1 new result",
        "TalentMatch: The reply to “Data platform” is due on March 6, 2030 and nobody is submitted yet",
    ]
    assert "Stop these e-mails in one click" in mail.outbox[0].body


def test_a_muted_kind_is_not_mailed_and_a_digest_person_gets_nothing_immediately(cast):
    NotificationPreference.objects.create(user=cast.a.manager, muted_kinds=["reply_deadline"])
    _notice(cast.a.manager, "muted")
    assert mailing.notifications_email_send(user_id=cast.a.manager.pk) == 0
    assert mailing.notifications_digest_send() == {"digests": 0, "notifications": 0}
    assert mail.outbox == []


def test_notify_queues_the_immediate_mail_after_the_commit_and_never_crosses_companies(
    cast, eager_tasks, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=cast.a.manager, email_mode="immediate")
    message = Message(kind="reply_deadline", key="deadline:1", params={"tender": "X", "date": "2030-03-06"})
    with django_capture_on_commit_callbacks(execute=True):
        told = notify(
            recipients=[cast.a.manager, cast.b.manager, cast.a.sales], company_id=cast.a.company.pk, message=message
        )
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(recipients=[cast.a.manager], company_id=cast.a.company.pk, message=message)
    assert told == [cast.a.manager.pk, cast.a.sales.pk] and again == []
    assert [m.to for m in mail.outbox] == [["manager@alpha.test"]]
    assert Notification.objects.filter(company=cast.b.company).count() == 0


def test_the_unsubscribe_token_is_signed_and_names_its_account(cast):
    token = unsubscribe_token(cast.a.sales)
    assert user_from_unsubscribe_token(token) == cast.a.sales
    assert user_from_unsubscribe_token(token[:-2] + "xx") is None
    assert user_from_unsubscribe_token("invalid-token") is None
