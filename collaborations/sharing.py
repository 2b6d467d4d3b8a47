"""Which consultants a company shares with which partner, decided at the moment of the question.

A company shares a consultant with a partner when all of these hold:
- a collaboration between the two companies is *in force*: active, and today lies between its start
  and end dates (an empty date is open);
- the consultant is available or partially available, or free (by `availability_date`) within
  SHARING_HORIZON_DAYS days;
- the owner has not excluded the consultant from sharing (`Consultant.sharing_excluded`);
- when the owner shares only a selection on that collaboration, the consultant is in it.

Every reader — the consultant pages, the rankings, the matching pools — goes through `shared_q`,
so that ending a collaboration, excluding a consultant or a consultant becoming unavailable takes
effect on the very next request.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from collaborations.models import Collaboration, CollaborationSharing, CollaborationStatus, SharingMode

SHARING_HORIZON_DAYS = 30


def today() -> datetime.date:
    return timezone.localdate()


def in_force_q(day: datetime.date, prefix: str = "") -> Q:
    """Collaborations in force on `day` (fields looked up through `prefix`, e.g. "collaboration__")."""
    return (
        Q(**{f"{prefix}status": CollaborationStatus.ACTIVE})
        & (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day}))
    )


def available_soon_q(day: datetime.date, prefix: str = "") -> Q:
    """Consultants available now, partially available, or free within the sharing horizon."""
    from consultants.models import AvailabilityStatus

    horizon = day + datetime.timedelta(days=SHARING_HORIZON_DAYS)
    return Q(
        **{
            f"{prefix}availability_status__in": [
                AvailabilityStatus.AVAILABLE,
                AvailabilityStatus.PARTIALLY_AVAILABLE,
            ]
        }
    ) | Q(**{f"{prefix}availability_date__lte": horizon})


@dataclass(frozen=True)
class Link:
    """An in-force collaboration, seen from the receiving company: what `sharer_id` shares with it."""

    collaboration_id: int
    sharer_id: int
    sharer_name: str
    mode: str
    show_names: bool


def is_in_force(collaboration: Collaboration, day: datetime.date) -> bool:
    """`in_force_q` for one collaboration already loaded."""
    return (
        collaboration.status == CollaborationStatus.ACTIVE
        and (collaboration.start_date is None or collaboration.start_date <= day)
        and (collaboration.end_date is None or collaboration.end_date >= day)
    )


def links_and_history(company_id: int | None, day: datetime.date | None = None) -> tuple[list[Link], bool]:
    """The in-force collaborations of `company_id` with the partner's sharing settings, and whether
    the company has ever had a collaboration at all. One query, two when one is in force."""
    if company_id is None:
        return [], False
    day = day or today()
    collaborations = list(
        Collaboration.objects.filter(Q(initiator_company_id=company_id) | Q(partner_company_id=company_id))
        .select_related("initiator_company", "partner_company")
        .order_by("pk")
    )
    live = [collaboration for collaboration in collaborations if is_in_force(collaboration, day)]
    if not live:
        return [], bool(collaborations)
    settings_by_side = {
        (row.collaboration_id, row.company_id): row
        for row in CollaborationSharing.objects.filter(collaboration__in=live)
    }
    links = []
    for collaboration in live:
        sharer = collaboration.other_side(company_id)
        setting = settings_by_side.get((collaboration.pk, sharer.pk))
        links.append(
            Link(
                collaboration_id=collaboration.pk,
                sharer_id=sharer.pk,
                sharer_name=sharer.name,
                mode=setting.mode if setting else SharingMode.AVAILABLE,
                show_names=setting.show_names if setting else False,
            )
        )
    return links, True


def links_to(company_id: int | None, day: datetime.date | None = None) -> list[Link]:
    """The in-force collaborations of `company_id`, each with the partner's sharing settings."""
    return links_and_history(company_id, day)[0]


def shared_q(links: list[Link], day: datetime.date | None = None, prefix: str = "") -> Q:
    """Consultants shared through `links` (fields looked up through `prefix`, e.g. "consultant__").

    Matches nothing when there is no link.
    """
    day = day or today()
    condition = Q(**{f"{prefix}pk__in": []})
    for link in links:
        shared = Q(**{f"{prefix}company_id": link.sharer_id, f"{prefix}sharing_excluded": False}) & available_soon_q(
            day, prefix
        )
        if link.mode == SharingMode.SELECTION:
            selected = CollaborationSharing.selection.through.objects.filter(
                collaborationsharing__collaboration_id=link.collaboration_id,
                collaborationsharing__company_id=link.sharer_id,
            ).values("consultant_id")
            shared &= Q(**{f"{prefix}pk__in": selected})
        condition |= shared
    return condition


def partner_company_ids(company_id: int, day: datetime.date | None = None) -> set[int]:
    """Companies with an in-force collaboration with `company_id`. One query."""
    day = day or today()
    rows = Collaboration.objects.filter(in_force_q(day)).filter(
        Q(initiator_company_id=company_id) | Q(partner_company_id=company_id)
    )
    return {
        partner
        for initiator, partner_side in rows.values_list("initiator_company_id", "partner_company_id")
        for partner in (initiator, partner_side)
        if partner != company_id
    }


def initials(first_name: str, last_name: str) -> str:
    """ "Hélène Lefèvre" → "H. L."; what a partner sees of a name unless the owner shows names."""
    parts = [f"{part[0].upper()}." for part in (first_name.strip(), last_name.strip()) if part]
    return " ".join(parts) or "—"


def display_name(consultant, show_names: bool) -> str:
    user = consultant.user if consultant.user_id else None
    if user is None:
        return "—"
    return user.full_name if show_names else initials(user.first_name, user.last_name)
