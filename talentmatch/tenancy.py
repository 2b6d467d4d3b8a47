"""Which consultants a company shares with which partner, and which rows a viewer reaches, decided at
the moment of the question.

A company shares a consultant with a partner when all of these hold:
- a collaboration between the two companies is *in force*: active, and today lies between its start
  and end dates (an empty date is open);
- the consultant is available or partially available, or free (by `availability_date`) within
  SHARING_HORIZON_DAYS days;
- the owner has not excluded the consultant from sharing (`Consultant.sharing_excluded`);
- when the owner shares only a selection on that collaboration, the consultant is in it;
- when the owner requires consent (`Company.consent_required`), the consultant's current answer to
  being shared with partners is a yes (talentmatch.consent).

Every reader — the consultant pages, the rankings, the matching pools — goes through `shared_q`,
so that ending a collaboration, excluding a consultant or a consultant becoming unavailable takes
effect on the very next request.

This module sits on the platform floor: it imports only talentmatch modules and reaches the
collaboration and consultant models through the app registry when a function runs, so every app
may import it at module level.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import ClassVar

from django.apps import apps
from django.db.models import F, Q
from django.utils import timezone

from talentmatch import access, consent

SHARING_HORIZON_DAYS = 30


# The models above this floor, and their choices, looked up when a rule runs (the registry is ready).
def _collaboration_model():
    return apps.get_model("collaborations", "Collaboration")


def _sharing_model():
    return apps.get_model("collaborations", "CollaborationSharing")


def _availability():
    return apps.get_model("consultants", "Consultant").AvailabilityStatus


def today() -> datetime.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Scope:
    """Which rows a viewer reaches: every company's (ALL), only their own consultant profile (SELF,
    `id` is the user's pk), or one company's (COMPANY, `id` is the company's pk, None for nobody)."""

    ALL: ClassVar[str] = "all"
    SELF: ClassVar[str] = "self"
    COMPANY: ClassVar[str] = "company"

    kind: str
    id: int | None = None

    @property
    def key(self) -> str | None:
        """The scope as a cache-key part; None when the viewer reaches no company."""
        if self.kind == self.ALL:
            return "all"
        if self.id is None:
            return None
        return f"{self.kind}:{self.id}"


def viewer_scope(user) -> Scope:
    """The one decision of which rows a viewer reaches, shared by `Consultant.objects.visible_to` and
    the consultant page's cache keys: the platform administrator reaches every company, a consultant
    only their own profile, anyone else their company."""
    if access.sees_all_companies(user):
        return Scope(Scope.ALL)
    if getattr(user, "role", None) == "consultant":
        return Scope(Scope.SELF, user.pk)
    return Scope(Scope.COMPANY, access.company_id_of(user))


def in_force_q(day: datetime.date, prefix: str = "") -> Q:
    """Collaborations in force on `day` (fields looked up through `prefix`, e.g. "collaboration__")."""
    return (
        Q(**{f"{prefix}status": _collaboration_model().Status.ACTIVE})
        & (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day}))
    )


def available_soon_q(day: datetime.date, prefix: str = "") -> Q:
    """Consultants available now, partially available, or free within the sharing horizon."""
    horizon = day + datetime.timedelta(days=SHARING_HORIZON_DAYS)
    status = _availability()
    return Q(**{f"{prefix}availability_status__in": [status.AVAILABLE, status.PARTIALLY_AVAILABLE]}) | Q(
        **{f"{prefix}availability_date__lte": horizon}
    )


@dataclass(frozen=True)
class Link:
    """An in-force collaboration, seen from the receiving company: what `sharer_id` shares with it."""

    collaboration_id: int
    sharer_id: int
    sharer_name: str
    mode: str
    show_names: bool
    consent_required: bool = False


def is_in_force(collaboration, day: datetime.date) -> bool:
    """`in_force_q` for one collaboration already loaded."""
    return (
        collaboration.status == _collaboration_model().Status.ACTIVE
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
        _collaboration_model()
        .objects.filter(Q(initiator_company_id=company_id) | Q(partner_company_id=company_id))
        .select_related("initiator_company", "partner_company")
        .order_by("pk")
    )
    live = [collaboration for collaboration in collaborations if is_in_force(collaboration, day)]
    if not live:
        return [], bool(collaborations)
    settings_by_side = {
        (row.collaboration_id, row.company_id): row for row in _sharing_model().objects.filter(collaboration__in=live)
    }
    default_mode = _sharing_model().Mode.AVAILABLE
    links = []
    for collaboration in live:
        sharer = collaboration.other_side(company_id)
        setting = settings_by_side.get((collaboration.pk, sharer.pk))
        links.append(
            Link(
                collaboration_id=collaboration.pk,
                sharer_id=sharer.pk,
                sharer_name=sharer.name,
                mode=setting.mode if setting else default_mode,
                show_names=setting.show_names if setting else False,
                consent_required=sharer.consent_required,
            )
        )
    return links, True


def links_to(company_id: int | None, day: datetime.date | None = None) -> list[Link]:
    """The in-force collaborations of `company_id`, each with the partner's sharing settings."""
    return links_and_history(company_id, day)[0]


class PageLinks(list):
    """The viewer's in-force links (`Link`), and whether their company ever had a collaboration."""

    ever_partnered: bool = True


def page_links(user) -> PageLinks:
    """`links_and_history` for the viewer's company, as one list carrying `ever_partnered`."""
    links, ever_partnered = links_and_history(access.company_id_of(user))
    page = PageLinks(links)
    page.ever_partnered = ever_partnered
    return page


def shared_q(links: list[Link], day: datetime.date | None = None, prefix: str = "") -> Q:
    """Consultants shared through `links` (fields looked up through `prefix`, e.g. "consultant__").

    Matches nothing when there is no link.
    """
    day = day or today()
    sharing_model = _sharing_model()
    condition = Q(**{f"{prefix}pk__in": []})
    for link in links:
        shared = Q(**{f"{prefix}company_id": link.sharer_id, f"{prefix}sharing_excluded": False}) & available_soon_q(
            day, prefix
        )
        if link.mode == sharing_model.Mode.SELECTION:
            selected = sharing_model.selection.through.objects.filter(
                collaborationsharing__collaboration_id=link.collaboration_id,
                collaborationsharing__company_id=link.sharer_id,
            ).values("consultant_id")
            shared &= Q(**{f"{prefix}pk__in": selected})
        if link.consent_required:
            shared &= consent.given_q(consent.Purpose.PARTNER_SHARING, prefix)
        condition |= shared
    return condition


def current_match_q(links: list, *, ever_partnered: bool = True) -> Q:
    """Matches still current for the viewing company: a partner's consultant's suggestion only while
    the partner shares that consultant (revocation shows on the next request, before any recompute);
    submitted, accepted and rejected ones stay in the pipeline's history. A company that never had a
    collaboration holds no partner match: nothing to filter (and no join to pay for on every row)."""
    if not links and not ever_partnered:
        return Q()
    return (
        ~Q(status=apps.get_model("matching", "Match").Status.SUGGESTED)
        | Q(consultant__company_id=F("tender__company_id"))
        | shared_q(links, prefix="consultant__")
    )


def partner_company_ids(company_id: int, day: datetime.date | None = None) -> set[int]:
    """Companies with an in-force collaboration with `company_id`. One query."""
    day = day or today()
    rows = (
        _collaboration_model()
        .objects.filter(in_force_q(day))
        .filter(Q(initiator_company_id=company_id) | Q(partner_company_id=company_id))
    )
    return {
        partner
        for initiator, partner_side in rows.values_list("initiator_company_id", "partner_company_id")
        for partner in (initiator, partner_side)
        if partner != company_id
    }


def pools_by_company(tender_company_ids: set[int], day: datetime.date | None = None) -> dict[int, set[int]]:
    """Each given company's pool: itself and every company with an in-force collaboration with it. One query."""
    pools = {company: {company} for company in tender_company_ids}
    if not pools:
        return pools
    pairs = (
        _collaboration_model()
        .objects.filter(in_force_q(day or today()))
        .filter(Q(initiator_company_id__in=pools) | Q(partner_company_id__in=pools))
        .values_list("initiator_company_id", "partner_company_id")
    )
    for initiator, partner in pairs:
        for company, other in ((initiator, partner), (partner, initiator)):
            if company in pools:
                pools[company].add(other)
    return pools


def pool_company_ids(tender_company_ids: set[int], day: datetime.date | None = None) -> set[int]:
    """The given companies and every company with an in-force collaboration with one of them. One query."""
    return set().union(*pools_by_company(tender_company_ids, day).values())
