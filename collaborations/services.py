"""Every write on collaborations and on what each side shares goes through these functions.

Each one checks that the acting manager's company is the right party, records who did what and
when (CollaborationEvent), and asks the matching to recompute the candidate pools it changed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from collaborations import sharing
from collaborations.models import (
    Collaboration,
    CollaborationEvent,
    CollaborationSharing,
    CollaborationStatus,
    SharingMode,
)
from consultants.cache import consultants_invalidate
from consultants.models import Consultant
from talentmatch import access, consent, events
from talentmatch.models import Company, User

Status = CollaborationStatus


def _require_manager(by: User) -> int:
    if not access.can(by, access.Capability.COLLABORATION_CHANGE) or by.company_id is None:
        raise PermissionDenied(_("Only a company's manager changes its collaborations."))
    return by.company_id


def _record(
    collaboration: Collaboration,
    by: User | None,
    from_status: str | None,
    note: str = "",
    action: events.CollaborationAction | None = None,
) -> None:
    event = CollaborationEvent.objects.create(
        collaboration=collaboration, by=by, from_status=from_status, to_status=collaboration.status, note=note
    )
    if action is not None:
        events.collaboration_changed(
            events.CollaborationChange(
                collaboration_id=collaboration.pk, event_id=event.pk, action=action, by_id=by.pk if by else None
            )
        )


def _check_dates(start_date: datetime.date | None, end_date: datetime.date | None) -> None:
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


@transaction.atomic
def collaboration_propose(
    *,
    by: User,
    partner: Company,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    terms: str = "",
) -> Collaboration:
    """Propose a collaboration to `partner` (pending until its manager accepts).

    A pair of companies has one collaboration row: proposing again after it ended reopens that row.
    """
    company_id = _require_manager(by)
    if partner.pk == company_id:
        raise ValidationError({"partner": _("A company cannot collaborate with itself.")})
    _check_dates(start_date, end_date)
    existing = (
        Collaboration.objects.select_for_update()
        .filter(
            Q(initiator_company_id=company_id, partner_company=partner)
            | Q(initiator_company=partner, partner_company_id=company_id)
        )
        .first()
    )
    if existing is not None and existing.status != Status.INACTIVE:
        raise ValidationError(
            {
                "partner": _("There is already a collaboration with %(company)s (%(status)s).")
                % {"company": partner.name, "status": existing.get_status_display().lower()}
            }
        )
    collaboration = existing or Collaboration()
    before = existing.status if existing else None
    collaboration.initiator_company_id = company_id
    collaboration.partner_company = partner
    collaboration.status = Status.PENDING
    collaboration.start_date = start_date
    collaboration.end_date = end_date
    collaboration.terms = terms or None
    collaboration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            collaboration.save()
    except IntegrityError as error:  # a proposal from the other side won the race
        raise ValidationError(
            {"partner": _("There is already a collaboration with %(company)s.") % {"company": partner.name}}
        ) from error
    _record(collaboration, by, before, _("Proposed"), events.CollaborationAction.PROPOSED)
    return collaboration


def _locked(collaboration: Collaboration) -> Collaboration:
    return Collaboration.objects.select_for_update().get(pk=collaboration.pk)


def _party(collaboration: Collaboration, company_id: int) -> None:
    if company_id not in (collaboration.initiator_company_id, collaboration.partner_company_id):
        raise PermissionDenied(_("Your company is not a party to this collaboration."))


@transaction.atomic
def collaboration_accept(*, collaboration: Collaboration, by: User) -> Collaboration:
    """The invited company's manager accepts a pending proposal: the collaboration becomes active."""
    company_id = _require_manager(by)
    collaboration = _locked(collaboration)
    _party(collaboration, company_id)
    if collaboration.status != Status.PENDING:
        raise ValidationError(_("Only a pending proposal can be accepted."))
    if company_id != collaboration.partner_company_id:
        raise ValidationError(_("The invited company answers a proposal, not the one that made it."))
    collaboration.status = Status.ACTIVE
    collaboration.save(update_fields=["status", "updated_at"])
    _record(collaboration, by, Status.PENDING, _("Accepted"), events.CollaborationAction.ACCEPTED)
    events.pool_changed([collaboration.initiator_company_id, collaboration.partner_company_id])
    return collaboration


@transaction.atomic
def collaboration_decline(*, collaboration: Collaboration, by: User) -> Collaboration:
    """The invited company's manager declines a pending proposal."""
    company_id = _require_manager(by)
    collaboration = _locked(collaboration)
    _party(collaboration, company_id)
    if collaboration.status != Status.PENDING:
        raise ValidationError(_("Only a pending proposal can be declined."))
    if company_id != collaboration.partner_company_id:
        raise ValidationError(_("The invited company answers a proposal, not the one that made it."))
    collaboration.status = Status.INACTIVE
    collaboration.save(update_fields=["status", "updated_at"])
    _record(collaboration, by, Status.PENDING, _("Declined"))
    return collaboration


@transaction.atomic
def collaboration_end(*, collaboration: Collaboration, by: User) -> Collaboration:
    """Either side ends an active collaboration, or withdraws from a pending one. Sharing stops at once."""
    company_id = _require_manager(by)
    collaboration = _locked(collaboration)
    _party(collaboration, company_id)
    if collaboration.status == Status.INACTIVE:
        raise ValidationError(_("This collaboration has already ended."))
    before = collaboration.status
    collaboration.status = Status.INACTIVE
    collaboration.save(update_fields=["status", "updated_at"])
    ended = before == Status.ACTIVE
    action = events.CollaborationAction.ENDED if ended else None
    _record(collaboration, by, before, _("Ended") if ended else _("Withdrawn"), action)
    if before == Status.ACTIVE:
        events.pool_changed([collaboration.initiator_company_id, collaboration.partner_company_id])
    return collaboration


def sharing_settings(collaboration: Collaboration, company_id: int) -> CollaborationSharing:
    """What `company_id` shares on this collaboration (unsaved defaults when never set)."""
    return CollaborationSharing.objects.filter(collaboration=collaboration, company_id=company_id).first() or (
        CollaborationSharing(collaboration=collaboration, company_id=company_id)
    )


@transaction.atomic
def collaboration_sharing_set(*, collaboration: Collaboration, by: User, mode: str, show_names: bool):
    """Set what the manager's company shares with the other party on this collaboration."""
    company_id = _require_manager(by)
    collaboration = _locked(collaboration)
    _party(collaboration, company_id)
    if mode not in SharingMode.values:
        raise ValidationError({"mode": _("Choose what to share from the list.")})
    settings = sharing_settings(collaboration, company_id)
    if settings.pk and settings.mode == mode and settings.show_names == show_names:
        return settings
    settings.mode, settings.show_names = mode, show_names
    settings.save()
    note = _("%(company)s now shares: %(mode)s; names %(names)s.") % {
        "company": by.company.name,
        "mode": SharingMode(mode).label,
        "names": _("shown") if show_names else _("hidden"),
    }
    _record(collaboration, by, collaboration.status, note)
    events.pool_changed([collaboration.other_side(company_id).pk])
    return settings


@transaction.atomic
def collaboration_selection_set(*, collaboration: Collaboration, by: User, consultant: Consultant, selected: bool):
    """Add the manager's own consultant to, or remove them from, the selection shared on this collaboration."""
    company_id = _require_manager(by)
    collaboration = _locked(collaboration)
    _party(collaboration, company_id)
    if consultant.company_id != company_id:
        raise PermissionDenied(_("Only your company's consultants can be shared by you."))
    settings = sharing_settings(collaboration, company_id)
    if not settings.pk:
        settings.save()
    if selected:
        consent.require(consultant, consent.Purpose.PARTNER_SHARING)
        settings.selection.add(consultant)
    else:
        settings.selection.remove(consultant)
    if settings.mode == SharingMode.SELECTION:
        events.pool_changed([collaboration.other_side(company_id).pk])
    return settings


@transaction.atomic
def consultant_sharing_exclude(*, consultant: Consultant, by: User, excluded: bool) -> Consultant:
    """The owner's veto: an excluded consultant is shared with no partner, whatever the settings."""
    company_id = _require_manager(by)
    if consultant.company_id != company_id:
        raise PermissionDenied(_("Only your company's consultants can be excluded by you."))
    if consultant.sharing_excluded == excluded:
        return consultant
    Consultant.objects.filter(pk=consultant.pk).update(sharing_excluded=excluded)
    consultants_invalidate([consultant.pk])
    consultant.sharing_excluded = excluded
    events.pool_changed(sharing.partner_company_ids(company_id))
    return consultant


@transaction.atomic
def collaborations_expire(day: datetime.date | None = None) -> int:
    """Set to inactive the active collaborations whose end date has passed (the daily beat job).
    Returns how many ended."""
    day = day or sharing.today()
    expired = list(
        Collaboration.objects.select_for_update().filter(status=Status.ACTIVE, end_date__lt=day).order_by("pk")
    )
    for collaboration in expired:
        collaboration.status = Status.INACTIVE
        collaboration.save(update_fields=["status", "updated_at"])
        _record(collaboration, None, Status.ACTIVE, _("Expired on its end date"), events.CollaborationAction.ENDED)
    events.pool_changed({company for c in expired for company in (c.initiator_company_id, c.partner_company_id)})
    return len(expired)
