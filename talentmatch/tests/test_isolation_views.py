"""Tenant isolation through the pages themselves: the role × company permission matrix.

Another company's object answers 404, exactly like a missing one; a member whose role lacks the
capability answers 403; lists never show another company's rows. The last test walks the URL
configuration so that a new page cannot ship without a row in the matrix.
"""

import pytest
from django.urls import get_resolver, reverse

from talentmatch.tests.isolation import ROLES, _client_for, _route_names, _url
from talentmatch.tests.isolation_matrix import CASES, MATRIX, NO_COMPANY_DATA

pytestmark = pytest.mark.usefixtures("_quick_password_hashing")


@pytest.mark.parametrize(("name", "target", "role"), CASES, ids=[f"{n}-{t}-{r}" for n, t, r in CASES])
def test_every_page_answers_each_role_as_the_matrix_says(client, cast, pages, name, target, role):
    response = _client_for(client, cast, role).get(_url(pages, name, target))
    assert response.status_code == MATRIX[(name, target)][role]
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_the_matrix_has_an_answer_for_every_role_on_every_row():
    assert all(sorted(statuses) == sorted(ROLES) for statuses in MATRIX.values())


def test_every_route_of_the_app_is_covered_by_the_matrix():
    covered = {name for name, _target in MATRIX} | NO_COMPANY_DATA
    assert _route_names(get_resolver().url_patterns) == covered
