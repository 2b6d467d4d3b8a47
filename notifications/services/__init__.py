"""Every write of the notifications app: creating notifications (once per person and event), reading
them, the preferences and the one-click unsubscribe. Mail goes out in `notifications.services.mail`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import EmailMode, Notification, NotificationKind, NotificationPreference
from talentmatch.models import User

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
SEND_TASK = "notifications.tasks.notifications_email_send_task"


@dataclass(frozen=True)
class Message:
    """What to tell: `key` names the event (a person hears of one key once), `params` fill its text."""

    kind: str
    key: str
    params: dict = field(default_factory=dict)
    link: str = ""
    target: models.Model | None = None


def preference_of(user: User) -> NotificationPreference:
    """The person's preferences, the defaults (daily digest, every kind) when they never chose."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


def notify(*, recipients: Iterable[User], company_id: int, message: Message) -> list[int]:
    """Create `message` for each active recipient of `company_id` who has not turned its kind off,
    once per (recipient, key) whatever the number of calls; those who chose immediate e-mail get it
    after the commit. Anyone of another company is left out. Returns the ids of the recipients told."""
    people = {user.pk: user for user in recipients if user.company_id == company_id and user.is_active}
    if not people:
        return []
    preferences = {pref.user_id: pref for pref in NotificationPreference.objects.filter(user_id__in=list(people))}
    wanted = [pk for pk in sorted(people) if message.kind not in getattr(preferences.get(pk), "muted_kinds", [])]
    target_type = ContentType.objects.get_for_model(message.target) if message.target is not None else None
    existing = set(
        Notification.objects.filter(recipient_id__in=wanted, key=message.key).values_list("recipient_id", flat=True)
    )
    fresh = [pk for pk in wanted if pk not in existing]
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                company_id=company_id,
                kind=message.kind,
                key=message.key[:200],
                target_type=target_type,
                target_id=message.target.pk if message.target is not None else None,
                link=message.link,
                params=message.params,
            )
            for pk in fresh
        ],
        ignore_conflicts=True,  # a concurrent run of the same event: the unique key keeps one row
    )
    immediate = [pk for pk in fresh if getattr(preferences.get(pk), "email_mode", None) == EmailMode.IMMEDIATE]
    for pk in immediate:
        transaction.on_commit(lambda pk=pk: current_app.tasks[SEND_TASK].delay(user_id=pk))
    return fresh


def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    """Mark one of `by`'s notifications read (again: unchanged)."""
    if notification.recipient_id != by.pk:
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, by: User) -> int:
    """Mark every unread notification of `by` read; returns how many."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user: User, email_mode: str, muted_kinds: Iterable[str], language: str) -> NotificationPreference:
    """Save how `user` wants to hear; unknown modes, kinds or languages are refused."""
    muted = sorted(set(muted_kinds))
    if email_mode not in EmailMode.values:
        raise ValidationError({"email_mode": _("Choose how you want to receive e-mails.")})
    if any(kind not in NotificationKind.values for kind in muted):
        raise ValidationError({"muted_kinds": _("Unknown kind of notification.")})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    preference.email_mode = email_mode
    preference.muted_kinds = muted
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference


def unsubscribe_token(user: User) -> str:
    """The signed token of a one-click unsubscribe link (no login needed; it only stops e-mails). The
    same for every mail of one account, and it does not expire: an old mail's link still works."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"user": user.pk})


def user_from_unsubscribe_token(token: str) -> User | None:
    """The account a token was made for, or None for a forged, damaged or stale (account gone) one."""
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    return User.objects.filter(pk=user_id, is_active=True).first() if isinstance(user_id, int) else None


@transaction.atomic
def email_unsubscribe(*, user: User) -> NotificationPreference:
    """Stop every notification e-mail to `user` (the in-app ones stay). Twice: unchanged."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    if preference.email_mode != EmailMode.OFF:
        preference.email_mode = EmailMode.OFF
        preference.save(update_fields=["email_mode", "updated_at"])
    return preference
