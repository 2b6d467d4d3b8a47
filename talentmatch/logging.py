"""One log line per event, carrying the request, user and company it happened for.

`RequestIdMiddleware` binds the request id (and, once known, the user and company) to context
variables; `RequestContextFilter` copies them onto every record; `LineFormatter` writes

    2025-04-01T09:30:00.123Z INFO tenders.views request_id=3f2c… user_id=12 company_id=3 Tender closed

with newlines escaped and secrets (passwords, tokens, session cookies, credentials) scrubbed.
"""

import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished

ABSENT = "-"
REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")

request_id_var: ContextVar[str] = ContextVar("request_id", default=ABSENT)
user_id_var: ContextVar[str] = ContextVar("user_id", default=ABSENT)
company_id_var: ContextVar[str] = ContextVar("company_id", default=ABSENT)

CONTEXT = {"request_id": request_id_var, "user_id": user_id_var, "company_id": company_id_var}


def _clear_context(**kwargs) -> None:
    for var in CONTEXT.values():
        var.set(ABSENT)


def _bind_user(request) -> None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    user_id_var.set(str(user.pk))
    company_id = getattr(user, "company_id", None)
    company_id_var.set(ABSENT if company_id is None else str(company_id))


class RequestIdMiddleware:
    """Give each request an id (a sane incoming X-Request-ID, else a new one) and echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Cleared only once the response is closed: Django logs 4xx/5xx responses after the
        # middleware chain has returned, and those lines must still carry the request id.
        request_finished.connect(_clear_context, dispatch_uid="talentmatch.logging.clear_context")

    def __call__(self, request):
        _clear_context()
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        request_id_var.set(request_id)
        response = self.get_response(request)
        if user_id_var.get() == ABSENT:
            # No view ran (404, or a middleware answered first), or the user just logged in.
            _bind_user(request)
        response[REQUEST_ID_HEADER] = request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # By now AuthenticationMiddleware has attached the user; LoginRequiredMiddleware reads
        # it right after us, so resolving it here costs no extra query.
        _bind_user(request)


class RequestContextFilter(logging.Filter):
    """Copy the current request id, user id and company id onto every record ("-" when absent)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in CONTEXT.items():
            if not hasattr(record, name):
                setattr(record, name, var.get())
        return True


_QUOTED_OR_BARE_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'&;,]+)"""
_SECRETS = (
    # "Authorization: Bearer abc", authorization='Basic abc': the scheme and the credential go.
    re.compile(
        r"""(?P<key>\bauthorization["']?\s*[:=]\s*)(?:["'][^"']*["']|(?:(?:bearer|basic|digest|token)\s+)?[^\s"',;]+)""",
        re.IGNORECASE,
    ),
    # password=…, "new_password": "…", csrftoken=…, access_token=…, sessionid=…, SECRET_KEY=…
    re.compile(
        r"""(?P<key>[\w-]*(?:password|passwd|secret|token|sessionid|api[_-]?key)[\w-]*["']?\s*[:=]\s*)"""
        + _QUOTED_OR_BARE_VALUE,
        re.IGNORECASE,
    ),
    # Credentials inside a URL: postgres://user:secret@host/db
    re.compile(r"(?P<key>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s/@]+(?=@)", re.IGNORECASE),
)
MASK = "***"


def scrub(text: str) -> str:
    """`text` with every password, token, session cookie and credential replaced by ***."""
    for pattern in _SECRETS:
        text = pattern.sub(lambda match: match.group("key") + MASK, text)
    return text


class LineFormatter(logging.Formatter):
    """`ts level logger request_id=… user_id=… company_id=… message`, always on one line."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            record.exc_text = record.exc_text or self.formatException(record.exc_info)
        if record.exc_text:
            message = f"{message}\n{record.exc_text}"
        if record.stack_info:
            message = f"{message}\n{self.formatStack(record.stack_info)}"
        timestamp = datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
        context = " ".join(f"{name}={getattr(record, name, var.get())}" for name, var in CONTEXT.items())
        line = f"{timestamp.replace('+00:00', 'Z')} {record.levelname} {record.name} {context} {scrub(message)}"
        return line.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
