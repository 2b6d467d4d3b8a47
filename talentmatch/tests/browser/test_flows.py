"""The key recruiter and sales flows, in a real Chromium against the live server."""

import re

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from playwright.sync_api import expect

from matching.models import Match, MatchStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set on `window` before an action: still there afterwards, the page was not reloaded.
MARKER = "window.talentmatchBrowserTest"

FACTOR_LABELS = {
    "skills": "Compétences",
    "availability": "Disponibilité",
    "location": "Localisation",
    "rate": "TJM / budget",
    "seniority": "Séniorité",
}


def _set_marker(page) -> None:
    page.evaluate(f"{MARKER} = 'same page'")


def _marker(page) -> str | None:
    return page.evaluate(MARKER)


def test_sales_user_logs_in_and_filters_the_consultants_by_a_skill_in_place(
    agency, log_in, page, page_problems, screenshot
):
    log_in(agency.sales)
    expect(page.locator("h1")).to_have_text("Bonjour Sales")
    expect(page.locator(".whoami")).to_have_text("Sales Alpha Conseil · Commercial · Alpha Conseil")
    screenshot("dashboard")

    page.get_by_role("navigation").get_by_role("link", name="Consultants", exact=True).click()
    page.wait_for_load_state()  # htmx is set up at load: a change before it would go unheard
    results = page.locator("#consultant-results")
    expect(results.get_by_role("status")).to_have_text("6 consultants")
    _set_marker(page)
    page.locator("#id_skill").select_option(str(agency.skills["Python"].pk))

    expect(page).to_have_url(re.compile(rf"/consultants/\?.*\bskill={agency.skills['Python'].pk}\b"))
    expect(results.get_by_role("status")).to_have_text("4 consultants")
    expect(results.locator("tbody tr td:first-child")).to_have_text(
        ["Inès Dubois", "Maxime Fournier", "Léa Moreau", "Thomas Petit"]
    )
    assert _marker(page) == "same page"
    screenshot("consultant-list")
    assert page_problems == []


def test_tender_ranking_explains_the_best_score_factor_by_factor(agency, log_in, page, page_problems, screenshot):
    tender = agency.tenders["portal"]
    best = Match.objects.filter(tender=tender).order_by("-match_score", "consultant_id").first()
    assert best.consultant == agency.consultants["Léa"]
    with translation.override("fr"):
        expected = {
            FACTOR_LABELS[key]: [floatformat(value, 2), floatformat(weight, 2), floatformat(contribution, 3)]
            for key, (value, weight, contribution) in best.breakdown["factors"].items()
        }

    log_in(agency.sales)
    page.get_by_role("link", name=tender.title).click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(tender.title)
    first_card = page.locator(".ranking-list article.match-card").first
    expect(first_card).to_have_id(f"match-{best.pk}")
    expect(first_card.locator(".match-title a")).to_have_text("Léa Moreau")
    table = first_card.locator("details.explanation table").first  # the fit; the gates follow
    expect(table).to_be_hidden()

    first_card.get_by_text("Pourquoi ce score").click()

    expect(table).to_be_visible()
    expect(table.locator("thead th")).to_have_text(["Critère", "Valeur", "Poids", "Contribution"])
    rows = [[cell.inner_text() for cell in row.locator("td").all()] for row in table.locator("tbody tr").all()]
    assert len(rows) == 2  # skills and seniority: the base the gates multiply
    # By label: PostgreSQL's jsonb does not keep the stored order of the factors, SQLite's JSON does.
    assert {label: numbers for label, *numbers in rows} == expected
    screenshot("tender-detail")
    assert page_problems == []


def test_submitting_a_suggestion_on_the_board_moves_its_card_to_submitted_without_a_reload(
    agency, log_in, page, page_problems, screenshot
):
    visible = Match.objects.visible_to(agency.sales)
    suggested_before = visible.filter(status=MatchStatus.SUGGESTED).count()
    assert visible.count() == suggested_before
    best = visible.order_by("-match_score", "pk").first()

    log_in(agency.sales)
    page.get_by_role("navigation").get_by_role("link", name="Pipeline commercial").click()
    page.wait_for_load_state()
    suggested = page.locator(".board-column").filter(has=page.locator("#column-suggested"))
    submitted = page.locator(".board-column").filter(has=page.locator("#column-submitted"))
    expect(suggested.locator(".count")).to_have_text(str(suggested_before))
    expect(submitted.locator(".count")).to_have_text("0")
    card = f"#match-{best.pk}"
    expect(suggested.locator("article.match-card").first).to_have_id(f"match-{best.pk}")
    screenshot("board")
    _set_marker(page)

    suggested.locator(card).get_by_role("button", name="Proposer au client").click()

    expect(submitted.locator(card)).to_be_visible()
    expect(suggested.locator(card)).to_have_count(0)
    expect(suggested.locator(".count")).to_have_text(str(suggested_before - 1))
    expect(submitted.locator(".count")).to_have_text("1")
    expect(submitted.locator(f"{card} .status")).to_have_text("Proposé au client")
    assert _marker(page) == "same page"
    best.refresh_from_db()
    assert (best.status, best.owner) == (MatchStatus.SUBMITTED, agency.sales)
    assert visible.filter(status=MatchStatus.SUGGESTED).count() == suggested_before - 1
    screenshot("board-after-submit")
    assert page_problems == []


def test_language_switcher_turns_the_pages_to_english(agency, log_in, page, page_problems):
    navigation = page.get_by_role("navigation").get_by_role("link")
    log_in(agency.sales)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(navigation).to_have_text(
        [
            "Tableau de bord",
            "Consultants",
            "Appels d'offres",
            "Pipeline commercial",
            "Partenaires",
            "Compétences",
            "Données",
        ]
    )

    page.locator("#language-select").select_option("en")
    page.get_by_role("button", name="Changer").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Hello Sales")
    expect(navigation).to_have_text(["Dashboard", "Consultants", "Tenders", "Pipeline", "Partners", "Skills", "Data"])
    navigation.filter(has_text="Pipeline").click()
    expect(page.locator(".board-column h2")).to_have_text(
        [re.compile(rf"^{label} \d+$") for label in ("Suggested", "Submitted", "Accepted", "Rejected")]
    )
    assert page_problems == []
