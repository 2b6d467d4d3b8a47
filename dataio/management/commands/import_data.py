"""python manage.py import_data KIND FILE --company ID [--dry-run] [--user EMAIL]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from dataio import columns as col
from dataio.services import command_line_actor, data_import
from talentmatch.access import Capability, can
from talentmatch.models import Company, User


class Command(BaseCommand):
    help = (
        "Import consultants, the skill catalogue or tenders from a CSV or XLSX file into a company: rows are "
        "matched and updated in place; nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=col.IMPORT_KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument("--company", type=int, required=True, help="The id of the company the rows belong to.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--user", help="E-mail of the member recorded as the author in the history (default: the system)."
        )

    def handle(self, *args, kind, file, company, dry_run, user, **options):
        translation.activate("en")
        found = Company.objects.filter(pk=company).first()
        if found is None:
            raise CommandError(f"No company with id {company}.")
        actor = command_line_actor()
        if user:
            actor = User.objects.filter(email__lower_exact=user, is_active=True).first()
            if actor is None or not can(actor, Capability.DATA_IMPORT):
                raise CommandError(f"{user} is not an active user allowed to import data.")
            if actor.company_id not in (None, found.pk):
                raise CommandError(f"{user} is not a member of company {company}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        report = data_import(kind=kind, name=file.name, content=content, company=found, by=actor, dry_run=dry_run)
        for error in report.file_errors:
            self.stderr.write(f"File: {error}")
        for problem in report.problems:
            self.stderr.write(f"Line {problem.line}: " + " ".join(problem.reasons))
        summary = (
            f"{'Dry run' if dry_run else 'Import'} of {file.name} into {found.name}: "
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.rejected} rejected."
        )
        if not report.ok:
            raise CommandError(summary + " Nothing was written.")
        self.stdout.write(summary + (" Nothing was written." if dry_run else ""))
