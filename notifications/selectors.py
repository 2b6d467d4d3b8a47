"""Reads of the notifications app: a person's notifications with their text in the active language."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications import kinds
from notifications.models import Notification, SavedSearch


def unread_count(user) -> int:
    """How many of the person's notifications are unread (one COUNT on a partial index)."""
    return Notification.objects.visible_to(user).unread().count()


def notifications_for_list(user) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user).only(
        "pk", "kind", "params", "link", "created_at", "read_at", "recipient_id"
    )


def attach_texts(notifications: list[Notification]) -> list[Notification]:
    """Set `notification.text` (title and lines) in the active language, and `notification.href`: its
    link when it is a path of this site (never another site's address or a script URL)."""
    for notification in notifications:
        notification.text = kinds.render(notification.kind, notification.params)
        link = notification.link
        notification.href = link if link.startswith("/") and not link.startswith(("//", "/\\")) else ""
    return notifications


def saved_searches_of(user, list_name: str) -> list[SavedSearch]:
    return list(SavedSearch.objects.visible_to(user).filter(list_name=list_name).order_by("name", "pk"))
