import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from consultants.models import Consultant, ConsultantSkill, Skill, SkillAlias
from dataio.services import data_import
from dataio.tests.conftest import csv_bytes, upload, xlsx_from_rows
from history.models import ChangeRecord
from talentmatch.models import User
from tenders.models import Tender, TenderSkill

CONSULTANTS_CSV = csv_bytes(
    "first_name,last_name,email,title,availability_status,availability_date,daily_rate,remote_work,skills",
    "Camille,Martin,camille.martin@example.com,Développeuse Python,available,,650,true,"
    "Python:expert:5; Django:advanced",
    'Hugo,Bernard,hugo.bernard@example.com,"Data engineer, senior",on_mission,2027-02-01,"700,5",non,'
    "Postgres:intermediate",
)


def _state():
    """Everything an import may write, to assert that nothing changed."""
    return (
        sorted(Consultant.objects.values_list("pk", "title", "daily_rate", "availability_status")),
        sorted(
            ConsultantSkill.objects.values_list("consultant_id", "skill_id", "proficiency_level", "years_experience")
        ),
        sorted(Tender.objects.values_list("pk", "title", "status", "budget")),
        sorted(TenderSkill.objects.values_list("tender_id", "skill_id", "importance", "minimum_level")),
        sorted(Skill.objects.values_list("pk", "name", "description")),
        sorted(SkillAlias.objects.values_list("skill_id", "alias")),
        User.objects.count(),
        ChangeRecord.objects.count(),
    )


def _import(cast, kind, content, name="file.csv", dry_run=False, side=None):
    side = side or cast.a
    return data_import(kind=kind, name=name, content=content, company=side.company, by=side.manager, dry_run=dry_run)


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
        (2, ["email: A user with this e-mail address already exists."])
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


# --- tenders -----------------------------------------------------------------------------------

TENDERS_CSV = csv_bytes(
    "title,client_name,description,start_date,end_date,status,budget,skills",
    "Portail,Banque Exemple,Refonte,2027-01-04,2027-06-30,open,60000,Python:required:advanced; Docker:nice_to_have",
    "Portail,Banque Exemple,Seconde phase,2027-09-01,,in_progress,,Django:preferred",
    "Audit,Assurance,Audit sécurité,,,closed,,",
)


def test_tenders_import_with_their_skill_needs_and_update_in_place_on_client_title_and_start(cast, catalogue):
    first = _import(cast, "tenders", TENDERS_CSV)
    assert (first.created, first.updated, first.unchanged, first.rejected) == (3, 0, 0, 0)
    portal = Tender.objects.get(title="Portail", start_date=datetime.date(2027, 1, 4))
    assert portal.company == cast.a.company
    assert sorted(portal.tender_skills.values_list("skill__name", "importance", "minimum_level")) == [
        ("Docker", "nice_to_have", None),
        ("Python", "required", "advanced"),
    ]
    before = _state()
    again = _import(cast, "tenders", TENDERS_CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert _state() == before
    changed = csv_bytes(
        "title,client_name,start_date,status,skills",
        "portail,banque exemple,04/01/2027,in_progress,Python:required:expert",
    )
    report = _import(cast, "tenders", changed)
    assert (report.created, report.updated) == (0, 1)
    portal.refresh_from_db()
    assert portal.status == "in_progress"
    assert list(portal.tender_skills.values_list("skill__name", "minimum_level")) == [("Python", "expert")]


def test_a_tender_with_bad_needs_or_dates_is_rejected_and_nothing_written(cast, catalogue):
    content = csv_bytes(
        "title,client_name,description,start_date,end_date,skills",
        "A,Client,Desc,2027-05-01,2027-01-01,Python:mandatory",
        ",Client,Desc,,,",
        "B,Client,Desc,,,Python:required:wizard",
    )
    report = _import(cast, "tenders", content)
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (
            2,
            ["skills: Python: unknown importance “mandatory” (expected one of: required, preferred, nice_to_have)."],
        ),
        (3, ["title: this cell is required."]),
        (4, ["skills: Python: unknown level “wizard” (expected one of: beginner, intermediate, advanced, expert)."]),
    ]
    assert Tender.objects.count() == 0
    dates = csv_bytes("title,client_name,description,start_date,end_date", "A,Client,Desc,2027-05-01,2027-01-01")
    assert [problem.reasons for problem in _import(cast, "tenders", dates).problems] == [
        ["end_date: The end date cannot be before the start date."]
    ]


# --- the skill catalogue -----------------------------------------------------------------------


def test_the_skill_catalogue_imports_with_aliases_and_related_skills_and_twice_is_unchanged(cast, catalogue):
    content = csv_bytes(
        "name,category,description,aliases,related",
        "FastAPI,framework,Async web framework,Fast API; fastapi-py,Python; Starlette",
        "Starlette,framework,ASGI toolkit,,",
        "Py,programming_language,The Python language,Py; Python 3,",
    )
    first = _import(cast, "skills", content)
    assert (first.created, first.updated, first.unchanged, first.rejected) == (2, 1, 0, 0)
    fastapi = Skill.objects.get(name="FastAPI")
    assert sorted(fastapi.aliases.values_list("alias", flat=True)) == ["Fast API", "fastapi-py"]
    assert sorted(fastapi.related_skills.values_list("name", flat=True)) == ["Python", "Starlette"]
    python = Skill.objects.get(name="Python")
    # "Py" is an alias of Python: the row updates Python and keeps its name and the alias.
    assert (python.description, sorted(python.aliases.values_list("alias", flat=True))) == (
        "The Python language",
        ["Py", "Python 3"],
    )
    before = _state()
    again = _import(cast, "skills", content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert _state() == before


def test_a_skill_row_with_an_unknown_category_or_related_skill_is_rejected(cast, catalogue):
    content = csv_bytes(
        "name,category,related",
        "Rust,language,",
        "Axum,framework,Tokio",
        "Postgres,framework,",
    )
    report = _import(cast, "skills", content)
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (
            2,
            [
                "category: unknown category “language” (expected one of: programming_language, framework, database, "
                "cloud, devops, methodology, soft_skill, other)."
            ],
        ),
        (3, ["related: unknown skill “Tokio”."]),
        (4, ["“Postgres” is an alias of PostgreSQL, a skill of category database."]),
    ]
    assert not Skill.objects.filter(name__in=["Rust", "Axum"]).exists()


# --- history, the web page and the command -----------------------------------------------------


def test_an_import_records_history_with_the_importing_user(cast, catalogue):
    _import(cast, "consultants", CONSULTANTS_CSV)
    camille = Consultant.objects.get(user__email="camille.martin@example.com")
    records = list(
        ChangeRecord.objects.filter(object_kind="consultant", object_id=camille.pk)
        .order_by("pk")
        .values_list("actor", "action", "subject")
    )
    assert records == [
        (cast.a.manager.pk, "created", ""),
        (cast.a.manager.pk, "skill_added", "Python"),
        (cast.a.manager.pk, "skill_added", "Django"),
    ]
    _import(
        cast,
        "consultants",
        csv_bytes("first_name,last_name,email,daily_rate", "Camille,Martin,camille.martin@example.com,690"),
    )
    latest = ChangeRecord.objects.filter(object_id=camille.pk, object_kind="consultant").latest("pk")
    assert (latest.actor, latest.action, latest.changes) == (cast.a.manager, "updated", {"daily_rate": [650.0, 690.0]})


def test_the_import_page_checks_a_file_then_imports_it_as_checked(client, cast, catalogue):
    client.force_login(cast.a.manager)
    response = upload(client, "consultants", "people.csv", CONSULTANTS_CSV, action="check")
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.dry_run, report.ok) == (2, True, True)
    assert Consultant.objects.count() == 0
    token = response.context["token"]
    assert token and "Import this file" in response.content.decode()
    response = client.post(reverse("dataio:data-import"), {"token": token})
    assert response.context["report"].applied
    assert Consultant.objects.filter(company=cast.a.company).count() == 2
    # The checked file is used once.
    response = client.post(reverse("dataio:data-import"), {"token": token})
    assert response.context["report"] is None
    assert "The checked file is no longer available" in response.content.decode()


def test_the_import_page_refuses_a_file_longer_than_its_row_limit_and_the_command_takes_it(
    client, cast, catalogue, settings
):
    settings.DATAIO_WEB_MAX_ROWS = 1
    client.force_login(cast.a.manager)
    response = upload(client, "consultants", "people.csv", CONSULTANTS_CSV, action="check")
    assert response.context["report"].file_errors == ["The file has more than 1 row: split it into several files."]
    assert "From here a file holds up to 1 rows" in response.content.decode()
    response = upload(client, "consultants", "people.csv", CONSULTANTS_CSV, action="import")
    assert Consultant.objects.count() == 0
    assert _import(cast, "consultants", CONSULTANTS_CSV).created == 2


def test_the_import_page_lists_the_rejected_rows_and_keeps_the_chosen_kind(client, cast, catalogue):
    client.force_login(cast.a.manager)
    content = csv_bytes("title,client_name,description,start_date", "A,Client,Desc,tomorrow")
    response = upload(client, "tenders", "t.csv", content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in page
    assert "start_date: “tomorrow” is not a valid date" in page
    assert response.context["form"]["kind"].value() == "tenders"
    assert Tender.objects.count() == 0


def test_the_import_page_refuses_a_missing_or_foreign_file_beside_the_field(client, cast, catalogue):
    client.force_login(cast.a.manager)
    response = client.post(reverse("dataio:data-import"), {"kind": "consultants", "action": "check"})
    assert response.context["form"].errors == {"file": ["This field is required."]}
    response = upload(client, "consultants", "photo.png", b"\x89PNG")
    assert response.context["form"].errors == {"file": ["Choose a CSV or Excel (.xlsx) file."]}


@pytest.mark.parametrize("role", ["recruiter", "sales", "consultant"])
def test_only_managers_import(client, cast, catalogue, role):
    client.force_login(cast.a.user(role))
    assert upload(client, "consultants", "people.csv", CONSULTANTS_CSV).status_code == 403
    assert client.get(reverse("dataio:import-template", args=["consultants", "csv"])).status_code == 403
    assert Consultant.objects.count() == 0


def test_the_platform_admin_may_import_skills_but_not_company_rows(client, cast, catalogue):
    client.force_login(cast.admin)
    response = upload(client, "consultants", "people.csv", CONSULTANTS_CSV)
    assert response.context["report"].file_errors == ["Only a member of a company can import consultants or tenders."]
    response = upload(client, "skills", "skills.csv", csv_bytes("name,category", "Rust,programming_language"))
    assert response.context["report"].applied
    assert Skill.objects.filter(name="Rust").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["consultants", "skills", "tenders"])
def test_each_template_imports_as_it_is(client, cast, catalogue, kind, fmt):
    Skill.objects.create(name="FastAPI", category="framework")  # the template's consultants need no new skill
    client.force_login(cast.a.manager)
    template = client.get(reverse("dataio:import-template", args=[kind, fmt]))
    assert template.status_code == 200
    assert template["Content-Disposition"] == f'attachment; filename="talentmatch-{kind}-template.{fmt}"'
    report = _import(cast, kind, template.content, name=f"template.{fmt}")
    assert (report.rejected, report.file_errors) == (0, [])
    assert report.created + report.updated == 1


def test_the_command_imports_a_file_into_the_given_company(cast, catalogue, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(CONSULTANTS_CSV)
    call_command("import_data", "consultants", str(path), "--company", str(cast.b.company.pk), "--dry-run")
    assert capsys.readouterr().out.strip() == (
        "Dry run of people.csv into Beta Services: 2 created, 0 updated, 0 unchanged, 0 rejected. Nothing was written."
    )
    assert Consultant.objects.count() == 0
    call_command("import_data", "consultants", str(path), "--company", str(cast.b.company.pk))
    assert Consultant.objects.filter(company=cast.b.company).count() == 2
    # No --user: the history records the change as made by no one (the system).
    assert set(ChangeRecord.objects.values_list("actor", flat=True)) == {None}
    call_command(
        "import_data", "consultants", str(path), "--company", str(cast.b.company.pk), "--user", cast.b.manager.email
    )
    assert capsys.readouterr().out.strip().endswith("0 created, 0 updated, 2 unchanged, 0 rejected.")


def test_the_command_fails_on_bad_rows_and_names_them(cast, catalogue, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes("first_name,last_name,email,title,skills", "A,B,a@example.com,Dev,Python:guru"))
    with pytest.raises(CommandError, match="0 created, 0 updated, 0 unchanged, 1 rejected. Nothing was written."):
        call_command("import_data", "consultants", str(path), "--company", str(cast.a.company.pk))
    assert "Line 2: skills: Python: unknown level “guru”" in capsys.readouterr().err
    with pytest.raises(CommandError, match="is not a member of company"):
        call_command(
            "import_data", "consultants", str(path), "--company", str(cast.a.company.pk), "--user", cast.b.manager.email
        )
    assert Consultant.objects.count() == 0
