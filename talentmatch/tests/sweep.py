"""What the security sweeps (test_security_*.py) share: every page a role can reach, the forms on
those pages, the text of any response (HTML, fragments, exports, PDFs), and database snapshots.

Everything is derived from the URL configuration and the permission matrix of
isolation_matrix.py, so a route added there joins every sweep without further work.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models
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

        return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(raw)).paragraphs)
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
    by_action: dict[str, Form] = {}
    for url in urls:
        response = client.get(url)
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
        if tag in self.FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "link" and not (attributes.get("href") or "").startswith(static("")):
            self.found.append(f"<link href={attributes.get('href')}>")


def dangerous_markup(html: str) -> list[str]:
    parser = _Dangers()
    parser.feed(html)
    return parser.found


# --- the database --------------------------------------------------------------------------------


def project_models() -> list[type[models.Model]]:
    """The models of the project's own apps (not Django's, not third-party ones)."""
    base = str(settings.BASE_DIR)
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.path.startswith(base) and ".venv" not in model._meta.app_config.path
    ]


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every project model, values included, in a comparable form."""
    state = {}
    for model in project_models():
        rows = model._default_manager.order_by("pk").values_list()
        state[model._meta.label] = [tuple(map(repr, row)) for row in rows]
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The free-text columns of a model: what a user (or an import) can fill with any string."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name != "password"
        and not field.primary_key
    ]


def private_rows(owner, other) -> dict[type[models.Model], set]:
    """The rows `owner` can see and `other` cannot, by model: for models with `visible_to`, the
    difference of the two scopes; for the others, the rows pointing at such a row (to a fixpoint)."""
    private: dict[type[models.Model], set] = {}
    scoped = [model for model in project_models() if hasattr(model._default_manager, "visible_to")]
    for model in scoped:
        mine = set(model._default_manager.visible_to(owner).values_list("pk", flat=True))
        theirs = set(model._default_manager.visible_to(other).values_list("pk", flat=True))
        private[model] = mine - theirs
    changed = True
    while changed:
        changed = False
        for model in project_models():
            if model in scoped:
                continue
            found = private.setdefault(model, set())
            for relation in model._meta.concrete_fields:
                target = relation.related_model if relation.is_relation else None
                if target is None or not private.get(target):
                    continue
                pks = set(
                    model._default_manager.filter(**{f"{relation.name}__in": private[target]}).values_list(
                        "pk", flat=True
                    )
                )
                if not pks <= found:
                    found |= pks
                    changed = True
    return {model: pks for model, pks in private.items() if pks}


def rows_of(private: dict[type[models.Model], set]) -> Iterator[tuple[type[models.Model], object]]:
    for model, pks in sorted(private.items(), key=lambda item: item[0]._meta.label):
        for pk in sorted(pks):
            yield model, pk


# --- test data in every table --------------------------------------------------------------------


def populate_every_table(cast) -> None:
    """On top of the matrix's `pages` rows: one row of each remaining table, with its free text,
    for each company (a CV, a portfolio, a pipeline event, a collaboration with a third firm...)."""
    from collaborations.models import CollaborationEvent
    from collaborations.tests.factories import CollaborationFactory
    from consultants.models import Consultant, ConsultantSkill, Resume, SkillAlias
    from consultants.tests.factories import ResumeFactory
    from history.models import ChangeRecord
    from matching.models import Match, MatchEvent, Portfolio
    from matching.tests.factories import PortfolioFactory
    from talentmatch.models import Company
    from talentmatch.tests.factories import CompanyFactory
    from tenders.models import Tender, TenderSkill

    third = CompanyFactory(name="Gamma Partners")
    for side in (cast.a, cast.b):
        company = side.company
        Company.objects.filter(pk=company.pk).update(
            description="About us", website="https://example.test", address="1 rue de la Paix", postal_code="69001"
        )
        consultant = Consultant.objects.filter(company=company).order_by("pk").first()
        tender = Tender.objects.filter(company=company).order_by("pk").first()
        match = Match.objects.filter(tender__company=company).order_by("pk").first()
        ConsultantSkill.objects.filter(consultant__company=company).update(details="Skill details")
        TenderSkill.objects.filter(tender__company=company).update(details="Need details")
        Match.objects.filter(pk=match.pk).update(notes="Pipeline notes")
        MatchEvent.objects.create(
            match=match, by=side.sales, from_status="suggested", to_status="submitted", note="Why"
        )
        if not Resume.objects.filter(consultant__company=company).exists():
            ResumeFactory(consultant=consultant, extracted_data="CV text", file_type="pdf")
        Resume.objects.filter(consultant__company=company).update(extracted_data="CV text")
        if not Portfolio.objects.filter(tender__company=company).exists():
            PortfolioFactory(consultant=consultant, tender=tender, content="Portfolio text")
        Portfolio.objects.filter(tender__company=company).update(content="Portfolio text")
        collaboration = CollaborationFactory(
            initiator_company=company, partner_company=third, terms="Terms of the partnership"
        )
        CollaborationEvent.objects.create(collaboration=collaboration, by=side.manager, to_status="active", note="Ok")
        ChangeRecord.objects.create(
            company=company,
            actor=side.manager,
            object_kind="consultant",
            object_id=consultant.pk,
            action="updated",
            subject="Profile",
            changes={"title": ["Before", "After"]},
        )
        for user in (side.manager, side.recruiter, side.sales, side.consultant_user):
            type(user).objects.filter(pk=user.pk).update(phone="+33 1 23 45 67 89")
    skill = ConsultantSkill.objects.order_by("pk").first().skill
    SkillAlias.objects.get_or_create(skill=skill, alias="Isolation alias")


# Internal storage locations and codes, never typed by a user: a sweep leaves them alone.
STORAGE_FIELDS = {"file_path", "object_kind", "action"}
# JSON columns that keep copies of user text as {field: [old, new]} (the change history).
CHANGE_COLUMNS = {"changes"}


def fill_text(rows: list[tuple[type[models.Model], object]], value_for) -> dict[str, int]:
    """Write `value_for(model, field, pk)` into every free-text column of the given rows (None:
    leave the column alone). Returns how many columns were written and skipped."""
    counts = {"written": 0, "skipped": 0}
    for model, pk in rows:
        values = {}
        for column in text_fields(model):
            if column.name in STORAGE_FIELDS:
                continue
            value = value_for(model, column, pk)
            if value is None or (column.max_length and len(value) > column.max_length):
                counts["skipped"] += 1
                continue
            values[column.name] = value
        for column in model._meta.concrete_fields:
            if column.name in CHANGE_COLUMNS and isinstance(column, models.JSONField):
                text = value_for(model, column, pk)
                values[column.name] = {"title": [text, text]}
                counts["written"] += 1
        if values:
            model._default_manager.filter(pk=pk).update(**values)
            counts["written"] += len(values)
    return counts


def every_row() -> list[tuple[type[models.Model], object]]:
    return [
        (model, pk)
        for model in sorted(project_models(), key=lambda model: model._meta.label)
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)
    ]
