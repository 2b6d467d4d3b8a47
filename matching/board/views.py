"""The pipeline board: the page, one column's next page ("see more", htmx) and the bulk move.
Capabilities are declared in matching/urls.py."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from matching import services
from matching.board import selectors
from matching.forms import BoardFilterForm, BulkMoveForm
from matching.models import MatchStatus

FILTER_FIELDS = ("tender", "owner", "band", "since", "sort", "consultant")


def _filters(form: BoardFilterForm) -> selectors.BoardFilters:
    if not form.is_valid():
        return selectors.BoardFilters()
    data = form.cleaned_data
    return selectors.BoardFilters(
        tender_id=data["tender"].pk if data["tender"] else None,
        owner_id=data["owner"].pk if data["owner"] else None,
        consultant_id=data["consultant"],
        band=data["band"] or "",
        since=data["since"],
        sort=data["sort"] or "score",
    )


def _filter_query(query: QueryDict) -> str:
    kept = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        if query.get(name):
            kept[name] = query[name]
    return kept.urlencode()


def board_page(request: HttpRequest, query: QueryDict | None = None) -> HttpResponse:
    """The board as `query` (the page's own GET, or the address a move came from) filters it."""
    query = request.GET if query is None else query
    links = selectors.page_links(request.user)  # read once for the filters and the columns
    form = BoardFilterForm(query or None, user=request.user, links=links)
    filter_query = _filter_query(query)
    board_url = reverse("matching:match-board") + (f"?{filter_query}" if filter_query else "")
    context = {
        "form": form,
        "filter_query": filter_query,
        "board_url": board_url,
        "bulk_choices": BulkMoveForm.base_fields["to"].choices,  # no form to build: only its choices show
        **selectors.board(request.user, _filters(form), links),
    }
    return render(request, "matching/match_board.html", context)


def match_board(request: HttpRequest) -> HttpResponse:
    return board_page(request)


def board_after_move(request: HttpRequest, next_url: str) -> HttpResponse:
    """The board a card was moved from (htmx), filtered as it was."""
    return board_page(request, QueryDict(urlsplit(next_url).query))


def board_column(request: HttpRequest, status: str) -> HttpResponse:
    """The next cards of one column (htmx "see more"), and the button for the page after."""
    if status not in MatchStatus.values:
        raise Http404
    try:
        page = max(2, int(request.GET.get("page", "2")))
    except ValueError:
        page = 2
    form = BoardFilterForm(request.GET or None, user=request.user)
    filter_query = _filter_query(request.GET)
    column = selectors.column_page(request.user, _filters(form), status, page)
    board_url = reverse("matching:match-board") + (f"?{filter_query}" if filter_query else "")
    context = {"column": column, "filter_query": filter_query, "board_url": board_url}
    return render(request, "matching/_board_column_page.html", context)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next") or ""
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return reverse("matching:match-board")
    return target


@require_POST
def board_bulk_move(request: HttpRequest) -> HttpResponse:
    """Submit or reject the selected cards; each one is re-read among the user's own and moved through
    the pipeline service, and the answer says which could not be moved and why."""
    form = BulkMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return redirect(_back(request))
    data = form.cleaned_data
    matches = selectors.movable(request.user, data["match"])
    try:
        report = services.matches_move(
            matches=matches,
            missing=len(data["match"]) - len(matches),
            to=data["to"],
            by=request.user,
            note=data["note"],
            reason=data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request))
    if report.moved:
        text = {
            MatchStatus.SUBMITTED: ngettext(
                "%(count)s card submitted.", "%(count)s cards submitted.", len(report.moved)
            ),
            MatchStatus.REJECTED: ngettext("%(count)s card rejected.", "%(count)s cards rejected.", len(report.moved)),
        }[data["to"]]
        messages.success(request, text % {"count": len(report.moved)})
    if report.refused:
        lines = [
            (f"{match.display_name} → {match.tender.title}: {why}" if match else why) for match, why in report.refused
        ]
        heading = ngettext(
            "%(count)s card could not be moved:", "%(count)s cards could not be moved:", len(report.refused)
        ) % {"count": len(report.refused)}
        messages.error(request, f"{heading} {'; '.join(lines)}")
    return redirect(_back(request))
