"""Probes for the process supervisor and the load balancer.

`/healthz` says the process answers (liveness): it touches nothing else. `/readyz` says the
process can serve (readiness): database, cache and Celery broker each answer. Bodies name the
failing part only; the cause goes to the log, never to the anonymous caller.
"""

import logging
import secrets
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger(__name__)

# Status words are part of a machine-read contract, so they are not translated.
OK = "ok"
ERROR = "error"
NOT_CONFIGURED = "not configured"

# A probe that hangs is worse than one that fails: every network check gives up quickly.
TIMEOUT_SECONDS = 2


def check_database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")
    return OK


def check_cache() -> str:
    key = f"readyz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)
    return OK


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL or ""
    scheme = urlsplit(url).scheme
    if scheme in ("", "memory"):
        return NOT_CONFIGURED
    if scheme in ("redis", "rediss"):
        client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
        return OK
    with Connection(url, connect_timeout=TIMEOUT_SECONDS) as connection:
        connection.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
    return OK


def run_checks() -> dict[str, str]:
    """Each part's status; a failure is logged with its cause and reported only as "error"."""
    # Built per call so that each check can be swapped on its own (failure injection in tests).
    checks = {"database": check_database, "cache": check_cache, "broker": check_broker}
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as exc:
            logger.warning("Readiness check failed: %s (%s: %s)", name, type(exc).__name__, exc)
            results[name] = ERROR
    return results


@login_not_required
@never_cache
@require_safe
def healthz(request):
    return HttpResponse(OK, content_type="text/plain; charset=utf-8")


@login_not_required
@never_cache
@require_safe
def readyz(request):
    results = run_checks()
    status = 503 if ERROR in results.values() else 200
    return JsonResponse(results, status=status)
