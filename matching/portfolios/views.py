"""Portfolio pages: the portfolio panel of a match (generate, progress, download, mark final).

Capabilities are declared in matching/portfolios/urls.py; rows are reached through Match/Portfolio.visible_to,
so another company's portfolio answers 404 like a missing one.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from matching.models import Match, Portfolio, PortfolioGeneration, PortfolioLanguage, ProposalSend, SendAnonymisation
from matching.portfolios import services as portfolios
from matching.portfolios.content import pitch_draft
from matching.portfolios.sending import SENDABLE, proposal_send, tender_contact
from matching.selectors import attach_summaries, matches_for_page, page_links
from talentmatch.access import Capability, can
from talentmatch.events import DataAccess, DataAccessKind
from talentmatch.forms import add_service_errors
from talentmatch.storage import private_download

PANEL_TEMPLATE = "matching/portfolios/_portfolio_panel.html"
LISTED_PORTFOLIOS = 20


class PortfolioGenerateForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=PortfolioLanguage.choices, initial=PortfolioLanguage.FRENCH
    )
    anonymized = forms.BooleanField(
        label=gettext_lazy("Anonymised (initials only; no e-mail, phone or photo)"), required=False
    )
    employers_hidden = forms.BooleanField(
        label=gettext_lazy("Hide employers' and clients' names (their sector instead; anonymised only)"),
        required=False,
    )
    include_daily_rate = forms.BooleanField(label=gettext_lazy("Show the daily rate"), required=False)
    pitch = forms.CharField(
        label=gettext_lazy("Pitch"),
        required=False,
        max_length=portfolios.PITCH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Edit the drafted paragraph; left empty, it is drafted in the dossier's language."),
    )


def _match(request, pk: int) -> Match:
    """The match (a partner's consultant's suggestion only while shared), with its card summary."""
    links = page_links(request.user)
    match = get_object_or_404(matches_for_page(request.user, links).select_related("tender__company"), pk=pk)
    return attach_summaries([match], links)[0]


def _portfolio(request, pk: int) -> Portfolio:
    return get_object_or_404(
        Portfolio.objects.visible_to(request.user).select_related("consultant__user", "tender"), pk=pk
    )


def _match_of(portfolio: Portfolio) -> Match | None:
    return Match.objects.filter(consultant_id=portfolio.consultant_id, tender_id=portfolio.tender_id).first()


def _display_name(match: Match) -> str:
    """The consultant's name as the viewer's company may see it (initials for a partner hiding names)."""
    if getattr(match, "display_name", ""):
        return match.display_name
    if portfolios.partner_shows_names(match.consultant, match.tender) is False:
        return portfolios.initials(match.consultant)
    return match.consultant.full_name


def watched_id(request) -> int | None:
    """The version a poll follows (`?watch=<pk>`), so that its notice tells where it stands."""
    value = request.GET.get("watch", "")
    return int(value) if value.isdigit() else None


def _progress_notice(portfolio: Portfolio) -> str:
    if portfolio.generation == PortfolioGeneration.QUEUED and not portfolio.stalled:
        return _("Version %(version)s is being generated.") % {"version": portfolio.version}
    if portfolio.generation == PortfolioGeneration.READY:
        return _("Version %(version)s is ready: download it below.") % {"version": portfolio.version}
    return _("Version %(version)s could not be generated: generate it again.") % {"version": portfolio.version}


def panel_context(match: Match, request, *, form=None, notice: str = "", watch: int | None = None) -> dict:
    """The pair's portfolios, newest first, with their progress; the form for those who may generate.
    A watched version (one just requested) has its notice follow its state until it is final."""
    listed = list(
        Portfolio.objects.filter(consultant_id=match.consultant_id, tender_id=match.tender_id)
        .defer("content")
        .order_by("-version")[:LISTED_PORTFOLIOS]
    )
    for portfolio in listed:
        portfolio.stalled = portfolios.is_stalled(portfolio)
    watched = next((portfolio for portfolio in listed if portfolio.pk == watch), None)
    if watched is not None and not notice:
        notice = _progress_notice(watched)
    can_generate = can(request.user, Capability.PORTFOLIO_GENERATE)
    if form is None and can_generate:
        draft = pitch_draft(match.consultant, match.tender, name=_display_name(match))
        form = PortfolioGenerateForm(auto_id="id_portfolio_%s", initial={"pitch": draft})
    return {
        "match": match,
        "portfolios": listed,
        "watched": watched,
        "polling": any(p.generation == PortfolioGeneration.QUEUED and not p.stalled for p in listed),
        "can_generate": can_generate,
        "form": form,
        "notice": notice,
        "request": request,
        "sends": ProposalSend.objects.filter(match=match).select_related("by")[:LISTED_PORTFOLIOS],
        "can_propose": match.status in SENDABLE and can(request.user, Capability.MATCH_MOVE) and can_generate,
    }


def _panel(request, match: Match, **context):
    return render(request, PANEL_TEMPLATE, panel_context(match, request, **context))


def _back_to_match(match: Match):
    return redirect(reverse("matching:match-detail", kwargs={"pk": match.pk}) + "#portfolios-title")


@require_GET
def portfolio_panel(request, pk: int):
    """The panel alone, for htmx polling while a PDF is being generated; the match page otherwise."""
    match = _match(request, pk)
    if not request.htmx:
        return _back_to_match(match)
    return _panel(request, match, watch=watched_id(request))


@require_POST
def portfolio_generate(request, pk: int):
    match = _match(request, pk)
    form = PortfolioGenerateForm(request.POST, auto_id="id_portfolio_%s")
    if form.is_valid():
        try:
            portfolio = portfolios.portfolio_request(
                consultant=match.consultant,
                tender=match.tender,
                by=request.user,
                anonymized=form.cleaned_data["anonymized"],
                language=form.cleaned_data["language"],
                include_daily_rate=form.cleaned_data["include_daily_rate"],
                employers_hidden=form.cleaned_data["employers_hidden"],
                pitch=form.cleaned_data["pitch"],
            )
        except ValidationError as error:
            for field, errors in (
                error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            ).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if request.htmx:
                return _panel(request, match, watch=portfolio.pk)
            messages.success(request, _("Version %(version)s is being generated.") % {"version": portfolio.version})
            return _back_to_match(match)
    if request.htmx:
        return _panel(request, match, form=form)
    return render(request, "matching/portfolios/portfolio_generate.html", {"match": match, "form": form})


DOWNLOADS = {
    "pdf": ("file_path", "application/pdf"),
    "docx": ("docx_path", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@require_GET
def portfolio_download(request, pk: int, file_format: str = "pdf"):
    portfolio = _portfolio(request, pk)
    if portfolio.generation != PortfolioGeneration.READY:
        raise Http404
    column, content_type = DOWNLOADS[file_format]
    return private_download(
        relative=getattr(portfolio, column),
        filename=portfolios.download_name(portfolio, file_format),
        content_type=content_type,
        access=DataAccess(
            kind=DataAccessKind.PORTFOLIO_DOWNLOAD,
            user_id=request.user.pk,
            company_id=portfolio.tender.company_id,
            consultant_id=portfolio.consultant_id,
            object_id=portfolio.pk,
            detail=f"v{portfolio.version} {file_format}",
        ),
    )


@require_POST
def portfolio_mark_final(request, pk: int):
    portfolio = _portfolio(request, pk)
    match = _match_of(portfolio)
    error, notice = "", ""
    try:
        portfolios.portfolio_mark_final(portfolio=portfolio, by=request.user)
    except ValidationError as failure:
        error = " ".join(failure.messages)
    else:
        notice = _("Version %(version)s is final: it will never be rewritten.") % {"version": portfolio.version}
    if request.htmx and match is not None:
        return _panel(request, match, notice=error or notice)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    if match is None:
        return redirect("tenders:tender-detail", pk=portfolio.tender_id)
    return _back_to_match(match)


# --- proposing to the client --------------------------------------------------------------------


class ProposalForm(forms.Form):
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=ProposalSend.Format.choices, initial="pdf", widget=forms.RadioSelect
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=PortfolioLanguage.choices, initial=PortfolioLanguage.FRENCH
    )
    anonymisation = forms.ChoiceField(
        label=gettext_lazy("Anonymisation"), choices=SendAnonymisation.choices, initial=SendAnonymisation.NAMED
    )
    include_daily_rate = forms.BooleanField(label=gettext_lazy("Show the daily rate"), required=False)
    pitch = PortfolioGenerateForm.base_fields["pitch"]
    contact_name = forms.CharField(label=gettext_lazy("Client contact"), max_length=255, required=False)
    contact_email = forms.EmailField(label=gettext_lazy("Contact e-mail"), required=False)
    message = forms.CharField(
        label=gettext_lazy("Message (kept in the send log)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def proposal_create(request, pk: int):
    """The "Propose to the client" form, prefilled (drafted pitch, the tender's contact); posted, the
    dossier is reused or generated, the send logged and the match submitted, then its send page."""
    match = _match(request, pk)
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                send = proposal_send(match=match, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Proposed to the client: the match is submitted."))
                return redirect("matching:proposal-detail", pk=send.pk)
    else:
        contact = tender_contact(match.tender)
        initial = {
            "pitch": pitch_draft(match.consultant, match.tender, name=_display_name(match)),
            "contact_name": contact.name,
            "contact_email": contact.email,
        }
        form = ProposalForm(initial=initial)
    status = 400 if form.errors else 200
    return render(request, "matching/portfolios/proposal_form.html", {"match": match, "form": form}, status=status)


@require_GET
def proposal_detail(request, pk: int):
    """A send: what was proposed to whom, and the dossier to download for the client once generated."""
    send = get_object_or_404(
        ProposalSend.objects.visible_to(request.user).select_related("match__tender", "portfolio", "by"), pk=pk
    )
    portfolio = send.portfolio
    if portfolio is not None:
        portfolio.stalled = portfolios.is_stalled(portfolio)
    polling = portfolio is not None and portfolio.generation == PortfolioGeneration.QUEUED and not portfolio.stalled
    context = {"send": send, "portfolio": portfolio, "polling": polling}
    if request.htmx:
        return render(request, "matching/portfolios/_proposal_status.html", context)
    return render(request, "matching/portfolios/proposal_detail.html", context)
