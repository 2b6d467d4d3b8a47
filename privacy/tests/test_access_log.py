"""The access log: CV downloads, dossier downloads and exports, who, what and when, for managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultants.models import Resume
from consultants.tests.factories import ConsultantFactory
from matching.models import Portfolio
from privacy.models import AccessLogEntry
from talentmatch.storage import private_write
from tenders.tests.factories import TenderFactory


@pytest.fixture
def documents(cast, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    consultant = ConsultantFactory(company=cast.a.company, user__last_name="Logged-Person")
    private_write("resumes/cv.pdf", b"%PDF-1.4 cv")
    private_write("portfolios/dossier.pdf", b"%PDF-1.4 dossier")
    resume = Resume.objects.create(consultant=consultant, file_path="resumes/cv.pdf", file_type="pdf", version=3)
    portfolio = Portfolio.objects.create(
        consultant=consultant,
        tender=TenderFactory(company=cast.a.company),
        file_path="portfolios/dossier.pdf",
        generation="ready",
        version=2,
    )
    return consultant, resume, portfolio


def test_downloads_and_exports_are_logged_with_who_what_and_when(client, cast, documents):
    consultant, resume, portfolio = documents
    client.force_login(cast.a.sales)
    cv = client.get(reverse("consultants:resume-download", kwargs={"pk": consultant.pk, "resume_pk": resume.pk}))
    assert cv.status_code == 200 and b"".join(cv.streaming_content) == b"%PDF-1.4 cv"
    assert cv["Cache-Control"] == "private, no-store" and cv["X-Content-Type-Options"] == "nosniff"
    dossier = client.get(reverse("matching:portfolio-download", kwargs={"pk": portfolio.pk}))
    assert dossier.status_code == 200 and dossier["Content-Type"] == "application/pdf"
    export = client.get(reverse("dataio:data-export", kwargs={"kind": "consultants", "fmt": "csv"}))
    assert export.status_code == 200
    rows = list(
        AccessLogEntry.objects.order_by("pk").values_list(
            "kind", "user_id", "company_id", "consultant_id", "object_id", "detail"
        )
    )
    assert rows == [
        ("resume_download", cast.a.sales.pk, cast.a.company.pk, consultant.pk, resume.pk, "v3.pdf"),
        ("portfolio_download", cast.a.sales.pk, cast.a.company.pk, consultant.pk, portfolio.pk, "v2 pdf"),
        ("data_export", cast.a.sales.pk, cast.a.company.pk, None, None, "consultants.csv"),
    ]
    assert all(entry.created_at is not None for entry in AccessLogEntry.objects.all())


def test_a_refused_or_missing_download_is_not_logged(client, cast, documents):
    consultant, resume, portfolio = documents
    client.force_login(cast.b.manager)
    assert client.get(reverse("matching:portfolio-download", kwargs={"pk": portfolio.pk})).status_code == 404
    client.force_login(cast.a.manager)
    missing = reverse("consultants:resume-download", kwargs={"pk": consultant.pk, "resume_pk": resume.pk + 100})
    assert client.get(missing).status_code == 404
    Resume.objects.filter(pk=resume.pk).update(file_path="resumes/gone.pdf")
    gone = reverse("consultants:resume-download", kwargs={"pk": consultant.pk, "resume_pk": resume.pk})
    assert client.get(gone).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_managers_read_their_companys_log_in_both_languages_and_nobody_elses(client, cast, documents):
    consultant, resume, _portfolio = documents
    client.force_login(cast.a.recruiter)
    client.get(reverse("consultants:resume-download", kwargs={"pk": consultant.pk, "resume_pk": resume.pk}))
    AccessLogEntry.objects.create(
        company=cast.b.company, user=cast.b.manager, kind="data_export", detail="beta-only.csv"
    )
    assert client.get(reverse("privacy:access-log")).status_code == 403
    client.force_login(cast.a.manager)
    english = client.get(reverse("privacy:access-log"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CV downloaded" in english and cast.a.recruiter.full_name in english and "Logged-Person" in english
    assert "beta-only.csv" not in english
    french = client.get(reverse("privacy:access-log"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Journal des accès" in french and "CV téléchargé" in french
    filtered = client.get(reverse("privacy:access-log") + "?kind=data_export").content.decode()
    assert "v1.pdf" not in filtered and "CV downloaded" not in filtered
    home = client.get(reverse("privacy:privacy-home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Latest accesses" in home and "Logged-Person" in home
    client.force_login(cast.b.manager)
    other = client.get(reverse("privacy:access-log")).content.decode()
    assert "beta-only.csv" in other and "Logged-Person" not in other


def test_the_access_log_page_reads_a_fixed_number_of_queries(client, cast, documents, django_assert_max_num_queries):
    consultant, _resume, _portfolio = documents
    for _ in range(60):
        AccessLogEntry.objects.create(
            company=cast.a.company, user=cast.a.sales, kind="resume_download", consultant=consultant
        )
    client.force_login(cast.a.manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("privacy:access-log")).status_code == 200
