"""Django admin writes company data through the services (talentmatch.admin.ServiceModelAdmin): an
admin edit records history, refreshes the search document, outdates the page cache and schedules the
same rescoring as the application's pages; models no service writes are read-only there."""

import pytest
from django.db import connection
from django.urls import reverse

from consultants.cache import catalogue_version, detail_key
from consultants.models import Consultant, ConsultantSkill, ProficiencyLevel, SkillAlias
from consultants.selectors import consultant_search_query
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from history.models import ChangeRecord
from matching.services import scheduling
from matching.tests.factories import MatchFactory
from tenders.models import TenderSkill
from tenders.tests.factories import TenderFactory, TenderSkillFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def rescored(monkeypatch):
    """The rescoring the writes schedule after commit: ("consultant" | "tender", id) in order."""
    scheduled: list = []
    monkeypatch.setattr(scheduling, "schedule_consultant_rematch", lambda pk: scheduled.append(("consultant", pk)))
    monkeypatch.setattr(scheduling, "schedule_tender_rematch", lambda pk: scheduled.append(("tender", pk)))
    return scheduled


def form_data(response) -> dict:
    """The POST data of an admin form page as displayed: main form, inline management forms and rows."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    data = {}
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data


def _post(client, url: str, changes: dict, added_rows: dict | None = None):
    """Load the admin form at `url`, apply `changes`, add inline rows ({prefix: [row, ...]}) and post it."""
    page = client.get(url)
    assert page.status_code == 200
    data = {**form_data(page), **changes}
    for prefix, rows in (added_rows or {}).items():
        first = int(data[f"{prefix}-TOTAL_FORMS"])
        for offset, row in enumerate(rows):
            data.update({f"{prefix}-{first + offset}-{name}": value for name, value in row.items()})
        data[f"{prefix}-TOTAL_FORMS"] = str(first + len(rows))
    return client.post(url, data)


def _searchable(consultant, text: str) -> bool:
    return Consultant.objects.filter(pk=consultant.pk, search_vector=consultant_search_query(text)).exists()


def test_an_admin_edit_of_a_consultant_goes_through_the_services(
    client, cast, rescored, django_capture_on_commit_callbacks
):
    consultant = ConsultantFactory(company=cast.a.company, user__first_name="Anne", user__last_name="Arnaud")
    held = ConsultantSkillFactory(consultant=consultant, proficiency_level=ProficiencyLevel.BEGINNER)
    new_skill = SkillFactory(name="Haskell")
    key_before = detail_key(cast.a.recruiter, consultant.pk)
    client.force_login(cast.admin)
    url = reverse("admin:consultants_consultant_change", args=[consultant.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            url,
            {"title": "Zorglubiste", "last_name": "Zeller", "consultant_skills-0-proficiency_level": "expert"},
            {"consultant_skills": [{"skill": new_skill.pk, "proficiency_level": "advanced", "years_experience": "2"}]},
        )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    consultant.refresh_from_db()
    assert (consultant.title, consultant.user.last_name, consultant.sort_name) == (
        "Zorglubiste",
        "Zeller",
        "zeller anne",
    )
    levels = dict(ConsultantSkill.objects.filter(consultant=consultant).values_list("skill__name", "proficiency_level"))
    assert levels == {held.skill.name: "expert", "Haskell": "advanced"}
    records = list(
        ChangeRecord.objects.filter(object_kind="consultant", object_id=consultant.pk)
        .order_by("pk")
        .values_list("action", "actor_id", "subject", "changes")
    )
    assert records == [
        (
            "updated",
            cast.admin.pk,
            "",
            {"last_name": ["Arnaud", "Zeller"], "title": ["Développeur Python", "Zorglubiste"]},
        ),
        ("skill_changed", cast.admin.pk, held.skill.name, {"proficiency_level": ["beginner", "expert"]}),
        (
            "skill_added",
            cast.admin.pk,
            "Haskell",
            {"proficiency_level": [None, "advanced"], "years_experience": [None, 2]},
        ),
    ]
    assert detail_key(cast.a.recruiter, consultant.pk) != key_before
    assert rescored == [("consultant", consultant.pk)] * 3
    if connection.vendor == "postgresql":
        assert _searchable(consultant, "Zorglubiste") and _searchable(consultant, "Haskell")
        assert _searchable(consultant, "Zeller") and not _searchable(consultant, "Arnaud")


def test_an_admin_created_consultant_has_its_account_sort_name_and_history(client, cast):
    client.force_login(cast.admin)
    url = reverse("admin:consultants_consultant_add")
    data = {
        "company": cast.b.company.pk,
        "first_name": "Élise",
        "last_name": "Ébert",
        "email": "Elise.Ebert@Beta.test",
        "title": "Data engineer",
        "availability_status": "available",
        "consultant_skills-TOTAL_FORMS": "0",
        "consultant_skills-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    consultant = Consultant.objects.select_related("user").get(user__email="elise.ebert@beta.test")
    assert (consultant.company, consultant.user.company, consultant.user.role) == (cast.b.company,) * 2 + (
        "consultant",
    )
    assert consultant.sort_name == "ebert elise"
    assert ChangeRecord.objects.filter(object_kind="consultant", object_id=consultant.pk, action="created").count() == 1


def test_an_admin_edit_of_a_tender_goes_through_the_services(
    client, cast, rescored, django_capture_on_commit_callbacks
):
    tender = TenderFactory(company=cast.a.company, title="Migration Java")
    need = SkillFactory(name="Kotlin")
    client.force_login(cast.admin)
    url = reverse("admin:tenders_tender_change", args=[tender.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            url,
            {"title": "Migration Kotlin"},
            {"tender_skills": [{"skill": need.pk, "importance": "required", "minimum_level": "advanced"}]},
        )
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.title == "Migration Kotlin"
    assert list(TenderSkill.objects.filter(tender=tender).values_list("skill__name", "importance")) == [
        ("Kotlin", "required")
    ]
    records = list(
        ChangeRecord.objects.filter(object_kind="tender", object_id=tender.pk)
        .order_by("pk")
        .values_list("action", "actor_id", "subject", "changes")
    )
    assert records == [
        ("updated", cast.admin.pk, "", {"title": ["Migration Java", "Migration Kotlin"]}),
        (
            "skill_added",
            cast.admin.pk,
            "Kotlin",
            {"importance": [None, "required"], "minimum_level": [None, "advanced"]},
        ),
    ]
    assert rescored == [("tender", tender.pk)] * 2


def test_an_admin_edit_of_a_catalogue_skill_goes_through_the_services(
    client, cast, rescored, django_capture_on_commit_callbacks
):
    skill = SkillFactory(name="Rust")
    other = SkillFactory(name="Go")
    holder = ConsultantSkillFactory(consultant=ConsultantFactory(company=cast.a.company), skill=skill).consultant
    asking = TenderFactory(company=cast.a.company)
    TenderSkillFactory(tender=asking, skill=other)
    version_before = catalogue_version()
    client.force_login(cast.admin)
    url = reverse("admin:consultants_skill_change", args=[skill.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client, url, {"name": "Rustlang", "aliases": "Rust-lang\nrs", "related_skills": [str(other.pk)]}
        )
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.name == "Rustlang"
    assert sorted(SkillAlias.objects.filter(skill=skill).values_list("alias", flat=True)) == ["Rust-lang", "rs"]
    assert list(other.related_skills.all()) == [skill]
    assert catalogue_version() != version_before
    # Relinking Go changes how the open tenders asking for it score related skills: rescored.
    assert rescored == [("tender", asking.pk)]
    if connection.vendor == "postgresql":
        assert _searchable(holder, "Rustlang") and _searchable(holder, "rs")


def test_a_service_refusal_is_shown_on_the_admin_form_and_nothing_is_written(client, cast):
    skill = SkillFactory(name="Rust")
    SkillFactory(name="Python")
    client.force_login(cast.admin)
    url = reverse("admin:consultants_skill_change", args=[skill.pk])
    response = _post(client, url, {"name": "Rustlang", "aliases": "Python"})
    assert response.status_code == 200
    assert "“Python” is the name of a skill, it cannot be an alias." in response.content.decode()
    assert response.context["adminform"].form["name"].value() == "Rustlang"
    skill.refresh_from_db()
    assert skill.name == "Rust" and not skill.aliases.exists()


def test_an_admin_rename_of_a_consultant_account_follows_on_the_profile(
    client, cast, rescored, django_capture_on_commit_callbacks
):
    consultant = ConsultantFactory(company=cast.a.company, user__first_name="Anne", user__last_name="Arnaud")
    key_before = detail_key(cast.a.recruiter, consultant.pk)
    client.force_login(cast.admin)
    url = reverse("admin:talentmatch_user_change", args=[consultant.user_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, url, {"last_name": "Östberg"})
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert (consultant.user.last_name, consultant.sort_name) == ("Östberg", "ostberg anne")
    assert detail_key(cast.a.recruiter, consultant.pk) != key_before
    assert list(
        ChangeRecord.objects.filter(object_kind="consultant", object_id=consultant.pk).values_list(
            "action", "actor_id", "changes"
        )
    ) == [("updated", cast.admin.pk, {"last_name": ["Arnaud", "Östberg"]})]
    if connection.vendor == "postgresql":
        assert _searchable(consultant, "Östberg") and not _searchable(consultant, "Arnaud")


def test_an_admin_created_account_can_log_in(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:talentmatch_user_add"),
        {
            "email": "New.Sales@Alpha.test",
            "first_name": "Noé",
            "last_name": "Vendeur",
            "role": "sales",
            "company": cast.a.company.pk,
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    user = cast.admin.__class__.objects.get(email="new.sales@alpha.test")
    assert (user.role, user.company, user.check_password("a-long-enough-passphrase")) == ("sales", cast.a.company, True)


@pytest.mark.parametrize("model", ["consultants_consultant", "tenders_tender", "consultants_skill", "talentmatch_user"])
def test_no_service_deletes_these_so_admin_offers_no_delete(client, cast, model):
    objects = {
        "consultants_consultant": lambda: ConsultantFactory(company=cast.a.company),
        "tenders_tender": lambda: TenderFactory(company=cast.a.company),
        "consultants_skill": lambda: SkillFactory(),
        "talentmatch_user": lambda: cast.a.sales,
    }
    obj = objects[model]()
    client.force_login(cast.admin)
    assert client.post(reverse(f"admin:{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert obj.__class__.objects.filter(pk=obj.pk).exists()
    changelist = client.get(reverse(f"admin:{model}_changelist")).content.decode()
    assert "delete_selected" not in changelist


@pytest.mark.parametrize(
    "model", ["matching_match", "matching_portfolio", "collaborations_collaboration", "history_changerecord"]
)
def test_models_no_service_writes_from_admin_are_read_only_with_a_note(client, cast, model):
    client.force_login(cast.admin)
    changelist = client.get(reverse(f"admin:{model}_changelist"))
    assert changelist.status_code == 200
    assert 'class="help service-note"' in changelist.content.decode()
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_a_read_only_match_cannot_be_changed_in_admin(client, cast):
    match = MatchFactory(
        consultant=ConsultantFactory(company=cast.a.company), tender=TenderFactory(company=cast.a.company)
    )
    client.force_login(cast.admin)
    url = reverse("admin:matching_match_change", args=[match.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"status": "accepted"}).status_code == 403
    match.refresh_from_db()
    assert match.status == "suggested"
