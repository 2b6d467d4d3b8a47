"""Content sweep: a unique marker in every free-text column of every row that company b can see and
company a cannot (its company, users, consultants, skills held, CVs, tenders, matches, events,
portfolios, collaborations...). No page, htmx fragment, export or PDF that a user of company a can
reach may contain one: every URL of the matrix × every role of company a, plain and htmx, with
company b's ids slipped into the query string, and every form of those pages sent back.
"""

import pytest
from django.urls import Resolver404, resolve

from talentmatch.tests.isolation import _client_for
from talentmatch.tests.sweep import COMPANY_ROLES, distinct_forms, pages_for, response_text
from talentmatch.tests.sweep_rows import (
    fill_text,
    populate_every_table,
    private_rows,
    project_models,
    rows_of,
    text_fields,
)

# The one deliberate exception: a company's name is its entry in the platform's directory, which
# the partner picker of a collaboration proposal lists. Nothing else of another company is shown.
DIRECTORY = {("talentmatch.Company", "name"): {"collaborations:collaboration-create"}}


def _mark_company_b(cast) -> dict[str, tuple[str, str]]:
    """Writes a unique marker into each free-text column of company b's private rows; returns
    marker → (model, column)."""
    markers: dict[str, tuple[str, str]] = {}

    def marker(model, column, pk):
        text = f"qzb{len(markers):04d}x"
        markers[text] = (model._meta.label, column.name)
        if column.name == "email":
            return f"{text}@beta.test"
        if column.name in ("website", "profile_picture_url"):
            return f"https://{text}.test/"
        return text

    rows = list(rows_of(private_rows(cast.b.manager, cast.a.manager)))
    fill_text(rows, marker)
    return markers


def _route_of(response) -> str:
    try:
        match = resolve(response.wsgi_request.path_info)
    except Resolver404:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _b_ids(cast, pages) -> dict[str, int]:  # noqa: F811
    """Company b's ids, under every query parameter name a filter form might read."""
    consultant = pages.ids["consultants:consultant-detail"]["other company"]
    tender = pages.ids["tenders:tender-detail"]["other company"]
    return {
        "consultant": consultant,
        "tender": tender,
        "owner": cast.b.sales.pk,
        "company": cast.b.company.pk,
        "partner": cast.b.company.pk,
        "user": cast.b.manager.pk,
    }


def test_every_table_with_free_text_is_in_the_sweep(cast, pages):  # noqa: F811
    populate_every_table(cast)
    private = private_rows(cast.b.manager, cast.a.manager)
    with_text = {model._meta.label for model in project_models() if text_fields(model)}
    swept = {model._meta.label for model in private}
    # The shared skill catalogue (and its aliases) belongs to no company; a recompute run holds no user
    # text, only a task's name and arguments.
    assert with_text - swept == {"consultants.Skill", "consultants.SkillAlias", "matching.RecomputeRun"}


@pytest.mark.parametrize("role", ["anonymous", *COMPANY_ROLES])
def test_no_response_to_company_a_contains_a_marker_of_company_b(client, cast, pages, role):  # noqa: F811
    populate_every_table(cast)
    markers = _mark_company_b(cast)
    assert len(markers) >= 50
    _client_for(client, cast, role)
    urls = [*pages_for(pages, role), "/no-such-page/"]
    b_query = "&".join(f"{name}={pk}" for name, pk in _b_ids(cast, pages).items())

    leaks: dict[str, list[str]] = {}
    requests = 0

    def check(label: str, response) -> None:
        nonlocal requests
        requests += 1
        assert response.status_code < 500, label
        text = response_text(response).lower()
        route = _route_of(response)
        found = [
            f"{marker} ({'.'.join(source)})"
            for marker, source in markers.items()
            if marker in text and route not in DIRECTORY.get(source, ())
        ]
        if found:
            leaks[label] = found

    plain = []
    for url in urls:
        plain.append((url, client.get(url)))
        check(f"GET {url}", plain[-1][1])
        check(f"GET {url} htmx", client.get(url, HTTP_HX_REQUEST="true"))
        joiner = "&" if "?" in url else "?"
        check(f"GET {url} with b's ids", client.get(f"{url}{joiner}{b_query}", HTTP_HX_REQUEST="true"))
    for form in distinct_forms(plain):
        headers = {"HTTP_HX_REQUEST": "true"} if form.htmx else {}
        check(f"POST {form.action}", client.post(form.action, form.data, **headers))

    assert leaks == {}
    assert requests >= 3 * len(urls)


def test_the_markers_do_reach_pages_of_the_platform_admin_so_the_sweep_can_see_them(client, cast, pages):  # noqa: F811
    populate_every_table(cast)
    markers = _mark_company_b(cast)
    _client_for(client, cast, "admin")
    seen = set()
    for url in pages_for(pages, "admin"):
        text = response_text(client.get(url)).lower()
        seen |= {marker for marker in markers if marker in text}
    assert len(seen) >= 15, (len(seen), len(markers))
