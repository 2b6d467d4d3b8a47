"""`manage.py load_skill_catalogue`: load the curated skill catalogue; running it again changes nothing.

Missing skills, French names and descriptions, aliases and related-skill links are added. A skill whose
description or French texts were edited in the app keeps them and is named in the output, unless
`--overwrite` replaces them with the catalogue's.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from consultants.catalogue import CATALOGUE, SyncResult, skill_catalogue_sync


class Command(BaseCommand):
    # Plain strings: argparse cannot format a lazy translation.
    help = (
        "Load the skill catalogue (skills with their French names and descriptions, aliases, related skills) "
        "without any demo data. Safe to re-run: descriptions edited in the app are kept and listed unless "
        "--overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace descriptions and French texts that differ from the catalogue with the catalogue's.",
        )

    def handle(self, *args, overwrite: bool = False, **options):
        try:
            result = skill_catalogue_sync(overwrite=overwrite)
        except (ValueError, ValidationError) as error:
            raise CommandError(_("The skill catalogue could not be loaded: %(error)s") % {"error": error}) from error
        self._print(result)

    def _print(self, result: SyncResult) -> None:
        if result.changed_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Skill catalogue: %(created)d skills created, %(updated)d updated; %(aliases)d aliases "
                        "created, %(skipped)d skipped; %(relations)d related-skill links created."
                    )
                    % {
                        "created": result.skills_created,
                        "updated": result.skills_updated,
                        "aliases": result.aliases_created,
                        "skipped": result.aliases_skipped,
                        "relations": result.relations_created,
                    }
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Skill catalogue: nothing to do, the database holds its %(count)d skills.")
                    % {"count": len(CATALOGUE)}
                )
            )
        if result.overwritten:
            self.stdout.write(
                self.style.WARNING(
                    _("Descriptions or French texts replaced by the catalogue's (--overwrite): %(names)s")
                    % {"names": ", ".join(result.overwritten)}
                )
            )
        if result.differing:
            self.stdout.write(
                self.style.WARNING(
                    _("Descriptions or French texts edited in the app, kept (--overwrite replaces them): %(names)s")
                    % {"names": ", ".join(result.differing)}
                )
            )
