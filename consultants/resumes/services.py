"""Every write on CVs: an upload (stored as the consultant's next version, its reading queued) and the
recruiter's decisions on the skills and the career entries a CV suggests.

A refused file leaves nothing behind: no row, no file. Files live under settings.PRIVATE_MEDIA_ROOT,
which no URL serves, under a name the server chooses.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from consultants import services as consultant_services
from consultants.career import services as career_services
from consultants.models import Consultant, ConsultantSkill, ProficiencyLevel, Resume, ResumeStatus, Skill
from consultants.resumes.extraction import sniff_resume
from consultants.resumes.tasks import resume_extract_task
from talentmatch import access
from talentmatch.models import User
from talentmatch.storage import private_delete, private_write

logger = logging.getLogger(__name__)

# --- writes -------------------------------------------------------------------------------------


def _can_upload(user: User | None, consultant: Consultant) -> bool:
    return access.can(user, access.Capability.RESUME_UPLOAD) and (
        Consultant.objects.visible_to(user).filter(pk=consultant.pk).exists()
    )


def resume_upload(*, consultant: Consultant, data: bytes, by: User | None) -> Resume:
    """Store a CV of `consultant` as its next version and queue its text extraction.

    The content must pass `sniff_resume` (ValidationError otherwise, with nothing written). `by`
    (None for the system) must hold RESUME_UPLOAD and see the consultant. Concurrent uploads get
    distinct versions.
    """
    if by is not None and not _can_upload(by, consultant):
        raise PermissionDenied
    file_type = sniff_resume(data)
    relative = f"resumes/{consultant.company_id}/{uuid.uuid4().hex}.{file_type}"
    private_write(relative, data)
    try:
        resume = _resume_insert(consultant=consultant, relative=relative, file_type=file_type)
    except BaseException:
        private_delete(relative)
        raise
    return resume


def _resume_insert(*, consultant: Consultant, relative: str, file_type: str) -> Resume:
    for attempt in range(5):
        try:
            with transaction.atomic():
                # The consultant's row lock serialises versioning; the unique key backs it up on SQLite.
                Consultant.objects.select_for_update().filter(pk=consultant.pk).first()
                last = Resume.objects.filter(consultant=consultant).aggregate(last=Max("version"))["last"] or 0
                resume = Resume.objects.create(
                    consultant=consultant,
                    file_path=relative,
                    file_type=file_type,
                    version=last + 1,
                    status=ResumeStatus.QUEUED,
                )
                transaction.on_commit(lambda booked=resume: _queue_extraction(booked))
                return resume
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _queue_extraction(resume: Resume) -> None:
    resume_extract_task.delay(resume_id=resume.pk, company_id=resume.consultant.company_id)


# --- suggestions --------------------------------------------------------------------------------


def default_level(years: int | None) -> str:
    """A starting level for a suggested skill, from the years the CV gives; the recruiter decides."""
    if years is None:
        return ProficiencyLevel.INTERMEDIATE
    if years < 2:
        return ProficiencyLevel.BEGINNER
    if years < 5:
        return ProficiencyLevel.INTERMEDIATE
    if years < 8:
        return ProficiencyLevel.ADVANCED
    return ProficiencyLevel.EXPERT


def _set_state(resume: Resume, skill_id: int, state: str) -> None:
    suggestions = list(resume.skill_suggestions or [])
    for suggestion in suggestions:
        if suggestion.get("skill") == skill_id:
            suggestion["state"] = state
    resume.skill_suggestions = suggestions
    resume.save(update_fields=["skill_suggestions", "updated_at"])


def _locked_pending(resume: Resume, skill_id: int) -> Resume:
    locked = Resume.objects.select_for_update().get(pk=resume.pk)
    if not any(s.get("skill") == skill_id and s.get("state") == "pending" for s in locked.skill_suggestions or []):
        raise ValidationError(_("This suggestion has already been handled."))
    return locked


def declared_marker(consultant_skill: ConsultantSkill | None) -> str:
    """What the recruiter saw of an already declared skill when reviewing a suggestion ("" for none)."""
    if consultant_skill is None:
        return ""
    years = "" if consultant_skill.years_experience is None else str(consultant_skill.years_experience)
    return f"{consultant_skill.proficiency_level}:{years}"


@transaction.atomic
def resume_suggestion_accept(
    *,
    resume: Resume,
    skill: Skill,
    proficiency_level: str,
    years_experience: int | None,
    seen_declared: str,
    by: User | None,
) -> ConsultantSkill:
    """Declare (or update) a skill suggested by a CV, with the level and years the recruiter chose.

    `seen_declared` is `declared_marker` of the skill as the recruiter saw it: if the declared skill
    changed since (or was declared meanwhile), nothing is written and ValidationError says so, so a
    declared skill is never overwritten by a decision taken on stale information.
    """
    consultant = resume.consultant
    if by is not None and not _can_upload(by, consultant):
        raise PermissionDenied
    locked = _locked_pending(resume, skill.pk)
    current = ConsultantSkill.objects.select_for_update().filter(consultant=consultant, skill=skill).first()
    if declared_marker(current) != (seen_declared or ""):
        raise ValidationError(
            _("%(skill)s was changed on the profile meanwhile: review the suggestion again.") % {"skill": skill.name}
        )
    held = consultant_services.consultant_skill_set(
        consultant=consultant,
        skill=skill,
        proficiency_level=proficiency_level,
        years_experience=years_experience,
        details=current.details if current else None,
    )
    _set_state(locked, skill.pk, "accepted")
    return held


@transaction.atomic
def resume_suggestion_ignore(*, resume: Resume, skill: Skill, by: User | None) -> Resume:
    """Dismiss a suggested skill; the profile is not touched."""
    if by is not None and not _can_upload(by, resume.consultant):
        raise PermissionDenied
    locked = _locked_pending(resume, skill.pk)
    _set_state(locked, skill.pk, "ignored")
    return locked


# --- career entries -----------------------------------------------------------------------------


def _locked_pending_entry(resume: Resume, number: int) -> tuple[Resume, dict]:
    locked = Resume.objects.select_for_update().get(pk=resume.pk)
    proposal = next((p for p in locked.career_suggestions or [] if p.get("id") == number), None)
    if proposal is None or proposal.get("state") != "pending":
        raise ValidationError(_("This suggestion has already been handled."))
    return locked, proposal


def _set_career_state(resume: Resume, number: int, state: str) -> None:
    proposals = list(resume.career_suggestions or [])
    for proposal in proposals:
        if proposal.get("id") == number:
            proposal["state"] = state
    resume.career_suggestions = proposals
    resume.save(update_fields=["career_suggestions", "updated_at"])


@transaction.atomic
def resume_career_accept(
    *,
    resume: Resume,
    number: int,
    values: Mapping[str, object],
    skills: Iterable[Skill] | None,
    by: User | None,
) -> models.Model:
    """Add the career entry proposal `number` of a CV suggests, with the values (and a mission's
    skills) the recruiter reviewed, through `career_entry_save` (validated, in the consultant's
    history); the proposal is then accepted. A proposal is handled once (ValidationError after)."""
    consultant = resume.consultant
    if by is not None and not _can_upload(by, consultant):
        raise PermissionDenied
    locked, proposal = _locked_pending_entry(resume, number)
    entry = career_services.career_entry_save(
        consultant=consultant, kind=proposal["kind"], values=values, skills=skills, by=by
    )
    _set_career_state(locked, number, "accepted")
    return entry


@transaction.atomic
def resume_career_ignore(*, resume: Resume, number: int, by: User | None) -> Resume:
    """Dismiss a proposed career entry; the profile is not touched."""
    if by is not None and not _can_upload(by, resume.consultant):
        raise PermissionDenied
    locked, _proposal = _locked_pending_entry(resume, number)
    _set_career_state(locked, number, "ignored")
    return locked
