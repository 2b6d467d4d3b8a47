"""`manage.py backup_db`: a pg_dump custom-format archive of the database (seed section 9.2)."""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

STDERR_LINES_SHOWN = 5


def postgres_settings(alias: str) -> dict:
    """The connection's settings, once we know it is PostgreSQL (a CommandError otherwise)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise CommandError(_("backups need PostgreSQL; this database is %(vendor)s") % {"vendor": connection.vendor})
    return connection.settings_dict


def client_environment(settings_dict: dict) -> dict[str, str]:
    """The libpq variables for this connection, so that no secret ever appears on a command line."""
    environment = dict(os.environ)
    variables = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode"),
    }
    environment.update({name: str(value) for name, value in variables.items() if value})
    return environment


def find_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            _("%(tool)s is not on PATH; install the PostgreSQL client tools (Debian: postgresql-client).")
            % {"tool": name}
        )
    return path


def run_tool(arguments: list[str], environment: dict[str, str]) -> None:
    """Run a PostgreSQL client tool; a failure becomes a CommandError ending with its stderr."""
    result = subprocess.run(arguments, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-STDERR_LINES_SHOWN:])
        raise CommandError(
            _("%(tool)s failed (exit code %(code)s):\n%(stderr)s")
            % {"tool": Path(arguments[0]).name, "code": result.returncode, "stderr": tail}
        )


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


class Command(BaseCommand):
    help = _("Back up the PostgreSQL database with pg_dump (custom format, for restore_db).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-only", action="store_true", help=_("Dump the rows only, not the schema (pg_dump --data-only).")
        )
        parser.add_argument(
            "--output",
            type=Path,
            help=_("Where to write the archive (default: backups/talentmatch_<full|data>_YYYYmmdd_HHMMSS.dump)."),
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help=_("The database alias to back up (default: default).")
        )

    def handle(self, *args, data_only: bool, output: Path | None, database: str, **options):
        settings_dict = postgres_settings(database)
        pg_dump = find_tool("pg_dump")
        if output is None:
            kind = "data" if data_only else "full"
            stamp = timezone.localtime().strftime("%Y%m%d_%H%M%S")
            output = Path(settings.BASE_DIR) / "backups" / f"talentmatch_{kind}_{stamp}.dump"
        output = Path(output).resolve()
        output.parent.mkdir(parents=True, exist_ok=True)

        # Written aside and renamed on success, so that a failed run never leaves a truncated archive.
        partial = output.with_name(f"{output.name}.partial")
        arguments = [pg_dump, "--format=custom", "--no-password", f"--file={partial}"]
        # The matching's change log only tells running workers what changed since they looked
        # (matching.store.warm); a restored database starts it afresh.
        arguments.append("--exclude-table-data=matching_pool_changes")
        if data_only:
            arguments.append("--data-only")
        try:
            run_tool(arguments, client_environment(settings_dict))
        except CommandError:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(output)

        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s (%(size)s).")
                % {"path": output, "size": human_size(output.stat().st_size)}
            )
        )
