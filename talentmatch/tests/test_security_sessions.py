"""Sessions: a new key at login, logout by POST only, the end of every session when the password
changes or the account is deactivated, idle and absolute lifetimes, cookie flags."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from talentmatch.models import User
from talentmatch.security import LOGIN_AT_KEY, SEEN_AT_KEY


def _log_in(client, email="sales@alpha.test", password=PASSWORD):
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code == 302
    return response


def _signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_the_login_gives_a_new_session_key(client, cast):
    session = client.session
    session["before-login"] = "anonymous"
    session.save()
    anonymous_key = session.session_key
    _log_in(client)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()


def test_the_base_template_logs_out_with_a_post_form(client, cast):
    client.force_login(cast.a.sales)
    content = client.get(reverse("home")).content.decode()
    assert f'<form action="{reverse("logout")}" method="post">' in content
    assert f'href="{reverse("logout")}"' not in content


def test_logout_needs_a_post_and_deletes_the_session(client, cast):
    _log_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("logout")).status_code == 405
    assert _signed_in(client)
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not _signed_in(client)


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(cast):
    here, elsewhere = Client(), Client()
    _log_in(here)
    _log_in(elsewhere)
    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "violet-tramway-42", "new_password2": "violet-tramway-42"},
    )
    assert response["Location"] == reverse("password_change_done")
    assert _signed_in(here)
    assert not _signed_in(elsewhere)


def test_a_password_changed_outside_the_site_ends_every_session(client, cast):
    _log_in(client)
    user = User.objects.get(pk=cast.a.sales.pk)
    user.set_password("changed-by-the-admin-42")
    user.save()
    assert not _signed_in(client)


def test_the_password_change_refuses_a_wrong_current_password_beside_the_field(client, cast):
    _log_in(client)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": "violet-tramway-42", "new_password2": "violet-tramway-42"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    assert 'id="id_old_password_error"' in response.content.decode()
    assert _signed_in(client)


def test_deactivating_a_user_ends_their_sessions(client, cast):
    _log_in(client)
    User.objects.filter(pk=cast.a.sales.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _signed_in(client)
    return sum(1 for query in queries.captured_queries if query["sql"].startswith('UPDATE "django_session"'))


def test_a_request_pushes_the_idle_expiry_back_once_the_refresh_interval_has_passed(client, cast):
    _log_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session = client.session
    session[SEEN_AT_KEY] = time.time() - settings.SESSION_IDLE_REFRESH - 1
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert _session_writes(client) == 1
    expiry = Session.objects.get(pk=key).expire_date
    assert expiry > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_requests_within_the_refresh_interval_write_no_session(client, cast):
    _log_in(client)
    _signed_in(client)  # the first signed-in request stamps the times
    assert [_session_writes(client) for _ in range(3)] == [0, 0, 0]


def test_an_idle_session_has_ended(client, cast):
    _log_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # As if SESSION_COOKIE_AGE had passed since the last request.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not _signed_in(client)


def test_a_session_ends_at_its_absolute_lifetime_however_active(client, cast):
    _log_in(client)
    assert _signed_in(client)
    session = client.session
    assert time.time() - session[LOGIN_AT_KEY] < 60
    session[LOGIN_AT_KEY] = time.time() - settings.SESSION_ABSOLUTE_AGE - 1
    session.save()
    response = client.get(reverse("consultants:consultant-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    login_page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "Your session has ended. Please log in again." in login_page.content.decode()


def test_a_session_just_under_its_absolute_lifetime_goes_on(client, cast):
    _log_in(client)
    session = client.session
    session[LOGIN_AT_KEY] = time.time() - settings.SESSION_ABSOLUTE_AGE + 120
    session.save()
    assert _signed_in(client)


def test_the_lifetimes_come_from_settings_with_an_idle_limit_below_the_absolute_one():
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert (settings.SESSION_IDLE_REFRESH, settings.SESSION_COOKIE_AGE, settings.SESSION_ABSOLUTE_AGE) == (
        5 * 60,
        2 * 3600,
        10 * 3600,
    )


def test_the_session_cookie_is_httponly_and_samesite_lax(client, cast):
    _log_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_an_htmx_request_after_the_session_ended_sends_the_whole_page_to_the_login(client, cast):
    """Not the login form swapped into a fragment: HX-Redirect, back to the page shown afterwards."""
    shown = "http://testserver/consultants/?q=Python&page=2"
    response = client.get(
        reverse("consultants:consultant-list") + "?q=Python", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=shown
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login") + "?next=/consultants/%3Fq%3DPython%26page%3D2"
    assert response.content == b""


def test_the_htmx_login_redirect_never_leads_off_the_site(client, cast):
    """Another site's address keeps only its path; a path that would name another host is replaced
    by the fragment's own address."""
    for shown, expected in (
        ("https://evil.example/x", "/x"),
        ("http://testserver//evil.example/x", "/tenders/"),
    ):
        response = client.get(reverse("tenders:tender-list"), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=shown)
        assert response["HX-Redirect"] == reverse("login") + "?next=" + expected, shown


def test_a_plain_request_after_the_session_ended_is_redirected_as_before(client, cast):
    response = client.get(reverse("consultants:consultant-list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/consultants/"
