"""Importing consultants, the skill catalogue and tenders from CSV or XLSX files.

Guarantees of `data_import`:
- rows are matched on natural keys and updated in place (consultant: company + e-mail, or company +
  first and last name when the row has no e-mail; skill: name + category, an alias resolving to its
  skill; tender: company + client + title + start date), so importing a file twice changes nothing
  the second time;
- every write goes through the apps' services (history, search document and matching included),
  except new consultants, checked as `consultant_create` checks them and written a batch at a time
  with the same history (dataio.services.consultants);
- all or nothing per file: one rejected row and nothing is written; a dry run writes nothing and
  reports the same counts and the same rejected rows (line number and reasons) as the import would;
- the company always comes from the caller (the user's company), never from the file.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dataio import columns as col
from dataio.services.base import (
    CONFLICT,
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    RowProblem,
    RowRejected,
    _messages,
    _ragged_reason,
)
from dataio.services.careers import CareerImporter
from dataio.services.consultants import ConsultantImporter
from dataio.services.skills import SkillImporter
from dataio.services.tenders import TenderImporter
from dataio.sheets import SheetError, read_sheet
from matching.services import rematch_deferred
from talentmatch import access, events
from talentmatch.models import Company, User, UserRole

__all__ = ["CREATED", "UNCHANGED", "UPDATED", "ImportReport", "RowProblem", "command_line_actor", "data_import"]

PROGRESS_EVERY = 100

IMPORTERS = {
    col.CONSULTANTS: ConsultantImporter,
    col.TENDERS: TenderImporter,
    col.SKILLS: SkillImporter,
    col.CAREERS: CareerImporter,
}


def command_line_actor() -> User:
    """The acting user of an import run from the command line without --user: an unsaved platform
    administrator, so the services' permission checks pass; the history records no one."""
    return User(role=UserRole.ADMIN, first_name="import_data", last_name="", email="")


def data_import(
    *,
    kind: str,
    name: str,
    content: bytes,
    company: Company | None,
    by: User,
    dry_run: bool = False,
    row_limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import one file of `kind` into `company` as `by`; see the module docstring for the guarantees.
    `row_limit` refuses longer files whole (the web's limit, below DATAIO_MAX_ROWS); `progress` is
    called with (rows checked, rows in the file) every PROGRESS_EVERY rows and after the last one."""
    report = ImportReport(kind=kind, dry_run=dry_run)
    if kind not in col.IMPORT_KINDS:
        raise ValueError(f"Unknown import kind: {kind!r}")
    if kind != col.SKILLS and company is None:
        report.file_errors.append(_("Only a member of a company can import consultants or tenders."))
        return report
    if kind == col.SKILLS and not access.can(by, access.Capability.SKILL_CHANGE):
        # The catalogue is every company's: a company proposes additions (skills/proposals/) instead.
        report.file_errors.append(
            _("Only the platform administrator edits the shared skill catalogue: propose a skill from its page.")
        )
        return report
    try:
        sheet = read_sheet(name, content, row_limit=row_limit)
    except SheetError as error:
        report.file_errors.append(str(error))
        return report
    report.file_errors.extend(_header_errors(kind, sheet.header))
    if report.file_errors:
        return report
    importer = IMPORTERS[kind](company=company, by=by, sheet=sheet)
    with transaction.atomic():
        with rematch_deferred():
            outcomes: dict[int, str] = {}
            total = len(sheet.rows)
            for done, (line, cells) in enumerate(sheet.rows, start=1):
                row = dict(zip(sheet.header, cells, strict=True))
                try:
                    if line in sheet.ragged:
                        raise RowRejected([_ragged_reason(sheet, line)])
                    outcomes[line] = importer.import_row(line, row)
                except RowRejected as rejection:
                    report.problems.append(RowProblem(line, rejection.reasons))
                except ValidationError as error:
                    report.problems.append(RowProblem(line, _messages(error)))
                except IntegrityError:
                    report.problems.append(RowProblem(line, [str(CONFLICT)]))
                if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                    progress(done, total)
            for line, reasons in importer.flush():
                report.problems.append(RowProblem(line, reasons))
                outcomes.pop(line, None)
            if not report.problems:
                for line, reasons in importer.finish(outcomes):
                    report.problems.append(RowProblem(line, reasons))
                    outcomes.pop(line, None)
        for outcome in outcomes.values():
            setattr(report, outcome, getattr(report, outcome) + 1)
        if dry_run or report.problems:
            transaction.set_rollback(True)
    report.problems.sort(key=lambda problem: problem.line)
    if report.applied and by.pk is not None and company is not None:
        events.import_finished(
            events.ImportFinished(
                by_id=by.pk,
                company_id=company.pk,
                kind=kind,
                file_name=name,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
            )
        )
    return report


def _header_errors(kind: str, header: list[str]) -> list[str]:
    errors = []
    known = col.COLUMNS[kind]
    unknown = [name for name in header if name not in known and name not in col.EXPORT_ONLY_COLUMNS]
    if unknown:
        errors.append(
            _("Unknown column(s): %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(name or _("(blank)") for name in unknown), "known": ", ".join(known)}
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        errors.append(_("Column(s) given twice: %(columns)s.") % {"columns": ", ".join(repeated)})
    missing = [name for name in col.REQUIRED_COLUMNS[kind] if name not in header]
    if missing:
        errors.append(_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
    return errors
