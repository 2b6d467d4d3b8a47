"""The login throttle against a client that forges X-Forwarded-For, a guess spread over many
addresses and one password sprayed over many accounts (talentmatch.security: client_ip,
LoginThrottleHandler), and the deployment that keeps gunicorn behind the proxy (docker-compose.yml,
Dockerfile)."""

import logging
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from talentmatch import security
from talentmatch.checks import check_trusted_proxies

PAIR_LIMIT = settings.AXES_FAILURE_LIMIT
EMAIL_LIMIT = settings.LOGIN_EMAIL_FAILURE_LIMIT
ADDRESS_LIMIT = settings.LOGIN_ADDRESS_FAILURE_LIMIT
ATTACKER = "198.51.100.7"


@pytest.fixture(autouse=True)
def _one_proxy_as_in_the_example(settings):
    """DJANGO_TRUSTED_PROXY_COUNT=1 as .env.example sets it; the proxy on the host's loopback."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_ADDRESSES = ["127.0.0.1", "::1"]


def _log_in(client, email: str, password: str, **extra) -> int:
    return client.post(reverse("login"), {"username": email, "password": password}, **extra).status_code


def test_the_limits_are_the_documented_ones():
    assert (PAIR_LIMIT, EMAIL_LIMIT, ADDRESS_LIMIT) == (5, 20, 30)


def test_30_forged_forwarded_addresses_are_locked_out_and_then_the_right_password_is_refused(cast):
    # The client reaches gunicorn directly (not through the proxy) and writes its own header each time.
    client = Client(REMOTE_ADDR=ATTACKER)
    answers = [
        _log_in(client, "sales@alpha.test", "not-the-password", HTTP_X_FORWARDED_FOR=f"10.9.{n}.{n}") for n in range(30)
    ]
    assert answers == [200] * (PAIR_LIMIT - 1) + [429] * (30 - PAIR_LIMIT + 1)
    assert _log_in(client, "sales@alpha.test", PASSWORD, HTTP_X_FORWARDED_FOR="10.8.8.8") == 429
    assert "_auth_user_id" not in client.session
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_guess_spread_over_many_real_addresses_locks_the_email_everywhere(cast):
    # Through the proxy, each attempt from another client address: no pair ever reaches its limit.
    def through_proxy(n: int) -> dict:
        return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}

    answers = [_log_in(Client(), "sales@alpha.test", "wrong", **through_proxy(n)) for n in range(EMAIL_LIMIT)]
    assert answers == [200] * (EMAIL_LIMIT - 1) + [429]
    assert _log_in(Client(), "sales@alpha.test", PASSWORD, **through_proxy(200)) == 429
    # Other accounts, from those same addresses, are not affected.
    assert _log_in(Client(), "manager@alpha.test", PASSWORD, **through_proxy(1)) == 302


def test_one_password_sprayed_over_many_emails_from_one_address_is_throttled_per_address(cast):
    client = Client(REMOTE_ADDR=ATTACKER)
    answers = [_log_in(client, f"person{n}@alpha.test", "Summer2026!") for n in range(ADDRESS_LIMIT)]
    assert answers == [200] * (ADDRESS_LIMIT - 1) + [429]
    # That address is paused for every account, even with the right password...
    assert _log_in(Client(REMOTE_ADDR=ATTACKER), "sales@alpha.test", PASSWORD) == 429
    # ...and the accounts themselves stay open from anywhere else.
    assert _log_in(Client(REMOTE_ADDR="198.51.100.99"), "sales@alpha.test", PASSWORD) == 302


def test_the_wider_counts_forget_failures_older_than_the_cool_off(cast):
    client = Client(REMOTE_ADDR=ATTACKER)
    for n in range(ADDRESS_LIMIT - 1):
        _log_in(client, f"person{n}@alpha.test", "wrong")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - settings.AXES_COOLOFF_TIME)
    assert _log_in(client, "another@alpha.test", "wrong") == 200
    assert _log_in(client, "sales@alpha.test", PASSWORD) == 302


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/login/", **extra)


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(settings, caplog):
    security._UNTRUSTED_PEERS_SEEN.clear()
    assert security.client_ip(_request("127.0.0.1", "1.2.3.4, 203.0.113.1")) == "203.0.113.1"
    with caplog.at_level(logging.WARNING, logger="talentmatch.security"):
        assert security.client_ip(_request(ATTACKER, "203.0.113.1")) == ATTACKER
        assert security.client_ip(_request(ATTACKER, "203.0.113.2")) == ATTACKER
        assert security.client_ip(_request("198.51.100.8")) == "198.51.100.8"  # no header: nothing to say
    # One line per peer, telling the operator which variable to look at.
    assert caplog.text.count("X-Forwarded-For ignored from 198.51.100.7, not in FORWARDED_ALLOW_IPS") == 1
    assert "198.51.100.8" not in caplog.text
    settings.TRUSTED_PROXY_ADDRESSES = ["172.30.57.0/24"]
    assert security.client_ip(_request("172.30.57.1", "203.0.113.1")) == "203.0.113.1"
    assert security.client_ip(_request("127.0.0.1", "203.0.113.1")) == "127.0.0.1"
    settings.TRUSTED_PROXY_ADDRESSES = ["not an address", "::1"]
    assert security.client_ip(_request("::1", "2001:db8::1")) == "2001:db8::1"


def test_check_deploy_warns_when_any_peer_may_forward(settings):
    settings.TRUSTED_PROXY_ADDRESSES = ["*"]
    assert [message.id for message in check_trusted_proxies()] == ["talentmatch.W002"]
    settings.TRUSTED_PROXY_ADDRESSES = ["127.0.0.1"]
    assert check_trusted_proxies() == []
    settings.TRUSTED_PROXY_ADDRESSES, settings.TRUSTED_PROXY_COUNT = ["*"], 0
    assert check_trusted_proxies() == []


# --- the deployment: gunicorn reachable only through the proxy --------------------------------


def _compose() -> str:
    return (settings.BASE_DIR / "docker-compose.yml").read_text()


def test_compose_publishes_no_port_on_every_interface():
    published = re.findall(r'^\s+- "([^"]+)"$', _compose().split("services:", 1)[1].split("\nvolumes:", 1)[0], re.M)
    ports = [entry for entry in published if re.fullmatch(r"[\w.:${}\-]+:\d+", entry)]
    assert ports == ["127.0.0.1:${WEB_PORT:-8000}:8000"]
    assert "0.0.0.0" not in _compose()


def test_gunicorn_and_the_app_trust_the_same_peers_as_compose_pins():
    compose = _compose()
    subnet = "${COMPOSE_SUBNET:-172.30.57.0/24}"
    assert f"  FORWARDED_ALLOW_IPS: {subnet}\n" in compose.split("x-app:", 1)[0]
    assert f"        - subnet: {subnet}\n" in compose.split("\nnetworks:", 1)[1]
    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
    assert '--forwarded-allow-ips \\"${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}\\"' in dockerfile
