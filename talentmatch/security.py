"""Login throttling and session lifetime: the pieces settings.py plugs into django-axes and the
middleware stack. The policy itself (limits, lifetimes, headers) lives in settings.py."""

from __future__ import annotations

import ipaddress
import math
import time
from urllib.parse import urlsplit

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

# The session key holding when the user logged in (seconds since the epoch).
LOGIN_AT_KEY = "_login_at"
# The session key holding when the idle expiry was last pushed back (seconds since the epoch).
SEEN_AT_KEY = "_seen_at"


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind `TRUSTED_PROXY_COUNT` proxies, the address the
    outermost trusted proxy appended to X-Forwarded-For. Entries left of it are the client's own
    claims and are never trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        # Not the chain our proxies build (a request that bypassed them): the socket is all we know.
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def login_username(request, credentials: dict | None) -> str:
    """The e-mail a login attempt counts against, as the login compares it: case-insensitively."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return str(username).strip().lower()


def lockout_response(request, original_response, credentials):
    """The lockout page (429), the same whether the e-mail has an account or not."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"lockout_minutes": math.ceil(seconds / 60)}
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for requests. Every HTTP login path (the login page, the admin's)
    passes its request; `authenticate()` called without one (shell, management code) has no client
    to throttle, so it goes straight to the password backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs):
    """The login's own times, saved with the new session, so the next requests need not write it."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT_KEY] = now
        request.session[SEEN_AT_KEY] = now


class SessionLifetimeMiddleware:
    """Ends a signed-in session SESSION_ABSOLUTE_AGE seconds after the login, however active it is,
    and SESSION_COOKIE_AGE seconds after the last request (the idle limit).

    The login time is stamped on the first signed-in request, which is the login's own redirect. The
    idle expiry is pushed back by saving the session, at most once every SESSION_IDLE_REFRESH seconds
    rather than on every request (SESSION_SAVE_EVERY_REQUEST would cost an UPDATE and a transaction
    per page): a session then ends between SESSION_COOKIE_AGE - SESSION_IDLE_REFRESH and
    SESSION_COOKIE_AGE seconds after the last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.get(LOGIN_AT_KEY)
            if not isinstance(login_at, (int, float)) or login_at > now:
                session[LOGIN_AT_KEY] = now
            elif now - login_at > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return self.get_response(request)
            seen_at = session.get(SEEN_AT_KEY)
            if not isinstance(seen_at, (int, float)) or not 0 <= now - seen_at < settings.SESSION_IDLE_REFRESH:
                session[SEEN_AT_KEY] = now  # saved at the end of the request, with a new expiry
        return self.get_response(request)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's deny-by-default, except for htmx: a fragment requested after the session has ended
    would swap the login form into a card or a list, so the whole page goes to the login instead
    (HX-Redirect), coming back afterwards to the page that was shown."""

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") != "true":
            return super().handle_no_permission(request, view_func)
        shown = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = shown.path + (f"?{shown.query}" if shown.query else "")
        if not back.startswith("/") or not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = request.get_full_path()
        login = redirect_to_login(
            back, resolve_url(self.get_login_url(view_func)), self.get_redirect_field_name(view_func)
        )
        return HttpResponseClientRedirect(login["Location"])
