"""The deployment's own guards: no process that signs starts on a public secret key when DEBUG is
off (talentmatch/checks.py), and docker-compose.yml requires the key. Each start runs in a fresh
process configured only by the environment, as gunicorn, Celery or manage.py would be."""

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
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
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
STARTS = {
    "wsgi": WSGI,
    "gunicorn": ["-m", "gunicorn", "talentmatch.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"],
    "celery worker": ["-m", "celery", "-A", "talentmatch", "worker", "--pool=solo", "-Q", "refused-start"],
    "celery beat": ["-m", "celery", "-A", "talentmatch", "beat", "--schedule=/tmp/refused-beat-schedule"],
    "check --deploy": ["manage.py", "check", "--deploy"],
}
PUBLIC_KEYS = {
    "unset": None,
    "empty": "",
    "blank": "   ",
    "local key": "django-insecure-local-development-only-key-0123456789",
    "django-insecure": "django-insecure-anything-else",
    "example placeholder": "change-me-to-a-long-random-string",
    "change-me": "change-me",
}


def _production(key: str | None) -> dict[str, str]:
    return {**PRODUCTION, **({} if key is None else {"DJANGO_SECRET_KEY": key})}


@pytest.mark.parametrize("key", list(PUBLIC_KEYS.values()), ids=list(PUBLIC_KEYS))
def test_the_web_entry_point_refuses_to_start_on_a_public_key(key):
    result = _start(WSGI, _production(key))
    assert result.returncode != 0
    assert MESSAGE in result.stderr
    assert "served" not in result.stdout


@pytest.mark.parametrize("entry", sorted(STARTS))
def test_every_process_that_signs_refuses_to_start_without_a_key(entry):
    result = _start(STARTS[entry], _production(None))
    assert result.returncode != 0
    assert MESSAGE in result.stdout + result.stderr
    assert "served" not in result.stdout


def test_the_example_placeholder_is_one_that_is_refused():
    placeholder = _example_value("DJANGO_SECRET_KEY")
    assert placeholder == "change-me-to-a-long-random-string"
    result = _start(WSGI, _production(placeholder))
    assert result.returncode != 0
    assert MESSAGE in result.stderr


def test_production_starts_with_a_random_key():
    result = _start(WSGI, _production(secrets.token_urlsafe(50)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "served"


def test_debug_may_run_on_the_local_key():
    result = _start(WSGI, {"DJANGO_DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "served"


def test_commands_that_sign_nothing_need_no_key():
    result = _start(["manage.py", "makemigrations", "--check", "--dry-run"], _production(None))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_compose_requires_the_key_for_every_app_service():
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    block = compose.split("x-app-environment: &app-environment\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"^  DJANGO_SECRET_KEY: \$\{DJANGO_SECRET_KEY:\?[^}]+\}$", block, re.MULTILINE)
    # web, worker and beat all take that environment (the worker extends it).
    assert compose.count("<<: *app\n") == 3
    assert "<<: *app-environment" in compose
