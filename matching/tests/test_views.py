import pytest
from django.urls import reverse

from matching.board.selectors import PAGE_SIZE
from matching.models import Match, MatchEvent, MatchStatus
from matching.selectors import RANKING_PAGE_SIZE
from matching.services import match_move
from matching.tests.factories import MatchFactory
from tenders.tests.factories import TenderFactory


def _tender_with_matches(company, count: int, by):
    tender = TenderFactory(company=company)
    for index in range(count):
        match = MatchFactory(tender=tender, match_score=round(0.9 - index / 100, 4))
        if index % 3 == 0:
            match_move(match=match, to=MatchStatus.SUBMITTED, by=by)
    return tender


@pytest.mark.parametrize("rows", [5, 50])
def test_the_tender_page_with_its_ranking_costs_the_same_queries_for_5_or_50_matches(
    client, cast, django_assert_max_num_queries, rows
):
    tender = _tender_with_matches(cast.a.company, rows, cast.a.sales)
    client.force_login(cast.a.sales)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("tenders:tender-detail", args=[tender.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="match-card') == min(rows, RANKING_PAGE_SIZE)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_pipeline_board_costs_the_same_queries_for_5_or_50_matches(
    client, cast, django_assert_max_num_queries, rows
):
    _tender_with_matches(cast.a.company, rows, cast.a.sales)
    client.force_login(cast.a.sales)
    # Session, user, the header's company and unread count; the company's in-force collaborations and
    # whether it ever had one (partner suggestions no longer shared are hidden); the counts; each
    # column's ids (4), then every card (1) and their events (1); the missing skills' names; the
    # filters' tenders and owners.
    with django_assert_max_num_queries(15):
        response = client.get(reverse("matching:match-board"))
    assert response.status_code == 200
    submitted = len(range(0, rows, 3))
    assert response.content.decode().count('class="match-card') == min(submitted, PAGE_SIZE) + min(
        rows - submitted, PAGE_SIZE
    )


def test_submitting_from_the_board_with_htmx_returns_the_board_with_the_card_moved(client, cast):
    tender = _tender_with_matches(cast.a.company, 1, cast.a.sales)
    match = Match.objects.get(tender=tender)
    match_move(match=match, to=MatchStatus.SUGGESTED, by=cast.a.sales)
    client.force_login(cast.a.sales)
    response = client.post(
        reverse("matching:match-move", args=[match.pk]),
        {"to": "submitted", "view": "board", "next": "/matches/?band=fair"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="board"' in response.content.decode()
    match.refresh_from_db()
    assert (match.status, match.owner_id, match.submitted_score) == ("submitted", cast.a.sales.pk, match.match_score)


def test_a_rejection_without_a_reason_is_refused_and_changes_nothing(client, cast):
    tender = _tender_with_matches(cast.a.company, 2, cast.a.sales)
    match = Match.objects.get(tender=tender, status=MatchStatus.SUGGESTED)
    events = MatchEvent.objects.count()
    client.force_login(cast.a.sales)
    response = client.post(
        reverse("matching:match-move", args=[match.pk]), {"to": "rejected", "note": "  "}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    match.refresh_from_db()
    assert match.status == MatchStatus.SUGGESTED
    assert MatchEvent.objects.count() == events


def test_another_companys_match_cannot_be_moved(client, cast):
    tender = _tender_with_matches(cast.b.company, 2, cast.b.sales)
    match = Match.objects.get(tender=tender, status=MatchStatus.SUGGESTED)
    client.force_login(cast.a.sales)
    response = client.post(reverse("matching:match-move", args=[match.pk]), {"to": "submitted"})
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.status == MatchStatus.SUGGESTED


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:talentmatch_user_changelist",
        "admin:consultants_consultant_changelist",
        "admin:tenders_tender_changelist",
        "admin:matching_match_changelist",
        "admin:matching_portfolio_changelist",
        "admin:collaborations_collaboration_changelist",
        "admin:consultants_resume_changelist",
        "admin:consultants_skill_changelist",
    ],
)
@pytest.mark.parametrize("rows", [3, 30])
def test_admin_changelists_cost_the_same_queries_whatever_the_rows(
    client, cast, django_assert_max_num_queries, changelist, rows
):
    _tender_with_matches(cast.a.company, rows, cast.a.sales)
    client.force_login(cast.admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(changelist))
    assert response.status_code == 200
