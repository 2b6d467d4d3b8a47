"""Imports leave history, and run from the web page (managers only) and from the command."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from consultants.models import Consultant, Skill
from dataio.tests.conftest import csv_bytes, upload
from dataio.tests.importing import CONSULTANTS_CSV, _import
from history.models import ChangeRecord
from tenders.models import Tender

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


def test_the_import_page_lists_the_allowed_values_in_the_readers_language_with_their_codes(client, cast):
    client.force_login(cast.a.manager)
    french = client.get(reverse("dataio:data-import"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        '<tr><th scope="row">Consultants : availability_status</th><td data-label="Valeurs">Disponible (available), '
        "Partiellement disponible (partially_available), Indisponible (unavailable), En mission (on_mission)</td></tr>"
    ) in french
    assert "Débutant (beginner), Intermédiaire (intermediate), Avancé (advanced), Expert (expert)" not in french
    assert "Débutant (beginner), Intermédiaire (intermediate), Avancé (advanced), expert</td>" in french
    english = client.get(reverse("dataio:data-import"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<td data-label="Values">available, partially_available, unavailable, on_mission</td>' in english


def test_a_french_reader_is_told_the_allowed_values_in_french(cast, catalogue):
    content = csv_bytes("first_name,last_name,email,title,availability_status", "Alice,Durand,a@example.com,Dev,congé")
    with translation.override("fr"):
        report = _import(cast, "consultants", content)
        assert [(problem.line, problem.reasons) for problem in report.problems] == [
            (
                2,
                [
                    "availability_status : disponibilité « congé » inconnue (valeurs possibles : "
                    "Disponible (available), Partiellement disponible (partially_available), "
                    "Indisponible (unavailable), En mission (on_mission))."
                ],
            )
        ]
