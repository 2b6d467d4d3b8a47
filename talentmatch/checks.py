"""The secret key guard: with DEBUG off, nothing that signs (sessions, CSRF, password reset and
invitation links) runs on a published key.

The web entry point (talentmatch/wsgi.py, which gunicorn and runserver load) and the Celery worker and
beat (talentmatch/celery.py) call `refuse_public_secret_key` as they start; `manage.py check --deploy`
reports the same as an error. Commands that sign nothing (migrate, makemigrations, compilemessages,
collectstatic, load_skill_catalogue…) still run, so a build or a CI lint needs no key.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# The keys anyone can read: the local fallback of settings.py, the .env.example placeholder and
# Django's own generated-for-development prefix.
PUBLIC_PREFIXES = ("change-me", "django-insecure")

MESSAGE = (
    "DJANGO_SECRET_KEY is missing or a published placeholder, and DJANGO_DEBUG is off: refusing to start. "
    "Set DJANGO_SECRET_KEY to 50+ random characters, e.g. the output of "
    '`python -c "import secrets; print(secrets.token_urlsafe(50))"` (see .env.example).'
)


def secret_key_is_public() -> bool:
    key = settings.SECRET_KEY.strip()
    return not key or key == settings.LOCAL_SECRET_KEY or key.startswith(PUBLIC_PREFIXES)


def refuse_public_secret_key() -> None:
    """Raise ImproperlyConfigured (the process does not start) when DEBUG is off and the key is public."""
    if not settings.DEBUG and secret_key_is_public():
        raise ImproperlyConfigured(MESSAGE)


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.DEBUG or not secret_key_is_public():
        return []
    return [checks.Error(MESSAGE, id="talentmatch.E001")]


@checks.register(checks.Tags.security, deploy=True)
def check_trusted_proxies(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """X-Forwarded-For trusted from any peer would let every client choose its own address."""
    if settings.TRUSTED_PROXY_COUNT > 0 and "*" in [entry.strip() for entry in settings.TRUSTED_PROXY_ADDRESSES]:
        return [
            checks.Warning(
                'FORWARDED_ALLOW_IPS is "*" while DJANGO_TRUSTED_PROXY_COUNT is set: any client can forge '
                "the address the login throttle counts. List the proxy's addresses instead.",
                id="talentmatch.W002",
            )
        ]
    return []
