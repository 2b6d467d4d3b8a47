import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from talentmatch import diagnostics
from talentmatch.management.commands.db_diagnostics import text_table

DIAGNOSTICS_URL = "/admin/diagnostics/"
SECTIONS = (
    "== Slowest statements (pg_stat_statements, by mean time)",
    "== Largest tables",
    "== Unused indexes (non-unique, never scanned since the statistics were reset)",
)


def run_diagnostics(*arguments) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("db_diagnostics", *arguments, stdout=out, no_color=True)
    return out.getvalue()


def preloaded_libraries() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_preload_libraries")
        return cursor.fetchone()[0]


def base_tables() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres_only
def test_diagnostics_print_the_three_sections_in_order(db):
    output = run_diagnostics()
    positions = [output.index(title) for title in SECTIONS]
    assert positions == sorted(positions)
    assert output.count("== ") == 3


@pytest.mark.postgres_only
def test_without_the_extension_the_statements_section_says_how_to_enable_it(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION IF EXISTS pg_stat_statements")
    output = run_diagnostics()
    assert "The pg_stat_statements extension is not installed in this database." in output
    assert "shared_preload_libraries" in output
    assert "CREATE EXTENSION pg_stat_statements" in output


@pytest.mark.postgres_only
def test_an_installed_but_unloaded_extension_gives_the_hint_and_keeps_the_transaction_usable(db):
    if "pg_stat_statements" in preloaded_libraries():
        pytest.skip("This server preloads pg_stat_statements.")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    statements = diagnostics.slowest_statements()
    assert statements.rows == []
    with translation.override("en"):
        assert str(statements.unavailable) == (
            "The pg_stat_statements extension is installed but its library is not loaded."
        )
    # The failed read was confined to a savepoint: the test's transaction still works.
    assert diagnostics.largest_tables(limit=1)[0]["total_bytes"] > 0


@pytest.mark.postgres_only
def test_largest_tables_lists_every_user_table_with_human_sizes(db):
    tables = diagnostics.largest_tables(limit=1000)
    assert len(tables) == base_tables()
    sizes = [table["total_bytes"] for table in tables]
    assert sizes == sorted(sizes, reverse=True)
    users = next(table for table in tables if table["table"] == "users")
    assert users["total_size"].endswith(("bytes", "kB", "MB"))


@pytest.mark.postgres_only
def test_unused_indexes_are_non_unique_ones_only(db):
    names = {row["index"] for row in diagnostics.unused_indexes()}
    assert "users_pkey" not in names
    assert "users_email_key" not in names
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid "
            "WHERE c.relname = ANY(%s) AND (i.indisunique OR i.indisprimary)",
            [list(names)],
        )
        assert cursor.fetchone()[0] == 0


def test_on_sqlite_diagnostics_say_they_need_postgresql(db):
    if connection.vendor == "postgresql":
        pytest.skip("This is the SQLite message.")
    assert run_diagnostics() == "Database diagnostics need PostgreSQL; this database is sqlite.\n"


def test_text_table_aligns_text_left_and_numbers_right():
    rows = [{"name": "users", "calls": 7}, {"name": "consultant_skills", "calls": 1200}]
    assert text_table(rows, [("name", "table"), ("calls", "calls")]).splitlines() == [
        "table              calls",
        "-----------------  -----",
        "users                  7",
        "consultant_skills   1200",
    ]


def test_the_admin_role_sees_the_diagnostics_page(client, cast):
    client.force_login(cast.admin)
    response = client.get(DIAGNOSTICS_URL)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/diagnostics.html"
    if connection.vendor == "postgresql":
        assert len(response.context["tables"]) == min(base_tables(), 20)
    else:
        assert response.context["is_postgresql"] is False


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_no_other_role_reaches_the_diagnostics_page(client, cast, role):
    client.force_login(cast.a.user(role))
    response = client.get(DIAGNOSTICS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(DIAGNOSTICS_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]
