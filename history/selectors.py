"""Reading the history of an object, company-scoped, with each change labelled for display.

`audit_trail_for(obj, user)` is the one reader every page uses: the change records of `obj`, or the
events of an app that registered its own trail (history.trails), as uniform `AuditEntry` rows.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from history.models import ChangeRecord
from history.services import ACTION_LABELS, KIND_MODELS, kind_of
from history.trails import EVENT_TRAILS, EventTrail
from talentmatch import numbers

HISTORY_LIMIT = 50


@dataclass
class ChangeLine:
    label: str
    old: str
    new: str


@dataclass
class AuditEntry:
    """One line of an audit trail: when, who (None: the system), what happened, and its details."""

    when: datetime.datetime
    who: object | None
    what: str
    subject: str = ""
    note: str = ""
    details: list[ChangeLine] = dataclasses.field(default_factory=list)

    @property
    def who_label(self) -> str:
        if self.who is None:
            return _("System")
        return self.who.full_name or self.who.email


def audit_trail_for(obj: models.Model, user, *, limit: int = HISTORY_LIMIT) -> list[AuditEntry]:
    """The trail of `obj`, an object the caller has already read through its `visible_to(user)`.

    Change records are further limited to those `user` may see, newest first (none without a user);
    a registered event trail gives all the object's events in their model's order. At most one query,
    none when a selector already loaded the events.
    """
    trail = EVENT_TRAILS.get(obj._meta.label_lower)
    if trail is not None:
        return [_event_entry(event) for event in _events(obj, trail)]
    if user is None:
        return []
    return [
        AuditEntry(
            when=record.created_at,
            who=record.actor,
            what=str(record.action_label),
            subject=record.subject,
            details=record.lines,
        )
        for record in history_for(obj, user, limit=limit)
    ]


def _events(obj: models.Model, trail: EventTrail):
    loaded = getattr(obj, trail.loaded, None) if trail.loaded else None
    if loaded is not None:
        return loaded
    return getattr(obj, trail.related_name).select_related("by")


def _event_entry(event) -> AuditEntry:
    what = str(event.get_to_status_display())
    if event.from_status:
        what = f"{event.get_from_status_display()} → {what}"
    return AuditEntry(when=event.created_at, who=event.by, what=what, note=event.note)


def history_for(obj: models.Model, user, *, limit: int = HISTORY_LIMIT) -> list[ChangeRecord]:
    """The latest changes of `obj` that `user` may see, newest first, in one query. Each record
    carries `action_label` and `lines` (label, old, new as display text)."""
    records = list(
        ChangeRecord.objects.visible_to(user)
        .filter(object_kind=kind_of(obj), object_id=obj.pk)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    fields = _fields_of(kind_of(obj))
    for record in records:
        record.action_label = ACTION_LABELS.get(record.action, record.action)
        record.lines = [
            ChangeLine(_label(fields, name), _display(fields.get(name), old), _display(fields.get(name), new))
            for name, (old, new) in (record.changes or {}).items()
        ]
    return records


def _fields_of(kind: str) -> dict[str, models.Field]:
    """The fields that may name a change of `kind`; the first model listed wins a shared name."""
    fields: dict[str, models.Field] = {}
    for label in KIND_MODELS.get(kind, ()):
        model = apps.get_model(label)
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False):
                fields.setdefault(field.name, field)
    return fields


def _label(fields: dict[str, models.Field], name: str) -> str:
    field = fields.get(name)
    if field is None:
        return name
    return str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:]


def _display(field: models.Field | None, value) -> str:
    if value is None or value == "":
        return "—"
    if field is not None:
        try:
            if field.choices:
                return str(dict(field.flatchoices).get(value, value))
            if isinstance(field, models.BooleanField):
                return _("Yes") if value else _("No")
            if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
                return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except (FieldDoesNotExist, TypeError, ValueError):
            pass
    if isinstance(value, int | float) and not isinstance(value, bool):
        return numbers.number(value)
    return str(value)
