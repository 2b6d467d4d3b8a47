"""Reads for the tender pages: the filtered list and the choices of its filters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When

from consultants.models import Skill
from talentmatch.models import User
from tenders.models import Tender, TenderSkill, TenderStatus, owner_roles

MAX_SEARCH_WORDS = 12

# Open tenders first (then in progress, closed, cancelled), each by reply deadline, the undated last.
_STATUS_RANK = Case(
    *(When(status=status, then=Value(rank)) for rank, status in enumerate(TenderStatus.values)),
    default=Value(len(TenderStatus.values)),
    output_field=IntegerField(),
)

TENDER_SORTS = {
    "deadline": (_STATUS_RANK, F("reply_deadline").asc(nulls_last=True), "-created_at", "-pk"),
    "-created": ("-created_at", "-pk"),
    "title": ("title", "pk"),
    "client": ("client_name", "title", "pk"),
    "start": (F("start_date").asc(nulls_last=True), "pk"),
}


@dataclass
class TenderFilters:
    query: str = ""
    status: str = ""
    client: str = ""
    skill: Skill | None = None
    sort: str = ""
    starts_from: datetime.date | None = None  # start date bounds (the dashboard's weeks link here)
    starts_until: datetime.date | None = None
    created_since: datetime.date | None = None
    deadline_from: datetime.date | None = None  # reply deadline bounds (the dashboard's deadline weeks)
    deadline_until: datetime.date | None = None
    unanswered: bool = False  # nobody submitted or accepted yet


def tenders_for_list(user, filters: TenderFilters) -> QuerySet[Tender]:
    """The tenders `user` may see that pass `filters`, sorted, with the skills the list shows, in a
    fixed number of queries. Every searched word must appear in the title or the client's name."""
    queryset = Tender.objects.visible_to(user)
    for word in filters.query.split()[:MAX_SEARCH_WORDS]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(client_name__icontains=word))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.client:
        queryset = queryset.filter(client_name=filters.client)
    if filters.skill is not None:
        queryset = queryset.filter(Exists(TenderSkill.objects.filter(tender=OuterRef("pk"), skill=filters.skill)))
    if filters.starts_from is not None:
        queryset = queryset.filter(start_date__gte=filters.starts_from)
    if filters.starts_until is not None:
        queryset = queryset.filter(start_date__lte=filters.starts_until)
    if filters.created_since is not None:
        queryset = queryset.filter(created_at__date__gte=filters.created_since)
    if filters.deadline_from is not None:
        queryset = queryset.filter(reply_deadline__gte=filters.deadline_from)
    if filters.deadline_until is not None:
        queryset = queryset.filter(reply_deadline__lte=filters.deadline_until)
    if filters.unanswered:
        put_forward = ("submitted", "accepted")  # matching's statuses; tenders may not import matching
        queryset = queryset.exclude(matches__status__in=put_forward)
    order = TENDER_SORTS.get(filters.sort, TENDER_SORTS["deadline"])
    return (
        queryset.select_related("company", "owner")
        .prefetch_related(Prefetch("tender_skills", queryset=TenderSkill.objects.select_related("skill")))
        .order_by(*order)
    )


def client_names(user) -> list[str]:
    """The distinct clients of the tenders `user` may see, alphabetically."""
    return list(
        Tender.objects.visible_to(user).order_by("client_name").values_list("client_name", flat=True).distinct()
    )


def owner_candidates(company_id: int | None) -> QuerySet[User]:
    """The active users of the company who may own its tenders (tenders.models.owner_roles), by name."""
    return User.objects.filter(company_id=company_id, is_active=True, role__in=owner_roles()).order_by(
        "last_name", "first_name", "pk"
    )
