"""The retention period: the dry run lists exactly what the real run deletes, rows and files."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultants.models import Resume
from consultants.tests.factories import ConsultantFactory
from history.models import ChangeRecord
from matching.models import Portfolio
from privacy.services import months_before, retention_apply
from privacy.tasks import retention_apply_task
from talentmatch.storage import private_path, private_write
from tenders.tests.factories import TenderFactory

TODAY = datetime.date(2026, 6, 15)


def _documents(consultant, tender, label: str) -> list[str]:
    paths = [f"resumes/{consultant.company_id}/{label}.pdf", f"portfolios/{consultant.company_id}/{label}.pdf"]
    for path in paths:
        private_write(path, b"%PDF-1.4 " + label.encode())
    Resume.objects.create(consultant=consultant, file_path=paths[0], file_type="pdf")
    Portfolio.objects.create(consultant=consultant, tender=tender, file_path=paths[1], generation="ready")
    return paths


@pytest.fixture
def departures(cast, settings, tmp_path):
    """Consultants of both companies who left 25 and 24 months ago (past the 24-month period, the
    second on its last day), 23 months ago (not yet), and one still here."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PRIVACY_RESUME_RETENTION_MONTHS = 24
    expired, kept = [], []
    for company in (cast.a.company, cast.b.company):
        tender = TenderFactory(company=company)
        for label, left_on, bucket in (
            ("long-gone", datetime.date(2024, 5, 15), expired),
            ("just-past", datetime.date(2024, 6, 15), expired),
            ("not-yet", datetime.date(2024, 6, 16), kept),
            ("still-here", None, kept),
        ):
            consultant = ConsultantFactory(company=company, left_on=left_on)
            bucket += _documents(consultant, tender, f"{label}-{company.pk}")
    return expired, kept


def _lines(output: str, verb: str) -> list[str]:
    return sorted(line.removesuffix(f" {verb}") for line in output.splitlines() if line.endswith(f" {verb}"))


def test_the_dry_run_and_the_real_run_agree_and_only_the_expired_go(
    cast, departures, capsys, monkeypatch, django_capture_on_commit_callbacks
):
    expired, kept = departures
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    resumes, portfolios = Resume.objects.count(), Portfolio.objects.count()
    call_command("privacy_retention", "--dry-run")
    dry = capsys.readouterr().out
    assert Resume.objects.count() == resumes and Portfolio.objects.count() == portfolios
    assert all(private_path(path).exists() for path in expired + kept)
    listed = _lines(dry, "would be deleted")
    assert len(listed) == 8  # 2 companies × 2 departed consultants × (1 CV + 1 dossier)
    assert "4 CV(s) and 4 dossier(s) would be deleted: consultants who left on or before 2024-06-15." in dry
    with django_capture_on_commit_callbacks(execute=True):
        call_command("privacy_retention")
    real = capsys.readouterr().out
    assert _lines(real, "deleted") == listed
    assert "4 CV(s) and 4 dossier(s) deleted" in real
    assert Resume.objects.count() == resumes - 4 and Portfolio.objects.count() == portfolios - 4
    assert not Resume.objects.filter(file_path__in=expired).exists()
    assert not Portfolio.objects.filter(file_path__in=expired).exists()
    assert {path for path in expired + kept if private_path(path).exists()} == set(kept)
    call_command("privacy_retention", "--dry-run")
    assert _lines(capsys.readouterr().out, "would be deleted") == []


def test_the_daily_task_deletes_what_the_dry_run_listed(
    cast, departures, monkeypatch, django_capture_on_commit_callbacks
):
    expired, kept = departures
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    dry = retention_apply(dry_run=True)
    with django_capture_on_commit_callbacks(execute=True):
        counts = retention_apply_task.apply().get()
    assert counts == dry.counts == {"resume": 4, "portfolio": 4}
    assert retention_apply(dry_run=True).expired == []
    assert all(not private_path(path).exists() for path in expired)
    assert all(private_path(path).exists() for path in kept)


def test_a_shorter_period_takes_more(cast, departures, settings, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    settings.PRIVACY_RESUME_RETENTION_MONTHS = 0
    assert retention_apply(dry_run=True).counts == {"resume": 6, "portfolio": 6}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 6, 15), 24, datetime.date(2024, 6, 15)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 10), 13, datetime.date(2024, 12, 10)),
        (datetime.date(2026, 1, 10), 0, datetime.date(2026, 1, 10)),
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_a_manager_records_the_departure_on_the_privacy_page_and_a_future_day_is_refused(client, cast):
    consultant = ConsultantFactory(company=cast.a.company)
    url = reverse("privacy:consultant-departure", kwargs={"pk": consultant.pk})
    client.force_login(cast.a.recruiter)
    assert client.post(url, {"left_on": "2025-01-31"}).status_code == 403
    client.force_login(cast.a.manager)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(url, {"left_on": tomorrow}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "cannot be in the future" in refused.content.decode()
    consultant.refresh_from_db()
    assert consultant.left_on is None
    assert client.post(url, {"left_on": "2025-01-31"}).status_code == 302
    consultant.refresh_from_db()
    assert consultant.left_on == datetime.date(2025, 1, 31)
    record = ChangeRecord.objects.get(object_kind="consultant", object_id=consultant.pk, action="departure_set")
    assert (record.actor_id, record.changes) == (cast.a.manager.pk, {"left_on": [None, "2025-01-31"]})
    assert client.post(url, {"left_on": ""}).status_code == 302
    consultant.refresh_from_db()
    assert consultant.left_on is None
