"""Response headers (CSP without inline script, nosniff, referrer, frame denial), the production
settings driven by environment variables (HSTS, https redirect, secure cookies), `check --deploy`,
and templates free of inline script, event handlers, inline styles and javascript: URLs."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from talentmatch.tests.isolation import _client_for
from talentmatch.tests.sweep import pages_for

POLICY = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(header: str | None) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: sources} (django-csp does not fix the order)."""
    pairs = [part.strip().split(" ", 1) for part in (header or "").split(";") if part.strip()]
    return dict(pairs)


def _assert_hardened(response):
    assert policy(response["Content-Security-Policy"]) == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("role", ["anonymous", "manager", "consultant", "admin"])
def test_every_page_sends_the_security_headers(client, cast, pages, role):  # noqa: F811
    _client_for(client, cast, role)
    urls = pages_for(pages, role)
    assert len(urls) >= 3
    for url in urls:
        _assert_hardened(client.get(url))


@pytest.mark.parametrize("path", ["/no-such-page/", "/login/"])
def test_error_and_login_pages_send_the_security_headers(client, db, path):
    _assert_hardened(client.get(path))


def test_the_policy_allows_no_inline_script_nor_eval():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    sources = [source for values in directives.values() for source in values]
    assert not [source for source in sources if source in ("'unsafe-inline'", "'unsafe-eval'") or "*" in source]
    assert "script-src" not in directives  # so default-src 'self' applies to scripts


# --- production settings, from environment variables, in a fresh process ------------------------

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "talentmatch.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://talentmatch.example.com",
    "DJANGO_HTTPS": "true",
}


def _run(code_or_args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(extra_env, DJANGO_SETTINGS_MODULE="talentmatch.settings")
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_no_issue_with_the_production_environment():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_warns_without_https_so_the_check_above_means_something():
    result = _run(["manage.py", "check", "--deploy"], {**PRODUCTION, "DJANGO_HTTPS": "false"})
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stdout + result.stderr


# Requests through Django's test client inside a process configured only by the environment.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="talentmatch.example.com")
out = {}
plain = client.get("/login/")
out["http"] = [plain.status_code, plain.get("Location")]
out["healthz_http"] = client.get("/healthz").status_code
login = client.get("/login/", secure=True)
out["https"] = login.status_code
out["headers"] = {name: login.get(name) for name in (
    "Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
    "X-Content-Type-Options", "Referrer-Policy")}
cookie = login.cookies[settings.CSRF_COOKIE_NAME]
out["csrf_cookie"] = [bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"]]
out["session_cookie"] = [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                         settings.SESSION_COOKIE_SAMESITE]
forwarded = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
out["behind_proxy"] = forwarded.status_code
print(json.dumps(out))
"""


def _probe(extra_env: dict[str, str]) -> dict:
    result = _run(["-c", PROBE], {**PRODUCTION, **extra_env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_in_production_http_is_redirected_and_https_pages_carry_hsts_and_secure_cookies():
    out = _probe({})
    assert out["http"] == [301, "https://talentmatch.example.com/login/"]
    assert out["healthz_http"] == 200  # the container's own health check speaks plain http
    assert out["https"] == 200
    assert policy(out["headers"].pop("Content-Security-Policy")) == POLICY
    assert out["headers"] == {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    assert out["csrf_cookie"] == [True, True, "Lax"]
    assert out["session_cookie"] == [True, True, "Lax"]
    # Without DJANGO_PROXY_SSL_HEADER a client cannot claim https with a header.
    assert out["behind_proxy"] == 301


def test_behind_a_tls_proxy_its_forwarded_proto_header_is_trusted_when_configured():
    assert _probe({"DJANGO_PROXY_SSL_HEADER": "true"})["behind_proxy"] == 200


# --- templates: nothing the policy would block -------------------------------------------------

# Rendered by WeasyPrint into PDFs, never sent to a browser: their CSS may be inline.
PRINT_TEMPLATES = "pdf"

FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx inline code": re.compile(r"\shx-on[:-]|\shx-vals\s*=\s*['\"]\s*(js|javascript):", re.IGNORECASE),
}


def _template_files() -> list[Path]:
    roots = [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]
    base = Path(settings.BASE_DIR)
    roots += [path for path in base.glob("*/templates") if ".venv" not in path.parts]
    files = []
    for root in roots:
        files += [
            path
            for path in root.rglob("*.html")
            if path.relative_to(root).parts[0] != PRINT_TEMPLATES and ".venv" not in path.parts
        ]
    return sorted(files)


def test_no_template_has_inline_script_event_handlers_inline_styles_or_javascript_urls():
    files = _template_files()
    assert len(files) >= 20
    found = []
    for path in files:
        text = path.read_text()
        for label, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{line} {label}")
    assert found == []


def test_the_only_scripts_are_static_files(client, cast):
    client.force_login(cast.a.manager)
    content = client.get(reverse("home")).content.decode()
    assert re.findall(r"<script[^>]*>", content) == [
        '<script src="/static/vendor/htmx/htmx.min.js" defer>',
        '<script src="/static/js/menu.js" defer>',
    ]


def test_every_environment_variable_read_by_the_settings_is_documented_in_env_example():
    base = Path(settings.BASE_DIR)
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', (base / "talentmatch" / "settings.py").read_text()))
    documented = set(re.findall(r"^([A-Z0-9_]+)=", (base / ".env.example").read_text(), re.MULTILINE))
    assert {"DJANGO_HTTPS", "DJANGO_TRUSTED_PROXY_COUNT", "SESSION_ABSOLUTE_AGE", "EMAIL_URL"} <= read
    assert read - documented == set()
