"""A partner sees a shared consultant as a limited profile, on every page and fragment it can reach:
title, skills with levels, experience, availability, city, remote, daily rate — never the e-mail,
phone, account, CVs, biography, nor the names unless the owner shows them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from collaborations.models import CollaborationSharing
from collaborations.tests.conftest import CITY, EMAIL, FIRST_NAME, HIDDEN, LAST_NAME, PHONE, TITLE
from consultants.services import consultant_search_refresh
from matching.models import Match, MatchStatus
from matching.services import match_move, matches_recompute

ROLES = ["manager", "recruiter", "sales"]
HTMX = {"HTTP_HX_REQUEST": "true"}
FULL_NAME = f"{FIRST_NAME} {LAST_NAME}"


@pytest.fixture
def ranked(scene, partnership) -> Match:
    """b's consultant ranked on a's tender through the in-force collaboration."""
    matches_recompute(company_id=scene.cast.a.company.pk)
    return Match.objects.get(tender=scene.tender_a, consultant=scene.shared)


def _pages(scene, partnership, match) -> dict[str, tuple[str, dict]]:
    """Every page and fragment of company a that can show b's shared consultant."""
    consultant_list = reverse("consultants:consultant-list")
    return {
        "consultant page": (reverse("consultants:consultant-detail", args=[scene.shared.pk]), {}),
        "tender page": (reverse("tenders:tender-detail", args=[scene.tender_a.pk]), {}),
        "match page": (reverse("matching:match-detail", args=[match.pk]), {}),
        "match explanation": (reverse("matching:match-explanation", args=[match.pk]), HTMX),
        "board": (reverse("matching:match-board"), {}),
        "board of the consultant": (reverse("matching:match-board") + f"?consultant={scene.shared.pk}", {}),
        "partners list": (consultant_list + "?origin=partners", {}),
        "everyone list": (consultant_list + "?origin=all", {}),
        "partners list fragment": (consultant_list + "?origin=partners&sort=name", HTMX),
        "collaboration page": (reverse("collaborations:collaboration-detail", args=[partnership.pk]), {}),
        "collaborations list": (reverse("collaborations:collaboration-list"), {}),
    }


def _get(client, url: str, headers: dict) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_no_page_or_fragment_of_the_partner_shows_the_hidden_fields(client, scene, partnership, ranked, role):
    client.force_login(scene.cast.a.user(role))
    leaks = {}
    for name, (url, headers) in _pages(scene, partnership, ranked).items():
        content = _get(client, url, headers)
        found = [marker for marker in HIDDEN if marker in content]
        if found:
            leaks[name] = found
    assert leaks == {}


def test_the_limited_profile_shows_title_skills_with_levels_city_rate_and_initials(client, scene, partnership):
    client.force_login(scene.cast.a.sales)
    content = _get(client, reverse("consultants:consultant-detail", args=[scene.shared.pk]), {})
    for shown in (TITLE, "<strong>Kotlin</strong> · Expert · 7 years", CITY, "€733", "7 years", "Available", "G. Z."):
        assert shown in content, shown
    assert "via Beta Services" in content


def test_the_ranking_card_and_the_board_say_via_the_partner_with_initials(client, scene, ranked):
    client.force_login(scene.cast.a.sales)
    tender_page = _get(client, reverse("tenders:tender-detail", args=[scene.tender_a.pk]), {})
    card = tender_page[tender_page.index(f'id="match-{ranked.pk}"') :]
    card = card[: card.index("</article>")]
    assert "via Beta Services" in card and "G. Z." in card and TITLE in card
    # a's own consultant carries no "via" tag and keeps its full name.
    own = Match.objects.get(tender=scene.tender_a, consultant=scene.own_a)
    own_card = tender_page[tender_page.index(f'id="match-{own.pk}"') :]
    own_card = own_card[: own_card.index("</article>")]
    assert "via " not in own_card and scene.own_a.full_name in own_card
    board = _get(client, reverse("matching:match-board"), {})
    board_card = board[board.index(f'id="match-{ranked.pk}"') :]
    assert "via Beta Services" in board_card[: board_card.index("</article>")]


def test_names_appear_when_the_owner_shows_them_but_still_no_contact_bio_or_cv(client, scene, partnership, ranked):
    CollaborationSharing.objects.create(collaboration=partnership, company=scene.cast.b.company, show_names=True)
    client.force_login(scene.cast.a.manager)
    names_shown = {"consultant page", "tender page", "match page", "board", "partners list", "collaboration page"}
    for name, (url, headers) in _pages(scene, partnership, ranked).items():
        content = _get(client, url, headers)
        if name in names_shown:
            assert FULL_NAME in content, name
        assert [
            marker for marker in (EMAIL, "beta-private", PHONE, "Bio-Secret-Marker", "cv-secret") if marker in content
        ] == [], name


def test_names_shown_on_one_collaboration_stay_hidden_on_another(client, scene, partnership, ranked):
    """b shows names to a: that says nothing about what a shows b."""
    CollaborationSharing.objects.create(collaboration=partnership, company=scene.cast.a.company, show_names=True)
    client.force_login(scene.cast.a.manager)
    content = _get(client, reverse("consultants:consultant-detail", args=[scene.shared.pk]), {})
    assert LAST_NAME not in content and "G. Z." in content


def test_the_partners_cvs_answer_404_like_a_missing_consultant(client, scene, partnership):
    client.force_login(scene.cast.a.manager)
    assert client.get(reverse("consultants:resume-panel", args=[scene.shared.pk]), **HTMX).status_code == 404
    resume = scene.shared.resumes.get()
    response = client.get(reverse("consultants:resume-download", args=[scene.shared.pk, resume.pk]))
    assert response.status_code == 404


def test_the_partners_consultant_cannot_be_edited_by_the_partner(client, scene, partnership):
    client.force_login(scene.cast.a.manager)
    assert client.get(reverse("consultants:consultant-edit", args=[scene.shared.pk])).status_code == 404
    response = client.post(reverse("consultants:consultant-edit", args=[scene.shared.pk]), {"title": "Changed"})
    assert response.status_code == 404
    scene.shared.refresh_from_db()
    assert scene.shared.title == TITLE


def test_searching_the_partners_list_by_a_hidden_name_or_bio_finds_nobody(client, scene, partnership):
    consultant_search_refresh()
    client.force_login(scene.cast.a.manager)
    found = {
        query: [
            row.pk
            for row in client.get(reverse("consultants:consultant-list"), {"origin": "partners", "q": query}).context[
                "page"
            ]
        ]
        for query in (LAST_NAME, FIRST_NAME, "Bio-Secret-Marker", "Kotlin")
    }
    assert found == {LAST_NAME: [], FIRST_NAME: [], "Bio-Secret-Marker": [], "Kotlin": [scene.shared.pk]}


@pytest.mark.parametrize("kind", ["consultants", "pipeline"])
@pytest.mark.parametrize("query", ["", "?origin=partners", "?origin=all"])
def test_exports_hold_none_of_the_partners_hidden_fields(client, scene, partnership, ranked, kind, query):
    client.force_login(scene.cast.a.manager)
    response = client.get(reverse("dataio:data-export", kwargs={"kind": kind, "fmt": "csv"}) + query)
    assert response.status_code == 200
    content = response.content.decode()
    assert [marker for marker in HIDDEN if marker in content] == []


def test_a_submitted_match_keeps_the_limited_profile_after_the_collaboration_ends(client, scene, partnership, ranked):
    match_move(match=ranked, to=MatchStatus.SUBMITTED, by=scene.cast.a.sales)
    partnership.status = "inactive"
    partnership.save()
    client.force_login(scene.cast.a.sales)
    for url, headers in (
        (reverse("matching:match-detail", args=[ranked.pk]), {}),
        (reverse("matching:match-explanation", args=[ranked.pk]), HTMX),
        (reverse("tenders:tender-detail", args=[scene.tender_a.pk]), {}),
        (reverse("matching:match-board"), {}),
    ):
        content = _get(client, url, headers)
        assert [marker for marker in HIDDEN if marker in content] == [], url
    tender_page = _get(client, reverse("tenders:tender-detail", args=[scene.tender_a.pk]), {})
    assert f'id="match-{ranked.pk}"' in tender_page and "G. Z." in tender_page
    # The consultant page itself is no longer reachable: the card does not link to it.
    assert reverse("consultants:consultant-detail", args=[scene.shared.pk]) not in tender_page
    assert client.get(reverse("consultants:consultant-detail", args=[scene.shared.pk])).status_code == 404
