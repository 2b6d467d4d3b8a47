"""What the security sweeps (test_security_*.py) share: every page a role can reach, the forms on
those pages and the text of any response (HTML, fragments, exports, PDFs); what they share about
the database (snapshots, private rows, test data in every table) is in sweep_rows.py.

Everything is derived from the URL configuration and the permission matrix of
isolation_matrix.py, so a route added there joins every sweep without further work.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.templatetags.static import static
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

from talentmatch.tests.isolation import Pages, _route_names, _url
from talentmatch.tests.isolation_matrix import MATRIX, NO_COMPANY_DATA

COMPANY_ROLES = ["manager", "recruiter", "sales", "consultant"]
SIGNED_IN_ROLES = [*COMPANY_ROLES, "admin"]
# Forms a sweep never submits: they end the session or only change the interface language.
SESSION_FORMS = {"logout", "set_language"}


# --- routes and pages --------------------------------------------------------------------------


def app_route_names() -> set[str]:
    """Every named route of the app (Django admin and i18n aside), as the matrix test sees them."""
    return _route_names(get_resolver().url_patterns)


def route_targets(pages: Pages) -> dict[str, tuple[str | None, str]]:
    """One (matrix target, URL) per route of the app: a reachable target when the route takes ids
    (own objects first), else the route without arguments (target None)."""
    routes = {}
    preference = ("own", "colleague", "self", "catalogue", None)
    for name in sorted(app_route_names()):
        targets = [target for route, target in MATRIX if route == name]
        if not targets:
            # A route taking ids without a matrix row yet is reported by test_isolation_views.py's route test.
            with contextlib.suppress(NoReverseMatch):
                routes[name] = (None, reverse(name))
            continue
        # The target most roles get into (an own object), then by the usual names.
        targets.sort(
            key=lambda target: (
                -sum(status in (200, 405) for status in MATRIX[(name, target)].values()),
                preference.index(target) if target in preference else len(preference),
            )
        )
        routes[name] = (targets[0], _url(pages, name, targets[0]))
    return routes


def route_urls(pages: Pages) -> dict[str, str]:
    return {name: url for name, (_target, url) in route_targets(pages).items()}


def pages_for(pages: Pages, role: str) -> list[str]:
    """Every URL the matrix says `role` gets a 200 for, plus the routes without company data."""
    urls = [_url(pages, name, target) for (name, target), statuses in MATRIX.items() if statuses[role] == 200]
    urls += [reverse(name) for name in sorted(NO_COMPANY_DATA) if name not in SESSION_FORMS]
    return sorted(set(urls))


# --- reading responses -------------------------------------------------------------------------


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def response_text(response) -> str:
    """The text a person could read in a response, whatever its format: HTML, CSV, JSON, or the
    cells of a spreadsheet, the paragraphs of a Word file and the text of a PDF."""
    raw = body(response)
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type == "application/pdf":
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
        except PyPdfError:
            # Not a PDF that a reader opens (a test fixture's stand-in file): its bytes, then.
            return raw.decode("latin-1")
    if content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            "\t".join("" if cell is None else str(cell) for cell in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        from docx import Document

        try:
            return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(raw)).paragraphs)
        except zipfile.BadZipFile:
            # Not a Word file that a reader opens (a test fixture's stand-in file): its bytes, then.
            return raw.decode("latin-1")
    if content_type == "application/json":
        return json.dumps(json.loads(raw or b"null"), ensure_ascii=False)
    return raw.decode(response.charset or "utf-8", errors="replace")


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


# --- forms found on pages ----------------------------------------------------------------------


@dataclass
class Form:
    """A POST form of a page: where it goes, what it sends as rendered, and whether htmx posts it."""

    action: str
    data: dict[str, list[str]] = field(default_factory=dict)
    text_fields: list[str] = field(default_factory=list)
    htmx: bool = False

    @property
    def route(self) -> str:
        match = resolve(urlsplit(self.action).path)
        return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name

    @property
    def kwargs(self) -> dict:
        return resolve(urlsplit(self.action).path).kwargs


TEXT_INPUTS = {"text", "search", "email", "url", "tel", ""}


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            target = attributes.get("hx-post") or attributes.get("action") or ""
            if (attributes.get("method") or "get").lower() == "post" or "hx-post" in attributes:
                self._form = Form(urljoin(self.page_url, target), htmx="hx-post" in attributes)
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag in ("button", "input") and (attributes.get("formaction") or attributes.get("hx-post")):
            # A button that posts its form elsewhere (e.g. "Remove" beside "Save"): one more form,
            # sending the same fields.
            target = attributes.get("hx-post") or attributes.get("formaction")
            self.forms.append(
                Form(
                    urljoin(self.page_url, target),
                    data=self._form.data,
                    text_fields=self._form.text_fields,
                    htmx="hx-post" in attributes,
                )
            )
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "").lower()
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            self._form.data.setdefault(name, []).append(attributes.get("value") or "")
            if kind in TEXT_INPUTS:
                self._form.text_fields.append(name)
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.data[name] = [""]
            self._form.text_fields.append(name)
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                self._form.data.setdefault(self._select, []).append(value)
                self._select_chosen = True

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None and self._form is not None:
                self._form.data[self._select] = [self._select_first]
            self._select = None


def forms_of(page_url: str, html: str) -> list[Form]:
    """The POST forms of a page that stay inside the app, the session and language forms aside."""
    parser = _FormParser(page_url)
    parser.feed(html)
    found = []
    for form in parser.forms:
        try:
            route = form.route
        except Resolver404:
            continue
        if route not in SESSION_FORMS:
            found.append(form)
    return found


def harvest_forms(client, urls: list[str]) -> list[Form]:
    """Every distinct POST form (by action) on the given pages, as the signed-in client sees them."""
    return distinct_forms((url, client.get(url)) for url in urls)


def distinct_forms(responses) -> list[Form]:
    """Every distinct POST form (by action) of already fetched (url, response) pairs, first seen first."""
    by_action: dict[str, Form] = {}
    for url, response in responses:
        if response.status_code == 200 and is_html(response):
            for form in forms_of(url, response_text(response)):
                by_action.setdefault(form.action, form)
    return list(by_action.values())


# --- the DOM of a page: what an injected payload would have to create --------------------------


class _Dangers(HTMLParser):
    """Markup that only an injection could have produced: handlers, inline scripts, script URLs,
    embedding elements. Our own templates have none of it (test_security_headers.py checks)."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "hx-get", "hx-post"}
    FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "svg", "math", "img", "style", "frame", "frameset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in self.URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={value}>")
            if name in ("hx-on", "hx-vals") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…>")
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith(static("")):
            self.found.append(f"<script src={attributes.get('src')}>")
        # Our own SVGs: the two-factor enrolment's QR code (talentmatch/mfa/views.py), drawn by segno,
        # and the dashboard's charts (templates/talentmatch/home.html, class "chart"); their handlers,
        # if any were injected, are still reported above.
        if tag in self.FORBIDDEN_TAGS and not (tag == "svg" and attributes.get("class") in ("qr-code", "chart")):
            self.found.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "link" and not (attributes.get("href") or "").startswith(static("")):
            self.found.append(f"<link href={attributes.get('href')}>")


def dangerous_markup(html: str) -> list[str]:
    parser = _Dangers()
    parser.feed(html)
    return parser.found
