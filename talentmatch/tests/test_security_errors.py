"""Error pages 400, 403, 404 and 500: the site's look, translated, revealing nothing, and the 500
page even when the database is unreachable. DEBUG is off, as in production (pytest-django)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
STYLESHEET = '<link rel="stylesheet" href="/static/css/app.css">'
# What an error page must never show: internals, the failing request's details.
LEAKS = ("Traceback", "Exception", "Error:", "secret detail", "settings", "DEBUG", "/work/", ".py")


def _assert_error_page(response, status: int, heading: str):
    content = response.content.decode()
    assert response.status_code == status
    assert STYLESHEET in content
    assert f'<p class="error-code">{status}</p>' in content
    assert f"<h1>{heading}</h1>" in content
    assert [leak for leak in LEAKS if leak in content] == []


def test_debug_is_off_in_these_tests():
    assert settings.DEBUG is False


@pytest.mark.parametrize("role", ["anonymous", "signed in"])
def test_a_missing_page_answers_the_404_page_without_echoing_the_path(client, cast, role):
    if role == "signed in":
        client.force_login(cast.a.sales)
    response = client.get("/no-such-page/<b>probe</b>/", **ENGLISH)
    _assert_error_page(response, 404, "Page not found")
    content = response.content.decode()
    # Only the language switcher comes back to the URL, encoded; the page never shows it.
    assert content.count("probe") == 1
    assert 'name="next" type="hidden" value="/no-such-page/%3Cb%3Eprobe%3C/b%3E/"' in content


def test_the_404_page_keeps_the_navigation_of_a_signed_in_user(client, cast):
    client.force_login(cast.a.sales)
    content = client.get("/no-such-page/", **ENGLISH).content.decode()
    assert f'href="{reverse("tenders:tender-list")}"' in content


def test_a_missing_capability_answers_the_403_page(client, cast):
    client.force_login(cast.a.sales)
    _assert_error_page(client.get(reverse("skills:skill-create"), **ENGLISH), 403, "Access denied")


def test_a_form_without_its_csrf_token_answers_the_403_form_expired_page(cast):
    client = Client(enforce_csrf_checks=True, **ENGLISH)
    client.force_login(cast.a.manager)
    response = client.post(reverse("skills:skill-create"), {"name": "Go", "category": "programming_language"})
    _assert_error_page(response, 403, "Form expired")
    content = response.content.decode()
    assert [reason for reason in ("token missing", "cookie not set", "Referer", "Origin") if reason in content] == []


def test_a_bad_host_header_answers_the_400_page(client, db):
    _assert_error_page(client.get("/login/", HTTP_HOST="evil.example", **ENGLISH), 400, "Bad request")


@pytest.mark.urls("talentmatch.tests.error_urls")
def test_a_failing_view_answers_the_500_page(db):
    response = Client(raise_request_exception=False, **ENGLISH).get("/failing/")
    _assert_error_page(response, 500, "Server error")


@pytest.mark.urls("talentmatch.tests.error_urls")
def test_the_error_pages_are_translated_into_french(db):
    # Django's own error catalogue: the French words of our templates come with the catalogue merge.
    response = Client(raise_request_exception=False).get("/failing/")
    assert '<html lang="fr">' in response.content.decode()


# A process whose database is unreachable (nothing listens on port 1), asked for a page with a
# session cookie, so that the very first middleware to read the session hits the database.
DATABASE_DOWN = """
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
client.cookies["sessionid"] = "a" * 32
response = client.get("/consultants/")
print(response.status_code)
print(response.content.decode())
"""


def test_the_500_page_renders_when_the_database_is_down():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="talentmatch.settings",
        DATABASE_URL="postgres://talentmatch@127.0.0.1:1/unreachable",
    )
    result = subprocess.run(
        [sys.executable, "-c", DATABASE_DOWN],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, _, content = result.stdout.partition("\n")
    assert status == "500"
    assert STYLESHEET in content
    assert "<h1>Server error</h1>" in content
    assert [leak for leak in (*LEAKS, "OperationalError", "127.0.0.1", "unreachable") if leak in content] == []
    # The failure is logged for the operators, with its cause.
    assert "OperationalError" in result.stderr
