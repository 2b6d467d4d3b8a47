"""What the privacy pages read: a consultant's consents, the access log, the retention preview."""

from __future__ import annotations

from dataclasses import dataclass

from consultants.models import Consultant
from privacy.models import AccessLogEntry, ConsentRecord
from talentmatch.consent import Purpose


@dataclass
class ConsentLine:
    purpose: str
    label: str
    record: ConsentRecord | None


def consent_summary(consultant: Consultant) -> list[ConsentLine]:
    """The current answer for each purpose (None: never recorded), with who recorded it and when.
    One query."""
    current = {
        record.purpose: record
        for record in ConsentRecord.objects.filter(consultant=consultant, is_current=True).select_related("recorded_by")
    }
    return [ConsentLine(purpose, str(label), current.get(purpose)) for purpose, label in Purpose.choices]


def consent_history(consultant: Consultant, limit: int = 50) -> list[ConsentRecord]:
    return list(ConsentRecord.objects.filter(consultant=consultant).select_related("recorded_by")[:limit])


def access_log_for(user):
    """The access log the user may read, newest first, with who and about whom."""
    return AccessLogEntry.objects.visible_to(user).select_related("user", "consultant__user", "company")
