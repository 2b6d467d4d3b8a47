"""CSRF: with the checks enforced, every route of the app (htmx actions included) and every admin
page refuses POST, PUT, PATCH and DELETE without the token, and nothing changes in the database.
A control request with the token proves that the refusal came from the CSRF check.

Routes are read from the URL configuration: a new route joins the sweep by itself (its ids come
from the permission matrix of isolation_matrix.py, which must list it anyway).
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import resolve, reverse

from talentmatch.tests.isolation import _client_for
from talentmatch.tests.isolation_matrix import MATRIX
from talentmatch.tests.sweep import app_route_names, route_targets
from talentmatch.tests.sweep_rows import changed_tables, snapshot

UNSAFE_METHODS = ["post", "put", "patch", "delete"]
ROUTES = sorted(app_route_names() | {"set_language"})
# The role each route is tried with: the first whose matrix row lets it in (else the manager).
ROLE_PREFERENCE = ["manager", "admin", "sales", "recruiter", "consultant", "anonymous"]
# Routes that take a POST without the token on purpose, each with its reason (their matrix target
# must be a request that changes nothing, e.g. an invalid link).
CSRF_EXEMPT = {
    "notifications:unsubscribe": "a mail client's one-click unsubscribe (RFC 8058) posts without a token; "
    "the signed link in the e-mail is the credential",
}


def _role_for(name: str, target: str | None) -> str:
    statuses = MATRIX.get((name, target))
    if statuses is None:
        return "manager"
    return next((role for role in ROLE_PREFERENCE if statuses[role] not in (302, 403, 404)), "manager")


def _token(client) -> str:
    """The CSRF token a page would give this client (the cookie set by any form page)."""
    client.get(reverse("password_reset"))
    return client.cookies["csrftoken"].value


def _refused_without_token(client, url: str) -> list[str]:
    """Each unsafe request, plain and from htmx, that was NOT refused with the CSRF 403 page. A 405
    counts as refused when the route answers that method 405 even with the token (a view that
    checks CSRF itself, e.g. an upload that caps the body size first, never runs for it)."""
    accepted = []
    for method in UNSAFE_METHODS:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = getattr(client, method)(url, {"name": "csrf-probe"}, **headers)
            if response.status_code == 403 and "403_csrf.html" in [t.name for t in response.templates]:
                continue
            if response.status_code == 405:
                with_token = getattr(client, method)(url, {"name": "csrf-probe"}, HTTP_X_CSRFTOKEN=_token(client))
                if with_token.status_code == 405:
                    continue
            accepted.append(f"{method.upper()}{' htmx' if headers else ''} → {response.status_code}")
    return accepted


@pytest.mark.parametrize("name", ROUTES)
def test_every_route_refuses_unsafe_requests_without_the_csrf_token(cast, pages, name):  # noqa: F811
    routes = route_targets(pages) | {"set_language": (None, reverse("set_language"))}
    assert name in routes, f"{name} takes ids but has no row in the matrix of isolation_matrix.py"
    target, url = routes[name]
    role = _role_for(name, target)
    client = _client_for(Client(enforce_csrf_checks=True), cast, role)
    before = snapshot()

    if name in CSRF_EXEMPT:
        assert resolve(url).func.csrf_exempt is True
        assert client.post(url, {"name": "csrf-probe"}).status_code == 200
        assert changed_tables(before, snapshot()) == []
        return
    assert _refused_without_token(client, url) == []
    assert changed_tables(before, snapshot()) == []

    control = client.post(url, {"name": "csrf-probe"}, HTTP_X_CSRFTOKEN=_token(client))
    assert control.status_code != 403, f"{name} refuses {role} even with the token: not a CSRF proof"


def _admin_urls() -> list[str]:
    urls = [reverse("admin:login"), reverse("admin:logout")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission:
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first]))
            urls.append(reverse("admin:{}_{}_delete".format(*info), args=[first]))
    return urls


def test_every_admin_page_refuses_unsafe_requests_without_the_csrf_token(cast, pages):  # noqa: F811
    client = _client_for(Client(enforce_csrf_checks=True), cast, "admin")
    urls = _admin_urls()
    assert len(urls) >= 20
    before = snapshot()
    refused = {url: _refused_without_token(client, url) for url in urls}
    assert {url: accepted for url, accepted in refused.items() if accepted} == {}
    assert changed_tables(before, snapshot()) == []
