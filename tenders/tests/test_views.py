"""The sales pages of tenders: who may reach them, what they write and how they refuse bad input."""

import datetime

import pytest
from django.urls import reverse

from tenders.models import Tender
from tenders.tests.pages import HTMX, _login, _snapshot, _tender

# Messages are asserted in their English source form.
pytestmark = pytest.mark.usefixtures("_english")

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
    ({"budget": "-1"}, "budget", "A budget lies between 0 and 100,000,000 €."),
    ({"budget": "250000000"}, "budget", "A budget lies between 0 and 100,000,000 €."),
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
