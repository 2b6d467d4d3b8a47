"""With the cache server out of reach, every page answers as it does with it: a cache error is a
miss, logged, never a 500 (talentmatch/cache.py). "Out of reach" is a real Redis client talking to a
port nobody listens on (the shared Redis itself is never stopped)."""

import logging
import re
import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from consultants.cache import CATALOGUE_VERSION_KEY
from talentmatch import cache as resilient
from talentmatch.tests.isolation import _client_for, comparable
from talentmatch.tests.sweep import SIGNED_IN_ROLES, pages_for

CLOSED_PORT = "redis://127.0.0.1:6390/0"
UNREACHABLE = {
    "django-redis": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": CLOSED_PORT,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    },
    "django's redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_PORT},
}


@pytest.fixture(autouse=True)
def _empty_local_cache():
    """The embedded local-memory cache outlives a test while SQLite hands the same ids out again, so a
    page cached by an earlier test could answer for a new consultant of the same id: start empty. On a
    shared Redis, an earlier test may have renamed skills behind the services' back (the XSS sweep) and
    cached pages holding those names before its rows were rolled back: start from a new catalogue."""
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    resilient.cache.set(CATALOGUE_VERSION_KEY, time.time_ns(), None)


@pytest.fixture(params=sorted(UNREACHABLE))
def unreachable_cache(request):
    return {"default": UNREACHABLE[request.param]}


def _answers(client, urls: list[str]) -> dict[str, tuple[int, str]]:
    """Each page's status and, for an HTML page, its text (files: their type only; a PDF carries its date)."""
    answers = {}
    for url in urls:
        response = client.get(url)
        kind = response.get("Content-Type", "")
        html = response.status_code == 200 and kind.startswith("text/html") and not response.streaming
        answers[url] = (response.status_code, comparable(response) if html else kind)
    return answers


@pytest.mark.parametrize("role", ["anonymous", *SIGNED_IN_ROLES])
def test_every_page_that_answers_200_with_the_cache_answers_the_same_without_it(
    client, cast, pages, settings, role, caplog
):
    _client_for(client, cast, role)
    # /readyz exists to answer 503 naming the cache when it is down (test_health.py).
    urls = [url for url in pages_for(pages, role) if url != reverse("readyz")]
    assert len(urls) >= 3
    # Twice with the cache: the second time the pages come from it.
    _answers(client, urls)
    with_cache = _answers(client, urls)
    served = [url for url, (status, _text) in with_cache.items() if status == 200]
    # The login page sends a signed-in user on; its two second steps send on anyone without a password
    # just checked (no pending login in the session).
    login_steps = {reverse("login"), reverse("login-code"), reverse("login-recovery")}
    assert set(urls) - set(served) <= login_steps and len(served) >= len(urls) - 3

    # Then once per Redis client, each talking to a closed port (one pass with the cache serves both).
    # The access log and the privacy page's latest accesses list the downloads the passes above made,
    # so they change between two passes; the dashboard's figures are a snapshot up to a minute old by design, so
    # a pass may find them refreshed since the one before (its status is still compared).
    growing = {reverse("privacy:access-log"), reverse("privacy:privacy-home"), reverse("home")}
    # A background import's progress lives in the cache alone (dataio/services/jobs.py): without it the
    # job is unknown, and its page answers 404 like an expired job's.
    kept_in_cache = {
        reverse("dataio:import-job", kwargs=kwargs) for kwargs in pages.ids.get("dataio:import-job", {}).values()
    }
    served = [url for url in served if url not in kept_in_cache]
    for backend, unreachable in sorted(UNREACHABLE.items()):
        settings.CACHES = {"default": unreachable}
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="talentmatch.cache"):
            without_cache = _answers(client, urls)
        assert {url: without_cache[url][0] for url in served if without_cache[url][0] != 200} == {}, backend
        changed = [url for url in urls if without_cache[url] != with_cache[url] and url not in growing | kept_in_cache]
        assert changed == [], backend
        if role != "anonymous":
            assert "served as a miss" in caplog.text, backend


def test_the_three_pages_of_the_issue_answer_200_without_the_cache(client, cast, pages, settings, unreachable_cache):
    client.force_login(cast.a.manager)
    settings.CACHES = unreachable_cache
    for url in (
        f"/consultants/{pages.ids['consultants:consultant-detail']['colleague']}/",
        f"/tenders/{pages.ids['tenders:tender-detail']['own']}/",
        "/matches/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Alpha-" in response.content


def test_a_failure_leaves_the_cache_alone_for_a_while_then_tries_again(settings, caplog, monkeypatch):
    settings.CACHES = {"default": UNREACHABLE["django-redis"]}
    calls = []
    backend = caches["default"]
    real_get = backend.get
    monkeypatch.setattr(backend, "get", lambda *args, **kwargs: calls.append(args) or real_get(*args, **kwargs))
    caplog.set_level(logging.WARNING, logger="talentmatch.cache")
    assert resilient.cache.get("a", "fallback") == "fallback"
    assert resilient.cache.get_many(["a", "b"]) == {}
    assert resilient.cache.add("a", 1) is True
    resilient.cache.set("a", 1)
    resilient.cache.set_many({"a": 1})
    resilient.cache.delete("a")
    assert len(calls) == 1  # only the first call reached the server
    assert caplog.text.count("served as a miss") == 1
    later = resilient._now() + resilient.RETRY_SECONDS + 0.1
    monkeypatch.setattr(resilient, "_now", lambda: later)
    assert resilient.cache.get("a") is None  # tried again, failed again: left alone again
    assert resilient.cache.get("a") is None
    assert len(calls) == 2
    assert caplog.text.count("served as a miss") == 2


def test_a_reachable_cache_is_used_as_is(settings):
    assert resilient.cache.add("resilient-probe", "stored", 30) is True
    assert resilient.cache.add("resilient-probe", "again", 30) is False
    assert resilient.cache.get("resilient-probe") == "stored"
    assert resilient.cache.get_many(["resilient-probe", "absent"]) == {"resilient-probe": "stored"}
    resilient.cache.delete("resilient-probe")
    assert resilient.cache.get("resilient-probe", "gone") == "gone"


def test_no_module_but_the_wrapper_and_the_readiness_probe_reads_the_raw_cache():
    from django.conf import settings

    allowed = {"talentmatch/cache.py", "talentmatch/health.py"}
    raw = re.compile(r"from django\.core\.cache import|django\.core\.cache\.cache\b")
    offenders = []
    for path in settings.BASE_DIR.rglob("*.py"):
        relative = path.relative_to(settings.BASE_DIR).as_posix()
        if relative.startswith((".venv/", "bench/")) or "/tests/" in relative or relative in allowed:
            continue
        if raw.search(path.read_text()):
            offenders.append(relative)
    assert offenders == []
