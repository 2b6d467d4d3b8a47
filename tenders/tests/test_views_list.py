"""The tender list: filters, sorting, paging and what it costs in queries."""

import datetime

import pytest
from django.urls import reverse

from consultants.tests.factories import SkillFactory
from tenders.tests.factories import TenderFactory, TenderSkillFactory
from tenders.tests.pages import HTMX, _login

# Messages are asserted in their English source form.
pytestmark = pytest.mark.usefixtures("_english")

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
        ({}, ["Data platform", "Refonte du portail", "Audit sécurité"]),
        ({"sort": "-created"}, ["Data platform", "Audit sécurité", "Refonte du portail"]),
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
    # Session, user, company (page header), client choices, skill choices, chosen skill, count, the
    # in-force partner links (for the suggestion counts, annotated on the page's query), page, skills,
    # the top bar's unread notifications count, the saved searches menu.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tenders:tender-list"), {"q": "mission", "skill": skills[0].pk, "sort": "title"})
    assert len(response.context["page"]) == min(rows, 25)
    assert response.content.decode().count('<span class="tag">') == 2 * min(rows, 25)
