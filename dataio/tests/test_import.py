"""Importing consultants from CSV and XLSX files: created in the importing company, updated in place,
all or nothing, with every bad row reported."""

import datetime

from consultants.models import Consultant
from dataio.tests.conftest import csv_bytes, xlsx_from_rows
from dataio.tests.importing import CONSULTANTS_CSV, _import, _state


def test_a_consultant_file_creates_the_consultants_with_their_skills_in_the_users_company(cast, catalogue):
    report = _import(cast, "consultants", CONSULTANTS_CSV)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, 0)
    camille = Consultant.objects.get(user__email="camille.martin@example.com")
    assert camille.company == cast.a.company
    assert (camille.user.first_name, camille.title, camille.daily_rate, camille.remote_work) == (
        "Camille",
        "Développeuse Python",
        650.0,
        True,
    )
    assert sorted(camille.consultant_skills.values_list("skill__name", "proficiency_level", "years_experience")) == [
        ("Django", "advanced", None),
        ("Python", "expert", 5),
    ]
    hugo = Consultant.objects.get(user__email="hugo.bernard@example.com")
    assert (hugo.title, hugo.availability_status, hugo.availability_date, hugo.daily_rate, hugo.remote_work) == (
        "Data engineer, senior",
        "on_mission",
        datetime.date(2027, 2, 1),
        700.5,
        False,
    )
    # "Postgres" is an alias: it resolves to the catalogue's PostgreSQL.
    assert list(hugo.consultant_skills.values_list("skill__name", "proficiency_level")) == [
        ("PostgreSQL", "intermediate")
    ]


def test_importing_the_same_consultant_file_twice_changes_nothing_the_second_time(cast, catalogue):
    first = _import(cast, "consultants", CONSULTANTS_CSV)
    before = _state()
    second = _import(cast, "consultants", CONSULTANTS_CSV)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 2, 0)
    assert _state() == before


def test_a_semicolon_separated_file_in_windows_encoding_imports_too(cast, catalogue):
    content = "first_name;last_name;email;title\r\nRené;Dupré;rene@example.com;Chef de projet\r\n".encode("cp1252")
    report = _import(cast, "consultants", content)
    assert (report.created, report.rejected) == (1, 0)
    assert Consultant.objects.get(user__email="rene@example.com").user.last_name == "Dupré"


def test_rows_are_updated_in_place_by_email_and_by_name_when_there_is_no_email(cast, catalogue):
    _import(cast, "consultants", CONSULTANTS_CSV)
    ids = sorted(Consultant.objects.values_list("pk", flat=True))
    changed = csv_bytes(
        "first_name,last_name,email,daily_rate,skills",
        "Camille,Martin,CAMILLE.MARTIN@example.com,680,Python:expert:6",
        "hugo,BERNARD,,710,Postgres:intermediate",
    )
    report = _import(cast, "consultants", changed)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 2, 0, 0)
    assert sorted(Consultant.objects.values_list("pk", flat=True)) == ids
    camille = Consultant.objects.get(user__email="camille.martin@example.com")
    assert camille.daily_rate == 680.0
    # Columns left out keep their values; the skills cell replaces the consultant's skills.
    assert camille.title == "Développeuse Python"
    assert list(camille.consultant_skills.values_list("skill__name", "years_experience")) == [("Python", 6)]
    hugo = Consultant.objects.get(user__email="hugo.bernard@example.com")
    assert (hugo.daily_rate, hugo.user.first_name) == (710.0, "hugo")


def test_a_file_with_bad_rows_writes_nothing_and_reports_every_bad_row_with_its_line_and_reason(cast, catalogue):
    _import(cast, "consultants", CONSULTANTS_CSV)
    before = _state()
    content = csv_bytes(
        "first_name,last_name,email,title,availability_status,availability_date,daily_rate,skills",
        "Alice,Durand,alice@example.com,Dev,available,,500,Python:guru",
        "Camille,Martin,camille.martin@example.com,Dev,available,,999,Python:expert",
        "Bob,Petit,bob@example.com,Dev,available,31/02/2027,500,",
        "Chloé,Roux,chloe@example.com,Dev,holiday,,,Cobol:expert",
        "Denis,Faure,denis@example.com,Dev",
        "Emma,Blanc,,Dev,available,,,",
        "Fanny,Moreau,fanny@example.com,,available,,,",
        "Alice,Durand,alice@example.com,Dev,available,,500,",
    )
    report = _import(cast, "consultants", content)
    assert not report.ok and not report.applied
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (2, ["skills: Python: unknown level “guru” (expected one of: beginner, intermediate, advanced, expert)."]),
        (4, ["availability_date: “31/02/2027” is not a valid date (use YYYY-MM-DD, e.g. 2027-01-04)."]),
        (
            5,
            [
                "availability_status: unknown availability “holiday” "
                "(expected one of: available, partially_available, unavailable, on_mission).",
                "skills: unknown skill “Cobol”: add it to the catalogue first.",
            ],
        ),
        (6, ["Missing column(s): availability_status, availability_date, daily_rate, skills."]),
        (7, ["email: an e-mail address is required to create a consultant."]),
        (8, ["title: This field cannot be blank."]),
        (9, ["Same consultant as line 2."]),
    ]
    # Line 3 alone was valid; it is counted, but nothing at all was written.
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 1, 0, 7)
    assert _state() == before


def test_a_negative_rate_is_rejected_with_the_models_message(cast, catalogue):
    content = csv_bytes("first_name,last_name,email,title,daily_rate", "Alice,Durand,alice@example.com,Dev,-3")
    report = _import(cast, "consultants", content)
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (2, ["daily_rate: cannot be negative."])
    ]
    assert Consultant.objects.count() == 0


def test_experience_and_rates_beyond_their_ranges_are_rejected_with_the_models_messages(cast, catalogue, settings):
    settings.LANGUAGE_CODE = "en"
    content = csv_bytes(
        "first_name,last_name,email,title,experience_years,daily_rate,skills",
        "Alice,Durand,alice@example.com,Dev,200,600,",
        "Bruno,Lenoir,bruno@example.com,Dev,12,50000,",
        "Carla,Mercier,carla@example.com,Dev,12,600,Python:expert:61",
    )
    report = _import(cast, "consultants", content)
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (2, ["experience_years: Years of experience lie between 0 and 60."]),
        (3, ["daily_rate: A daily rate lies between 0 and 5,000 €."]),
        (4, ["years_experience: Years of experience lie between 0 and 60."]),
    ]
    assert Consultant.objects.count() == 0


def test_a_dry_run_reports_what_the_import_will_do_and_writes_nothing(cast, catalogue):
    before = _state()
    dry = _import(cast, "consultants", CONSULTANTS_CSV, dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged, dry.rejected, dry.ok, dry.applied) == (2, 0, 0, 0, True, False)
    assert _state() == before
    real = _import(cast, "consultants", CONSULTANTS_CSV)
    assert (real.created, real.updated, real.unchanged, real.applied) == (2, 0, 0, True)


def test_the_company_never_comes_from_the_file(cast, catalogue):
    content = csv_bytes("first_name,last_name,email,title,company", "Alice,Durand,alice@example.com,Dev,Beta Services")
    report = _import(cast, "consultants", content)
    assert report.file_errors == [
        "Unknown column(s): company. The columns are: first_name, last_name, email, phone, title, experience_years, "
        "availability_status, availability_date, hourly_rate, daily_rate, location, remote_work, max_travel_distance, "
        "profile_picture_url, bio, skills."
    ]
    assert Consultant.objects.count() == 0


def test_an_email_held_by_another_companys_user_is_rejected_without_touching_it(cast, catalogue):
    content = csv_bytes("first_name,last_name,email,title", f"Intrus,Beta,{cast.b.manager.email},Dev")
    report = _import(cast, "consultants", content)
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (2, ["email: This e-mail address is not available: use another one."])
    ]
    cast.b.manager.refresh_from_db()
    assert (cast.b.manager.company, cast.b.manager.first_name) == (cast.b.company, "Manager")


def test_a_file_over_the_row_limit_or_the_size_limit_is_refused_whole(cast, catalogue, settings):
    settings.DATAIO_MAX_ROWS = 2
    content = csv_bytes("first_name,last_name,email,title", *(f"A{n},B{n},a{n}@example.com,Dev" for n in range(3)))
    report = _import(cast, "consultants", content)
    assert report.file_errors == ["The file has more than 2 rows: split it into several files."]
    settings.DATAIO_MAX_ROWS = 10_000
    settings.DATAIO_MAX_UPLOAD_BYTES = 50
    report = _import(cast, "consultants", content)
    assert report.file_errors == ["The file is too large (112\xa0bytes); the limit is 50\xa0bytes."]
    assert Consultant.objects.count() == 0


def test_unreadable_files_get_a_clear_reason(cast, catalogue):
    assert _import(cast, "consultants", b"").file_errors == ["The file is empty."]
    assert _import(cast, "consultants", b"PK\x03\x04garbage", name="x.xlsx").file_errors == [
        "This file is not a valid Excel (.xlsx) file."
    ]
    assert _import(cast, "consultants", b"\xd0\xcf\x11\xe0old", name="x.xls").file_errors == [
        "Old Excel files (.xls) are not supported: save the file as .xlsx or CSV."
    ]
    assert _import(cast, "consultants", csv_bytes("name,title", "x,y")).file_errors == [
        "Unknown column(s): name. The columns are: first_name, last_name, email, phone, title, experience_years, "
        "availability_status, availability_date, hourly_rate, daily_rate, location, remote_work, max_travel_distance, "
        "profile_picture_url, bio, skills.",
        "Missing column(s): first_name, last_name.",
    ]


def test_an_xlsx_file_imports_like_the_csv_one_and_twice_is_unchanged(cast, catalogue):
    content = xlsx_from_rows(
        [
            ["first_name", "last_name", "email", "title", "availability_date", "daily_rate", "remote_work", "skills"],
            ["Camille", "Martin", "camille@example.com", "Dev", datetime.date(2027, 2, 1), 650, True, "Py:expert:5"],
            [None, None, None, None, None, None, None, None],
            ["Hugo", "Bernard", "hugo@example.com", "Dev", "2027-03-01", 700.5, False, ""],
        ]
    )
    first = _import(cast, "consultants", content, name="people.xlsx")
    assert (first.created, first.rejected) == (2, 0)
    camille = Consultant.objects.get(user__email="camille@example.com")
    assert (camille.availability_date, camille.daily_rate, camille.remote_work) == (
        datetime.date(2027, 2, 1),
        650,
        True,
    )
    second = _import(cast, "consultants", content, name="people.xlsx")
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
