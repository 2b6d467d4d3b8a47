"""The pipeline board: columns paged per status and grouped by tender, filters, header counts, bulk
moves with rejection reasons; and the tender page's ranking, filtered by band and paged."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultants.tests.factories import ConsultantFactory
from matching.board.selectors import PAGE_SIZE
from matching.models import Match, MatchEvent, MatchStatus, RejectionReason
from matching.selectors import RANKING_PAGE_SIZE
from matching.services import match_move
from tenders.tests.factories import TenderFactory

BOARD = reverse("matching:match-board")
BULK = reverse("matching:board-bulk-move")


def _matches(tender, count: int, *, status=MatchStatus.SUGGESTED, top: float = 0.99) -> list[Match]:
    """`count` matches of `tender` with distinct consultants, scores falling by 0.01 from `top`."""
    consultants = ConsultantFactory.create_batch(count, company=tender.company)
    return Match.objects.bulk_create(
        Match(tender=tender, consultant=consultant, match_score=round(top - index / 100, 4), status=status)
        for index, consultant in enumerate(consultants)
    )


def _card_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="match-card[^"]*" id="match-(\d+)"', html)]


def _column(html: str, status: str) -> str:
    start = html.index(f'id="cards-{status}"')
    end = html.find('<section class="board-column"', start)
    return html[start : end if end != -1 else len(html)]


@pytest.fixture
def sales(client, cast):
    client.force_login(cast.a.sales)
    return cast.a.sales


def test_each_column_shows_its_first_page_grouped_by_tender_with_a_see_more_button(client, cast, sales):
    first, second = TenderFactory(company=cast.a.company, title="Tender One"), TenderFactory(company=cast.a.company)
    ones = _matches(first, 6, top=0.99)
    twos = _matches(second, 6, top=0.985)
    html = client.get(BOARD).content.decode()
    suggested = _column(html, "suggested")
    # Best scores first over both tenders: 0.99, 0.985, 0.98, … the page is the first eight of them.
    best = sorted(ones + twos, key=lambda match: (-match.match_score, match.pk))[:PAGE_SIZE]
    assert sorted(_card_ids(suggested)) == sorted(match.pk for match in best)
    assert suggested.count('<details class="board-group" open>') == 2
    assert "Tender One" in suggested
    assert 'hx-get="/matches/column/suggested/?page=2"' in suggested
    assert "See more" not in _column(html, "submitted")


def test_see_more_returns_the_next_cards_once_each_and_no_button_after_the_last(client, cast, sales):
    tender = TenderFactory(company=cast.a.company)
    matches = _matches(tender, PAGE_SIZE + 3)
    column = reverse("matching:board-column", args=["suggested"])
    first = _card_ids(_column(client.get(BOARD).content.decode(), "suggested"))
    second = client.get(column, {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert first + _card_ids(second) == [match.pk for match in matches]
    assert "See more" not in second
    assert _card_ids(client.get(column, {"page": 3}).content.decode()) == []
    assert client.get(reverse("matching:board-column", args=["unknown"])).status_code == 404


def test_the_filters_have_real_empty_labels(client, cast, sales):
    html = client.get(BOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "---------" not in html
    for label in ("All tenders", "Anyone", "Any score", "Best score first"):
        assert label in html


def test_the_band_tender_owner_and_date_filters_narrow_every_column_and_see_more(client, cast, sales):
    tender, other = TenderFactory(company=cast.a.company), TenderFactory(company=cast.a.company)
    strong = _matches(tender, 3, top=0.95)  # 0.95, 0.94, 0.93
    _matches(tender, 2, top=0.60)
    elsewhere = _matches(other, 2, top=0.97)
    submitted = match_move(match=strong[1], to=MatchStatus.SUBMITTED, by=cast.a.manager)

    html = client.get(BOARD, {"band": "strong", "tender": tender.pk}).content.decode()
    assert _card_ids(_column(html, "suggested")) == [strong[0].pk, strong[2].pk]
    assert _card_ids(_column(html, "submitted")) == [submitted.pk]
    assert "See more" not in html

    html = client.get(BOARD, {"owner": cast.a.manager.pk}).content.decode()
    assert _card_ids(html) == [submitted.pk]

    Match.objects.filter(pk=elsewhere[0].pk).update(updated_at=timezone.now() - datetime.timedelta(days=10))
    since = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    html = client.get(BOARD, {"since": since, "tender": other.pk}).content.decode()
    assert _card_ids(html) == [elsewhere[1].pk]

    page = client.get(reverse("matching:board-column", args=["suggested"]), {"band": "fair", "page": 2})
    assert _card_ids(page.content.decode()) == []  # 4 suggestions of fair or better fit on the first page


def test_sorting_by_date_puts_the_latest_change_first(client, cast, sales):
    tender = TenderFactory(company=cast.a.company)
    old, recent = _matches(tender, 2)
    Match.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    Match.objects.filter(pk=recent.pk).update(updated_at=timezone.now())
    assert _card_ids(client.get(BOARD, {"sort": "date"}).content.decode()) == [recent.pk, old.pk]
    assert _card_ids(client.get(BOARD, {"sort": "score"}).content.decode()) == [old.pk, recent.pk]


def test_the_header_counts_conversions_and_rejection_reasons_and_follows_a_move_at_once(
    client, cast, sales, django_capture_on_commit_callbacks
):
    tender = TenderFactory(company=cast.a.company)
    matches = _matches(tender, 8)
    for match in matches[:4]:
        match_move(match=match, to=MatchStatus.SUBMITTED, by=sales)
    match_move(match=matches[0], to=MatchStatus.ACCEPTED, by=sales)
    match_move(match=matches[4], to=MatchStatus.REJECTED, by=sales, reason=RejectionReason.PRICE)
    html = client.get(BOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # 3 suggested, 3 submitted, 1 accepted, 1 rejected.
    assert '<strong>100.0 %</strong> <span class="muted">(3 ÷ 3)</span>' in html
    assert '<strong>33.3 %</strong> <span class="muted">(1 ÷ 3)</span>' in html
    assert '<span class="tag reason-price">Price 1</span>' in html
    with django_capture_on_commit_callbacks(execute=True):  # the move bumps the pipeline version after commit
        match_move(match=matches[5], to=MatchStatus.REJECTED, by=sales, reason=RejectionReason.PRICE)
    html = client.get(BOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<strong>150.0 %</strong> <span class="muted">(3 ÷ 2)</span>' in html
    assert '<span class="tag reason-price">Price 2</span>' in html


def test_a_rejection_reason_is_required_shown_on_the_card_and_other_needs_a_note(client, cast, sales):
    tender = TenderFactory(company=cast.a.company)
    match, other = _matches(tender, 2)
    move = reverse("matching:match-move", args=[match.pk])
    response = client.post(move, {"to": "rejected", "reason": "other", "note": " "}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in response.content.decode()
    match.refresh_from_db()
    assert (match.status, match.rejection_reason) == ("suggested", "")
    client.post(move, {"to": "rejected", "reason": "availability", "note": "On mission until June"})
    match.refresh_from_db()
    assert (match.status, match.rejection_reason) == ("rejected", "availability")
    html = client.get(BOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        '<span class="tag tag-bad">Availability</span> <span class="rejection-note">On mission until June</span>'
        in html
    )
    match_move(match=match, to=MatchStatus.SUGGESTED, by=sales)
    match.refresh_from_db()
    assert match.rejection_reason == ""
    # A note alone (the pipeline's earlier rule) is an "other" rejection.
    assert (
        match_move(match=other, to=MatchStatus.REJECTED, by=sales, note="Client froze it").rejection_reason == "other"
    )


def test_bulk_submit_moves_what_it_may_and_names_each_refusal(client, cast, sales):
    tender = TenderFactory(company=cast.a.company, title="Bulk Tender")
    first, second, accepted = _matches(tender, 3)
    match_move(match=accepted, to=MatchStatus.SUBMITTED, by=sales)
    match_move(match=accepted, to=MatchStatus.ACCEPTED, by=sales)
    theirs = _matches(TenderFactory(company=cast.b.company), 1)[0]
    ids = [first.pk, second.pk, accepted.pk, theirs.pk, theirs.pk + 10_000]
    board_url = f"{BOARD}?band=fair"
    response = client.post(
        BULK, {"match": ids, "to": "submitted", "next": board_url}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert response.redirect_chain == [(board_url, 302)]
    statuses = dict(Match.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {first.pk: "submitted", second.pk: "submitted", accepted.pk: "accepted", theirs.pk: "suggested"}
    text = response.content.decode()
    assert "2 cards submitted." in text
    assert "3 cards could not be moved:" in text
    assert f"{accepted.consultant.full_name} → Bulk Tender: A match cannot go from “Accepted” to “Submitted”." in text
    assert text.count("This card is no longer on your board.") == 2


def test_bulk_reject_needs_a_reason_then_records_it_on_every_card(client, cast, sales):
    tender = TenderFactory(company=cast.a.company)
    matches = _matches(tender, 3)
    ids = [match.pk for match in matches]
    events = MatchEvent.objects.count()
    response = client.post(BULK, {"match": ids, "to": "rejected"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Choose a reason for the rejection." in response.content.decode()
    assert set(Match.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"suggested"}
    assert MatchEvent.objects.count() == events
    client.post(BULK, {"match": ids, "to": "rejected", "reason": "client_choice", "note": "Internal hire"})
    rows = set(Match.objects.filter(pk__in=ids).values_list("status", "rejection_reason"))
    assert rows == {("rejected", "client_choice")}
    assert list(MatchEvent.objects.filter(match_id__in=ids).order_by().values_list("note", flat=True).distinct()) == [
        "Internal hire"
    ]


def test_bulk_refuses_an_empty_selection_or_another_move(client, cast, sales):
    match = _matches(TenderFactory(company=cast.a.company), 1)[0]
    response = client.post(BULK, {"to": "submitted"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Select cards first." in response.content.decode()
    response = client.post(BULK, {"match": [match.pk], "to": "accepted"}, follow=True)
    assert response.status_code == 200
    match.refresh_from_db()
    assert match.status == "suggested"


def test_a_role_without_the_move_capability_cannot_bulk_move(client, cast):
    match = _matches(TenderFactory(company=cast.a.company), 1)[0]
    client.force_login(cast.a.recruiter)
    assert client.post(BULK, {"match": [match.pk], "to": "submitted"}).status_code == 403
    match.refresh_from_db()
    assert match.status == "suggested"


@pytest.mark.parametrize("rows", [6, 40])
def test_the_board_first_page_costs_the_same_queries_whatever_the_matches(
    client, cast, sales, django_assert_num_queries, rows
):
    tenders = [TenderFactory(company=cast.a.company) for _ in range(2)]
    for index, tender in enumerate(tenders):
        matches = _matches(tender, rows // 2, top=0.99 - index / 1000)
        match_move(match=matches[0], to=MatchStatus.SUBMITTED, by=sales)
        match_move(match=matches[1], to=MatchStatus.REJECTED, by=sales, reason="price")
    # Session, user; the in-force collaborations and whether the company ever had one (read once for
    # the filters and the columns); the header counts (one grouped query, then cached); each column's
    # first page of ids (4), then their cards (1); the cards' events; the top bar's company and its
    # unread notifications count; the filters' tenders and owners (then cached, as the counts). (No
    # breakdown here: no missing skill names.)
    with django_assert_num_queries(14):
        response = client.get(BOARD)
    assert len(_card_ids(response.content.decode())) == min(rows - 4, PAGE_SIZE) + 4
    # Until the next pipeline move, the counts and the filters' tenders and owners come from the cache.
    with django_assert_num_queries(11):
        again = client.get(BOARD)
    assert _card_ids(again.content.decode()) == _card_ids(response.content.decode())


@pytest.mark.parametrize("rows", [20, 60])
def test_a_see_more_page_costs_the_same_queries_whatever_the_matches(
    client, cast, sales, django_assert_num_queries, rows
):
    _matches(TenderFactory(company=cast.a.company), rows)
    column = reverse("matching:board-column", args=["suggested"])
    # Session, user; the collaborations (2); the page of cards; their events.
    with django_assert_num_queries(6):
        response = client.get(column, {"page": 2, "band": "fair"}, HTTP_HX_REQUEST="true")
    assert len(_card_ids(response.content.decode())) == PAGE_SIZE


def test_the_tender_ranking_is_paged_and_filtered_by_band(client, cast, sales):
    tender = TenderFactory(company=cast.a.company)
    matches = _matches(tender, RANKING_PAGE_SIZE + 4, top=0.99)  # 0.99 … 0.86: all strong
    weak = _matches(tender, 3, top=0.30)
    detail = client.get(reverse("tenders:tender-detail", args=[tender.pk])).content.decode()
    assert _card_ids(detail) == [match.pk for match in matches[:RANKING_PAGE_SIZE]]
    ranking = reverse("matching:tender-ranking", args=[tender.pk])
    more = client.get(ranking, {"page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert _card_ids(more) == [match.pk for match in matches[RANKING_PAGE_SIZE:]] + [match.pk for match in weak]
    assert "See more" not in more
    strong = client.get(ranking, {"band": "strong", "page": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert _card_ids(strong) == [match.pk for match in matches[RANKING_PAGE_SIZE:]]
    section = client.get(ranking, {"band": "strong"}, HTTP_HX_REQUEST="true").content.decode()
    assert section.startswith('\n<section class="ranking" id="ranking"')
    assert '<option value="strong" selected>' in section
    assert "?band=strong&amp;page=2" in section
    other = TenderFactory(company=cast.b.company)
    assert client.get(reverse("matching:tender-ranking", args=[other.pk])).status_code == 404


def _tender_options(html: str) -> list[str]:
    select = html[html.index('<select name="tender"') : html.index("</select>", html.index('<select name="tender"'))]
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)


def test_the_tender_filter_lists_the_tenders_whose_pipeline_moved_by_title_and_follows_a_move_at_once(
    client, cast, sales, django_capture_on_commit_callbacks
):
    quiet, busy, later = (TenderFactory(company=cast.a.company, title=title) for title in ("Quiet", "Busy", "Later"))
    for tender in (quiet, busy, later):
        _matches(tender, 2)
    match_move(match=Match.objects.filter(tender=busy).first(), to=MatchStatus.SUBMITTED, by=sales)
    assert _tender_options(client.get(BOARD).content.decode()) == ["Busy"]
    # The list is kept under the pipeline version, which a move bumps after commit: it shows at once.
    with django_capture_on_commit_callbacks(execute=True):
        match_move(match=Match.objects.filter(tender=later).first(), to=MatchStatus.SUBMITTED, by=sales)
    assert _tender_options(client.get(BOARD).content.decode()) == ["Busy", "Later"]
    # A tender asked for is listed and chosen even when its pipeline never moved.
    html = client.get(BOARD, {"tender": quiet.pk}).content.decode()
    assert _tender_options(html) == ["Busy", "Later", "Quiet"]
    assert f'<option value="{quiet.pk}" selected>Quiet</option>' in html
