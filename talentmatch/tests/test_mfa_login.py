"""The login's second step: after the password, a code from the authenticator app or a recovery code;
wrong codes count for the login lockout; the roles that must use it; Django admin behind it."""

import time

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken

from conftest import PASSWORD
from talentmatch.mfa.views import PENDING_KEY
from talentmatch.tests.mfa import code_for, enrol

LIMIT = settings.AXES_FAILURE_LIMIT
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _no_device_throttle(settings):
    """django-otp also slows a device down after each wrong code (1 s, 2 s, 4 s...): tests that type a
    right code after a wrong one turn that off; the lockout under test is the login's."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _password(client, user, **extra):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD}, **extra)


def _code(client, code, **extra):
    return client.post(reverse("login-code"), {"code": code}, **extra)


def test_with_an_authenticator_the_password_alone_does_not_log_in(client, cast):
    enrol(cast.a.recruiter)
    response = _password(client, cast.a.recruiter)
    assert response.status_code == 302 and response["Location"] == reverse("login-code")
    assert "_auth_user_id" not in client.session
    assert client.session[PENDING_KEY]["user"] == cast.a.recruiter.pk
    assert client.get(reverse("home")).status_code == 302


def test_the_right_code_after_the_password_logs_in_and_verifies_the_session(client, cast):
    secret, _codes = enrol(cast.a.recruiter)
    _password(client, cast.a.recruiter)
    response = _code(client, code_for(secret, steps_ahead=1))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == cast.a.recruiter.pk
    assert client.session[DEVICE_ID_SESSION_KEY].startswith("otp_totp.totpdevice/")
    assert PENDING_KEY not in client.session
    assert client.get(reverse("home")).status_code == 200


def test_the_login_goes_on_to_the_page_asked_for(client, cast):
    secret, _codes = enrol(cast.a.recruiter)
    client.post(reverse("login"), {"username": cast.a.recruiter.email, "password": PASSWORD, "next": "/consultants/"})
    assert _code(client, code_for(secret, steps_ahead=1))["Location"] == "/consultants/"


def test_a_code_works_once(client, cast):
    secret, _codes = enrol(cast.a.recruiter)
    code = code_for(secret, steps_ahead=1)
    _password(client, cast.a.recruiter)
    _code(client, code)
    client.post(reverse("logout"))
    _password(client, cast.a.recruiter)
    response = _code(client, code, **ENGLISH)
    assert response.status_code == 200 and "This code is not right." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_code_typed_at_enrolment_cannot_open_a_login(client, cast):
    secret, _codes = enrol(cast.a.recruiter)
    _password(client, cast.a.recruiter)
    assert _code(client, code_for(secret)).status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_codes_lock_the_login_like_wrong_passwords_and_the_right_code_is_then_refused(client, cast):
    secret, _codes = enrol(cast.a.recruiter)
    _password(client, cast.a.recruiter)
    statuses = [_code(client, "000000").status_code for _ in range(LIMIT - 1)]
    assert statuses == [200] * (LIMIT - 1)
    locked = _code(client, "000000")
    assert locked.status_code == 429 and "registration/lockout.html" in [t.name for t in locked.templates]
    assert _code(client, code_for(secret, steps_ahead=1)).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...and the password step as well, since it is one lockout.
    assert _password(client, cast.a.recruiter).status_code == 429


def test_wrong_recovery_codes_count_for_the_lockout_too(client, cast):
    enrol(cast.a.recruiter)
    _password(client, cast.a.recruiter)
    url = reverse("login-recovery")
    statuses = [client.post(url, {"code": "aaaa-bbbb-cccc"}).status_code for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]


def test_a_recovery_code_logs_in_once(client, cast):
    _secret, codes = enrol(cast.a.recruiter)
    _password(client, cast.a.recruiter)
    typed = f"{codes[0][:4]}-{codes[0][4:8]}-{codes[0][8:]}".upper()  # as shown, in capitals
    response = client.post(reverse("login-recovery"), {"code": typed})
    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY].startswith("otp_static.staticdevice/")
    assert StaticToken.objects.filter(device__user=cast.a.recruiter).count() == settings.MFA_RECOVERY_CODES - 1
    client.post(reverse("logout"))
    _password(client, cast.a.recruiter)
    assert client.post(reverse("login-recovery"), {"code": codes[0]}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_is_not_taken_on_the_app_code_page(client, cast):
    _secret, codes = enrol(cast.a.recruiter)
    _password(client, cast.a.recruiter)
    assert _code(client, codes[0]).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_second_step_without_a_password_first_goes_back_to_the_login(client, cast):
    for name in ("login-code", "login-recovery"):
        response = client.post(reverse(name), {"code": "123456"})
        assert response.status_code == 302 and response["Location"] == reverse("login")


def test_the_second_step_expires(client, cast, settings):
    secret, _codes = enrol(cast.a.recruiter)
    _password(client, cast.a.recruiter)
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": time.time() - settings.MFA_LOGIN_TIMEOUT - 1}
    session.save()
    response = _code(client, code_for(secret, steps_ahead=1))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session and PENDING_KEY not in client.session


def test_without_an_authenticator_the_password_logs_in_as_before(client, cast):
    assert _password(client, cast.a.sales)["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


# --- the roles that must use a second factor ---------------------------------------------------


@pytest.fixture
def _required(settings):
    settings.MFA_REQUIRED_ROLES = ["manager", "admin"]


@pytest.mark.usefixtures("_required")
def test_a_manager_without_an_authenticator_reaches_only_the_enrolment(client, cast):
    _password(client, cast.a.manager)
    for url in (reverse("home"), reverse("consultants:consultant-list"), reverse("mfa-settings")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("mfa-enrol")
    htmx = client.get(reverse("consultants:consultant-list"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == reverse("mfa-enrol")
    assert client.get(reverse("mfa-enrol")).status_code == 200
    assert _password(client, cast.a.sales).status_code == 302  # optional for other roles


@pytest.mark.usefixtures("_required")
def test_a_manager_session_opened_without_the_code_is_ended(client, cast):
    enrol(cast.a.manager)
    client.force_login(cast.a.manager)
    response = client.get(reverse("consultants:consultant-list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/consultants/"
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("_required")
def test_a_manager_who_passed_both_steps_works_as_usual(client, cast):
    secret, _codes = enrol(cast.a.manager)
    _password(client, cast.a.manager)
    _code(client, code_for(secret, steps_ahead=1))
    assert client.get(reverse("consultants:consultant-list")).status_code == 200


def test_django_admin_logs_in_through_the_apps_two_steps(client, cast):
    response = client.get("/admin/login/?next=/admin/talentmatch/user/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/admin/talentmatch/user/"
    secret, _codes = enrol(cast.admin)
    client.force_login(cast.admin)  # a session without the code: not enough for admin
    assert client.get("/admin/")["Location"] == f"{reverse('login')}?next=/admin/"
    assert "_auth_user_id" not in client.session
    _password(client, cast.admin)
    _code(client, code_for(secret, steps_ahead=1))
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_member_who_is_not_the_admin_is_refused_at_the_admin_login(client, cast):
    client.force_login(cast.a.manager)
    assert client.get("/admin/login/").status_code == 403
