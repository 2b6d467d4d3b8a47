"""Who hears of what: every alert's recipients are decided here, always within one company."""

from __future__ import annotations

from collections.abc import Iterable

from history.models import ChangeRecord
from history.services import ChangeAction
from talentmatch import access
from talentmatch.models import User, UserRole
from tenders.models import Tender


def company_members(company_id: int, roles: Iterable[str]) -> list[User]:
    """The active members of one company with one of `roles`, in a fixed order."""
    return list(User.objects.filter(company_id=company_id, role__in=list(roles), is_active=True).order_by("pk"))


def managers_and_recruiters(company_id: int) -> list[User]:
    return company_members(company_id, [UserRole.MANAGER, UserRole.RECRUITER])


def managers(company_id: int) -> list[User]:
    return company_members(company_id, [UserRole.MANAGER])


def tender_recipients(tender: Tender) -> list[User]:
    """The people a tender belongs to: its owner; without one, its creator, read from the change
    history; either only while an active member of the tender's company who may see tenders. Else the
    company's sales people."""
    person_id = tender.owner_id or (
        ChangeRecord.objects.filter(
            company_id=tender.company_id, object_kind="tender", object_id=tender.pk, action=ChangeAction.CREATED
        )
        .values_list("actor_id", flat=True)
        .first()
    )
    if person_id is not None:
        person = User.objects.filter(pk=person_id, company_id=tender.company_id, is_active=True).first()
        if person is not None and access.can(person, access.Capability.TENDER_VIEW):
            return [person]
    return company_members(tender.company_id, [UserRole.SALES])


def tender_match_recipients(tender: Tender) -> list[User]:
    """A bench consultant fits a tender: its owner and the company's recruiters, each once."""
    people = {user.pk: user for user in tender_recipients(tender)}
    for user in company_members(tender.company_id, [UserRole.RECRUITER]):
        people.setdefault(user.pk, user)
    return [people[pk] for pk in sorted(people)]
