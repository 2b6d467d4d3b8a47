"""What the second-factor tests share: codes computed from a secret as an authenticator app does, and
an enrolled user."""

from __future__ import annotations

import time
from binascii import unhexlify

from django_otp.oath import TOTP

from talentmatch.mfa import services


def code_for(secret_hex: str, *, steps_ahead: int = 0) -> str:
    """The 6 digits an authenticator app shows for `secret_hex` now (or `steps_ahead` periods of 30 s later)."""
    totp = TOTP(unhexlify(secret_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def enrol(user) -> tuple[str, list[str]]:
    """Enrol `user` through the service as the enrolment page does; returns the secret and recovery codes."""
    secret = services.new_secret()
    services.mfa_authenticator_confirm(user=user, secret=secret, code=code_for(secret))
    return secret, recovery_codes_of(user)


def recovery_codes_of(user) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticToken

    return sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
