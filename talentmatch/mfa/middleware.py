"""Keeps a signed-in session that has not passed the second step where it belongs.

- A role of MFA_REQUIRED_ROLES without an authenticator reaches only the enrolment page (and logout,
  the language switch) until it enrols.
- A session opened without the code although the account has an authenticator (any way in other
  than the login's two steps) is ended and sent to the login, for the roles that must use a second
  factor and for Django admin (every role).

Verified sessions, and the others on the app's pages, cost no query here."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from talentmatch.mfa import services

# Where a role that must enrol may still go before it has.
ENROLMENT_ROUTES = ("mfa-enrol", "logout", "set_language")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        admin = request.path.startswith(reverse("admin:index"))
        if not (admin or user.role in settings.MFA_REQUIRED_ROLES):
            return self.get_response(request)
        if services.mfa_enabled(user):
            back = request.get_full_path()
            logout(request)
            messages.info(request, _("Please log in again with your code."))
            return self._go(request, redirect_to_login(back)["Location"])
        if user.role not in settings.MFA_REQUIRED_ROLES:
            return self.get_response(request)
        if request.path in {reverse(name) for name in ENROLMENT_ROUTES}:
            return self.get_response(request)
        messages.info(request, _("Your role must use two-factor authentication: set it up to continue."))
        return self._go(request, reverse("mfa-enrol"))

    @staticmethod
    def _go(request, url: str):
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return redirect(url)
