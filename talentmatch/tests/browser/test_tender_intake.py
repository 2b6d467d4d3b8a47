"""Tender intake in a real Chromium, in French: the PDF of a call is read, its proposals accepted
(one skill added by its alias through the skills editor), the tender created with its skills, and
its ranking shown on its page."""

import datetime

import pytest
from playwright.sync_api import expect

from consultants.models import SkillAlias
from matching.models import Match
from tenders.models import Tender, TenderSkill
from tenders.tests.intake_files import pdf_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = datetime.date.today() + datetime.timedelta(days=30)
END = START + datetime.timedelta(days=150)

CALL = f"""Appel d'offres – Développeur Python Django
Client : Clinique du Parc
Lieu : Lyon
Démarrage : {START:%d/%m/%Y}
Date de fin : {END:%d/%m/%Y}
Date limite de réponse : {START - datetime.timedelta(days=10):%d/%m/%Y}
Budget : 80 000 € HT
Télétravail : 2 jours par semaine
Dans le cadre de la refonte de son portail patient, notre client renforce son équipe.
Compétences requises :
- Python (niveau expert)
- Django
Une bonne connaissance de PostgreSQL est souhaitée.
La pratique de Docker serait un plus."""


def test_a_call_read_from_its_pdf_becomes_a_tender_with_its_skills_and_ranking(
    agency, log_in, page, page_problems, screenshot
):
    SkillAlias.objects.create(skill=agency.skills["React"], alias="ReactJS")
    log_in(agency.sales)
    page.goto("/tenders/new/")
    page.set_input_files(
        "#id_intake-file", files=[{"name": "appel.pdf", "mimeType": "application/pdf", "buffer": pdf_of(CALL)}]
    )
    page.get_by_role("button", name="Lire l'appel").click()
    page.wait_for_load_state()

    expect(page.locator("#intake-notice")).to_contain_text("vérifiez chaque proposition")
    expect(page.locator("#id_title")).to_have_value("Développeur Python Django")
    expect(page.locator("#id_client_name")).to_have_value("Clinique du Parc")
    expect(page.locator("#id_start_date")).to_have_value(START.isoformat())
    expect(page.locator("#proposal-location")).to_contain_text("Lieu : Lyon")
    chips = page.locator("[data-chip-list] [data-chip] .chip-skill")
    expect(chips).to_have_count(4)
    assert [chips.nth(index).input_value() for index in range(4)] == ["Python", "Django", "PostgreSQL", "Docker"]

    page.locator("#skill-adder").fill("reactjs")
    page.locator("#skill-adder").press("Enter")
    expect(chips).to_have_count(5)
    expect(chips.nth(4)).to_have_value("React")
    page.locator("[data-chip]").nth(4).locator("select[name$='-importance']").select_option("nice_to_have")
    page.locator("#id_owner").select_option(str(agency.sales.pk))
    screenshot("tender-intake")
    page.get_by_role("button", name="Créer").click()
    page.wait_for_load_state()

    tender = Tender.objects.get(title="Développeur Python Django")
    expect(page.locator("h1")).to_have_text(tender.title)
    needs = dict(TenderSkill.objects.filter(tender=tender).values_list("skill__name", "importance"))
    assert needs == {
        "Python": "required",
        "Django": "required",
        "PostgreSQL": "preferred",
        "Docker": "nice_to_have",
        "React": "nice_to_have",
    }
    assert TenderSkill.objects.get(tender=tender, skill__name="Python").minimum_level == "expert"
    assert (tender.location, tender.budget, tender.onsite_days_per_week, tender.owner) == (
        "Lyon",
        80000.0,
        3.0,
        agency.sales,
    )
    best = Match.objects.filter(tender=tender).order_by("-match_score", "consultant_id").first()
    expect(page.locator(".ranking-list article.match-card").first).to_have_id(f"match-{best.pk}")
    assert page_problems == []
