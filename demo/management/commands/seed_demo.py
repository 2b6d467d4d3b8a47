"""`manage.py seed_demo`: load the French demo data, or complete it; running it again changes nothing
(see demo.services)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo import demo_data
from demo.services import KINDS, SeedReport, demo_seed


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy translation (`--help` failed on one).
    help = "Load the French demo data (companies, users, skills, consultants, tenders). Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default=demo_data.DEMO_URL,
            help=f"The address the logins are printed with (default {demo_data.DEMO_URL}); `make run` passes its own.",
        )

    def handle(self, *args, **options):
        try:
            report = demo_seed()
        except ValidationError as error:
            raise CommandError(_("The demo data could not be loaded: %(error)s") % {"error": error}) from error
        self._print_summary(report)
        self._print_logins(report.logins, url=options["url"])

    def _print_summary(self, report: SeedReport) -> None:
        self.stdout.write(self.style.SUCCESS(_("Demo data ready.")))
        header = (_("Rows"), _("created"), _("already present"))
        rows = [(str(label), str(report.created[kind]), str(report.present[kind])) for kind, label in KINDS.items()]
        self._print_table(header, rows, right_aligned={1, 2})
        catalogue = report.catalogue
        self.stdout.write(
            _(
                "Skill catalogue: %(created)d skills created, %(updated)d updated; %(aliases)d aliases created, "
                "%(skipped)d skipped; %(relations)d related-skill links created."
            )
            % {
                "created": catalogue.skills_created,
                "updated": catalogue.skills_updated,
                "aliases": catalogue.aliases_created,
                "skipped": catalogue.aliases_skipped,
                "relations": catalogue.relations_created,
            }
        )

    def _print_logins(self, logins: list, *, url: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Demo logins — open %(url)s") % {"url": url}))
        header = (_("E-mail"), _("Role"), _("Company"), _("Password"))
        rows = [
            (user.email, str(user.get_role_display()), user.company.name if user.company else "—", password)
            for user, password in logins
        ]
        self._print_table(header, rows)

    def _print_table(self, header: tuple, rows: list, right_aligned=frozenset()) -> None:
        widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]

        def line(cells) -> str:
            padded = [
                cell.rjust(width) if column in right_aligned else cell.ljust(width)
                for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ]
            return "  ".join(padded).rstrip()

        self.stdout.write(line(header))
        self.stdout.write("  ".join("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row))
