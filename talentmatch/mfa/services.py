"""Every write on a user's second factor: enrolment, recovery codes, turning it off; and the check of a
code at login. The authenticator's secret waits in the session until a first code proves the app has it."""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from binascii import unhexlify

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from talentmatch.models import User

AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def mfa_required(user: User) -> bool:
    """The user's role must use a second factor (MFA_REQUIRED_ROLES)."""
    return user.is_authenticated and user.role in settings.MFA_REQUIRED_ROLES


def authenticator_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def mfa_enabled(user: User) -> bool:
    """The account has a confirmed authenticator: its login asks for a code after the password."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_secret() -> str:
    """A new authenticator secret (20 random bytes, hex), to keep in the session until it is confirmed."""
    return default_key()


def normalise_code(code: str) -> str:
    """What the user typed, without spaces and hyphens, lower case (recovery codes are shown grouped)."""
    return "".join(str(code or "").split()).replace("-", "").lower()


def _totp_step(key_hex: str, code: str) -> int | None:
    """The time step at which `code` is right for the secret `key_hex` (one step of tolerance), or None."""
    code = normalise_code(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


def recovery_code() -> str:
    """A new recovery code: 12 base-32 characters (60 random bits), shown as three groups of four."""
    return b32encode(secrets.token_bytes(10)).decode().lower()[:12]


def _recovery_codes_replace(user: User) -> list[str]:
    """New recovery codes; the old ones stop working. The device row is kept, so a session verified by
    a recovery code stays verified."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = []
    while len(codes) < settings.MFA_RECOVERY_CODES:
        code = recovery_code()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def mfa_authenticator_confirm(*, user: User, secret: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Enrol (or replace) the user's authenticator app with `secret` once `code` proves the app has it;
    returns the device and new recovery codes (to show once). The previous authenticator, if any, is
    removed. A wrong code raises ValidationError and writes nothing."""
    try:
        step = _totp_step(secret, code)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("This enrolment has expired: start again.")) from error
    if step is None:
        raise ValidationError(
            {"code": _("This code is not the one your app shows: check the app's clock, and type the current code.")}
        )
    TOTPDevice.objects.filter(user=user).delete()
    # The code just typed may not open a login as well: the next one must come from a later step.
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=secret, confirmed=True, last_t=step)
    return device, _recovery_codes_replace(user)


@transaction.atomic
def mfa_recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes for an enrolled user (to show once); the previous ones stop working."""
    if not mfa_enabled(user):
        raise ValidationError(_("Set up an authenticator app first."))
    return _recovery_codes_replace(user)


def mfa_disable(*, user: User, code: str) -> None:
    """Turn the second factor off, proven by a current code or a recovery code. Refused for the roles
    that must use it. A wrong code counts against the device's own throttle."""
    if mfa_required(user):
        raise ValidationError(_("Your role must use a second factor: it cannot be turned off."))
    if not mfa_enabled(user):
        raise ValidationError(_("The second factor is not turned on."))
    if mfa_verify(user=user, code=code) is None:
        raise ValidationError({"code": _("This code is not right.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def mfa_verify(*, user: User, code: str, recovery: bool | None = None) -> Device | None:
    """The user's device that accepts `code` — the authenticator's current code, or a recovery code,
    which is then used up — or None. `recovery` True/False limits the check to one kind.

    Each device counts its own failures and waits longer after each (django-otp's throttling); the
    login lockout is the caller's (it sends user_login_failed). Call it outside a transaction: each
    check then commits on its own, and a failure stays counted whatever the caller does next."""
    code = normalise_code(code)
    if not code:
        return None
    candidates: list[type[Device]] = []
    if recovery is not True:
        candidates.append(TOTPDevice)
    if recovery is not False:
        candidates.append(StaticDevice)
    for model in candidates:
        if model is TOTPDevice and not (code.isdigit() and len(code) == 6):
            continue
        with transaction.atomic():
            for device in model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk"):
                if device.verify_token(code):
                    return device
    return None
