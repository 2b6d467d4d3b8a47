"""E-mail uniqueness names no company: an address held by another company's user gets exactly the
answer of an address held in one's own company, on the create and edit pages and in an import
(consultants.services.EMAIL_UNAVAILABLE; the import's side is dataio/tests/test_import_email.py). What
the other company's account holds stays untouched."""

import pytest
from django.urls import reverse
from django.utils import translation

from consultants.services import EMAIL_UNAVAILABLE
from consultants.tests.pages import _login, _profile, _snapshot
from talentmatch.tests.isolation import without_csrf_tokens

pytestmark = pytest.mark.usefixtures("_english")

MESSAGE = "This e-mail address is not available: use another one."


def _taken(cast) -> dict[str, str]:
    """An address held in company a (a colleague's account) and one held in company b (its manager)."""
    return {"own company": cast.a.sales.email, "other company": cast.b.manager.email}


def _answer(client, url: str, email: str) -> str:
    response = client.post(url, _profile(email=email))
    assert response.status_code == 200
    return without_csrf_tokens(response.content).replace(email, "<the address>")


@pytest.mark.parametrize("page", ["create", "edit"])
def test_a_foreign_address_gets_the_answer_of_an_address_of_ones_own_company(client, cast, people, page):
    url = (
        reverse("consultants:consultant-create")
        if page == "create"
        else reverse("consultants:consultant-edit", kwargs={"pk": people["colleague"].pk})
    )
    _login(client, cast.a.recruiter)
    before = _snapshot()
    answers = {where: _answer(client, url, email) for where, email in _taken(cast).items()}
    assert answers["own company"] == answers["other company"]
    assert f'id="id_email_error" role="alert">{MESSAGE}</p>' in answers["other company"]
    for leak in ("already exists", "Beta Services", "Manager", "another company"):
        assert leak not in answers["other company"].split('role="alert">', 1)[1].split("</p>", 1)[0]
    assert _snapshot() == before
    cast.b.manager.refresh_from_db()
    assert (cast.b.manager.company, cast.b.manager.first_name) == (cast.b.company, "Manager")


def test_the_message_is_translated():
    with translation.override("fr"):
        assert str(EMAIL_UNAVAILABLE) == "Cette adresse e-mail n’est pas disponible : utilisez-en une autre."
