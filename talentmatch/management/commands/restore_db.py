"""`manage.py restore_db PATH`: load a backup_db archive with pg_restore (seed section 9.3)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from talentmatch.management.commands.backup_db import (
    client_environment,
    find_tool,
    human_size,
    postgres_settings,
    run_tool,
)


class Command(BaseCommand):
    help = _(
        "Restore a backup_db archive with pg_restore: tables are dropped and recreated, or with "
        "--data-only the rows are loaded into the existing (empty) tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=_("The archive written by backup_db."))
        parser.add_argument(
            "--data-only",
            action="store_true",
            help=_("Load the rows only, into tables that already exist and are empty (pg_restore --data-only)."),
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help=_("The database alias to restore into (default: default).")
        )

    def handle(self, *args, path: Path, data_only: bool, database: str, **options):
        settings_dict = postgres_settings(database)
        pg_restore = find_tool("pg_restore")
        path = Path(path).resolve()
        if not path.is_file():
            raise CommandError(_("No backup file at %(path)s.") % {"path": path})

        # One transaction: a restore that fails half-way leaves the database as it was.
        arguments = [pg_restore, "--no-password", "--no-owner", "--single-transaction"]
        arguments += ["--data-only"] if data_only else ["--clean", "--if-exists"]
        # Without --dbname pg_restore would print SQL instead of restoring; the name is no secret.
        arguments += [f"--dbname={settings_dict['NAME']}", str(path)]
        run_tool(arguments, client_environment(settings_dict))

        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(path)s (%(size)s) into %(database)s.")
                % {"path": path, "size": human_size(path.stat().st_size), "database": settings_dict["NAME"]}
            )
        )
