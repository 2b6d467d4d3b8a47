"""The sales pages of tenders: who may reach them, what they write, how they refuse bad input,
and what they cost in queries."""

import datetime

import pytest
from django.urls import reverse

from consultants.models import SkillAlias
from consultants.tests.factories import SkillFactory
from tenders.models import Tender, TenderSkill
from tenders.tests.factories import TenderFactory, TenderSkillFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source form."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def board(cast):
    """Company a: a tender asking for Python; company b: a tender asking for Python too."""
    python = SkillFactory(name="Python")
    javascript = SkillFactory(name="JavaScript")
    SkillAlias.objects.create(skill=javascript, alias="JS")
    own = TenderFactory(company=cast.a.company, title="Refonte du portail", client_name="Banque Alpha")
    TenderSkillFactory(tender=own, skill=python, importance="required", minimum_level="advanced")
    other = TenderFactory(company=cast.b.company, title="Beta-Tender", client_name="Client Beta")
    TenderSkillFactory(tender=other, skill=python)
    return {"own": own, "other": other, "python": python, "javascript": javascript}


def _login(client, user):
    client.force_login(user)
    return client


def _snapshot() -> dict:
    return {
        "tenders": list(Tender.objects.order_by("pk").values()),
        "skills": list(TenderSkill.objects.order_by("pk").values()),
    }


def _tender(**overrides) -> dict:
    data = {
        "title": "Migration Kubernetes",
        "client_name": "Assurance Gamma",
        "description": "Mise en place d'une plateforme.",
        "start_date": "2027-03-01",
        "end_date": "2027-09-30",
        "location": "Lyon",
        "remote_work": "on",
        "budget": "90000",
        "required_consultants": "2",
    }
    data.update(overrides)
    return data


# --- who may reach which page ------------------------------------------------------------------

PAGE_STATUS = [
    ("tenders:tender-list", False, {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 403}),
    ("tenders:tender-create", False, {"manager": 200, "recruiter": 403, "sales": 200, "consultant": 403}),
    ("tenders:tender-detail", True, {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 403}),
    ("tenders:tender-edit", True, {"manager": 200, "recruiter": 403, "sales": 200, "consultant": 403}),
]
PAGE_CASES = [
    (name, with_pk, role, status) for name, with_pk, statuses in PAGE_STATUS for role, status in statuses.items()
]


@pytest.mark.parametrize(("name", "with_pk", "role", "status"), PAGE_CASES, ids=[f"{c[0]}-{c[2]}" for c in PAGE_CASES])
def test_each_page_answers_each_role_of_the_company_as_its_capabilities_say(
    client, cast, board, name, with_pk, role, status
):
    url = reverse(name, kwargs={"pk": board["own"].pk}) if with_pk else reverse(name)
    assert _login(client, cast.a.user(role)).get(url).status_code == status


@pytest.mark.parametrize("name", ["tenders:tender-list", "tenders:tender-create"])
def test_the_platform_admin_reaches_the_pages(client, cast, board, name):
    assert _login(client, cast.admin).get(reverse(name)).status_code == 200


def _write_urls(tender, skill) -> list[tuple[str, dict]]:
    return [
        (reverse("tenders:tender-edit", kwargs={"pk": tender.pk}), _tender(title="Taken over")),
        (reverse("tenders:tender-status", kwargs={"pk": tender.pk}), {"status": "cancelled"}),
        (
            reverse("tenders:tender-skill-add", kwargs={"pk": tender.pk}),
            {"add-skill": "JS", "add-importance": "preferred"},
        ),
        (
            reverse("tenders:tender-skill-change", kwargs={"pk": tender.pk, "skill_pk": skill.pk}),
            {f"skill-{skill.pk}-importance": "nice_to_have"},
        ),
        (reverse("tenders:tender-skill-remove", kwargs={"pk": tender.pk, "skill_pk": skill.pk}), {}),
    ]


@pytest.mark.parametrize("role", ["recruiter", "consultant"])
def test_roles_without_tender_change_get_403_on_every_write_and_nothing_changes(client, cast, board, role):
    before = _snapshot()
    client = _login(client, cast.a.user(role))
    for url, data in _write_urls(board["own"], board["python"]):
        assert client.post(url, data, **HTMX).status_code == 403, url
    assert _snapshot() == before


@pytest.mark.parametrize("role", ["manager", "sales"])
def test_another_companys_tender_answers_404_everywhere_and_stays_untouched(client, cast, board, role):
    before = _snapshot()
    client = _login(client, cast.a.user(role))
    other = board["other"]
    assert client.get(reverse("tenders:tender-detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("tenders:tender-edit", kwargs={"pk": other.pk})).status_code == 404
    for url, data in _write_urls(other, board["python"]):
        assert client.post(url, data, **HTMX).status_code == 404, url
    assert _snapshot() == before


# --- create and edit ---------------------------------------------------------------------------


def test_sales_create_a_tender_of_their_own_company_whatever_the_form_says(client, cast, board):
    data = _tender(company=str(cast.b.company.pk), status="closed", role="admin", is_staff="on")
    response = _login(client, cast.a.sales).post(reverse("tenders:tender-create"), data)
    created = Tender.objects.get(title="Migration Kubernetes")
    assert response.status_code == 302
    assert response["Location"] == reverse("tenders:tender-detail", kwargs={"pk": created.pk})
    assert created.company == cast.a.company
    assert created.status == "open"
    assert (created.client_name, created.budget, created.required_consultants, created.remote_work) == (
        "Assurance Gamma",
        90000.0,
        2,
        True,
    )
    assert (created.start_date, created.end_date) == (datetime.date(2027, 3, 1), datetime.date(2027, 9, 30))
    assert Tender.objects.count() == 3


BAD_TENDERS = [
    ({"end_date": "2027-02-01"}, "end_date", "The end date cannot be before the start date."),
    ({"budget": "-1"}, "budget", "Ensure this value is greater than or equal to 0."),
    ({"required_consultants": "0"}, "required_consultants", "At least one consultant is required."),
    ({"title": ""}, "title", "This field is required."),
    ({"start_date": "31/02/2027"}, "start_date", "Enter a valid date."),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD_TENDERS)
def test_a_bad_tender_shows_the_error_beside_the_field_keeps_the_input_and_writes_nothing(
    client, cast, board, data, field, message
):
    before = _snapshot()
    response = _login(client, cast.a.sales).post(reverse("tenders:tender-create"), _tender(**data))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="id_{field}_error" role="alert">{message}</p>' in content
    assert f'aria-describedby="id_{field}_error"' in content
    assert 'value="Assurance Gamma"' in content
    value = next(iter(data.values()))
    if value:
        assert f'value="{value}"' in content
    assert _snapshot() == before


@pytest.mark.parametrize(("data", "field", "message"), BAD_TENDERS)
def test_a_bad_edit_shows_the_error_keeps_the_input_and_changes_nothing(client, cast, board, data, field, message):
    before = _snapshot()
    own = board["own"]
    response = _login(client, cast.a.manager).post(
        reverse("tenders:tender-edit", kwargs={"pk": own.pk}), _tender(**data)
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="id_{field}_error" role="alert">{message}</p>' in content
    assert "Edit Refonte du portail" in content
    assert _snapshot() == before


def test_sales_edit_a_tender_but_never_its_company_nor_its_status_through_the_form(client, cast, board):
    own = board["own"]
    data = _tender(company=str(cast.b.company.pk), status="cancelled")
    response = _login(client, cast.a.sales).post(reverse("tenders:tender-edit", kwargs={"pk": own.pk}), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.title, own.company, own.status, own.required_consultants) == (
        "Migration Kubernetes",
        cast.a.company,
        "open",
        2,
    )


def test_the_admin_without_a_company_cannot_create_a_tender(client, cast, board):
    before = _snapshot()
    response = _login(client, cast.admin).post(reverse("tenders:tender-create"), _tender())
    assert "Only a member of a company can create tenders." in response.content.decode()
    assert _snapshot() == before


# --- status buttons ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["in_progress", "closed", "cancelled"])
def test_a_status_button_moves_the_tender(client, cast, board, status):
    own = board["own"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-status", kwargs={"pk": own.pk}), {"status": status}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == status


def test_an_unknown_status_is_refused_and_nothing_changes(client, cast, board):
    before = _snapshot()
    client = _login(client, cast.a.sales)
    response = client.post(
        reverse("tenders:tender-status", kwargs={"pk": board["own"].pk}), {"status": "won"}, follow=True
    )
    assert "Choose a valid status." in response.content.decode()
    assert _snapshot() == before


def test_the_detail_shows_one_button_per_other_status_and_the_ranking(client, cast, board):
    content = _login(client, cast.a.sales).get(reverse("tenders:tender-detail", kwargs={"pk": board["own"].pk}))
    content = content.content.decode()
    assert content.count('name="status"') == 3
    assert 'value="open"' not in content.split('id="status-title"')[1].split("</section>")[0]
    assert 'id="ranking-title"' in content


def test_a_recruiter_reads_the_detail_without_the_editing_controls(client, cast, board):
    content = _login(client, cast.a.recruiter).get(reverse("tenders:tender-detail", kwargs={"pk": board["own"].pk}))
    content = content.content.decode()
    assert "<td>Python</td>" in content
    assert "hx-post" not in content
    assert 'name="status"' not in content


# --- skill needs edited in place ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["JavaScript", "JS", "javascript"])
def test_a_skill_need_is_added_by_name_or_alias_and_the_fragment_comes_back(client, cast, board, typed):
    own = board["own"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-add", kwargs={"pk": own.pk}),
        {"add-skill": typed, "add-importance": "preferred", "add-minimum_level": "intermediate"},
        **HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section class="card skills-editor" id="tender-skills"')
    assert "<html" not in content
    assert "JavaScript added." in content
    asked = TenderSkill.objects.get(tender=own, skill=board["javascript"])
    assert (asked.importance, asked.minimum_level) == ("preferred", "intermediate")
    assert TenderSkill.objects.filter(tender=own).count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"add-skill": "Cobolt", "add-importance": "required"}, "skill", "No skill of the catalogue is called"),
        (
            {"add-skill": "PYTHON", "add-importance": "required"},
            "skill",
            "The tender already asks for Python: change it in the list instead.",
        ),
        (
            {"add-skill": "JS", "add-importance": "vital"},
            "importance",
            "Select a valid choice. vital is not one of the available choices.",
        ),
        (
            {"add-skill": "JS", "add-importance": "required", "add-minimum_level": "god"},
            "minimum_level",
            "Select a valid choice. god is not one of the available choices.",
        ),
    ],
)
def test_a_bad_skill_need_shows_the_error_beside_the_field_keeps_the_input_and_writes_nothing(
    client, cast, board, data, field, message
):
    before = _snapshot()
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-add", kwargs={"pk": board["own"].pk}), data, **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="field-error" id="id_add-{field}_error" role="alert">{message}' in content
    assert f'value="{data["add-skill"]}"' in content
    assert _snapshot() == before


def test_importance_and_minimum_level_are_changed_in_place(client, cast, board):
    own, python = board["own"], board["python"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-change", kwargs={"pk": own.pk, "skill_pk": python.pk}),
        {f"skill-{python.pk}-importance": "nice_to_have", f"skill-{python.pk}-minimum_level": ""},
        **HTMX,
    )
    assert "Python saved." in response.content.decode()
    asked = TenderSkill.objects.get(tender=own, skill=python)
    assert (asked.importance, asked.minimum_level) == ("nice_to_have", None)


def test_a_bad_change_shows_the_error_on_its_row_and_changes_nothing(client, cast, board):
    own, python = board["own"], board["python"]
    before = _snapshot()
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-change", kwargs={"pk": own.pk, "skill_pk": python.pk}),
        {f"skill-{python.pk}-importance": "required", f"skill-{python.pk}-minimum_level": "god"},
        **HTMX,
    )
    content = response.content.decode()
    assert f'id="id_skill-{python.pk}-minimum_level_error" role="alert">Select a valid choice.' in content
    assert _snapshot() == before


def test_a_skill_need_is_removed_in_place(client, cast, board):
    own, python = board["own"], board["python"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-remove", kwargs={"pk": own.pk, "skill_pk": python.pk}), **HTMX
    )
    assert "Python removed." in response.content.decode()
    assert TenderSkill.objects.filter(tender=own).count() == 0
    assert TenderSkill.objects.count() == 1


def test_without_htmx_an_addition_goes_back_to_the_detail(client, cast, board):
    own = board["own"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-add", kwargs={"pk": own.pk}), {"add-skill": "JS", "add-importance": "required"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tenders:tender-detail", kwargs={"pk": own.pk}) + "#needs-title"
    assert TenderSkill.objects.filter(tender=own).count() == 2


# --- the list ----------------------------------------------------------------------------------


def _titles(response) -> list[str]:
    return [tender.title for tender in response.context["page"]]


@pytest.fixture
def listing(cast, board):
    java = SkillFactory(name="Java")
    TenderFactory(
        company=cast.a.company, title="Audit sécurité", client_name="Mutuelle Zeta", status="closed", start_date=None
    )
    dated = TenderFactory(
        company=cast.a.company, title="Data platform", client_name="Banque Alpha", start_date=datetime.date(2026, 12, 1)
    )
    TenderSkillFactory(tender=dated, skill=java)
    return {"java": java, "python": board["python"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Data platform", "Audit sécurité", "Refonte du portail"]),
        ({"status": "closed"}, ["Audit sécurité"]),
        ({"client": "Banque Alpha"}, ["Data platform", "Refonte du portail"]),
        ({"skill": "java"}, ["Data platform"]),
        ({"skill": "python"}, ["Refonte du portail"]),
        ({"q": "banque"}, ["Data platform", "Refonte du portail"]),
        ({"q": "portail alpha"}, ["Refonte du portail"]),
        ({"sort": "title"}, ["Audit sécurité", "Data platform", "Refonte du portail"]),
        ({"sort": "client"}, ["Data platform", "Refonte du portail", "Audit sécurité"]),
        ({"sort": "start"}, ["Data platform", "Refonte du portail", "Audit sécurité"]),
    ],
)
def test_the_list_filters_and_sorts_within_the_company(client, cast, listing, params, expected):
    if "skill" in params:
        params = {**params, "skill": str(listing[params["skill"]].pk)}
    response = _login(client, cast.a.sales).get(reverse("tenders:tender-list"), params)
    assert _titles(response) == expected


def test_the_client_filter_offers_only_the_companys_clients(client, cast, listing):
    response = _login(client, cast.a.sales).get(reverse("tenders:tender-list"))
    assert [value for value, _label in response.context["form"].fields["client"].choices] == [
        "",
        "Banque Alpha",
        "Mutuelle Zeta",
    ]
    assert "Client Beta" not in response.content.decode()


def test_the_list_pages_by_25_and_answers_htmx_with_the_results_fragment(client, cast):
    TenderFactory.create_batch(27, company=cast.a.company, client_name="Paged")
    client = _login(client, cast.a.sales)
    second = client.get(reverse("tenders:tender-list"), {"client": "Paged", "page": "2"}, **HTMX)
    content = second.content.decode()
    assert len(second.context["page"]) == 2
    assert content.lstrip().startswith('<div id="tender-results"')
    assert "<html" not in content


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_query_count_does_not_grow_with_the_rows(client, cast, django_assert_max_num_queries, rows):
    skills = [SkillFactory(), SkillFactory()]
    for index in range(rows):
        tender = TenderFactory(company=cast.a.company, client_name=f"Client {index % 7}")
        for skill in skills:
            TenderSkillFactory(tender=tender, skill=skill)
    client = _login(client, cast.a.sales)
    # Session, user, company (page header), client choices, skill choices, chosen skill, count, page, skills.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("tenders:tender-list"), {"q": "mission", "skill": skills[0].pk, "sort": "title"})
    assert len(response.context["page"]) == min(rows, 25)
    assert response.content.decode().count('<span class="tag">') == 2 * min(rows, 25)
