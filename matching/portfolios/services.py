"""Portfolios ("dossiers de compétences"): a consultant's skills dossier tailored to a tender, as a PDF.

`portfolio_request` books the next version of a (consultant, tender) pair and queues its rendering;
`portfolio_render` (run by matching.portfolios.tasks) renders the HTML template with WeasyPrint into a
private file. Rendering is idempotent: the row is booked before the task runs, the file is written
under a name derived from the row, first as a partial file then renamed, and the row is updated last,
all under the row's lock — a redelivered task neither adds a version nor leaves a stray file.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from consultants.models import PROFICIENCY_RANK, Consultant, ConsultantSkill
from consultants.skills.detection import strip_accents
from matching.models import Match, Portfolio, PortfolioGeneration, PortfolioLanguage, PortfolioStatus
from talentmatch import access, consent, tenancy
from talentmatch.models import User
from talentmatch.storage import private_delete, private_path, private_write
from tenders.models import Tender, TenderSkill, TenderSkillImportance

logger = logging.getLogger(__name__)

GENERATE_TASK = "matching.portfolio_tasks.portfolio_generate_task"
PDF_TEMPLATE = "pdf/portfolio.html"
PDF_STYLESHEET = "pdf/portfolio.css"  # parsed once per thread, see _print_setup
# A queued portfolio older than this is shown as failed: its task died without a word (hard time limit).
STALLED_AFTER_SECONDS = 10 * 60
IMPORTANCE_ORDER = {"required": 0, "preferred": 1, "nice_to_have": 2}


# --- who and what -------------------------------------------------------------------------------


def initials(consultant: Consultant) -> str:
    """ "C. T." for Camille Testeur; "—" for a consultant without a name."""
    user = consultant.user
    parts = [user.first_name, user.last_name] if user else []
    letters = [part.strip()[0].upper() + "." for part in parts if part and part.strip()]
    return " ".join(letters) or "—"


def _name_patterns(consultant: Consultant) -> list[re.Pattern]:
    user = consultant.user
    if user is None:
        return []
    words = {user.first_name, user.last_name, user.full_name}
    variants = {variant for word in words if word and word.strip() for variant in (word, strip_accents(word))}
    return [
        re.compile(r"(?<!\w)" + re.escape(variant.strip()) + r"(?!\w)", re.IGNORECASE)
        for variant in sorted(variants, key=len, reverse=True)
    ]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d .\-()/]{6,}\d(?!\w)")


def scrub(text: str | None, consultant: Consultant) -> str:
    """`text` without the consultant's names (replaced by initials), e-mail addresses or phone numbers."""
    if not text:
        return ""
    user = consultant.user
    if user and user.email:
        text = re.sub(re.escape(user.email), "", text, flags=re.IGNORECASE)
    text = _EMAIL.sub("", text)
    text = _PHONE.sub("", text)
    for pattern in _name_patterns(consultant):
        text = pattern.sub(initials(consultant), text)
    return text


def download_name(portfolio: Portfolio) -> str:
    """The PDF's file name: initials only when anonymised; plain ASCII, no path."""
    consultant = portfolio.consultant
    name = initials(consultant).replace(".", "").replace(" ", "") if portfolio.anonymized else consultant.full_name
    person = slugify(name)
    tender = slugify(portfolio.tender.title)[:40].strip("-")
    parts = ["dossier", person or f"consultant-{consultant.pk}", tender, f"v{portfolio.version}"]
    return "-".join(part for part in parts if part) + ".pdf"


def storage_name(portfolio: Portfolio) -> str:
    """Server-chosen and derived from the row alone, so a re-run writes the same file."""
    return f"portfolios/{portfolio.tender.company_id}/{portfolio.pk}.pdf"


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


def partner_shows_names(consultant: Consultant, tender: Tender) -> bool | None:
    """None for the tender's own company's consultant; for a partner's consultant, whether the
    partner lets the tender's company see names (initials otherwise, as in an anonymised dossier)."""
    if consultant.company_id == tender.company_id:
        return None
    links = tenancy.links_to(tender.company_id)
    return any(link.show_names for link in links if link.sharer_id == consultant.company_id)


# --- booking a version --------------------------------------------------------------------------


def portfolio_request(
    *,
    consultant: Consultant,
    tender: Tender,
    by: User | None,
    anonymized: bool = False,
    language: str = PortfolioLanguage.FRENCH,
    include_daily_rate: bool = False,
    queue: bool = True,
) -> Portfolio:
    """Book the next version of the pair's portfolio (status draft, being generated) and, once the
    transaction commits, queue its rendering. `by` (None for the system) must hold
    PORTFOLIO_GENERATE and see both; the consultant must be the tender's company's or matched to it."""
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
    if partner_shows_names(consultant, tender) is False:
        anonymized = True  # a partner's consultant: initials only unless the partner shows names
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


# --- the dossier's content ----------------------------------------------------------------------


def pair_breakdown(consultant: Consultant, tender: Tender) -> dict:
    """The engine's explanation of the pair: the match's stored one, else computed for this pair alone."""
    stored = Match.objects.filter(consultant=consultant, tender=tender).values_list("breakdown", flat=True).first()
    if stored:
        return stored
    import numpy as np

    from matching import store
    from matching.engine import ScoringConfig
    from matching.engine.scoring import consultant_side, explain_many, score_pairs, tender_context

    config = ScoringConfig.from_settings()
    day = timezone.localdate().toordinal()
    graph = store.load_graph()
    consultants = store.load_consultants(graph, Q(pk=consultant.pk))
    tenders = store.load_tenders(graph, Q(pk=tender.pk))
    side = consultant_side(consultants, graph, day)
    context = tender_context(tenders, day, config)
    scores = score_pairs(side, tenders, context, np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64), config)
    return json.loads(explain_many(scores, [0], graph, tenders, context, config)[0])


@dataclass
class SkillRow:
    name: str
    level: str
    years: int | None
    relevance: str  # the tender's importance, or the skill it relates to
    relevance_group: str  # the heading the row is listed under


def _skill_rows(consultant: Consultant, tender: Tender, breakdown: dict) -> list[SkillRow]:
    """The consultant's skills, those the tender asks for first (by importance), then those related
    to one it asks for, then the rest; by level and years within each group."""
    asked = {row.skill_id: row for row in TenderSkill.objects.filter(tender=tender).select_related("skill")}
    via = {entry[2]: entry[0] for entry in breakdown.get("related", [])}  # held skill → tender skill
    headings = (
        _("Asked for by the tender"),
        _("Related to what the tender asks for"),
        _("Other skills"),
    )
    importance_labels = dict(TenderSkillImportance.choices)
    rows = []
    for held in ConsultantSkill.objects.filter(consultant=consultant).select_related("skill"):
        if held.skill_id in asked:
            importance = asked[held.skill_id].importance
            order, heading, relevance = IMPORTANCE_ORDER.get(importance, 2), headings[0], importance_labels[importance]
        elif held.skill_id in via and via[held.skill_id] in asked:
            order, heading = 3, headings[1]
            relevance = _("related to %(skill)s") % {"skill": asked[via[held.skill_id]].skill.name}
        else:
            order, heading, relevance = 4, headings[2], ""
        key = (order, -PROFICIENCY_RANK.get(held.proficiency_level, 0), -(held.years_experience or 0), held.skill.name)
        row = SkillRow(held.skill.name, held.get_proficiency_level_display(), held.years_experience, relevance, heading)
        rows.append((key, row))
    return [row for _key, row in sorted(rows, key=lambda item: item[0])]


def portfolio_context(portfolio: Portfolio) -> dict:
    """Everything the PDF template shows, in the active language; anonymised when asked."""
    from matching.selectors import attach_explanations

    consultant = Consultant.objects.select_related("user", "company").get(pk=portfolio.consultant_id)
    tender = Tender.objects.select_related("company").get(pk=portfolio.tender_id)
    breakdown = pair_breakdown(consultant, tender)
    holder = Match(consultant=consultant, tender=tender, match_score=breakdown.get("score", 0), breakdown=breakdown)
    explanation = attach_explanations([holder])[0].explanation
    anonymized = portfolio.anonymized
    # A partner's consultant: the limited profile only — never e-mail, phone or internal notes (bio).
    limited = consultant.company_id != tender.company_id

    def text(value):
        return scrub(value, consultant) if anonymized or limited else (value or "")

    name = initials(consultant) if anonymized else consultant.full_name
    return {
        "portfolio": portfolio,
        "anonymized": anonymized,
        "name": name,
        "email": "" if anonymized or limited else consultant.email,
        "phone": "" if anonymized or limited or consultant.user is None else consultant.user.phone,
        "headline": text(consultant.title),
        "summary": "" if limited else text(consultant.bio),
        "experience_years": consultant.experience_years,
        "location": text(consultant.location),
        "remote_work": consultant.remote_work,
        "availability": consultant.get_availability_status_display(),
        "available_from": consultant.availability_date,
        "daily_rate": consultant.daily_rate if portfolio.include_daily_rate else None,
        "skills": _skill_rows(consultant, tender, breakdown),
        "explanation": explanation,
        "tender": tender,
        "firm": tender.company.name,
        "document_title": _("Skills dossier — %(name)s — %(tender)s") % {"name": name, "tender": tender.title},
        "generated": portfolio.generated_date,
    }


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
        setup = _print_setups.setup = _PrintSetup(fonts, stylesheet, URLFetcher(allowed_protocols=frozenset()))
    return setup


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html` with the dossier's stylesheet; nothing is ever fetched while rendering (no
    protocol allowed: no SSRF, no local file read), so the dossier carries no remote picture either."""
    from weasyprint import HTML

    setup = _print_setup()
    document = HTML(string=html, base_url=None, url_fetcher=setup.fetcher)
    return document.write_pdf(stylesheets=[setup.stylesheet], font_config=setup.fonts)


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
        html = render_html(portfolio)
        pdf = html_to_pdf(html)
        relative = storage_name(portfolio)
        private_write(relative, pdf)
        portfolio.content = html
        portfolio.file_path = relative
        portfolio.generation = PortfolioGeneration.READY
        portfolio.generated_date = timezone.now()
        portfolio.save(update_fields=["content", "file_path", "generation", "generated_date", "updated_at"])
        return portfolio


def portfolio_mark_failed(*, portfolio_id: int, company_id: int) -> None:
    """A portfolio whose rendering crashed or ran out of time: failed, with no file left behind."""
    portfolio = Portfolio.objects.filter(
        pk=portfolio_id, tender__company_id=company_id, generation=PortfolioGeneration.QUEUED
    ).first()
    if portfolio is None:
        return
    relative = storage_name(portfolio)
    private_delete(relative)
    private_delete(relative + ".part")
    Portfolio.objects.filter(pk=portfolio.pk, generation=PortfolioGeneration.QUEUED).update(
        generation=PortfolioGeneration.FAILED, file_path=None
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
