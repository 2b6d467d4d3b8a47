"""Recording changes: the one write of the history, called by the other apps' services.

The API, for any company-owned object (consultants, tenders, collaborations...):

    before = snapshot(instance, FIELDS)          # JSON-ready {field: value}, before the write
    ...write...
    record_change(obj=instance, action=ChangeAction.UPDATED, actor=by,
                  changes=diff(before, snapshot(instance, FIELDS)))

- `record_change(*, obj | (kind, object_id), action, actor=None, company=None, changes=None, subject="")`
  stores one `ChangeRecord`. The kind defaults to the model's name (`"consultant"`, `"tender"`,
  `"collaboration"`), the company to `obj.company_id`; pass `company` explicitly for an object that
  belongs to another model's company, and call it once per company for something two companies
  share (a collaboration), so that each side's history stays within its own company.
  An UPDATED record with no change is not stored (None is returned), so callers may diff blindly.
- `actor` is the user who made the change; None (or an unsaved user, as the command line uses)
  is stored as no one and shown as "System".
- `changes` maps a field name to `[old, new]`; CREATED records carry `[None, value]` per filled field.
  Values are made JSON-ready by `json_value` (dates as ISO text, Decimals as floats, objects as pks).
- Actions are free text up to 40 characters; `ChangeAction` holds the common ones, and
  `register_action(code, label)` gives a new one a translated label (unknown codes show as is).
- `register_kind(kind, *model_labels)` tells the history page which models name a kind's fields
  (their verbose names and choices label the changes); consultants and tenders are registered here.

Reading: `history.selectors.audit_trail_for(obj, user)` (change records, or an app's own events
registered through history.trails), shown by `{% audit_trail obj %}` (history_tags) with the
`history/_audit_trail.html` fragment.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from enum import Enum

from django.db import models
from django.utils.translation import gettext_lazy as _

from history.models import ChangeRecord


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Changed")
    DELETED = "deleted", _("Deleted")
    SKILL_ADDED = "skill_added", _("Skill added")
    SKILL_CHANGED = "skill_changed", _("Skill changed")
    SKILL_REMOVED = "skill_removed", _("Skill removed")


ACTION_LABELS: dict[str, str] = dict(ChangeAction.choices)

# kind → the models (app_label.ModelName) whose fields a record of that kind may name.
KIND_MODELS: dict[str, tuple[str, ...]] = {
    "consultant": ("consultants.Consultant", "talentmatch.User", "consultants.ConsultantSkill"),
    "tender": ("tenders.Tender", "tenders.TenderSkill"),
}


def register_action(code: str, label) -> None:
    """Give an action code its (lazily translated) label on the history pages."""
    ACTION_LABELS[code] = label


def register_kind(kind: str, *model_labels: str) -> None:
    """Name the models whose fields label the changes of `kind` ("app_label.ModelName")."""
    KIND_MODELS[kind] = tuple(model_labels)


def kind_of(obj: models.Model) -> str:
    return obj._meta.model_name


def json_value(value):
    """A value as stored in `changes`: JSON-ready and comparable."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model | None, fields: Iterable[str]) -> dict:
    """`{field: JSON-ready value}` of `instance` (foreign keys as their id); empty for None."""
    if instance is None:
        return {}
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = json_value(getattr(instance, field.attname))
    return values


def diff(before: dict, after: dict) -> dict[str, list]:
    """`{field: [old, new]}` for every field whose value differs ("" and None count as the same)."""
    changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if (old if old != "" else None) != (new if new != "" else None):
            changes[name] = [old, new]
    return changes


def created(values: dict) -> dict[str, list]:
    """The `changes` of a creation: `[None, value]` for every filled field."""
    return {name: [None, value] for name, value in values.items() if value not in (None, "")}


def record_change(
    *,
    action: str,
    obj: models.Model | None = None,
    kind: str | None = None,
    object_id: int | None = None,
    company=None,
    actor=None,
    changes: dict | None = None,
    subject: str = "",
) -> ChangeRecord | None:
    """Store one change of `obj` (or of `kind` #`object_id`) in its company's history.

    An UPDATED change with nothing changed is skipped and returns None.
    """
    changes = {name: [json_value(old), json_value(new)] for name, (old, new) in (changes or {}).items()}
    if action == ChangeAction.UPDATED and not changes:
        return None
    if obj is not None:
        kind = kind or kind_of(obj)
        object_id = obj.pk
        if company is None:
            company = getattr(obj, "company_id", None)
    if kind is None or object_id is None or company is None:
        raise TypeError("record_change needs an object (or a kind and an id) and a company.")
    company_id = company if isinstance(company, int) else company.pk
    actor_id = actor.pk if actor is not None and actor.pk is not None else None
    return ChangeRecord.objects.create(
        company_id=company_id,
        actor_id=actor_id,
        object_kind=kind,
        object_id=object_id,
        action=str(action),
        subject=subject[:255],
        changes=changes,
    )
