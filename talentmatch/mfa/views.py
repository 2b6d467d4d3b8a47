"""The second factor's pages: the login's second step (a code, or a recovery code), and the account's
own page where the user enrols an authenticator app, renews recovery codes or turns it off.

Between the password and the code the session holds only who is logging in (PENDING_KEY), for
MFA_LOGIN_TIMEOUT seconds; the user is logged in once the code is right. A wrong code is a failed
login for the lockout (django-axes, through Django's user_login_failed signal)."""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from talentmatch.forms import add_service_errors
from talentmatch.mfa import services
from talentmatch.mfa.forms import CodeForm, DisableForm, RecoveryCodeForm
from talentmatch.models import User

PENDING_KEY = "_mfa_pending"
SECRET_KEY = "_mfa_new_secret"


class PasswordLoginView(auth_views.LoginView):
    """The login's first step: with an authenticator on the account, the code comes next."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not services.mfa_enabled(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("login-code")


def _pending(request: HttpRequest) -> tuple[User | None, dict]:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not 0 <= time.time() - pending.get("at", 0) < settings.MFA_LOGIN_TIMEOUT:
        return None, {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def _second_step(request: HttpRequest, *, recovery: bool) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    user, pending = _pending(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Please log in again."))
        return redirect("login")
    # The credentials a password login's failures are counted under (Django's authenticate() names the
    # e-mail "username"; talentmatch.security.login_username reads it), so that both steps share one lockout.
    credentials = {"username": user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = (RecoveryCodeForm if recovery else CodeForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.mfa_verify(user=user, code=form.cleaned_data["code"], recovery=recovery)
        if device is not None:
            del request.session[PENDING_KEY]
            login(request, user, backend=pending["backend"])
            django_otp.login(request, device)
            if recovery:
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    _("You used a recovery code: %(left)s left. Renew them on your two-factor page.") % {"left": left},
                )
            return HttpResponseRedirect(pending["next"])
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return get_lockout_response(request, None, credentials)
        form.add_error("code", _("This code is not right.") if not recovery else _("This recovery code is not valid."))
    template = "mfa/login_recovery.html" if recovery else "mfa/login_code.html"
    return render(request, template, {"form": form})


@sensitive_post_parameters("code")
@never_cache
@login_not_required
def login_code(request: HttpRequest) -> HttpResponse:
    return _second_step(request, recovery=False)


@sensitive_post_parameters("code")
@never_cache
@login_not_required
def login_recovery(request: HttpRequest) -> HttpResponse:
    return _second_step(request, recovery=True)


# --- the account's two-factor page ------------------------------------------------------------


def mfa_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "enabled": services.mfa_enabled(user),
        "required": services.mfa_required(user),
        "codes_left": services.recovery_codes_left(user),
        "form": DisableForm(),
    }
    return render(request, "mfa/mfa_settings.html", context)


def _qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no script, no style: the CSP holds)."""
    title = escape(_("QR code of your authenticator secret"))
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", title=title, svgclass="qr-code")


@never_cache
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret (QR code and text) and confirm it with a first code; then the recovery codes, once."""
    user = request.user
    secret = request.session.get(SECRET_KEY)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not secret:
            form.add_error(None, _("This enrolment has expired: scan the new QR code below."))
        else:
            try:
                device, codes = services.mfa_authenticator_confirm(
                    user=user, secret=secret, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                del request.session[SECRET_KEY]
                django_otp.login(request, device)
                messages.success(request, _("Two-factor authentication is on."))
                return render(request, "mfa/mfa_recovery_codes.html", {"codes": codes})
    if not secret:
        secret = services.new_secret()
        request.session[SECRET_KEY] = secret
    device = TOTPDevice(user=user, key=secret)
    text = b32encode(unhexlify(secret)).decode()
    context = {
        "form": form,
        # segno's own markup: path data from the URI's bits, and the title escaped in _qr_svg.
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308
        "secret_text": " ".join(text[index : index + 4] for index in range(0, len(text), 4)),
        "replacing": services.mfa_enabled(user),
        "required": services.mfa_required(user),
    }
    return render(request, "mfa/mfa_enrol.html", context)


@require_POST
@never_cache
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.mfa_recovery_codes_regenerate(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("mfa-settings")
    return render(request, "mfa/mfa_recovery_codes.html", {"codes": codes})


@require_POST
@sensitive_post_parameters("code")
def mfa_disable(request: HttpRequest) -> HttpResponse:
    form = DisableForm(request.POST)
    if form.is_valid():
        try:
            services.mfa_disable(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("mfa-settings")
    context = {
        "enabled": services.mfa_enabled(request.user),
        "required": services.mfa_required(request.user),
        "codes_left": services.recovery_codes_left(request.user),
        "form": form,
    }
    return render(request, "mfa/mfa_settings.html", context, status=200)


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """Django admin's login page, replaced by the app's (password, then code): a signed-in user who is
    not the platform admin is refused rather than sent round in a loop."""
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next", reverse("admin:index")))
