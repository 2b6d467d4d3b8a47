"""Every write of a consultant's career: one entry (mission, education, certification, language) added,
changed or removed, checked against the writer's rights, kept in the consultant's history, and followed
by what follows every consultant write (`consultants_written`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy

from consultants.career.models import Certification, Education, Experience, SpokenLanguage
from consultants.models import Consultant, Skill
from consultants.services import consultants_written
from history.services import KIND_MODELS, created, diff, record_change, register_action, register_kind, snapshot
from talentmatch import access
from talentmatch.models import User

# kind (the URL's and the import's word) → model, and the fields a writer sets.
CAREER_KINDS: dict[str, type[models.Model]] = {
    "experiences": Experience,
    "education": Education,
    "certifications": Certification,
    "languages": SpokenLanguage,
}
CAREER_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Experience: ("employer", "sector", "role", "start_date", "end_date", "description", "location"),
    Education: ("school", "degree", "field", "start_year", "end_year"),
    Certification: ("name", "issuer", "obtained_on", "expires_on"),
    SpokenLanguage: ("language", "level"),
}

ADDED, CHANGED, REMOVED = "career_added", "career_changed", "career_removed"
register_action(ADDED, gettext_lazy("Career entry added"))
register_action(CHANGED, gettext_lazy("Career entry changed"))
register_action(REMOVED, gettext_lazy("Career entry removed"))
register_kind(
    "consultant",
    *dict.fromkeys(
        [
            *KIND_MODELS.get("consultant", ()),
            "consultants.Experience",
            "consultants.Education",
            "consultants.Certification",
            "consultants.SpokenLanguage",
        ]
    ),
)


def may_change_career(user: User | None, consultant: Consultant) -> bool:
    """The user changes consultants and sees this one (a consultant: their own profile only)."""
    return access.can(user, access.Capability.CONSULTANT_CHANGE) and (
        Consultant.objects.visible_to(user).filter(pk=consultant.pk).exists()
    )


def _values(entry: models.Model, skills: Iterable[Skill] | None) -> dict:
    values = snapshot(entry, CAREER_FIELDS[type(entry)])
    if isinstance(entry, Experience):
        names = [skill.name for skill in skills] if skills is not None else []
        if entry.pk and skills is None:
            names = list(entry.skills.values_list("name", flat=True))
        values["skills"] = ", ".join(sorted(names, key=str.lower))
    return values


@transaction.atomic
def career_entry_save(
    *,
    consultant: Consultant,
    kind: str,
    values: Mapping[str, object],
    by: User | None,
    entry: models.Model | None = None,
    skills: Iterable[Skill] | None = None,
) -> models.Model:
    """Add a career entry of `kind` to the consultant, or change `entry` (one of theirs), with `values`
    (and, for a mission, the catalogue `skills` used, replacing the current ones when given).

    `by` (None for the system: imports, the demo) must hold CONSULTANT_CHANGE and see the consultant.
    Validated before anything is written (ValidationError); recorded in the consultant's history.
    """
    model = CAREER_KINDS[kind]
    unknown = set(values) - set(CAREER_FIELDS[model])
    if unknown:
        raise TypeError(f"Unknown {kind} fields: {sorted(unknown)}")
    if by is not None and not may_change_career(by, consultant):
        raise PermissionDenied
    if entry is not None and (type(entry) is not model or entry.consultant_id != consultant.pk):
        raise ValidationError(gettext_lazy("This entry is not the consultant's."))
    entry = entry or model(consultant=consultant)
    before = _values(entry, None) if entry.pk else None
    skills = list(skills) if skills is not None else None
    for name, value in values.items():
        setattr(entry, name, "" if value is None and _is_text(model, name) else value)
    entry.full_clean()
    entry.save()
    if skills is not None and isinstance(entry, Experience):
        entry.skills.set(skills)
    after = _values(entry, skills)
    changes = created(after) if before is None else diff(before, after)
    if before is None or changes:
        record_change(
            obj=consultant,
            action=ADDED if before is None else CHANGED,
            actor=by,
            subject=str(entry),
            changes=changes,
        )
        consultants_written([consultant.pk])
    return entry


def _is_text(model: type[models.Model], name: str) -> bool:
    field = model._meta.get_field(name)
    return isinstance(field, models.CharField | models.TextField) and not field.null


@transaction.atomic
def career_entry_remove(*, entry: models.Model, by: User | None) -> None:
    """Delete a career entry; recorded in its consultant's history."""
    consultant = entry.consultant
    if by is not None and not may_change_career(by, consultant):
        raise PermissionDenied
    subject = str(entry)
    type(entry).objects.filter(pk=entry.pk).delete()
    record_change(obj=consultant, action=REMOVED, actor=by, subject=subject)
    consultants_written([consultant.pk])


@transaction.atomic
def career_entries_add(
    *,
    consultant: Consultant,
    entries: Iterable[tuple[str, Mapping[str, object], Iterable[Skill] | None]],
    by: User | None,
) -> list[models.Model]:
    """Add several entries (kind, values, skills) to one consultant at once, as `career_entry_save`
    each (validated, in the history), with one `consultants_written` for all (the demo, imports)."""
    if by is not None and not may_change_career(by, consultant):
        raise PermissionDenied
    added = []
    for kind, values, skills in entries:
        model = CAREER_KINDS[kind]
        entry = model(consultant=consultant, **values)
        entry.full_clean()
        entry.save()
        skills = list(skills) if skills is not None else None
        if skills is not None and isinstance(entry, Experience):
            entry.skills.set(skills)
        record_change(
            obj=consultant, action=ADDED, actor=by, subject=str(entry), changes=created(_values(entry, skills))
        )
        added.append(entry)
    if added:
        consultants_written([consultant.pk])
    return added
