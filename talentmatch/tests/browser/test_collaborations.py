"""Two managers of different companies set up a collaboration in real Chromium windows; the partner's
consultant then shows on the proposing company's ranking, "via" the partner, with initials only."""

import re

import pytest
from playwright.sync_api import expect

from collaborations.models import Collaboration, CollaborationStatus
from conftest import PASSWORD
from matching.models import Match

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_window(browser, browser_context_args, live_server):
    """A logged-in page in its own browser context (its own cookies), with its problems collected."""
    contexts = []

    def open_window(user):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        problems: list[str] = []
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
        page.goto("/login/")
        page.locator("#main input[name=username]").fill(user.email)
        page.locator("#main input[name=password]").fill(PASSWORD)
        page.locator("#main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        return page, problems

    yield open_window
    for context in contexts:
        context.close()


def test_two_managers_set_up_a_collaboration_and_sales_sees_the_partners_consultant_via_it(
    agency, cast, log_in, page, page_problems, open_window, screenshot
):
    tender = agency.tenders["portal"]
    assert not Match.objects.filter(tender=tender, consultant__company=cast.b.company).exists()

    # Company a's manager proposes, from the Partners page.
    log_in(cast.a.manager)
    page.locator("nav a[href='/collaborations/']").click()
    page.locator("a[href='/collaborations/new/']").click()
    page.locator("#id_partner").select_option(str(cast.b.company.pk))
    page.locator("#id_terms").fill("Marge partagée 10 %")
    page.locator("#main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/collaborations/\d+/$"))
    collaboration = Collaboration.objects.get()
    assert (collaboration.initiator_company, collaboration.status) == (cast.a.company, CollaborationStatus.PENDING)
    expect(page.locator(".status-pending").first).to_be_visible()
    folder = screenshot("collaboration-proposed").parent

    # Company b's manager, in another window, accepts it.
    partner_page, partner_problems = open_window(cast.b.manager)
    partner_page.locator("nav a[href='/collaborations/']").click()
    partner_page.locator(f"a[href='/collaborations/{collaboration.pk}/']").click()
    partner_page.locator("form:has(input[name=action][value=accept]) button").click()
    expect(partner_page.locator(".page-head .status-active")).to_be_visible()
    collaboration.refresh_from_db()
    assert collaboration.status == CollaborationStatus.ACTIVE
    assert list(collaboration.events.values_list("by", "to_status")) == [
        (cast.a.manager.pk, "pending"),
        (cast.b.manager.pk, "active"),
    ]

    # The accept recomputed a's pools (in-process tasks): a's sales sees b's consultant via Beta Services.
    outsider = Match.objects.select_related("consultant__user").get(tender=tender, consultant__company=cast.b.company)
    sales_page, sales_problems = open_window(agency.sales)
    sales_page.goto(f"/tenders/{tender.pk}/")
    card = sales_page.locator(f"#match-{outsider.pk}")
    expect(card.locator(".tag-partner")).to_contain_text("Beta Services")
    expect(card.locator(".match-title a")).to_have_text("P. L.")
    assert "Lefèvre" not in sales_page.content()
    card.locator(".match-title a").click()
    expect(sales_page.locator("h1")).to_have_text("P. L.")
    expect(sales_page.locator(".tag-partner")).to_contain_text("Beta Services")
    sales_page.screenshot(path=folder / "partner-consultant.png", full_page=True)

    assert (page_problems, partner_problems, sales_problems) == ([], [], [])
