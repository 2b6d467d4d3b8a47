"""`manage.py db_diagnostics`: slowest statements, largest tables and unused indexes, as text tables."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from talentmatch import diagnostics

QUERY_WIDTH = 80


def text_table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """`rows` as an aligned table; `columns` pairs each key with its heading. Numbers align right."""
    cells = [[str(row[key]) for key, _heading in columns] for row in rows]
    headings = [str(heading) for _key, heading in columns]
    widths = [max(len(text) for text in column) for column in zip(headings, *cells, strict=True)]
    numeric = [bool(rows) and all(isinstance(row[key], int | float) for row in rows) for key, _heading in columns]

    def line(values: list[str]) -> str:
        padded = [
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    return "\n".join([line(headings), line(["-" * width for width in widths]), *(line(row) for row in cells)])


def shorten(text: str, width: int = QUERY_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class Command(BaseCommand):
    help = _("Show the slowest statements, the largest tables and the unused indexes (PostgreSQL).")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=10, help=_("How many statements and tables to show."))
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help=_("The database alias to inspect."))

    def handle(self, *args, limit: int, database: str, **options):
        if not diagnostics.is_postgresql(database):
            self.stdout.write(
                _("Database diagnostics need PostgreSQL; this database is %(vendor)s.")
                % {"vendor": connections[database].vendor}
            )
            return

        self.section(_("Slowest statements (pg_stat_statements, by mean time)"))
        statements = diagnostics.slowest_statements(limit=limit, using=database)
        if not statements.available:
            self.stdout.write(str(statements.unavailable))
            self.stdout.write(str(statements.hint))
        elif not statements.rows:
            self.stdout.write(_("No statement recorded yet."))
        else:
            rows = [{**row, "query": shorten(row["query"])} for row in statements.rows]
            columns = [
                ("mean_ms", _("mean ms")),
                ("total_ms", _("total ms")),
                ("calls", _("calls")),
                ("rows", _("rows")),
                ("query", _("query")),
            ]
            self.stdout.write(text_table(rows, columns))

        self.section(_("Largest tables"))
        tables = diagnostics.largest_tables(limit=limit, using=database)
        columns = [
            ("table", _("table")),
            ("total_size", _("total size")),
            ("table_size", _("data size")),
            ("indexes_size", _("index size")),
        ]
        self.stdout.write(text_table(tables, columns) if tables else _("No table."))

        self.section(_("Unused indexes (non-unique, never scanned since the statistics were reset)"))
        indexes = diagnostics.unused_indexes(using=database)
        columns = [("index", _("index")), ("table", _("table")), ("size", _("size"))]
        self.stdout.write(text_table(indexes, columns) if indexes else _("No unused index."))

    def section(self, title: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"== {title}"))
