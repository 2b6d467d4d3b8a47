import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultants.models import Consultant
from consultants.tests.factories import ConsultantFactory
from dataio.tests.conftest import staff, upload, xlsx_rows
from matching.tests.factories import MatchFactory
from talentmatch.models import User
from tenders.tests.factories import TenderFactory


def _export(client, kind, fmt, params=None):
    response = client.get(reverse("dataio:data-export", args=[kind, fmt]), params or {})
    assert response.status_code == 200
    return response.content


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _empty_company_a(cast):
    """Company a's consultants and their accounts go, so that company b can take the same e-mails."""
    users = list(Consultant.objects.filter(company=cast.a.company).values_list("user_id", flat=True))
    Consultant.objects.filter(company=cast.a.company).delete()
    User.objects.filter(pk__in=users).delete()


FILES = [("csv", {}), ("csv", {"dialect": "fr"}), ("xlsx", {})]


@pytest.mark.parametrize(("fmt", "options"), FILES)
def test_consultants_round_trip_export_import_into_an_empty_company_export_again_gives_the_same_file(
    client, cast, catalogue, fmt, options
):
    staff(cast.a.company, catalogue)
    client.force_login(cast.a.manager)
    first = _export(client, "consultants", fmt, options)
    _empty_company_a(cast)
    client.force_login(cast.b.manager)
    report = upload(client, "consultants", f"export.{fmt}", first).context["report"]
    assert (report.created, report.updated, report.unchanged, report.rejected) == (3, 0, 0, 0)
    second = _export(client, "consultants", fmt, options)
    if fmt == "csv":
        assert second == first
    else:
        assert xlsx_rows(second) == xlsx_rows(first)
    # And importing the export again changes nothing.
    again = upload(client, "consultants", f"export.{fmt}", second).context["report"]
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)


@pytest.mark.parametrize(("fmt", "options"), FILES)
def test_tenders_round_trip_export_import_into_an_empty_company_export_again_gives_the_same_file(
    client, cast, catalogue, fmt, options
):
    staff(cast.a.company, catalogue)
    client.force_login(cast.a.manager)
    first = _export(client, "tenders", fmt, {"sort": "title", **options})
    client.force_login(cast.b.manager)
    report = upload(client, "tenders", f"export.{fmt}", first).context["report"]
    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, 0)
    second = _export(client, "tenders", fmt, {"sort": "title", **options})
    if fmt == "csv":
        assert second == first
    else:
        assert xlsx_rows(second) == xlsx_rows(first)
    again = upload(client, "tenders", f"export.{fmt}", second).context["report"]
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0)


def test_the_consultant_export_holds_every_documented_column_with_import_ready_values(client, cast, catalogue):
    staff(cast.a.company, catalogue)
    client.force_login(cast.a.recruiter)
    rows = _csv_rows(_export(client, "consultants", "csv"))
    assert rows[0][:5] == ["first_name", "last_name", "email", "phone", "title"]
    helene = next(row for row in rows if row[0] == "Hélène")
    assert dict(zip(rows[0], helene, strict=True)) == {
        "first_name": "Hélène",
        "last_name": "Lefèvre",
        "email": "helene.lefevre@a.example",
        "phone": "'+33 6 12 34 56 78",
        "title": "Architecte Python",
        "experience_years": "12",
        "availability_status": "on_mission",
        "availability_date": "2027-03-01",
        "hourly_rate": "95.5",
        "daily_rate": "720",
        "location": "Lyon",
        "remote_work": "true",
        "max_travel_distance": "80",
        "profile_picture_url": "",
        "bio": "Ligne un\nLigne deux, avec « guillemets »; et point-virgule",
        "skills": "Django:advanced; Python:expert:12",
    }


def test_cells_that_a_spreadsheet_would_run_are_escaped_in_csv_and_xlsx(client, cast, catalogue):
    staff(cast.a.company, catalogue)
    TenderFactory(company=cast.a.company, title="@SUM(A1:A9)", client_name="=cmd|' /C calc'!A0", description="\tx")
    client.force_login(cast.a.manager)
    rows = _csv_rows(_export(client, "consultants", "csv"))
    bruno = next(row for row in rows if row[0] == "Bruno")
    assert bruno[4] == '\'=HYPERLINK("http://evil.example","clic")'
    assert bruno[10] == "'@Paris"
    tenders = _csv_rows(_export(client, "tenders", "csv", {"sort": "title"}))
    assert [row[0] for row in tenders[1:]] == ["'-Audit sécurité", "'@SUM(A1:A9)", "Refonte du portail"]
    assert tenders[2][1:3] == ["'=cmd|' /C calc'!A0", "'\tx"]
    sheet = xlsx_rows(_export(client, "consultants", "xlsx"))
    bruno = next(row for row in sheet if row[0] == "Bruno")
    assert (bruno[4], bruno[10]) == ('\'=HYPERLINK("http://evil.example","clic")', "'@Paris")
    every_text = [cell for row in sheet + xlsx_rows(_export(client, "tenders", "xlsx")) for cell in row]
    assert [cell for cell in every_text if isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t"))] == []


def test_an_export_is_filtered_like_the_page_it_comes_from(client, cast, catalogue):
    staff(cast.a.company, catalogue)
    client.force_login(cast.a.sales)
    on_mission = _csv_rows(_export(client, "consultants", "csv", {"availability_status": "on_mission"}))
    assert [row[0] for row in on_mission[1:]] == ["Hélène"]
    with_django = _csv_rows(_export(client, "consultants", "csv", {"skill": catalogue["Django"].pk}))
    assert [row[0] for row in with_django[1:]] == ["Hélène"]
    closed = _csv_rows(_export(client, "tenders", "csv", {"status": "closed"}))
    assert [row[0] for row in closed[1:]] == ["'-Audit sécurité"]
    # A page's invalid filter is ignored as the page ignores it.
    assert len(_csv_rows(_export(client, "tenders", "csv", {"status": "nonsense"}))) == 3


def test_the_pipeline_export_lists_the_boards_matches_filtered_by_tender(client, cast, catalogue):
    helene, bruno, tender = staff(cast.a.company, catalogue)
    other = TenderFactory(company=cast.a.company, title="Autre mission")
    MatchFactory(tender=tender, consultant=helene, match_score=0.91234, status="submitted", owner=cast.a.sales)
    MatchFactory(tender=tender, consultant=bruno, match_score=0.5)
    MatchFactory(tender=other, consultant=bruno, match_score=0.7)
    client.force_login(cast.a.recruiter)
    rows = _csv_rows(_export(client, "pipeline", "csv", {"tender": tender.pk}))
    assert rows[0] == [
        "tender_title",
        "client_name",
        "tender_start_date",
        "consultant_first_name",
        "consultant_last_name",
        "consultant_email",
        "status",
        "match_score",
        "submitted_score",
        "owner_email",
        "notes",
        "updated_at",
    ]
    assert [row[:10] for row in rows[1:]] == [
        [
            "Refonte du portail",
            "Banque Exemple",
            "2027-01-04",
            "Bruno",
            "Arnaud",
            "bruno.arnaud@a.example",
            "suggested",
            "0.5",
            "",
            "",
        ],
        [
            "Refonte du portail",
            "Banque Exemple",
            "2027-01-04",
            "Hélène",
            "Lefèvre",
            "helene.lefevre@a.example",
            "submitted",
            "0.9123",
            "",
            "sales@alpha.test",
        ],
    ]
    assert len(_csv_rows(_export(client, "pipeline", "csv"))) == 4


@pytest.mark.parametrize("kind", ["consultants", "tenders", "pipeline"])
@pytest.mark.parametrize("role", ["manager", "recruiter", "sales"])
def test_another_companys_rows_are_never_exported(client, cast, catalogue, kind, role):
    staff(cast.a.company, catalogue, prefix="a")
    _, bruno_b, tender_b = staff(cast.b.company, catalogue, prefix="b")
    MatchFactory(tender=tender_b, consultant=bruno_b)
    client.force_login(cast.a.user(role))
    text = _export(client, kind, "csv").decode("utf-8-sig")
    assert "@b.example" not in text
    sheet = xlsx_rows(_export(client, kind, "xlsx"))
    assert [cell for row in sheet for cell in row if isinstance(cell, str) and "@b.example" in cell] == []


def test_a_consultant_may_not_export(client, cast, catalogue):
    client.force_login(cast.a.consultant_user)
    for kind in ("consultants", "tenders", "pipeline"):
        assert client.get(reverse("dataio:data-export", args=[kind, "csv"])).status_code == 403
    assert client.get(reverse("dataio:data-home")).status_code == 403


def test_an_unknown_kind_or_format_answers_404(client, cast):
    client.force_login(cast.a.manager)
    assert client.get(reverse("dataio:data-export", args=["skills", "csv"])).status_code == 404
    assert client.get(reverse("dataio:data-export", args=["consultants", "pdf"])).status_code == 404
    assert client.get(reverse("dataio:import-template", args=["pipeline", "csv"])).status_code == 404


def test_the_export_query_count_does_not_grow_with_the_rows(client, cast, catalogue):
    def hire(count):
        for _ in range(count):
            consultant = ConsultantFactory(company=cast.a.company)
            consultant.consultant_skills.create(skill=catalogue["Python"], proficiency_level="expert")
            MatchFactory(tender=TenderFactory(company=cast.a.company), consultant=consultant)

    def queries():
        counts = {}
        for kind in ("consultants", "tenders", "pipeline"):
            with CaptureQueriesContext(connection) as captured:
                _export(client, kind, "xlsx")
            counts[kind] = len(captured.captured_queries)
        return counts

    client.force_login(cast.a.manager)
    hire(5)
    few = queries()
    hire(45)
    assert queries() == few
    assert max(few.values()) <= 10


def test_the_data_page_offers_templates_to_managers_and_exports_to_every_exporter(client, cast):
    client.force_login(cast.a.manager)
    page = client.get(reverse("dataio:data-home")).content.decode()
    assert reverse("dataio:import-template", args=["consultants", "xlsx"]) in page
    assert reverse("dataio:data-export", args=["pipeline", "csv"]) in page
    client.force_login(cast.a.sales)
    page = client.get(reverse("dataio:data-home")).content.decode()
    assert reverse("dataio:import-template", args=["consultants", "xlsx"]) not in page
    assert reverse("dataio:data-export", args=["consultants", "csv"]) in page


def test_a_french_reader_gets_semicolons_and_decimal_commas_by_default_and_may_choose_commas(client, cast, catalogue):
    staff(cast.a.company, catalogue)
    client.force_login(cast.a.recruiter)
    url = reverse("dataio:data-export", args=["consultants", "csv"])

    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content
    assert french.startswith(b"\xef\xbb\xbffirst_name;last_name;email;phone;title;experience_years;")
    rows = list(csv.reader(io.StringIO(french.decode("utf-8-sig")), delimiter=";"))
    helene = dict(zip(rows[0], next(row for row in rows if row[0] == "Hélène"), strict=True))
    assert (helene["hourly_rate"], helene["daily_rate"], helene["skills"]) == (
        "95,5",
        "720",
        "Django:advanced; Python:expert:12",
    )

    chosen = client.get(url, {"dialect": "en"}, HTTP_ACCEPT_LANGUAGE="fr").content
    assert chosen.startswith(b"\xef\xbb\xbffirst_name,last_name,email,phone,title,experience_years,")
    # The same file as an English reader's, but for the French skill names a French reader gets last.
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content
    assert [row[:-1] for row in csv.reader(io.StringIO(chosen.decode("utf-8-sig")))] == list(
        csv.reader(io.StringIO(english.decode("utf-8-sig")))
    )
    english_semicolons = client.get(url, {"dialect": "fr"}, HTTP_ACCEPT_LANGUAGE="en").content
    assert [row[:-1] for row in csv.reader(io.StringIO(french.decode("utf-8-sig")), delimiter=";")] == list(
        csv.reader(io.StringIO(english_semicolons.decode("utf-8-sig")), delimiter=";")
    )


def test_a_french_export_and_an_english_one_import_to_the_same_rows(client, cast, catalogue):
    staff(cast.a.company, catalogue)
    client.force_login(cast.a.manager)
    french = _export(client, "consultants", "csv", {"dialect": "fr"})
    english = _export(client, "consultants", "csv", {"dialect": "en"})
    _empty_company_a(cast)
    client.force_login(cast.b.manager)

    created = upload(client, "consultants", "export.csv", french).context["report"]
    assert (created.created, created.rejected) == (3, 0)
    again = upload(client, "consultants", "export.csv", english).context["report"]
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    assert Consultant.objects.get(user__first_name="Hélène").hourly_rate == 95.5


def test_the_data_page_offers_both_csv_dialects_the_readers_first(client, cast):
    client.force_login(cast.a.manager)
    export = reverse("dataio:data-export", args=["consultants", "csv"])
    french = client.get(reverse("dataio:data-home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        f'<a href="{export}?dialect=fr" download>CSV (;)</a> · <a href="{export}?dialect=en" download>CSV (,)</a>'
        in french
    )
    english = client.get(reverse("dataio:data-home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        f'<a href="{export}?dialect=en" download>CSV (,)</a> · <a href="{export}?dialect=fr" download>CSV (;)</a>'
        in english
    )
