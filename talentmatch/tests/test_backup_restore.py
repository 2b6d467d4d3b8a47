import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from collaborations.tests.factories import CollaborationFactory
from consultants.models import SkillAlias
from consultants.tests.factories import ConsultantSkillFactory, ResumeFactory, SkillFactory
from matching.tests.factories import MatchFactory
from talentmatch.tests.factories import CompanyFactory, UserFactory
from tenders.tests.factories import TenderSkillFactory


def public_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        return [row[0] for row in cursor.fetchall()]


# The matching's change log is not backed up (backup_db): it only tells running workers what changed,
# and the database writes it itself (a TRUNCATE logs one row per side).
NOT_BACKED_UP = {"matching_pool_changes"}


def snapshot() -> dict[str, tuple[int, str]]:
    """Every public table's row count and a checksum of all its rows, in a stable order."""
    result = {}
    with connection.cursor() as cursor:
        for table in public_tables():
            if table in NOT_BACKED_UP:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(row_to_json(t)::text, E'\\n' "
                f"ORDER BY row_to_json(t)::text), '')) FROM {quoted} AS t"
            )
            result[table] = cursor.fetchone()
    return result


def wipe() -> None:
    tables = ", ".join(connection.ops.quote_name(table) for table in public_tables())
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def create_rows() -> None:
    alpha, beta = CompanyFactory(name="Alpha"), CompanyFactory(name="Beta")
    UserFactory(company=alpha, role="manager")
    UserFactory(company=beta, role="sales")
    python, django = SkillFactory(name="Python"), SkillFactory(name="Django")
    python.related_skills.add(django)
    SkillAlias.objects.create(skill=python, alias="Py")
    match = MatchFactory(tender__company=alpha, notes="Note with a quote ' and a newline\nhere")
    ConsultantSkillFactory(consultant=match.consultant, skill=python)
    ResumeFactory(consultant=match.consultant)
    TenderSkillFactory(tender=match.tender, skill=django)
    CollaborationFactory(initiator_company=alpha, partner_company=beta)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("data_only", [False, True], ids=["full", "data-only"])
def test_a_restored_backup_gives_back_every_row_of_every_table(tmp_path, data_only):
    create_rows()
    before = snapshot()
    assert before["matches"][0] == 1
    assert before["users"][0] == 3  # two staff users and the consultant's own account
    archive = tmp_path / "talentmatch.dump"
    out = io.StringIO()

    call_command("backup_db", output=str(archive), data_only=data_only, stdout=out)
    assert archive.is_file()
    assert str(archive) in out.getvalue()

    wipe()
    assert {count for count, _checksum in snapshot().values()} == {0}

    call_command("restore_db", str(archive), data_only=data_only, stdout=io.StringIO())
    after = snapshot()
    mismatches = [table for table in before if after.get(table) != before[table]]
    print(f"tables {len(before)}, mismatches {len(mismatches)}")
    assert sorted(after) == sorted(before)
    assert mismatches == []


@pytest.mark.postgres_only
def test_backup_without_output_writes_a_dated_full_archive_under_backups(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    call_command("backup_db", stdout=out)
    archives = list((tmp_path / "backups").iterdir())
    assert len(archives) == 1
    assert archives[0].name.startswith("talentmatch_full_")
    assert archives[0].suffix == ".dump"
    assert str(archives[0]) in out.getvalue()


@pytest.mark.postgres_only
def test_data_only_backup_is_named_as_such(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("backup_db", data_only=True, stdout=io.StringIO())
    assert [path.name[:17] for path in (tmp_path / "backups").iterdir()] == ["talentmatch_data_"]


@pytest.mark.postgres_only
def test_restore_of_a_missing_file_is_refused_clearly(tmp_path):
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("restore_db", str(tmp_path / "nope.dump"))
    assert str(error.value) == f"No backup file at {tmp_path / 'nope.dump'}."


@pytest.mark.postgres_only
def test_restore_of_a_file_that_is_no_archive_reports_pg_restore_stderr_and_changes_nothing(tmp_path):
    CompanyFactory(name="Alpha")
    before = snapshot()
    junk = tmp_path / "junk.dump"
    junk.write_text("not an archive")
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("restore_db", str(junk))
    assert str(error.value).startswith("pg_restore failed (exit code 1):\n")
    assert "does not appear to be a valid archive" in str(error.value)
    assert snapshot() == before


@pytest.mark.postgres_only
@pytest.mark.parametrize("command", ["backup_db", "restore_db"])
def test_a_missing_client_tool_is_reported_clearly(tmp_path, monkeypatch, command):
    monkeypatch.setenv("PATH", str(tmp_path))
    archive = tmp_path / "any.dump"
    archive.write_bytes(b"")
    arguments = [str(archive)] if command == "restore_db" else ["--output", str(archive)]
    tool = "pg_dump" if command == "backup_db" else "pg_restore"
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command(command, *arguments)
    assert str(error.value) == (
        f"{tool} is not on PATH; install the PostgreSQL client tools (Debian: postgresql-client)."
    )


@pytest.mark.postgres_only
def test_a_failed_backup_leaves_no_file_behind(tmp_path, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "talentmatch_no_such_database")
    archive = tmp_path / "failed.dump"
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("backup_db", output=str(archive))
    assert str(error.value).startswith("pg_dump failed (exit code 1):\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["backup_db", "restore_db"])
def test_backup_commands_refuse_sqlite_clearly(db, tmp_path, command):
    if connection.vendor == "postgresql":
        pytest.skip("This is the SQLite refusal.")
    arguments = [str(tmp_path / "any.dump")] if command == "restore_db" else []
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command(command, *arguments)
    assert str(error.value) == "backups need PostgreSQL; this database is sqlite"
    assert list(tmp_path.iterdir()) == []
