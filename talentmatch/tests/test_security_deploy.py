"""The deployment's own guards: no start with a public secret key when DEBUG is off, and
docker-compose.yml requiring the key. Each start runs in a fresh process configured only by the
environment, outside pytest (PYTEST_VERSION unset), as gunicorn, Celery or manage.py would be."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

MESSAGE = "DJANGO_SECRET_KEY is missing or a published placeholder, and DJANGO_DEBUG is off: refusing to start."
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "talentmatch.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://talentmatch.example.com",
    "DJANGO_HTTPS": "true",
}


def _example_value(name: str) -> str:
    text = (settings.BASE_DIR / ".env.example").read_text()
    return re.search(rf"^{name}=(.*)$", text, re.MULTILINE).group(1)


def _start(args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "PYTEST_VERSION"
    }
    environment.update(extra_env, DJANGO_SETTINGS_MODULE="talentmatch.settings")
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


WSGI = ["-c", "import talentmatch.wsgi; print('served')"]


@pytest.mark.parametrize(
    "key",
    [
        None,
        "",
        "   ",
        "django-insecure-local-development-only-key-0123456789",
        "django-insecure-anything-else",
        "change-me-to-a-long-random-string",
        "change-me",
    ],
    ids=["unset", "empty", "blank", "local key", "django-insecure", "example placeholder", "change-me"],
)
@pytest.mark.parametrize("entry", ["manage.py check", "wsgi"])
def test_production_refuses_to_start_without_a_key_of_its_own(key, entry):
    environment = dict(PRODUCTION)
    if key is not None:
        environment["DJANGO_SECRET_KEY"] = key
    result = _start(["manage.py", "check"] if entry == "manage.py check" else WSGI, environment)
    assert result.returncode != 0
    assert MESSAGE in result.stderr
    assert "served" not in result.stdout


def test_the_example_placeholder_is_one_that_is_refused():
    placeholder = _example_value("DJANGO_SECRET_KEY")
    assert placeholder == "change-me-to-a-long-random-string"
    result = _start(WSGI, {**PRODUCTION, "DJANGO_SECRET_KEY": placeholder})
    assert result.returncode != 0
    assert MESSAGE in result.stderr


def test_production_starts_with_a_random_key():
    result = _start(WSGI, {**PRODUCTION, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "served"


def test_debug_may_run_on_the_local_key():
    probe = ["-c", "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"]
    result = _start(probe, {"DJANGO_DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django-insecure-local-development-only-key-0123456789"


def test_compose_requires_the_key_for_every_app_service():
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    block = compose.split("x-app-environment: &app-environment\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"^  DJANGO_SECRET_KEY: \$\{DJANGO_SECRET_KEY:\?[^}]+\}$", block, re.MULTILINE)
    # web, worker and beat all take that environment (the worker extends it).
    assert compose.count("<<: *app\n") == 3
    assert "<<: *app-environment" in compose
