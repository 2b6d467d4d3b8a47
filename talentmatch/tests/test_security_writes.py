"""Writes across company lines: every form and htmx action of the pages a company a user reaches is
sent (1) to the same route with company b's ids in the URL, (2) to its own URL with company b's
ids in place of every id-like field, and (3) to its own URL with extra fields (company, role,
is_staff...). Company b's rows must not change, nothing may move into or out of its scope, and no
user's role, company or status may change. Forms are read off the pages themselves, so new forms
join the sweep by themselves.
"""

import pytest

from talentmatch.models import User
from talentmatch.tests.isolation import _client_for, _url
from talentmatch.tests.isolation_matrix import MATRIX
from talentmatch.tests.sweep import COMPANY_ROLES, harvest_forms, pages_for
from talentmatch.tests.sweep_rows import project_models, snapshot


def _company_b_world(cast) -> dict[str, list]:
    """Every row company b's manager can see (the shared skill catalogue aside), with its values."""
    world = {}
    for model in project_models():
        if not hasattr(model._default_manager, "visible_to") or model._meta.label == "consultants.Skill":
            continue
        rows = model._default_manager.visible_to(cast.b.manager).order_by("pk").values_list()
        world[model._meta.label] = [tuple(map(repr, row)) for row in rows]
    return world


def _accounts() -> dict[int, tuple]:
    return {pk: rest for pk, *rest in User.objects.values_list("pk", "company_id", "role", "is_active", "password")}


def _assert_nothing_crossed(cast, world_before, accounts_before):
    assert _company_b_world(cast) == world_before
    accounts = _accounts()
    assert {pk: accounts[pk] for pk in accounts_before} == accounts_before
    # A user created by a form (a new consultant) belongs to the creator's company, as a consultant.
    created = {pk: accounts[pk] for pk in accounts.keys() - accounts_before.keys()}
    assert {(company, role, active) for company, role, active, _password in created.values()} <= {
        (cast.a.company.pk, "consultant", True)
    }


def _b_ids(cast, pages) -> list[int]:  # noqa: F811
    """Company b's ids, whatever their table: its company, users and each object of the matrix."""
    ids = {cast.b.company.pk, cast.b.manager.pk, cast.b.sales.pk, cast.b.recruiter.pk, cast.b.consultant_user.pk}
    for by_target in pages.ids.values():
        other = by_target.get("other company")
        if other is not None:
            ids |= set(other.values()) if isinstance(other, dict) else {other}
    # Some routes take a status or a token rather than an id (a board column, an unsubscribe link).
    return sorted(value for value in ids if isinstance(value, int))


EXTRA_FIELDS = ("company", "company_id", "user", "user_id", "consultant", "tender", "owner", "partner_company")


@pytest.mark.parametrize("role", COMPANY_ROLES)
def test_writes_aimed_at_another_companys_objects_change_nothing(client, cast, pages, role):  # noqa: F811
    _client_for(client, cast, role)
    forms = {form.route: form for form in harvest_forms(client, pages_for(pages, role))}
    world, accounts, everything = _company_b_world(cast), _accounts(), snapshot()
    answers = {}
    for (name, target), statuses in MATRIX.items():
        if target != "other company":
            continue
        form = forms.get(name)
        url = _url(pages, name, target)
        missing = _url(pages, name, "missing") if (name, "missing") in MATRIX else None
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(url, form.data if form else {}, **headers)
            answers[(name, bool(headers))] = response.status_code
            # Refused for the role (403), or like a missing object (404; 405 on a read-only route).
            expected = {403} if statuses[role] == 403 else {404, 405}
            assert response.status_code in expected, (name, headers, response.status_code)
            if missing:
                assert client.post(missing, form.data if form else {}, **headers).status_code == response.status_code
    assert len(answers) >= 2 * 10
    assert snapshot() == everything
    _assert_nothing_crossed(cast, world, accounts)


@pytest.mark.parametrize("role", COMPANY_ROLES)
def test_company_b_ids_in_every_field_and_extra_fields_change_nothing_of_company_b(client, cast, pages, role):  # noqa: F811
    _client_for(client, cast, role)
    forms = harvest_forms(client, pages_for(pages, role))
    world, accounts = _company_b_world(cast), _accounts()
    b_ids = _b_ids(cast, pages)
    sent = 0
    for form in forms:
        headers = {"HTTP_HX_REQUEST": "true"} if form.htmx else {}
        extras = {
            **dict.fromkeys(EXTRA_FIELDS, str(cast.b.company.pk)),
            "role": "admin",
            "is_staff": "on",
            "is_superuser": "on",
            "is_active": "",
        }
        client.post(form.action, {**extras, **form.data}, **headers)
        sent += 1
        for name, values in form.data.items():
            if not (values and values[0].isdigit()):
                continue
            for b_id in b_ids:
                client.post(form.action, {**form.data, name: [str(b_id)]}, **headers)
                sent += 1
    assert sent >= len(forms) >= 1
    _assert_nothing_crossed(cast, world, accounts)


def test_the_sweep_finds_the_forms_of_every_write_route_a_manager_can_reach(client, cast, pages):  # noqa: F811
    _client_for(client, cast, "manager")
    routes = {form.route for form in harvest_forms(client, pages_for(pages, "manager"))}
    expected = {
        "consultants:consultant-create",
        "consultants:consultant-edit",
        "consultants:consultant-skill-add",
        "consultants:consultant-skill-change",
        "consultants:consultant-skill-remove",
        "tenders:tender-create",
        "tenders:tender-edit",
        "tenders:tender-status",
        "tenders:tender-skill-add",
        "tenders:tender-skill-change",
        "tenders:tender-skill-remove",
        "matching:match-move",
        "matching:match-notes",
        "skills:proposal-create",
        "password_change",
        "privacy:consent-record",
        "privacy:consultant-departure",
        "privacy:consultant-erase",
        "privacy:privacy-settings",
    }
    assert expected - routes == set()
