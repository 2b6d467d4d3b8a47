"""What the collaboration workflow tests share: the status shorthands, and readers of the events,
flash messages and every row a collaboration write could change."""

from __future__ import annotations

from django.urls import reverse

from collaborations.models import Collaboration, CollaborationEvent, CollaborationSharing, CollaborationStatus
from consultants.models import Consultant

PENDING, ACTIVE, INACTIVE = CollaborationStatus.PENDING, CollaborationStatus.ACTIVE, CollaborationStatus.INACTIVE


def _events(collaboration) -> list[tuple]:
    return list(collaboration.events.order_by("pk").values_list("by_id", "from_status", "to_status"))


def _snapshot() -> tuple:
    """Everything the collaboration writes could change."""
    return (
        list(Collaboration.objects.order_by("pk").values_list("pk", "initiator_company", "partner_company", "status")),
        list(CollaborationEvent.objects.order_by("pk").values_list("pk", "to_status")),
        list(CollaborationSharing.objects.order_by("pk").values_list("pk", "company", "mode", "show_names")),
        list(CollaborationSharing.selection.through.objects.order_by("pk").values_list("pk", "consultant_id")),
        list(Consultant.objects.order_by("pk").values_list("pk", "sharing_excluded")),
    )


def _status(client, collaboration, action: str):
    return client.post(reverse("collaborations:collaboration-status", args=[collaboration.pk]), {"action": action})


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]
