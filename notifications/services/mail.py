"""The notification e-mails: one each for those who chose it, else one daily digest, in the
recipient's language, each with a one-click unsubscribe link (and its List-Unsubscribe headers).

A notification is marked as mailed in the same transaction that sends it, its row locked: a task
run twice, or two runs at once, send it once (a send that fails rolls the mark back, so the next
run tries again)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import kinds
from notifications.models import EmailMode, Notification, NotificationPreference
from notifications.services import unsubscribe_token
from talentmatch.models import User

# A digest lists what is neither read nor mailed from this far back; an immediate e-mail, the last day's.
DIGEST_WINDOW = datetime.timedelta(days=7)
IMMEDIATE_WINDOW = datetime.timedelta(days=1)
DIGEST_LIMIT = 50


def _absolute(path: str) -> str:
    """A path of this site as a full address; anything else (never written by the alerts) as nothing."""
    return f"{settings.SITE_URL}{path}" if path.startswith("/") and not path.startswith("//") else ""


def _pending(user: User, window: datetime.timedelta, mode: str):
    preference = NotificationPreference.objects.filter(user=user).first()
    if (preference.email_mode if preference else EmailMode.DIGEST) != mode:
        return preference, []
    muted = preference.muted_kinds if preference else []
    rows = (
        Notification.objects.filter(
            recipient=user,
            company_id=user.company_id,
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=timezone.now() - window,
        )
        .exclude(kind__in=muted)
        .order_by("created_at", "pk")
        # Two runs at once take disjoint rows: the second finds them locked and sends nothing.
        .select_for_update(skip_locked=True)
    )
    return preference, list(rows[:DIGEST_LIMIT])


def _message(user: User, language: str, notifications: list[Notification], digest: bool) -> EmailMultiAlternatives:
    with translation.override(language):
        unsubscribe = _absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)}))
        items = [
            {"text": kinds.render(n.kind, n.params), "url": _absolute(n.link) if n.link else ""} for n in notifications
        ]
        context = {
            "user": user,
            "items": items,
            "digest": digest,
            "unsubscribe_url": unsubscribe,
            "preferences_url": _absolute(reverse("notifications:preferences")),
            "all_url": _absolute(reverse("notifications:notification-list")),
        }
        if digest:
            subject = ngettext(
                "TalentMatch: %(count)s new notification", "TalentMatch: %(count)s new notifications", len(items)
            ) % {"count": len(items)}
        else:
            subject = _("TalentMatch: %(title)s") % {"title": items[0]["text"].title}
        text = render_to_string("notifications/email/notifications.txt", context)
        html = render_to_string("notifications/email/notifications.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],
        body=text,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _send(user: User, mode: str, window: datetime.timedelta) -> int:
    if not user.is_active or not user.email:
        return 0
    with transaction.atomic():
        preference, notifications = _pending(user, window, mode)
        if not notifications:
            return 0
        language = preference.language if preference else settings.LANGUAGE_CODE
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
        if mode == EmailMode.DIGEST:
            _message(user, language, notifications, digest=True).send()
        else:
            for notification in notifications:
                _message(user, language, [notification], digest=False).send()
    return len(notifications)


def notifications_email_send(*, user_id: int) -> int:
    """Mail each not yet mailed notification of the last day to a person who chose immediate e-mail."""
    user = User.objects.filter(pk=user_id).first()
    return _send(user, EmailMode.IMMEDIATE, IMMEDIATE_WINDOW) if user else 0


def notifications_digest_send() -> dict[str, int]:
    """The daily digest: one e-mail to each person on the digest (the default) with notifications
    neither read nor mailed from the last 7 days. Run twice, the second run sends nothing."""
    waiting = (
        Notification.objects.filter(
            emailed_at__isnull=True, read_at__isnull=True, created_at__gte=timezone.now() - DIGEST_WINDOW
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    people = User.objects.filter(pk__in=waiting, is_active=True).order_by("pk")
    sent = mailed = 0
    for user in people:
        count = _send(user, EmailMode.DIGEST, DIGEST_WINDOW)
        sent += bool(count)
        mailed += count
    return {"digests": sent, "notifications": mailed}
