"""The periodic maintenance services: availability roll-over, collaboration expiry, VACUUM ANALYZE
and the clean-up of private files."""

import datetime
import logging
import os
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from collaborations.models import Collaboration, CollaborationStatus
from collaborations.tests.factories import CollaborationFactory
from consultants.models import AvailabilityStatus, Consultant
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, ResumeFactory, SkillFactory
from matching.models import Match
from matching.services import matches_recompute
from matching.tests.factories import PortfolioFactory
from talentmatch import maintenance
from talentmatch.tasks import collaborations_expire_task, consultants_availability_roll_over_task
from tenders.tests.factories import TenderFactory, TenderSkillFactory

ON_MISSION = AvailabilityStatus.ON_MISSION
AVAILABLE = AvailabilityStatus.AVAILABLE


@pytest.fixture
def tasks_in_process(settings):
    """Run the rescoring the services queue inline, so that no test leaves messages on a broker."""
    from talentmatch.celery import app

    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _statuses() -> dict[int, tuple[str, datetime.date | None]]:
    return {
        pk: (status, day)
        for pk, status, day in Consultant.objects.values_list("pk", "availability_status", "availability_date")
    }


# --- availability roll-over ---------------------------------------------------------------------


@pytest.fixture
def roster(cast):
    """Consultants of both companies around the roll-over date."""
    today = datetime.date(2026, 11, 25)
    day = datetime.timedelta(days=1)
    people = {
        "ended_yesterday": ConsultantFactory(
            company=cast.a.company, availability_status=ON_MISSION, availability_date=today - day
        ),
        "free_from_today": ConsultantFactory(
            company=cast.a.company, availability_status=ON_MISSION, availability_date=today
        ),
        "other_company_long_ago": ConsultantFactory(
            company=cast.b.company, availability_status=ON_MISSION, availability_date=today - 90 * day
        ),
        "free_tomorrow": ConsultantFactory(
            company=cast.a.company, availability_status=ON_MISSION, availability_date=today + day
        ),
        "no_date": ConsultantFactory(company=cast.a.company, availability_status=ON_MISSION, availability_date=None),
        "unavailable_past_date": ConsultantFactory(
            company=cast.a.company, availability_status=AvailabilityStatus.UNAVAILABLE, availability_date=today - day
        ),
        "partial_past_date": ConsultantFactory(
            company=cast.a.company,
            availability_status=AvailabilityStatus.PARTIALLY_AVAILABLE,
            availability_date=today - day,
        ),
    }
    return today, people


def test_consultants_on_mission_whose_date_has_come_become_available_and_no_one_else(
    roster, tasks_in_process, django_capture_on_commit_callbacks
):
    today, people = roster
    before = _statuses()
    with django_capture_on_commit_callbacks(execute=True):
        count = maintenance.consultants_availability_roll_over(today=today)

    assert count == 3
    rolled = {people[name].pk for name in ("ended_yesterday", "free_from_today", "other_company_long_ago")}
    expected = {pk: (AVAILABLE if pk in rolled else status, day) for pk, (status, day) in before.items()}
    assert _statuses() == expected
    assert Consultant.objects.get(pk=people["ended_yesterday"].pk).updated_at >= timezone.now() - datetime.timedelta(
        minutes=1
    )


def test_a_second_roll_over_the_same_day_changes_nothing(roster, tasks_in_process, django_capture_on_commit_callbacks):
    today, _people = roster
    with django_capture_on_commit_callbacks(execute=True):
        maintenance.consultants_availability_roll_over(today=today)
    after_first = _statuses()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert maintenance.consultants_availability_roll_over(today=today) == 0
    assert callbacks == []
    assert _statuses() == after_first


def test_the_roll_over_is_logged_with_its_count(roster, tasks_in_process, caplog, django_capture_on_commit_callbacks):
    today, _people = roster
    with caplog.at_level(logging.INFO, logger="talentmatch.maintenance"), django_capture_on_commit_callbacks():
        maintenance.consultants_availability_roll_over(today=today)
    assert "availability roll-over on 2026-11-25: 3 consultant(s) on mission became available" in caplog.messages


@pytest.fixture
def python_tender(cast):
    """An open tender of company a needing Python, starting in two months, and a Python consultant on
    mission until yesterday, ranked while still on mission."""
    today = timezone.localdate()
    python = SkillFactory(name="Python")
    tender = TenderFactory(
        company=cast.a.company,
        start_date=today + datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=180),
    )
    TenderSkillFactory(tender=tender, skill=python, importance="required")
    consultant = ConsultantFactory(
        company=cast.a.company, availability_status=ON_MISSION, availability_date=today - datetime.timedelta(days=1)
    )
    ConsultantSkillFactory(consultant=consultant, skill=python, proficiency_level="expert")
    matches_recompute(tender_ids=[tender.pk])
    return tender, consultant


def _availability(tender, consultant) -> tuple[float, str]:
    match = Match.objects.get(tender=tender, consultant=consultant)
    return match.breakdown["gates"]["availability"][0], match.breakdown["status"]


def test_the_roll_over_rescores_the_consultants_it_changes(
    python_tender, tasks_in_process, django_capture_on_commit_callbacks
):
    tender, consultant = python_tender
    assert _availability(tender, consultant) == (1.0, "on_mission")  # on mission, free before the start
    with django_capture_on_commit_callbacks(execute=True):
        assert maintenance.consultants_availability_roll_over() == 1
    assert _availability(tender, consultant) == (1.0, "available")


def test_a_large_roll_over_recomputes_each_company_once_instead(
    python_tender, cast, tasks_in_process, django_capture_on_commit_callbacks, monkeypatch
):
    tender, consultant = python_tender
    ConsultantFactory(company=cast.b.company, availability_status=ON_MISSION, availability_date=timezone.localdate())
    monkeypatch.setattr(maintenance, "ROLL_OVER_ONE_BY_ONE_MAX", 1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert maintenance.consultants_availability_roll_over() == 2
    # One recompute for company a, one for company b (besides the page cache's invalidation).
    assert len([c for c in callbacks if "consultants_invalidate" not in c.__qualname__]) == 2
    assert _availability(tender, consultant) == (1.0, "available")


# --- collaboration expiry -----------------------------------------------------------------------


def test_active_collaborations_past_their_end_date_become_inactive_and_no_others(
    db, django_capture_on_commit_callbacks
):
    today = datetime.date(2026, 11, 25)
    day = datetime.timedelta(days=1)
    rows = {
        "ended_yesterday": CollaborationFactory(status=CollaborationStatus.ACTIVE, end_date=today - day),
        "ended_long_ago": CollaborationFactory(
            status=CollaborationStatus.ACTIVE, start_date=today - 400 * day, end_date=today - 30 * day
        ),
        "last_day_today": CollaborationFactory(status=CollaborationStatus.ACTIVE, end_date=today),
        "ends_tomorrow": CollaborationFactory(status=CollaborationStatus.ACTIVE, end_date=today + day),
        "open_ended": CollaborationFactory(status=CollaborationStatus.ACTIVE, end_date=None),
        "pending_past": CollaborationFactory(status=CollaborationStatus.PENDING, end_date=today - day),
        "inactive_past": CollaborationFactory(status=CollaborationStatus.INACTIVE, end_date=today - day),
    }
    before = dict(Collaboration.objects.values_list("pk", "status"))

    with django_capture_on_commit_callbacks() as callbacks:
        assert maintenance.collaborations_expire(today=today) == 2
    # The pools of both companies of each (one recompute per company), and each expiry announced
    # (collaborations.changed, which tells both sides' managers).
    assert len(callbacks) == 6

    expired = {rows["ended_yesterday"].pk, rows["ended_long_ago"].pk}
    expected = {pk: CollaborationStatus.INACTIVE if pk in expired else status for pk, status in before.items()}
    assert dict(Collaboration.objects.values_list("pk", "status")) == expected
    with django_capture_on_commit_callbacks() as callbacks:
        assert maintenance.collaborations_expire(today=today) == 0
    assert callbacks == []
    assert dict(Collaboration.objects.values_list("pk", "status")) == expected


def test_the_daily_tasks_run_their_services_for_today(cast, tasks_in_process, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    consultant = ConsultantFactory(company=cast.a.company, availability_status=ON_MISSION, availability_date=today)
    collaboration = CollaborationFactory(
        initiator_company=cast.a.company,
        partner_company=cast.b.company,
        status=CollaborationStatus.ACTIVE,
        end_date=today - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert consultants_availability_roll_over_task.delay().get() == 1
        assert collaborations_expire_task.delay().get() == 1
    consultant.refresh_from_db()
    collaboration.refresh_from_db()
    assert (consultant.availability_status, collaboration.status) == (AVAILABLE, CollaborationStatus.INACTIVE)


# --- VACUUM ANALYZE -----------------------------------------------------------------------------


def _maintenance_counts(table: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_vacuum_analyze_runs_on_postgresql():
    before = {table: _maintenance_counts(table) for table in ("consultants", "matches")}
    message = maintenance.database_vacuum_analyze()
    assert message.startswith(f"VACUUM ANALYZE of {connection.settings_dict['NAME']} done in ")
    for table, (vacuums, analyzes) in before.items():
        assert _maintenance_counts(table) == (vacuums + 1, analyzes + 1), table


@pytest.mark.postgres_only
def test_vacuum_analyze_refuses_to_run_inside_a_transaction():
    with transaction.atomic(), pytest.raises(RuntimeError, match="outside transaction.atomic"):
        maintenance.database_vacuum_analyze()


def test_vacuum_analyze_is_a_logged_no_op_on_sqlite(db, caplog):
    if connection.vendor == "postgresql":
        pytest.skip("This is the SQLite behaviour; PostgreSQL runs the VACUUM (tested above).")
    with caplog.at_level(logging.INFO, logger="talentmatch.maintenance"):
        message = maintenance.database_vacuum_analyze()
    assert message == "VACUUM ANALYZE skipped: the database is sqlite, not PostgreSQL"
    assert caplog.messages == [message]


# --- private files ------------------------------------------------------------------------------


def _write(path: Path, content: bytes = b"%PDF-1.7", age: datetime.timedelta | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    if age is not None:
        stamp = time.time() - age.total_seconds()
        os.utime(path, (stamp, stamp))
    return path


def _age(path: Path, age: datetime.timedelta) -> None:
    stamp = time.time() - age.total_seconds()
    os.utime(path, (stamp, stamp), follow_symlinks=False)


def _tree(root: Path) -> set[str]:
    """Files and links under `root`, without following links."""
    found = set()
    for directory, subdirectories, files in os.walk(root):
        for name in files + [entry for entry in subdirectories if os.path.islink(os.path.join(directory, entry))]:
            found.add(os.path.relpath(os.path.join(directory, name), root))
    return found


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "private"
    root.mkdir()
    settings.PRIVATE_MEDIA_ROOT = root
    return root


def test_clean_up_deletes_exactly_the_unreferenced_files_older_than_the_grace_period(media, tmp_path, db):
    old, recent = datetime.timedelta(days=3), datetime.timedelta(hours=2)
    resume = ResumeFactory(file_path="resumes/7/cv-v1.pdf")
    _write(media / resume.file_path, age=old)
    portfolio_path = _write(media / "portfolios/3/dossier-v2.pdf", age=old)
    PortfolioFactory(file_path=str(portfolio_path))  # an absolute path is understood too
    PortfolioFactory(file_path=None)  # not generated yet
    ResumeFactory(file_path="resumes/8/gone.pdf")  # its file is missing: reported, nothing else
    _write(media / "resumes/7/cv-v0.pdf", b"x" * 10, age=old)
    _write(media / "portfolios/3/dossier-v1.pdf", b"y" * 20, age=old)
    _write(media / "tmp-upload.part", age=recent)
    _write(media / "portfolios/4/being-generated.pdf", age=recent)
    (media / "resumes/99").mkdir(parents=True)
    _age(media / "resumes/99", old)
    # Links never lead the clean-up out of the root: neither the files they point to nor the links go.
    outside = _write(tmp_path / "elsewhere/secret.pdf", age=old)
    _write(tmp_path / "elsewhere/dir/old.pdf", age=old)
    (media / "link-to-file.pdf").symlink_to(outside)
    (media / "link-to-dir").symlink_to(tmp_path / "elsewhere/dir")
    _age(media / "link-to-file.pdf", old)

    report = maintenance.private_media_clean_up(grace=datetime.timedelta(days=1))

    assert (
        report.scanned,
        report.deleted,
        report.deleted_bytes,
        report.kept_referenced,
        report.kept_fresh,
        report.skipped_links,
        report.removed_directories,
        report.missing_referenced,
    ) == (8, 2, 30, 2, 2, 2, 1, 1)
    assert _tree(media) == {
        "resumes/7/cv-v1.pdf",
        "portfolios/3/dossier-v2.pdf",
        "tmp-upload.part",
        "portfolios/4/being-generated.pdf",
        "link-to-file.pdf",
        "link-to-dir",
    }
    assert _tree(tmp_path / "elsewhere") == {"secret.pdf", "dir/old.pdf"}
    assert maintenance.private_media_clean_up(grace=datetime.timedelta(days=1)).deleted == 0


def test_clean_up_of_a_missing_root_does_nothing(settings, tmp_path, db):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "never-created"
    report = maintenance.private_media_clean_up()
    assert (report.scanned, report.deleted) == (0, 0)
    assert not (tmp_path / "never-created").exists()
