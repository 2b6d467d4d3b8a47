"""A consultant's career (missions, education, certifications, languages): services and the profile's cards."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultants.career.models import Certification, Education, Experience, SpokenLanguage
from consultants.career.services import career_entry_remove, career_entry_save
from consultants.tests.pages import HTMX, _login
from history.models import ChangeRecord

pytestmark = pytest.mark.usefixtures("_english")


def _url(name, consultant, kind, entry=None):
    kwargs = {"pk": consultant.pk, "kind": kind}
    if entry is not None:
        kwargs["entry_pk"] = entry.pk
    return reverse(f"consultants:{name}", kwargs=kwargs)


def _mission(consultant, **values):
    data = {"employer": "Banque Durand", "sector": "Banking", "role": "Lead developer"}
    data |= {"start_date": datetime.date(2021, 3, 1), "end_date": None, "description": "", "location": "Lyon"}
    return Experience.objects.create(consultant=consultant, **(data | values))


def test_a_mission_is_added_with_its_skills_and_kept_in_the_history(cast, people):
    colleague = people["colleague"]
    entry = career_entry_save(
        consultant=colleague,
        kind="experiences",
        values={"employer": "Banque Durand", "sector": "Banking", "role": "Lead developer"}
        | {"start_date": datetime.date(2021, 3, 1), "end_date": None, "description": "APIs", "location": "Lyon"},
        skills=[people["python"]],
        by=cast.a.recruiter,
    )
    assert list(entry.skills.values_list("name", flat=True)) == ["Python"]
    record = ChangeRecord.objects.filter(object_id=colleague.pk, action="career_added").get()
    assert record.subject == "Lead developer — Banque Durand"
    assert record.changes["skills"] == [None, "Python"]
    assert record.changes["employer"] == [None, "Banque Durand"]


def test_a_mission_ending_before_it_starts_is_refused_and_nothing_is_written(cast, people):
    with pytest.raises(ValidationError) as error:
        career_entry_save(
            consultant=people["colleague"],
            kind="experiences",
            values={"employer": "X", "role": "Dev", "start_date": datetime.date(2022, 1, 1)}
            | {"end_date": datetime.date(2021, 1, 1)},
            by=cast.a.recruiter,
        )
    assert "consultant_experiences_dates_ordered" in str(error.value) or error.value.messages
    assert Experience.objects.count() == 0
    assert not ChangeRecord.objects.filter(action="career_added").exists()


def test_sales_and_another_company_may_not_write_a_career(cast, people):
    for user in (cast.a.sales, cast.b.manager):
        with pytest.raises(PermissionDenied):
            career_entry_save(
                consultant=people["colleague"],
                kind="languages",
                values={"language": "English", "level": "C1"},
                by=user,
            )
    assert SpokenLanguage.objects.count() == 0


def test_a_change_records_only_what_changed_and_a_removal_is_recorded(cast, people):
    entry = _mission(people["colleague"])
    career_entry_save(
        consultant=people["colleague"],
        kind="experiences",
        values={"role": "Architect"},
        entry=Experience.objects.get(pk=entry.pk),
        by=cast.a.manager,
    )
    changed = ChangeRecord.objects.get(action="career_changed")
    assert changed.changes == {"role": ["Lead developer", "Architect"]}
    career_entry_remove(entry=Experience.objects.get(pk=entry.pk), by=cast.a.manager)
    assert Experience.objects.count() == 0
    assert ChangeRecord.objects.get(action="career_removed").subject == "Architect — Banque Durand"


def test_the_profile_shows_the_four_career_cards_with_their_forms(client, cast, people):
    colleague = people["colleague"]
    _mission(colleague)
    Education.objects.create(consultant=colleague, school="INSA Lyon", degree="Engineering degree", end_year=2015)
    content = _login(client, cast.a.recruiter).get(reverse("consultants:consultant-detail", args=[colleague.pk]))
    content = content.content.decode()
    for section in ("career-experiences", "career-education", "career-certifications", "career-languages"):
        assert f'id="{section}"' in content
    assert "Lead developer" in content and "INSA Lyon" in content
    assert "Add a mission or a job" in content


def test_sales_reads_the_career_without_any_form(client, cast, people):
    _mission(people["colleague"])
    content = _login(client, cast.a.sales).get(reverse("consultants:consultant-detail", args=[people["colleague"].pk]))
    content = content.content.decode()
    assert "Lead developer" in content
    assert "Add a mission or a job" not in content


def test_a_mission_is_added_through_the_card_with_skills_by_alias(client, cast, people):
    colleague = people["colleague"]
    data = {
        "experiences-new-employer": "Retail SA",
        "experiences-new-sector": "Retail",
        "experiences-new-role": "Front-end developer",
        "experiences-new-start_date": "2019-01-01",
        "experiences-new-end_date": "2020-06-30",
        "experiences-new-skills_used": "JS, python",
    }
    response = _login(client, cast.a.recruiter).post(_url("career-add", colleague, "experiences"), data, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith("<section") and "<html" not in content
    assert "“Front-end developer — Retail SA” added." in content
    entry = Experience.objects.get(consultant=colleague)
    assert sorted(entry.skills.values_list("name", flat=True)) == ["JavaScript", "Python"]


def test_an_unknown_skill_or_a_duplicate_language_is_shown_and_nothing_is_written(client, cast, people):
    colleague = people["colleague"]
    SpokenLanguage.objects.create(consultant=colleague, language="English", level="B2")
    client = _login(client, cast.a.recruiter)
    data = {
        "experiences-new-employer": "Retail SA",
        "experiences-new-role": "Dev",
        "experiences-new-start_date": "2019-01-01",
        "experiences-new-skills_used": "Cobolt",
    }
    response = client.post(_url("career-add", colleague, "experiences"), data, **HTMX)
    assert "Not in the skill catalogue: Cobolt." in response.content.decode()
    response = client.post(
        _url("career-add", colleague, "languages"),
        {"languages-new-language": "english", "languages-new-level": "C1"},
        **HTMX,
    )
    assert "This language is already listed" in response.content.decode()
    assert Experience.objects.count() == 0
    assert list(SpokenLanguage.objects.values_list("language", "level")) == [("English", "B2")]


def test_an_entry_is_changed_and_removed_through_the_card_and_a_failed_change_keeps_it(client, cast, people):
    colleague = people["colleague"]
    certification = Certification.objects.create(consultant=colleague, name="AWS SAA", issuer="AWS")
    client = _login(client, cast.a.manager)
    prefix = f"certifications-{certification.pk}"
    bad = {f"{prefix}-name": "AWS SAP", f"{prefix}-obtained_on": "2024-01-01", f"{prefix}-expires_on": "2023-01-01"}
    response = client.post(_url("career-change", colleague, "certifications", certification), bad, **HTMX)
    assert response.status_code == 200
    assert Certification.objects.get().name == "AWS SAA"
    good = {f"{prefix}-name": "AWS SAP", f"{prefix}-issuer": "Amazon", f"{prefix}-obtained_on": "2024-01-01"}
    client.post(_url("career-change", colleague, "certifications", certification), good, **HTMX)
    assert Certification.objects.values_list("name", "issuer").get() == ("AWS SAP", "Amazon")
    response = client.post(_url("career-remove", colleague, "certifications", certification))
    assert response.status_code == 302
    assert Certification.objects.count() == 0


def test_another_company_or_a_colleague_of_a_consultant_gets_404_and_an_unknown_kind_404(client, cast, people):
    colleague = people["colleague"]
    entry = _mission(colleague)
    for user in (cast.b.manager, cast.a.consultant_user):
        client.force_login(user)
        assert client.post(_url("career-remove", colleague, "experiences", entry)).status_code == 404
    client.force_login(cast.a.manager)
    assert client.post(_url("career-add", colleague, "hobbies")).status_code == 404
    assert Experience.objects.count() == 1


def test_a_consultant_edits_their_own_career(client, cast, people):
    own = people["own"]
    response = _login(client, cast.a.consultant_user).post(
        _url("career-add", own, "languages"), {"languages-new-language": "Français", "languages-new-level": "native"}
    )
    assert response.status_code == 302
    saved = SpokenLanguage.objects.values_list("consultant_id", "language", "level").get()
    assert saved == (own.pk, "Français", "native")
