"""The pipeline board at scale, in a real Chromium: it stays under three screens, "see more" appends
a column's next cards in place, and a bulk rejection with a reason code moves the selected cards."""

import pytest
from playwright.sync_api import expect

from consultants.tests.factories import ConsultantFactory, SkillFactory
from matching.board.selectors import PAGE_SIZE
from matching.models import Match, MatchStatus
from tenders.tests.factories import TenderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture
def crowded_board(cast) -> list[Match]:
    """Company a's pipeline with 120 matches on 4 tenders in every status, each card with a missing skill."""
    missing = SkillFactory(name="Kubernetes")
    consultants = ConsultantFactory.create_batch(30, company=cast.a.company)
    tenders = [TenderFactory(company=cast.a.company, title=f"Appel d'offres numéro {n}") for n in range(4)]
    statuses = [MatchStatus.SUGGESTED] * 20 + [MatchStatus.SUBMITTED] * 5 + [MatchStatus.ACCEPTED] * 2
    statuses += [MatchStatus.REJECTED] * 3
    breakdown = {"required": [2, 3], "missing": [[missing.pk, 0]]}
    return Match.objects.bulk_create(
        Match(
            tender=tender,
            consultant=consultant,
            match_score=round(0.95 - index / 100 - number / 1000, 4),
            status=statuses[index],
            rejection_reason="price" if statuses[index] == MatchStatus.REJECTED else "",
            breakdown=breakdown,
        )
        for number, tender in enumerate(tenders)
        for index, consultant in enumerate(consultants)
    )


def test_the_board_stays_under_three_screens_pages_its_columns_and_rejects_in_bulk(
    crowded_board, cast, log_in, page, page_problems, screenshot
):
    page.set_viewport_size(VIEWPORT)
    log_in(cast.a.sales)
    page.goto("/matches/")
    page.wait_for_load_state()
    suggested = page.locator(".board-column").filter(has=page.locator("#column-suggested"))
    expect(suggested.locator(".count")).to_have_text("80")
    expect(suggested.locator("article.match-card")).to_have_count(PAGE_SIZE)
    height = page.evaluate("document.documentElement.scrollHeight")
    screenshot("board-crowded-1366")
    assert height < 3 * VIEWPORT["height"], height

    suggested.get_by_role("button", name="Voir plus").click()
    expect(suggested.locator("article.match-card")).to_have_count(2 * PAGE_SIZE)
    shown = suggested.locator("article.match-card").evaluate_all("cards => cards.map(card => card.id)")
    assert len(set(shown)) == 2 * PAGE_SIZE

    picked = [int(card_id.removeprefix("match-")) for card_id in shown[:2]]
    for pk in picked:
        page.locator(f"#pick-{pk}").check()
    page.locator("#bulk-to").select_option("rejected")
    page.locator("#bulk-reason").select_option("availability")
    page.get_by_role("button", name="Appliquer aux cartes sélectionnées").click()
    page.wait_for_load_state()

    expect(page.locator(".message-success")).to_have_text("2 cartes refusées.")
    rejected = page.locator(".board-column").filter(has=page.locator("#column-rejected"))
    expect(rejected.locator(".count")).to_have_text("14")
    expect(page.locator(".board-stats .reason-availability")).to_have_text("Disponibilité 2")
    assert set(Match.objects.filter(pk__in=picked).values_list("status", "rejection_reason")) == {
        ("rejected", "availability")
    }
    assert page_problems == []
