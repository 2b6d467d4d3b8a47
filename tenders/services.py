"""Every write on tenders and the skills they ask for goes through these functions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultants.models import Skill
from consultants.skills.services import skill_row_remove, skill_row_set
from history.services import ChangeAction, created, diff, record_change, snapshot
from talentmatch import access, events
from talentmatch.models import Company, User
from tenders.models import Tender, TenderSkill, TenderStatus

TENDER_FIELDS = (
    "title",
    "client_name",
    "description",
    "start_date",
    "end_date",
    "status",
    "location",
    "remote_work",
    "budget",
    "required_consultants",
    "onsite_days_per_week",
    "reply_deadline",
    "owner",
    "client_contact_name",
    "client_contact_email",
    "client_contact_phone",
)


@transaction.atomic
def tender_create(*, company: Company, by: User | None = None, **fields) -> Tender:
    """Create a tender owned by `company`, validated against the model and its constraints; its
    matches are computed after the transaction commits."""
    unknown = set(fields) - set(TENDER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown tender fields: {sorted(unknown)}")
    tender = Tender(company=company, **fields)
    tender.full_clean()
    tender.save()
    record_change(obj=tender, action=ChangeAction.CREATED, actor=by, changes=created(snapshot(tender, TENDER_FIELDS)))
    events.tender_changed([tender.pk])
    return tender


@transaction.atomic
def tender_create_with_skills(
    *, company: Company, by: User | None = None, needs: list[tuple[Skill, str, str | None]], **fields
) -> Tender:
    """Create a tender and the skills it asks for ((skill, importance, minimum level) each), all or
    nothing: a ValidationError on any of them leaves no tender behind."""
    if len({skill.pk for skill, _importance, _minimum in needs}) != len(needs):
        raise ValidationError(_("A skill is listed twice."))
    tender = tender_create(company=company, by=by, **fields)
    for skill, importance, minimum_level in needs:
        tender_skill_set(tender=tender, skill=skill, importance=importance, minimum_level=minimum_level, by=by)
    return tender


@transaction.atomic
def tender_skill_set(
    *,
    tender: Tender,
    skill: Skill,
    importance: str,
    minimum_level: str | None = None,
    details: str | None = None,
    by: User | None = None,
) -> TenderSkill:
    """Ask for a skill on a tender, or update its importance, minimum level and details if already asked."""
    tender_skill = skill_row_set(
        model=TenderSkill,
        owner=tender,
        skill=skill,
        values={"importance": importance, "minimum_level": minimum_level, "details": details},
        by=by,
    )
    events.tender_changed([tender.pk])
    return tender_skill


def _tender_field_errors(tender: Tender) -> dict:
    """The rules of the tender's constraints, each as a message beside the field it concerns."""
    errors = {}
    if tender.start_date and tender.end_date and tender.end_date < tender.start_date:
        errors["end_date"] = [_("The end date cannot be before the start date.")]
    if tender.budget is not None and tender.budget < 0:
        errors["budget"] = [_("The budget cannot be negative.")]
    if tender.required_consultants is not None and tender.required_consultants < 1:
        errors["required_consultants"] = [_("At least one consultant is required.")]
    return errors


@transaction.atomic
def tender_update(*, tender: Tender, by: User, **fields) -> Tender:
    """Change a tender's fields (never its company). `by` must hold TENDER_CHANGE and see the tender.

    Every field error is raised at once, before anything is written; its matches are rescored after commit.
    """
    unknown = set(fields) - set(TENDER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown tender fields: {sorted(unknown)}")
    _check_may_change(tender, by)
    before = snapshot(tender, TENDER_FIELDS)
    for name, value in fields.items():
        setattr(tender, name, value)
    errors = _tender_field_errors(tender)
    try:
        tender.full_clean(exclude=list(errors))
    except ValidationError as error:
        error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    tender.save()
    record_change(
        obj=tender, action=ChangeAction.UPDATED, actor=by, changes=diff(before, snapshot(tender, TENDER_FIELDS))
    )
    events.tender_changed([tender.pk])
    return tender


@transaction.atomic
def tender_status_set(*, tender: Tender, status: str, by: User) -> Tender:
    """Move a tender to `status` (open, in progress, closed, cancelled); closing or cancelling it
    removes its suggestions at the next rescoring, reopening it brings them back."""
    _check_may_change(tender, by)
    if status not in TenderStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if tender.status != status:
        changes = {"status": [tender.status, status]}
        tender.status = status
        tender.save(update_fields=["status", "updated_at"])
        record_change(obj=tender, action=ChangeAction.UPDATED, actor=by, changes=changes)
        events.tender_changed([tender.pk])
    return tender


@transaction.atomic
def tender_skill_remove(*, tender: Tender, skill: Skill, by: User | None = None) -> None:
    """Stop asking for a skill; a skill the tender does not ask for raises ValidationError."""
    skill_row_remove(
        model=TenderSkill, owner=tender, skill=skill, by=by, missing=_("The tender does not ask for this skill.")
    )
    events.tender_changed([tender.pk])


def _check_may_change(tender: Tender, by: User) -> None:
    if not (
        access.can(by, access.Capability.TENDER_CHANGE) and Tender.objects.visible_to(by).filter(pk=tender.pk).exists()
    ):
        raise PermissionDenied
