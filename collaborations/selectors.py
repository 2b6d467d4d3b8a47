"""Reads for the collaboration pages, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from collaborations import sharing
from collaborations.models import Collaboration, CollaborationSharing, CollaborationStatus, SharingMode
from consultants.models import Consultant

SHOWN_CONSULTANTS = 100


@dataclass
class Row:
    collaboration: Collaboration
    partner_name: str
    in_force: bool
    incoming: bool  # a pending proposal this company is to answer
    we_share: int | None  # consultants shared each way, while in force
    they_share: int | None


def shared_counts(collaborations: list[Collaboration], day: datetime.date) -> dict[tuple[int, int], int]:
    """(collaboration id, sharing company id) → consultants shared, for the in-force ones. Three queries."""
    live = [c for c in collaborations if sharing.is_in_force(c, day)]
    if not live:
        return {}
    settings = {
        (row.collaboration_id, row.company_id): row
        for row in CollaborationSharing.objects.filter(collaboration__in=live)
    }
    companies = {company for c in live for company in (c.initiator_company_id, c.partner_company_id)}
    eligible = Q(sharing_excluded=False) & sharing.available_soon_q(day)
    by_company = dict(
        Consultant.objects.filter(eligible, company_id__in=companies)
        .order_by()
        .values_list("company_id")
        .annotate(n=Count("pk"))
        .values_list("company_id", "n")
    )
    selected = dict(
        CollaborationSharing.objects.filter(collaboration__in=live, mode=SharingMode.SELECTION)
        .filter(Q(selection__sharing_excluded=False) & sharing.available_soon_q(day, prefix="selection__"))
        .values_list("pk")
        .annotate(n=Count("selection"))
        .values_list("pk", "n")
    )
    counts = {}
    for collaboration in live:
        for company in (collaboration.initiator_company_id, collaboration.partner_company_id):
            key = (collaboration.pk, company)
            setting = settings.get(key)
            if setting is not None and setting.mode == SharingMode.SELECTION:
                counts[key] = selected.get(setting.pk, 0)
            else:
                counts[key] = by_company.get(company, 0)
    return counts


def collaborations_for_list(user) -> list[Row]:
    company_id = user.company_id
    day = sharing.today()
    collaborations = list(
        Collaboration.objects.visible_to(user)
        .select_related("initiator_company", "partner_company")
        .order_by("status", "-updated_at", "-pk")
    )
    counts = shared_counts(collaborations, day)
    rows = []
    for collaboration in collaborations:
        partner = collaboration.other_side(company_id)
        mine = (
            company_id if company_id in (collaboration.initiator_company_id, collaboration.partner_company_id) else None
        )
        in_force = sharing.is_in_force(collaboration, day)
        rows.append(
            Row(
                collaboration=collaboration,
                partner_name=partner.name if mine else f"{collaboration.initiator_company} ↔ {partner}",
                in_force=in_force,
                incoming=collaboration.status == CollaborationStatus.PENDING
                and collaboration.partner_company_id == company_id,
                we_share=counts.get((collaboration.pk, company_id)) if in_force and mine else None,
                they_share=counts.get((collaboration.pk, partner.pk)) if in_force and mine else None,
            )
        )
    return rows


def link_for(collaboration: Collaboration, sharer_id: int) -> sharing.Link:
    """What `sharer_id` shares on this collaboration, as a Link (whether or not it is in force)."""
    settings = CollaborationSharing.objects.filter(collaboration=collaboration, company_id=sharer_id).first()
    sharer = (
        collaboration.initiator_company
        if sharer_id == collaboration.initiator_company_id
        else collaboration.partner_company
    )
    return sharing.Link(
        collaboration_id=collaboration.pk,
        sharer_id=sharer_id,
        sharer_name=sharer.name,
        mode=settings.mode if settings else SharingMode.AVAILABLE,
        show_names=settings.show_names if settings else False,
        consent_required=sharer.consent_required,
    )


def shared_consultants(collaboration: Collaboration, sharer_id: int) -> tuple[int, list[Consultant]]:
    """The consultants `sharer_id` shares on this collaboration now (nobody when it is not in force):
    their number and the first SHOWN_CONSULTANTS by name."""
    if not sharing.is_in_force(collaboration, sharing.today()):
        return 0, []
    queryset = Consultant.objects.filter(sharing.shared_q([link_for(collaboration, sharer_id)])).with_people()
    return queryset.count(), list(queryset.prefetch_related("consultant_skills__skill")[:SHOWN_CONSULTANTS])


def selectable_consultants(collaboration: Collaboration, company_id: int) -> list[Consultant]:
    """The company's consultants that a selection could share (available within the horizon), with
    `selected` set on each."""
    settings = CollaborationSharing.objects.filter(collaboration=collaboration, company_id=company_id).first()
    chosen = set(settings.selection.values_list("pk", flat=True)) if settings else set()
    consultants = list(
        Consultant.objects.filter(company_id=company_id)
        .filter(Q(pk__in=chosen) | sharing.available_soon_q(sharing.today()))
        .with_people()[:SHOWN_CONSULTANTS]
    )
    for consultant in consultants:
        consultant.selected = consultant.pk in chosen
    return consultants
