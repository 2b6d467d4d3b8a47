"""Database diagnostics (seed section 10.3): slowest statements, largest tables, unused indexes.

Plain functions returning lists of dicts, shared by `manage.py db_diagnostics` and the admin page.
Every one of them needs PostgreSQL; check `is_postgresql()` first.
"""

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils.translation import gettext_lazy as _

ENABLE_STATEMENTS_HINT = _(
    "To enable it: add pg_stat_statements to shared_preload_libraries in postgresql.conf "
    "(docker: command: postgres -c shared_preload_libraries=pg_stat_statements), restart PostgreSQL, "
    "then run CREATE EXTENSION pg_stat_statements; in this database as a superuser."
)

# PostgreSQL 13 renamed the timing columns (total_time → total_exec_time, mean_time → mean_exec_time).
_STATEMENTS_SQL = {
    "mean_exec_time": """
        SELECT query, calls, total_exec_time AS total_ms, mean_exec_time AS mean_ms, rows
        FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY mean_exec_time DESC
        LIMIT %s
    """,
    "mean_time": """
        SELECT query, calls, total_time AS total_ms, mean_time AS mean_ms, rows
        FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY mean_time DESC
        LIMIT %s
    """,
}

_LARGEST_TABLES_SQL = """
    SELECT schemaname AS schema, relname AS table,
           pg_total_relation_size(relid) AS total_bytes,
           pg_size_pretty(pg_total_relation_size(relid)) AS total_size,
           pg_size_pretty(pg_relation_size(relid)) AS table_size,
           pg_size_pretty(pg_indexes_size(relid)) AS indexes_size
    FROM pg_catalog.pg_statio_user_tables
    ORDER BY pg_total_relation_size(relid) DESC, schemaname, relname
    LIMIT %s
"""

_UNUSED_INDEXES_SQL = """
    SELECT s.schemaname AS schema, s.relname AS table, s.indexrelname AS index,
           pg_relation_size(s.indexrelid) AS bytes,
           pg_size_pretty(pg_relation_size(s.indexrelid)) AS size
    FROM pg_catalog.pg_stat_user_indexes AS s
    JOIN pg_catalog.pg_index AS i USING (indexrelid)
    WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
    ORDER BY pg_relation_size(s.indexrelid) DESC, s.schemaname, s.relname, s.indexrelname
"""


def _rows(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def is_postgresql(using: str = DEFAULT_DB_ALIAS) -> bool:
    return connections[using].vendor == "postgresql"


@dataclass
class Statements:
    """The slowest statements, or why they are unavailable (`rows` is then empty)."""

    rows: list[dict] = field(default_factory=list)
    unavailable: str = ""
    hint: str = ""

    @property
    def available(self) -> bool:
        return not self.unavailable


def slowest_statements(*, limit: int = 10, using: str = DEFAULT_DB_ALIAS) -> Statements:
    """The statements of this database with the highest mean execution time (pg_stat_statements)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.attname
            FROM pg_catalog.pg_extension AS e
            JOIN pg_catalog.pg_depend AS d ON d.refobjid = e.oid AND d.deptype = 'e'
            JOIN pg_catalog.pg_class AS c ON c.oid = d.objid AND c.relname = 'pg_stat_statements'
            JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid
            WHERE e.extname = 'pg_stat_statements' AND a.attname IN ('mean_exec_time', 'mean_time')
            """
        )
        found = [row[0] for row in cursor.fetchall()]
    if not found:
        return Statements(
            unavailable=_("The pg_stat_statements extension is not installed in this database."),
            hint=ENABLE_STATEMENTS_HINT,
        )
    sql = _STATEMENTS_SQL["mean_exec_time" if "mean_exec_time" in found else "mean_time"]
    try:
        # A savepoint: the view raises when the library is not preloaded, and that must not
        # abort a surrounding transaction.
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(sql, [limit])
            rows = _rows(cursor)
    except DatabaseError:
        return Statements(
            unavailable=_("The pg_stat_statements extension is installed but its library is not loaded."),
            hint=ENABLE_STATEMENTS_HINT,
        )
    for row in rows:
        row["query"] = " ".join(row["query"].split())
        row["total_ms"] = round(row["total_ms"], 2)
        row["mean_ms"] = round(row["mean_ms"], 2)
    return Statements(rows=rows)


def largest_tables(*, limit: int = 20, using: str = DEFAULT_DB_ALIAS) -> list[dict]:
    """User tables by total size (table, indexes and TOAST), largest first, with human sizes."""
    with connections[using].cursor() as cursor:
        cursor.execute(_LARGEST_TABLES_SQL, [limit])
        return _rows(cursor)


def unused_indexes(*, using: str = DEFAULT_DB_ALIAS) -> list[dict]:
    """Non-unique indexes never scanned since statistics were last reset, largest first."""
    with connections[using].cursor() as cursor:
        cursor.execute(_UNUSED_INDEXES_SQL)
        return _rows(cursor)
