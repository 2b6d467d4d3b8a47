"""The writes shared by every "skills of a thing" table (a consultant's declared skills, a tender's
skill needs): one row per owner and skill, validated before it is saved, each change in the history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from consultants.models import Skill
from history.services import ChangeAction, created, diff, record_change, snapshot
from talentmatch.models import User

Row = TypeVar("Row", bound=models.Model)


def _owner_field(model: type[models.Model], owner: models.Model) -> str:
    """The name of `model`'s foreign key to `owner`'s model (`consultant` on ConsultantSkill...)."""
    for field in model._meta.get_fields():
        if field.many_to_one and field.related_model is type(owner)._meta.concrete_model:
            return field.name
    raise TypeError(f"{model.__name__} has no foreign key to {type(owner).__name__}")


def skill_row_set(
    *, model: type[Row], owner: models.Model, skill: Skill, values: Mapping[str, object], by: User | None
) -> Row:
    """Create the `model` row tying `owner` to `skill`, or update it, with `values` (every other field
    of a row is kept). Validated by `full_clean` before anything is written (ValidationError); the
    owner's history gets "skill added" or "skill changed" with the fields of `values`.

    Must run inside the caller's transaction; the caller announces the change to matching.
    """
    key = {_owner_field(model, owner): owner, "skill": skill}
    row = model.objects.filter(**key).first() or model(**key)
    fields = tuple(values)
    before = snapshot(row, fields) if row.pk else None
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    after = snapshot(row, fields)
    record_change(
        obj=owner,
        action=ChangeAction.SKILL_ADDED if before is None else ChangeAction.SKILL_CHANGED,
        actor=by,
        subject=skill.name,
        changes=created(after) if before is None else diff(before, after),
    )
    return row


def skill_row_remove(
    *, model: type[models.Model], owner: models.Model, skill: Skill, by: User | None, missing: str
) -> None:
    """Delete the `model` row tying `owner` to `skill` and record "skill removed" in the owner's history;
    ValidationError(`missing`), with nothing changed, when there is no such row.

    Must run inside the caller's transaction; the caller announces the change to matching.
    """
    deleted, _by_model = model.objects.filter(**{_owner_field(model, owner): owner}, skill=skill).delete()
    if not deleted:
        raise ValidationError(missing)
    record_change(obj=owner, action=ChangeAction.SKILL_REMOVED, actor=by, subject=skill.name)
