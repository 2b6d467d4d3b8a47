"""Login throttling (django-axes), the client address behind proxies, the password reset and the
password rules. Only outgoing e-mail is replaced (Django's in-memory outbox)."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from talentmatch.models import User
from talentmatch.security import client_ip
from talentmatch.tests.isolation import without_csrf_tokens
from talentmatch.tests.sweep import route_targets

LIMIT = settings.AXES_FAILURE_LIMIT
# The new pages' French comes with the next catalogue merge; until then they are read in English.
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _log_in(client, email: str, password: str, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def _fail(client, email: str, times: int, **extra) -> list[int]:
    return [_log_in(client, email, "not-the-password", **extra).status_code for _ in range(times)]


def test_the_login_locks_an_email_and_address_pair_after_the_failure_limit(client, cast):
    assert LIMIT == 5
    assert _fail(client, "sales@alpha.test", LIMIT - 1) == [200] * (LIMIT - 1)
    locked = _log_in(client, "sales@alpha.test", "not-the-password")
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert "registration/lockout.html" in [template.name for template in locked.templates]
    assert "_auth_user_id" not in client.session


def test_a_locked_out_pair_is_refused_even_with_the_right_password(client, cast):
    _fail(client, "sales@alpha.test", LIMIT)
    response = _log_in(client, "sales@alpha.test", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_counts_the_email_whatever_its_case(client, cast):
    _fail(client, "sales@alpha.test", LIMIT - 1)
    assert _log_in(client, "SALES@Alpha.Test", "not-the-password").status_code == 429
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("sales@alpha.test", LIMIT)]


def test_the_lockout_is_keyed_on_the_email_and_the_address_together(client, cast):
    _fail(client, "sales@alpha.test", LIMIT)
    # The same address can still log in to another account...
    assert _log_in(client, "manager@alpha.test", PASSWORD).status_code == 302
    # ...and the same account from another address.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert _log_in(other, "sales@alpha.test", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures_of_its_pair(client, cast):
    _fail(client, "sales@alpha.test", LIMIT - 1)
    assert _log_in(client, "sales@alpha.test", PASSWORD).status_code == 302
    assert AccessAttempt.objects.count() == 0


def test_the_lockout_page_says_for_how_long_and_offers_the_password_reset(cast):
    client = Client(**ENGLISH)
    _fail(client, "sales@alpha.test", LIMIT - 1)
    content = _log_in(client, "sales@alpha.test", "nope").content.decode()
    assert "<h1>Too many attempts</h1>" in content
    assert "is paused for 15 minutes after too many failed attempts" in content
    assert f'href="{reverse("password_reset")}"' in content


def _comparable(response) -> tuple[int, str]:
    return response.status_code, without_csrf_tokens(response.content)


def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(cast):
    known, unknown = Client(), Client()
    for attempt in range(LIMIT):
        wrong_password = _log_in(known, "sales@alpha.test", "not-the-password")
        no_account = _log_in(unknown, "nobody@alpha.test", "not-the-password")
        # The page echoes the typed address: compare with it swapped.
        assert _comparable(wrong_password) == (
            no_account.status_code,
            without_csrf_tokens(no_account.content).replace("nobody@alpha.test", "sales@alpha.test"),
        ), attempt
    assert wrong_password.status_code == no_account.status_code == 429


def test_an_inactive_account_gets_the_same_answer_as_a_wrong_password(cast):
    User.objects.filter(pk=cast.a.recruiter.pk).update(is_active=False)
    inactive = _log_in(Client(), "recruiter@alpha.test", PASSWORD)
    wrong = _log_in(Client(), "recruiter@alpha.test", "not-the-password")
    assert _comparable(inactive) == _comparable(wrong)


# --- the client's address ----------------------------------------------------------------------


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/login/", **extra)


def test_without_trusted_proxies_the_client_address_is_the_socket_and_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_ADDRESSES = ["10.0.0.0/8"]
    # The client claimed 1.2.3.4 itself; the proxy appended the address it saw.
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 203.0.113.1")) == "203.0.113.1"


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.TRUSTED_PROXY_ADDRESSES = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.3", "1.2.3.4, 203.0.113.1, 10.0.0.2")) == "203.0.113.1"


@pytest.mark.parametrize("forwarded", ["", "203.0.113.1", "not-an-address, 10.0.0.2"])
def test_a_forwarded_chain_that_our_proxies_did_not_build_falls_back_to_the_socket(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.TRUSTED_PROXY_ADDRESSES = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.3", forwarded)) == "10.0.0.3"


def test_behind_a_proxy_a_client_cannot_escape_its_lockout_by_forging_x_forwarded_for(client, cast, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for forged in range(LIMIT):
        response = _log_in(
            client, "sales@alpha.test", "not-the-password", HTTP_X_FORWARDED_FOR=f"10.9.9.{forged}, 203.0.113.1"
        )
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.1"]


# --- password reset ----------------------------------------------------------------------------


def _reset(client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def test_the_password_reset_answers_the_same_whether_the_account_exists_or_not(client, cast):
    known = _reset(client, "sales@alpha.test")
    unknown = _reset(client, "nobody@alpha.test")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("password_reset_done")
    assert [message.to for message in mail.outbox] == [["sales@alpha.test"]]


def test_an_inactive_account_gets_no_reset_email(client, cast):
    User.objects.filter(pk=cast.a.sales.pk).update(is_active=False)
    assert _reset(client, "sales@alpha.test")["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def _reset_link(message) -> str:
    return re.search(r"https?://testserver(/password/reset/[^/\s]+/[^/\s]+/)", message.body).group(1)


def test_the_reset_link_sets_a_new_password_once_and_ends_every_session(cast):
    elsewhere = Client()
    elsewhere.force_login(cast.a.sales)
    assert elsewhere.get(reverse("home")).status_code == 200
    client = Client(**ENGLISH)
    _reset(client, "Sales@Alpha.test")
    (message,) = mail.outbox
    assert message.subject == "TalentMatch: choose a new password"
    assert message.to == ["sales@alpha.test"]
    link = _reset_link(message)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "a-brand-new-phrase-42", "new_password2": "a-brand-new-phrase-42"})
    assert done["Location"] == reverse("password_reset_complete")

    cast.a.sales.refresh_from_db()
    assert cast.a.sales.check_password("a-brand-new-phrase-42")
    assert elsewhere.get(reverse("home")).status_code == 302
    again = Client(**ENGLISH).get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link is invalid: it has already been used or has expired." in again.content.decode()


def test_the_reset_form_refuses_a_weak_password_beside_the_field(cast):
    client = Client()
    _reset(client, "sales@alpha.test")
    form_page = client.get(_reset_link(mail.outbox[0]), follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    cast.a.sales.refresh_from_db()
    assert cast.a.sales.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short-9", "password_too_short"),
        ("password1234", "password_too_common"),
        ("4815162342108", "password_entirely_numeric"),
        ("alpha.test.sales", "password_too_similar"),
    ],
)
def test_djangos_password_validators_refuse_weak_passwords(cast, password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=cast.a.sales)
    assert code in [error.code for error in refused.value.error_list]


def test_a_long_unusual_password_passes_the_validators(cast):
    assert validate_password("violet-tramway-under-snow", user=cast.a.sales) is None


# --- deny by default -----------------------------------------------------------------------------

# The only routes an anonymous visitor reaches: the login, the password reset, the probes, and the
# language switch (which changes nothing but the interface language).
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "readyz",
    "consultants:invitation-accept",  # the invitation's link (the token is the credential)
    "notifications:unsubscribe",  # every e-mail's one-click link (the signed token is the credential)
}
# The login's second step: without a password step first, it goes back to the login (no `next`).
SECOND_STEP = {"login-code", "login-recovery"}


def test_every_other_route_sends_an_anonymous_visitor_to_the_login_page(client, cast, pages):  # noqa: F811
    routes = route_targets(pages)
    assert routes.keys() >= PUBLIC
    answers = {}
    for name, (_target, url) in sorted(routes.items()):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            redirected = response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")
            answers[(name, method)] = "login" if redirected else response.status_code
    assert {key: answer for key, answer in answers.items() if answer != "login"} == {
        **{(name, "get"): 200 for name in PUBLIC},
        **{(name, "post"): 200 for name in PUBLIC},
        ("healthz", "post"): 405,
        ("readyz", "post"): 405,
        ("password_reset_done", "post"): 405,
        ("password_reset_complete", "post"): 405,
        **{(name, method): 302 for name in SECOND_STEP for method in ("get", "post")},
    }
