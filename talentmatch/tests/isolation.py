"""What the isolation tests and the security sweeps share: the page markers, how a role's client
and a route's URL are built, and how two renderings of a page are compared."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, reverse

ROLES = ["anonymous", "manager", "recruiter", "sales", "consultant", "admin"]
DATA_FILES = [("consultants", "csv"), ("tenders", "csv"), ("pipeline", "csv")]

# Every page carries a CSRF token masked afresh on each response (forms, <body hx-headers>).
CSRF_TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[0-9A-Za-z]+')


def without_csrf_tokens(content: bytes) -> str:
    """A page's text with its CSRF tokens blanked, so that two renderings can be compared."""
    return CSRF_TOKENS.sub(r"\1", content.decode())


def comparable(response) -> str:
    """A response's text without what only tells the request apart: CSRF tokens, its own URL (the
    language switcher comes back to it) and the time the dashboard's figures were computed."""
    text = without_csrf_tokens(response.content).replace(response.wsgi_request.get_full_path(), "")
    return COMPUTED_AT.sub("", text)


COMPUTED_AT = re.compile(r"<p[^>]*\bdata-computed-at\b[^>]*>.*?</p>", re.S)


# Strings that only company b's rows carry; none of them may reach a page served to company a.
B_MARKERS = [
    "Beta Services",
    "Bertrand-Beta-Colleague",
    "Beta-Colleague-Title",
    "Beta-Profile-Title",
    "Beta-Tender-Title",
    "Beta-Client-Name",
    "Beta-Proposed-Skill",
]
A_MARKERS = ["Alphonse-Alpha-Colleague", "Alpha-Colleague-Title", "Alpha-Tender-Title", "Alpha-Client-Name"]


@dataclass
class Pages:
    """The ids each URL of the matrix is requested with, by target."""

    ids: dict[str, dict[str, int]]  # route name → target → pk


def _url(pages: Pages, name: str, target: str | None) -> str:
    if target is None:
        return reverse(name)
    key = pages.ids[name][target]
    return reverse(name, kwargs=key if isinstance(key, dict) else {"pk": key})


def _client_for(client, cast, role: str):
    if role == "admin":
        client.force_login(cast.admin)
    elif role != "anonymous":
        client.force_login(cast.a.user(role))
    return client


def _route_names(patterns, namespace: str = "", prefix: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "i18n/")):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _route_names(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>")
    return names
