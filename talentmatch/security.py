"""Login throttling and session lifetime: the pieces settings.py plugs into django-axes and the
middleware stack. The policy itself (limits, lifetimes, headers) lives in settings.py."""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from urllib.parse import urlsplit

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

# The session key holding when the user logged in (seconds since the epoch).
LOGIN_AT_KEY = "_login_at"
# The session key holding when the idle expiry was last pushed back (seconds since the epoch).
SEEN_AT_KEY = "_seen_at"


logger = logging.getLogger(__name__)
# Peers whose X-Forwarded-For was ignored and logged once (in this process).
_UNTRUSTED_PEERS_SEEN: set[str] = set()


def _is_trusted_proxy(address: str) -> bool:
    """Whether the socket's peer is one of our reverse proxies (TRUSTED_PROXY_ADDRESSES: addresses or
    networks, "*" for any; the FORWARDED_ALLOW_IPS that gunicorn reads too)."""
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.TRUSTED_PROXY_ADDRESSES:
        if entry.strip() == "*":
            return True
        try:
            if peer in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, when the socket's peer is a trusted proxy and
    `TRUSTED_PROXY_COUNT` proxies sit in front, the address the outermost of them appended to
    X-Forwarded-For. Entries left of it are the client's own claims and are never trusted; nor is
    the header of a client that reached the app without going through the proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    if not _is_trusted_proxy(remote):
        if "HTTP_X_FORWARDED_FOR" in request.META and remote not in _UNTRUSTED_PEERS_SEEN:
            # Either a client that bypassed the proxy, or a proxy missing from FORWARDED_ALLOW_IPS, which
            # would make every client look like the proxy to the login throttle: worth one line each.
            if len(_UNTRUSTED_PEERS_SEEN) < 1000:
                _UNTRUSTED_PEERS_SEEN.add(remote)
            logger.warning(
                "X-Forwarded-For ignored from %s, not in FORWARDED_ALLOW_IPS (a proxy of ours? add it there)", remote
            )
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        # Not the chain our proxies build: the socket is all we know.
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


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with three counts over the cool-off window instead of one:
    the failures of one e-mail from one address (AXES_FAILURE_LIMIT, 5), of one e-mail from any
    address (LOGIN_EMAIL_FAILURE_LIMIT, higher: a guess spread over many addresses), and from one
    address for any e-mail (LOGIN_ADDRESS_FAILURE_LIMIT: one password sprayed over many accounts).

    Axes compares a single number with AXES_FAILURE_LIMIT, so `get_failures` answers with the pair's
    count, raised to that limit when either wider count has reached its own."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        limit = settings.AXES_FAILURE_LIMIT
        if pair >= limit:
            return pair
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        address = getattr(request, "axes_ip_address", None) or client_ip(request)
        counts = recent.aggregate(
            email=Sum("failures_since_start", filter=Q(username=username)),
            address=Sum("failures_since_start", filter=Q(ip_address=address)),
        )
        if (counts["email"] or 0) >= settings.LOGIN_EMAIL_FAILURE_LIMIT or (
            counts["address"] or 0
        ) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return limit
        return pair


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
