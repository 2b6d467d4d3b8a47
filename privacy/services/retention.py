"""The retention period of CVs and dossiers: those of consultants who left the company more than
PRIVACY_RESUME_RETENTION_MONTHS months ago are deleted, rows and files.

"Left" is `Consultant.left_on`, the departure day a manager records on the consultant's privacy
page (empty while they work there). The dry run and the real run read the same selection, so the
real run deletes exactly what the dry run listed that day.
"""

from __future__ import annotations

import calendar
import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from consultants.cache import consultants_invalidate
from consultants.models import Resume
from matching.models import Portfolio
from talentmatch.storage import private_delete

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Expired:
    kind: str  # "resume" or "portfolio"
    id: int
    consultant_id: int
    company_id: int
    left_on: datetime.date
    file_path: str | None

    def line(self) -> str:
        return (
            f"{self.kind} {self.id} of consultant {self.consultant_id} (company {self.company_id}, "
            f"left on {self.left_on.isoformat()}): {self.file_path or '-'}"
        )


@dataclass
class RetentionReport:
    cutoff: datetime.date
    dry_run: bool
    expired: list[Expired] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for item in self.expired if item.kind == kind) for kind in ("resume", "portfolio")}


def months_before(day: datetime.date, months: int) -> datetime.date:
    """`day` less `months` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(today: datetime.date | None = None, months: int | None = None) -> datetime.date:
    """Consultants who left on or before this day are past the retention period."""
    months = settings.PRIVACY_RESUME_RETENTION_MONTHS if months is None else months
    return months_before(today or timezone.localdate(), months)


def retention_expired(cutoff: datetime.date) -> list[Expired]:
    """The CVs and dossiers of consultants who left on or before `cutoff`, oldest departure first."""
    items = []
    for kind, model in (("resume", Resume), ("portfolio", Portfolio)):
        rows = (
            model.objects.filter(consultant__left_on__lte=cutoff)
            .order_by("consultant__left_on", "consultant_id", "pk")
            .values_list("pk", "consultant_id", "consultant__company_id", "consultant__left_on", "file_path")
        )
        items += [
            Expired(kind, pk, consultant, company, left_on, path) for pk, consultant, company, left_on, path in rows
        ]
    return sorted(items, key=lambda item: (item.left_on, item.consultant_id, item.kind, item.id))


@transaction.atomic
def retention_apply(*, dry_run: bool, today: datetime.date | None = None) -> RetentionReport:
    """Delete (or, on a dry run, only list) the CVs and dossiers past the retention period; the
    files go once the transaction commits. Safe to run twice: a second run finds nothing."""
    report = RetentionReport(cutoff=retention_cutoff(today), dry_run=dry_run)
    report.expired = retention_expired(report.cutoff)
    if dry_run or not report.expired:
        return report
    Resume.objects.filter(pk__in=[item.id for item in report.expired if item.kind == "resume"]).delete()
    portfolios = Portfolio.objects.filter(pk__in=[item.id for item in report.expired if item.kind == "portfolio"])
    word_files = [path for path in portfolios.values_list("docx_path", flat=True) if path]
    portfolios.delete()
    consultants_invalidate({item.consultant_id for item in report.expired})
    files = sorted({item.file_path for item in report.expired if item.file_path} | set(word_files))
    transaction.on_commit(lambda: [private_delete(path) for path in files])
    logger.info(
        "retention: %s CVs and %s dossiers deleted (left on or before %s)", *report.counts.values(), report.cutoff
    )
    return report
