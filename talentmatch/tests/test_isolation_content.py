"""Tenant isolation in what the pages show: another company's object reads exactly like a missing
one, and no list, page or admin screen served to company a carries a row of company b."""

import pytest
from django.urls import reverse

from talentmatch.tests.isolation import A_MARKERS, B_MARKERS, _client_for, _url, comparable
from talentmatch.tests.isolation_matrix import MATRIX, NO_COMPANY_DATA

pytestmark = pytest.mark.usefixtures("_quick_password_hashing")


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_a_partners_unshared_consultant_answers_exactly_like_a_missing_one(client, cast, pages, role):
    _client_for(client, cast, role)
    hidden = client.get(_url(pages, "consultants:consultant-detail", "partner not shared"))
    missing = client.get(_url(pages, "consultants:consultant-detail", "missing"))
    assert hidden.status_code == missing.status_code == 404
    assert comparable(hidden) == comparable(missing)


@pytest.mark.parametrize("name", ["consultants:consultant-detail", "tenders:tender-detail"])
@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_another_companys_object_answers_exactly_like_a_missing_one(client, cast, pages, name, role):
    _client_for(client, cast, role)
    other = client.get(_url(pages, name, "other company"))
    missing = client.get(_url(pages, name, "missing"))
    assert other.status_code == missing.status_code
    assert comparable(other) == comparable(missing)


# The company directory a manager picks a partner from: company names, and nothing else of company b.
DIRECTORY_PAGES = {("collaborations:collaboration-create", None): {"Beta Services"}}


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_no_page_served_to_company_a_shows_a_row_of_company_b(client, cast, pages, role):
    _client_for(client, cast, role)
    for name, target in MATRIX:
        response = client.get(_url(pages, name, target), follow=True)
        # File downloads (CVs, portfolios) stream their body.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content = body.decode(errors="replace")
        allowed = DIRECTORY_PAGES.get((name, target), set())
        assert [marker for marker in B_MARKERS if marker in content and marker not in allowed] == [], (name, target)


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales"])
@pytest.mark.parametrize("name", ["home", "consultants:consultant-list", "tenders:tender-list"])
def test_company_lists_show_the_companys_own_rows(client, cast, pages, role, name):
    content = _client_for(client, cast, role).get(reverse(name)).content.decode()
    expected = {
        "home": ["Alpha-Tender-Title", "Alphonse-Alpha-Colleague"],
        "consultants:consultant-list": ["Alphonse-Alpha-Colleague", "Alpha-Colleague-Title"],
        "tenders:tender-list": ["Alpha-Tender-Title", "Alpha-Client-Name"],
    }[name]
    assert [marker for marker in expected if marker in content] == expected


def test_a_consultant_lands_on_their_own_profile_and_lists_only_themselves(client, cast, pages):
    _client_for(client, cast, "consultant")
    own = _url(pages, "consultants:consultant-detail", "self")
    assert client.get(reverse("home"))["Location"] == own
    content = client.get(reverse("consultants:consultant-list")).content.decode()
    assert "Alpha-Profile-Title" in content
    assert [marker for marker in A_MARKERS if marker in content] == []


@pytest.mark.parametrize("name", ["home", "consultants:consultant-list", "tenders:tender-list"])
def test_the_platform_admin_sees_both_companies_in_lists(client, cast, pages, name):
    content = _client_for(client, cast, "admin").get(reverse(name)).content.decode()
    markers = {
        "home": ["Alpha-Tender-Title", "Beta-Tender-Title", "Alphonse-Alpha-Colleague", "Bertrand-Beta-Colleague"],
        "consultants:consultant-list": ["Alphonse-Alpha-Colleague", "Bertrand-Beta-Colleague"],
        "tenders:tender-list": ["Alpha-Tender-Title", "Beta-Tender-Title"],
    }[name]
    assert [marker for marker in markers if marker in content] == markers


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_django_admin_sends_every_company_member_to_the_admin_login(client, cast, pages, role):
    _client_for(client, cast, role)
    other = pages.ids["consultants:consultant-detail"]["other company"]
    for url in ("/admin/", f"/admin/consultants/consultant/{other}/change/", "/admin/tenders/tender/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_django_admin_shows_the_platform_admin_both_companies(client, cast, pages):
    _client_for(client, cast, "admin")
    for target in ("colleague", "other company"):
        pk = pages.ids["consultants:consultant-detail"][target]
        assert client.get(f"/admin/consultants/consultant/{pk}/change/").status_code == 200
    content = client.get("/admin/tenders/tender/").content.decode()
    assert "Alpha-Tender-Title" in content and "Beta-Tender-Title" in content


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales", "consultant"])
def test_the_pages_without_company_data_show_none_of_company_b(client, cast, pages, role):
    _client_for(client, cast, role)
    for name in sorted(NO_COMPANY_DATA):
        content = client.get(reverse(name), follow=True).content.decode()
        assert [marker for marker in B_MARKERS if marker in content] == [], name
