import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.urls import reverse

from talentmatch import health

# What a real driver error may carry and a probe must never repeat to an anonymous caller.
LEAKY_ERROR = 'connection to server at "db.internal" (10.0.4.2), port 5432 failed: PostgreSQL 16.4 password=hunter2'
LEAKS = ("db.internal", "10.0.4.2", "5432", "16.4", "hunter2", "OperationalError", "Traceback")


def test_healthz_answers_ok_anonymously_without_touching_the_database(client):
    # No `db` fixture: pytest-django makes any database access fail this test.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


def test_healthz_path_is_the_bare_word():
    assert reverse("healthz") == "/healthz"
    assert reverse("readyz") == "/readyz"


def test_readyz_answers_200_anonymously_when_every_part_answers(client, db, settings):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # Redis in the PostgreSQL + Redis run, the in-memory broker in the SQLite one.
    expected_broker = "ok" if settings.CELERY_BROKER_URL.startswith("redis") else "not configured"
    assert response.json() == {"database": "ok", "cache": "ok", "broker": expected_broker}


def test_probes_answer_head_and_refuse_post(client, db):
    assert client.head(reverse("healthz")).status_code == 200
    assert client.head(reverse("readyz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405
    assert client.post(reverse("readyz")).status_code == 405


def test_readyz_answers_503_naming_the_database_when_it_fails_and_leaks_nothing(client, db, monkeypatch):
    def broken_database():
        raise OperationalError(LEAKY_ERROR)

    monkeypatch.setattr(health, "check_database", broken_database)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["cache"] == "ok"
    body = response.content.decode()
    for leak in LEAKS:
        assert leak not in body


def test_readyz_answers_503_naming_the_cache_when_redis_is_unreachable(client, db, settings):
    # A real failure: a Redis cache on a port nobody listens on.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["cache"] == "error"
    assert response.json()["database"] == "ok"
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.parametrize("broker_url", ["redis://127.0.0.1:1/0", "amqp://guest:secret@127.0.0.1:1//"])
def test_readyz_answers_503_naming_the_broker_when_it_is_unreachable(client, db, settings, broker_url):
    settings.CELERY_BROKER_URL = broker_url
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    body = response.content.decode()
    assert "127.0.0.1" not in body
    assert "secret" not in body


def test_readyz_reports_the_in_memory_broker_as_not_configured(client, db, settings):
    settings.CELERY_BROKER_URL = "memory://"
    response = client.get(reverse("readyz"))
    assert response.json()["broker"] == "not configured"


def test_readyz_leaves_no_key_in_the_cache(client, db):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    if hasattr(cache, "keys"):  # django-redis
        assert cache.keys("readyz:*") == []
    else:  # local memory: its store holds every key, prefixed
        assert [key for key in cache._cache if ":readyz:" in key] == []
