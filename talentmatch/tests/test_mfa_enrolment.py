"""The account's two-factor page: enrolment (a QR code and the secret as text, confirmed by a first
code), recovery codes shown once and renewed, turning it off where the role allows."""

import re
from base64 import b32decode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from talentmatch.mfa import services
from talentmatch.mfa.views import SECRET_KEY
from talentmatch.tests.mfa import code_for, enrol

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
SHOWN_CODE = re.compile(r"<code>([a-z2-7]{4})-([a-z2-7]{4})-([a-z2-7]{4})</code>")


def _shown_secret(page: str) -> str:
    """The key as the page prints it for typing, back to the hex django-otp keeps."""
    text = re.search(r'<code class="mfa-secret" id="mfa-secret">([A-Z2-7 ]+)</code>', page).group(1)
    return b32decode(text.replace(" ", "")).hex()


def test_the_enrolment_shows_the_secret_as_a_qr_code_and_as_text(client, cast):
    client.force_login(cast.a.recruiter)
    page = client.get(reverse("mfa-enrol")).content.decode()
    assert re.search(r'<svg width="\d+" height="\d+" class="qr-code"><title>', page)
    assert "style=" not in page.split('class="qr-code"')[1].split("</svg>")[0]
    assert _shown_secret(page) == client.session[SECRET_KEY]
    # Reloading keeps the same secret, so an app that scanned it still matches.
    assert _shown_secret(client.get(reverse("mfa-enrol")).content.decode()) == client.session[SECRET_KEY]
    assert not TOTPDevice.objects.exists()


def test_a_first_code_confirms_the_app_and_the_recovery_codes_are_shown_once(client, cast):
    client.force_login(cast.a.recruiter)
    secret = _shown_secret(client.get(reverse("mfa-enrol")).content.decode())
    wrong = client.post(reverse("mfa-enrol"), {"code": "000000"}, **ENGLISH)
    assert wrong.status_code == 200 and "This code is not the one your app shows" in wrong.content.decode()
    assert not TOTPDevice.objects.exists() and client.session[SECRET_KEY] == secret
    response = client.post(reverse("mfa-enrol"), {"code": code_for(secret)}, **ENGLISH)
    assert response.status_code == 200
    shown = ["".join(pair) for pair in SHOWN_CODE.findall(response.content.decode())]
    assert len(shown) == 10 and len(set(shown)) == 10
    assert sorted(shown) == sorted(
        StaticToken.objects.filter(device__user=cast.a.recruiter).values_list("token", flat=True)
    )
    device = TOTPDevice.objects.get(user=cast.a.recruiter)
    assert device.confirmed and device.key == secret
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert SECRET_KEY not in client.session
    settings_page = client.get(reverse("mfa-settings"), **ENGLISH).content.decode()
    assert "10 recovery codes left." in settings_page
    assert not SHOWN_CODE.search(settings_page)


def test_moving_to_another_app_replaces_the_old_one_and_keeps_the_session(client, cast):
    old_secret, _codes = enrol(cast.a.recruiter)
    client.force_login(cast.a.recruiter)
    secret = _shown_secret(client.get(reverse("mfa-enrol")).content.decode())
    client.post(reverse("mfa-enrol"), {"code": code_for(secret)})
    device = TOTPDevice.objects.get(user=cast.a.recruiter)
    assert device.key == secret != old_secret
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("home")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, cast, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # a right code may follow the wrong one at once
    _secret, old = enrol(cast.a.recruiter)
    client.force_login(cast.a.recruiter)
    response = client.post(reverse("mfa-recovery-codes"))
    new = sorted("".join(pair) for pair in SHOWN_CODE.findall(response.content.decode()))
    assert len(new) == 10 and not set(new) & set(old)
    assert services.mfa_verify(user=cast.a.recruiter, code=old[0], recovery=True) is None
    assert services.mfa_verify(user=cast.a.recruiter, code=new[0], recovery=True) is not None
    assert StaticDevice.objects.filter(user=cast.a.recruiter).count() == 1


def test_recovery_codes_need_an_app_first(client, cast):
    client.force_login(cast.a.recruiter)
    response = client.post(reverse("mfa-recovery-codes"))
    assert response["Location"] == reverse("mfa-settings")
    assert not StaticToken.objects.exists()


def test_turning_it_off_needs_a_right_code(client, cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    secret, _codes = enrol(cast.a.recruiter)
    client.force_login(cast.a.recruiter)
    wrong = client.post(reverse("mfa-disable"), {"code": "000000"}, **ENGLISH)
    assert wrong.status_code == 200 and "This code is not right." in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=cast.a.recruiter).exists()
    response = client.post(reverse("mfa-disable"), {"code": code_for(secret, steps_ahead=1)})
    assert response["Location"] == reverse("mfa-settings")
    assert not TOTPDevice.objects.filter(user=cast.a.recruiter).exists()
    assert not StaticDevice.objects.filter(user=cast.a.recruiter).exists()


def test_a_role_that_must_use_it_cannot_turn_it_off(client, cast, settings):
    settings.MFA_REQUIRED_ROLES = ["manager", "admin"]
    _secret, codes = enrol(cast.a.manager)
    client.force_login(cast.a.manager)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=cast.a.manager).persistent_id
    session.save()
    page = client.get(reverse("mfa-settings"), **ENGLISH).content.decode()
    assert "it cannot be turned off" in page and reverse("mfa-disable") not in page
    client.post(reverse("mfa-disable"), {"code": codes[0]})
    assert TOTPDevice.objects.filter(user=cast.a.manager).exists()
    assert StaticToken.objects.filter(device__user=cast.a.manager).count() == 10


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_a_malformed_code_confirms_nothing(cast, code):
    secret = services.new_secret()
    with pytest.raises(ValidationError):
        services.mfa_authenticator_confirm(user=cast.a.sales, secret=secret, code=code)
    assert not TOTPDevice.objects.exists()


def test_a_code_typed_with_spaces_is_read(cast):
    secret = services.new_secret()
    code = code_for(secret)
    device, codes = services.mfa_authenticator_confirm(
        user=cast.a.sales, secret=secret, code=f" {code[:3]} {code[3:]} "
    )
    assert device.confirmed and len(codes) == 10
