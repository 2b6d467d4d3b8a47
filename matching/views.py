from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching import selectors, services
from matching.board.views import board_after_move
from matching.forms import MatchMoveForm, MatchNotesForm
from tenders.models import Tender


def _match(request, pk: int):
    """The match, with its card summary; another company's (or a revoked suggestion) answers 404."""
    links = selectors.page_links(request.user)
    match = get_object_or_404(selectors.matches_for_page(request.user, links), pk=pk)
    selectors.attach_summaries([match], links)
    return match


def match_detail(request, pk: int):
    match = _match(request, pk)
    selectors.attach_explanations([match])
    return render(request, "matching/match_detail.html", {"match": match, "move_form": MatchMoveForm()})


def match_explanation(request, pk: int):
    """The "Why this score" part of a card, fetched when the card is opened (htmx)."""
    match = _match(request, pk)
    selectors.attach_explanations([match])
    return render(request, "matching/_explanation.html", {"match": match})


def _after_change(request, match, *, error: str | None = None):
    """htmx: the updated card (or board); otherwise back where the user came from."""
    view = request.POST.get("view", "card")
    if request.htmx:
        if view == "board":
            response = board_after_move(request, request.POST.get("next") or "")
            if error:
                response["HX-Trigger"] = "match-error"
            return response
        match = _match(request, match.pk)
        if view == "detail":
            selectors.attach_explanations([match])
        return render(request, "matching/_match_card.html", {"match": match, "error": error, "view": view})
    if error:
        messages.error(request, error)
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "matching:match-detail", **({} if target else {"pk": match.pk}))


@require_POST
def match_move(request, pk: int):
    match = _match(request, pk)
    form = MatchMoveForm(request.POST)
    if not form.is_valid():
        return _after_change(request, match, error=_("Choose a valid status."))
    try:
        services.match_move(
            match=match,
            to=form.cleaned_data["to"],
            by=request.user,
            note=form.cleaned_data["note"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        return _after_change(request, match, error=" ".join(error.messages))
    return _after_change(request, match)


@require_POST
def match_notes(request, pk: int):
    match = _match(request, pk)
    form = MatchNotesForm(request.POST)
    if not form.is_valid():
        return _after_change(request, match, error=" ".join(m for e in form.errors.values() for m in e))
    services.match_note(match=match, by=request.user, notes=form.cleaned_data["notes"])
    return _after_change(request, match)


def tender_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """The tender page's ranking (htmx): the whole section for a band filter, or the next page of
    cards for "see more" (`page` from 2)."""
    tender = get_object_or_404(Tender.objects.visible_to(request.user), pk=pk)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    ranking = selectors.tender_ranking(tender, request.user, band=request.GET.get("band", ""), page=page)
    template = "matching/_tender_ranking.html" if page == 1 else "matching/_ranking_page.html"
    next_url = reverse("tenders:tender-detail", args=[tender.pk]) + (f"?band={ranking.band}" if ranking.band else "")
    return render(request, template, {"tender": tender, "ranking": ranking, "next_url": next_url})
