"""Consents, the company's privacy setting, departures and the access log: the privacy app's writes."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.cache import consultants_invalidate
from consultants.models import Consultant
from history.services import diff, record_change, register_action
from privacy.models import AccessLogEntry, ConsentRecord
from talentmatch import access, events, tenancy
from talentmatch.consent import Purpose
from talentmatch.events import DataAccess
from talentmatch.models import Company, User

LEFT_SET = "departure_set"
register_action(LEFT_SET, gettext_lazy("Departure date set"))


def _require(by: User, capability: access.Capability, consultant: Consultant | None = None) -> None:
    if not access.can(by, capability):
        raise PermissionDenied
    if consultant is not None and not Consultant.objects.visible_to(by).filter(pk=consultant.pk).exists():
        raise PermissionDenied


@transaction.atomic
def consent_record(*, consultant: Consultant, purpose: str, granted: bool, by: User, note: str = "") -> ConsentRecord:
    """Record the consultant's answer for `purpose` (now, by `by`): it becomes the current one, the
    previous answers stay as history. A change of the sharing consent reaches the partners' pools."""
    _require(by, access.Capability.CONSENT_RECORD, consultant)
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose what the consent is for from the list.")})
    if consultant.erased_at is not None:
        raise ValidationError(_("This consultant's personal data has been erased."))
    note = " ".join((note or "").split())
    if len(note) > 255:
        raise ValidationError({"note": _("The note is at most 255 characters long.")})
    Consultant.objects.select_for_update().filter(pk=consultant.pk).first()
    ConsentRecord.objects.filter(consultant=consultant, purpose=purpose, is_current=True).update(is_current=False)
    record = ConsentRecord.objects.create(
        consultant=consultant,
        purpose=purpose,
        granted=bool(granted),
        note=note,
        recorded_by=by if by is not None and by.pk else None,
        recorded_at=timezone.now(),
        is_current=True,
    )
    consultants_invalidate([consultant.pk])
    if purpose == Purpose.PARTNER_SHARING and consultant.company.consent_required:
        events.pool_changed(tenancy.partner_company_ids(consultant.company_id))
    return record


@transaction.atomic
def company_privacy_set(*, company: Company, by: User, consent_required: bool) -> Company:
    """Require (or stop requiring) the consultants' consent before partner sharing and dossiers."""
    _require(by, access.Capability.PRIVACY_MANAGE)
    if not access.sees_all_companies(by) and by.company_id != company.pk:
        raise PermissionDenied
    if company.consent_required == bool(consent_required):
        return company
    Company.objects.filter(pk=company.pk).update(consent_required=bool(consent_required))
    company.consent_required = bool(consent_required)
    events.pool_changed(tenancy.partner_company_ids(company.pk))
    return company


@transaction.atomic
def consultant_departure_set(*, consultant: Consultant, by: User, left_on: datetime.date | None) -> Consultant:
    """Record the day the consultant left the company (None: they work here again). The retention
    period of their CVs and dossiers runs from it."""
    _require(by, access.Capability.PRIVACY_MANAGE, consultant)
    if left_on is not None and left_on > timezone.localdate():
        raise ValidationError({"left_on": _("The departure date cannot be in the future.")})
    if consultant.erased_at is not None:
        raise ValidationError(_("This consultant's personal data has been erased."))
    before = consultant.left_on
    if before == left_on:
        return consultant
    Consultant.objects.filter(pk=consultant.pk).update(left_on=left_on, updated_at=timezone.now())
    consultant.left_on = left_on
    record_change(
        obj=consultant,
        action=LEFT_SET,
        actor=by,
        changes=diff({"left_on": before}, {"left_on": left_on}),
    )
    consultants_invalidate([consultant.pk])
    return consultant


def access_log_record(data_access: DataAccess) -> AccessLogEntry:
    """Keep one line of the access log (subscribed to talentmatch.events.Event.DATA_ACCESSED)."""
    return AccessLogEntry.objects.create(
        company_id=data_access.company_id,
        user_id=data_access.user_id,
        kind=str(data_access.kind),
        consultant_id=data_access.consultant_id,
        object_id=data_access.object_id,
        detail=data_access.detail[:255],
    )
