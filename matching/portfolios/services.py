"""Portfolios ("dossiers de compétences"): a consultant's skills dossier tailored to a tender, as a PDF
and a Word file with the same content (matching.portfolios.content says what it holds).

`portfolio_request` books the next version of a (consultant, tender) pair and queues its rendering;
`portfolio_render` (run by matching.portfolios.tasks) renders the HTML template with WeasyPrint, and
the Word file with python-docx, into private files. Rendering is idempotent: the row is booked before
the task runs, the files are written under names derived from the row, first as partial files then
renamed, and the row is updated last, all under the row's lock — a redelivered task neither adds a
version nor leaves a stray file.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from consultants.models import Consultant
from matching.models import Match, Portfolio, PortfolioGeneration, PortfolioLanguage, PortfolioStatus
from matching.portfolios.content import initials, partner_shows_names, portfolio_context
from matching.portfolios.word import context_to_docx
from talentmatch import access, consent
from talentmatch.models import User
from talentmatch.storage import private_delete, private_path, private_write
from tenders.models import Tender

logger = logging.getLogger(__name__)

GENERATE_TASK = "matching.portfolio_tasks.portfolio_generate_task"
PDF_TEMPLATE = "pdf/portfolio.html"
PDF_STYLESHEET = "pdf/portfolio.css"  # parsed once per thread, see _print_setup
# A queued portfolio older than this is shown as failed: its task died without a word (hard time limit).
STALLED_AFTER_SECONDS = 10 * 60
PITCH_MAX_LENGTH = 3000
LAST_PAGE_MIN_FILL = 0.5


# --- names -------------------------------------------------------------------------------------


def download_name(portfolio: Portfolio, extension: str = "pdf") -> str:
    """The file's name: initials only when anonymised; plain ASCII, no path."""
    consultant = portfolio.consultant
    name = initials(consultant).replace(".", "").replace(" ", "") if portfolio.anonymized else consultant.full_name
    person = slugify(name)
    tender = slugify(portfolio.tender.title)[:40].strip("-")
    parts = ["dossier", person or f"consultant-{consultant.pk}", tender, f"v{portfolio.version}"]
    return "-".join(part for part in parts if part) + f".{extension}"


def storage_name(portfolio: Portfolio, extension: str = "pdf") -> str:
    """Server-chosen and derived from the row alone, so a re-run writes the same file."""
    return f"portfolios/{portfolio.tender.company_id}/{portfolio.pk}.{extension}"


def may_generate(user: User | None, consultant: Consultant, tender: Tender) -> bool:
    """The user generates dossiers, sees the tender, and sees the consultant: their company's, or a
    partner's consultant shared with it right now (the dossier then shows the limited profile)."""
    if not access.can(user, access.Capability.PORTFOLIO_GENERATE):
        return False
    if not Tender.objects.visible_to(user).filter(pk=tender.pk).exists():
        return False
    consultants = Consultant.objects.filter(pk=consultant.pk)
    return (consultants & Consultant.objects.visible_to(user)).exists() or (
        consultants & Consultant.objects.shared_with(user)
    ).exists()


# --- booking a version --------------------------------------------------------------------------


def portfolio_request(
    *,
    consultant: Consultant,
    tender: Tender,
    by: User | None,
    anonymized: bool = False,
    language: str = PortfolioLanguage.FRENCH,
    include_daily_rate: bool = False,
    employers_hidden: bool = False,
    pitch: str = "",
    queue: bool = True,
) -> Portfolio:
    """Book the next version of the pair's portfolio (status draft, being generated) and, once the
    transaction commits, queue its rendering. `by` (None for the system) must hold
    PORTFOLIO_GENERATE and see both; the consultant must be the tender's company's or matched to it.
    Employers are hidden only in an anonymised dossier; an empty pitch is drafted at rendering."""
    if language not in PortfolioLanguage.values:
        raise ValidationError({"language": [_("Choose French or English.")]})
    if by is not None and not may_generate(by, consultant, tender):
        raise PermissionDenied
    if (
        consultant.company_id != tender.company_id
        and not Match.objects.filter(consultant=consultant, tender=tender).exists()
    ):
        raise ValidationError(_("This consultant is not a candidate of this tender's company."))
    consent.require(consultant, consent.Purpose.PROPOSAL)
    if len(pitch) > PITCH_MAX_LENGTH:
        raise ValidationError({"pitch": [_("The pitch may be at most 3,000 characters long.")]})
    if partner_shows_names(consultant, tender) is False:
        anonymized = True  # a partner's consultant: initials only unless the partner shows names
    employers_hidden = employers_hidden and anonymized
    for attempt in range(5):
        try:
            with transaction.atomic():
                # The tender's row lock serialises the versions of its portfolios.
                Tender.objects.select_for_update().filter(pk=tender.pk).first()
                last = Portfolio.objects.filter(consultant=consultant, tender=tender).aggregate(last=Max("version"))
                portfolio = Portfolio.objects.create(
                    consultant=consultant,
                    tender=tender,
                    version=(last["last"] or 0) + 1,
                    status=PortfolioStatus.DRAFT,
                    generation=PortfolioGeneration.QUEUED,
                    anonymized=anonymized,
                    language=language,
                    include_daily_rate=include_daily_rate,
                    employers_hidden=employers_hidden,
                    pitch=pitch.strip(),
                    generated_date=timezone.now(),
                )
                if queue:
                    transaction.on_commit(lambda booked=portfolio, asker=by and by.pk: _queue(booked, asker))
                return portfolio
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _queue(portfolio: Portfolio, requested_by_id: int | None = None) -> None:
    # By its registered name: the task module imports this one.
    current_app.tasks[GENERATE_TASK].delay(
        portfolio_id=portfolio.pk, company_id=portfolio.tender.company_id, requested_by_id=requested_by_id
    )


# --- the dossier's files ------------------------------------------------------------------------


def render_files(portfolio: Portfolio) -> tuple[str, bytes]:
    """The dossier's HTML (rendered into its PDF) and its Word file, from one context in its language."""
    with translation.override(portfolio.language):
        context = portfolio_context(portfolio)
        return render_to_string(PDF_TEMPLATE, context), context_to_docx(context)


def render_html(portfolio: Portfolio) -> str:
    with translation.override(portfolio.language):
        return render_to_string(PDF_TEMPLATE, portfolio_context(portfolio))


@dataclass(frozen=True)
class _PrintSetup:
    fonts: object  # weasyprint.text.fonts.FontConfiguration
    stylesheet: object  # weasyprint.CSS
    fetcher: object  # weasyprint.urls.URLFetcher


_print_setups = threading.local()


def _print_setup() -> _PrintSetup:
    """What every dossier of this thread shares, built on its first one: the font configuration (Pango's
    font map, whose caches of loaded faces and shaping make the next renders faster) and the parsed
    stylesheet. Per thread because Pango and fontconfig objects are not thread-safe; a Celery prefork
    worker has one thread, so one of each per process."""
    setup = getattr(_print_setups, "setup", None)
    if setup is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        fonts = FontConfiguration()
        stylesheet = CSS(string=render_to_string(PDF_STYLESHEET), font_config=fonts)
        # Only data: URIs, which the dossier's own template writes (the company's logo).
        fetcher = URLFetcher(allowed_protocols=frozenset({"data"}))
        setup = _print_setups.setup = _PrintSetup(fonts, stylesheet, fetcher)
    return setup


def _layout(html: str):
    from weasyprint import HTML

    setup = _print_setup()
    document = HTML(string=html, base_url=None, url_fetcher=setup.fetcher)
    return document.render(stylesheets=[setup.stylesheet], font_config=setup.fonts)


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html` with the dossier's stylesheet; nothing is ever fetched while rendering (no
    protocol but data: allowed: no SSRF, no local file read), so the dossier carries no remote picture."""
    return _layout(html).write_pdf()


def last_page_fill(document) -> float:
    """How much of the last page's height its content takes, 0 to 1 (a laid-out WeasyPrint document)."""
    page_box = document.pages[-1]._page_box
    top, bottom = page_box.content_box_y(), page_box.content_box_y()
    for box in page_box.children[0].descendants():  # the document, not the margin boxes (page number)
        if getattr(box, "height", None) is not None and getattr(box, "position_y", None) is not None:
            bottom = max(bottom, box.position_y + box.margin_height())
    return (bottom - top) / page_box.height if page_box.height else 1.0


def dossier_pdf(html: str) -> bytes:
    """The dossier's PDF, not ending on a mostly empty page: a dossier whose last page is under half
    full is laid out again denser (`body.compact`), taken if it saves that page, else airier
    (`body.airy`), taken if its last page is fuller without one more page. One layout for most
    dossiers, at most three."""
    document = _layout(html)
    if len(document.pages) == 1 or last_page_fill(document) >= LAST_PAGE_MIN_FILL:
        return document.write_pdf()
    compact = _layout(html.replace("<body>", '<body class="compact">', 1))
    if len(compact.pages) < len(document.pages):
        return compact.write_pdf()
    airy = _layout(html.replace("<body>", '<body class="airy">', 1))
    if len(airy.pages) == len(document.pages) and last_page_fill(airy) > last_page_fill(document):
        return airy.write_pdf()
    return document.write_pdf()


# --- rendering ----------------------------------------------------------------------------------


def portfolio_render(*, portfolio_id: int, company_id: int) -> Portfolio | None:
    """Render a booked portfolio into its private PDF and keep its HTML in `content`.

    Idempotent: a ready one whose file exists is returned untouched, a final one is never
    rewritten. None when the portfolio is gone or not of `company_id`. Exceptions propagate, with
    the row left queued (see `portfolio_mark_failed`).
    """
    with transaction.atomic():
        portfolio = (
            Portfolio.objects.select_for_update(of=("self",))
            .select_related("consultant__user", "tender")
            .filter(pk=portfolio_id, tender__company_id=company_id)
            .first()
        )
        if portfolio is None:
            return None
        done = portfolio.generation == PortfolioGeneration.READY and portfolio.file_path
        if portfolio.status == PortfolioStatus.FINAL or (done and private_path(portfolio.file_path).exists()):
            return portfolio
        if portfolio.generation == PortfolioGeneration.FAILED:
            return portfolio
        html, docx = render_files(portfolio)
        pdf = dossier_pdf(html)
        relative, word = storage_name(portfolio), storage_name(portfolio, "docx")
        private_write(word, docx)
        private_write(relative, pdf)
        portfolio.content = html
        portfolio.file_path = relative
        portfolio.docx_path = word
        portfolio.generation = PortfolioGeneration.READY
        portfolio.generated_date = timezone.now()
        portfolio.save(
            update_fields=["content", "file_path", "docx_path", "generation", "generated_date", "updated_at"]
        )
        return portfolio


def portfolio_mark_failed(*, portfolio_id: int, company_id: int) -> None:
    """A portfolio whose rendering crashed or ran out of time: failed, with no file left behind."""
    portfolio = Portfolio.objects.filter(
        pk=portfolio_id, tender__company_id=company_id, generation=PortfolioGeneration.QUEUED
    ).first()
    if portfolio is None:
        return
    for relative in (storage_name(portfolio), storage_name(portfolio, "docx")):
        private_delete(relative)
        private_delete(relative + ".part")
    Portfolio.objects.filter(pk=portfolio.pk, generation=PortfolioGeneration.QUEUED).update(
        generation=PortfolioGeneration.FAILED, file_path=None, docx_path=None
    )


@transaction.atomic
def portfolio_mark_final(*, portfolio: Portfolio, by: User | None) -> Portfolio:
    """Mark a generated portfolio final: from then on it is never rewritten. Marking twice is harmless."""
    if by is not None and not (
        access.can(by, access.Capability.PORTFOLIO_GENERATE)
        and Portfolio.objects.visible_to(by).filter(pk=portfolio.pk).exists()
    ):
        raise PermissionDenied
    locked = Portfolio.objects.select_for_update().get(pk=portfolio.pk)
    if locked.generation != PortfolioGeneration.READY:
        raise ValidationError(_("Only a generated portfolio can be marked final."))
    consent.require(locked.consultant, consent.Purpose.PROPOSAL)  # final: the version the client gets
    if locked.status != PortfolioStatus.FINAL:
        locked.status = PortfolioStatus.FINAL
        locked.save(update_fields=["status", "updated_at"])
    return locked


def is_stalled(portfolio: Portfolio) -> bool:
    return (
        portfolio.generation == PortfolioGeneration.QUEUED
        and (timezone.now() - portfolio.created_at).total_seconds() > STALLED_AFTER_SECONDS
    )
