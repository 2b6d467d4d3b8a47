"""From a client's call for tenders to a dossier in the client's hands, in a real Chromium, in French:
the PDF of a call is read, its proposals accepted (one skill added by its alias through the skills
editor), the tender created with its skills and ranked; the best candidate is proposed from their
ranked card; the dossier is downloaded in Word and PDF and both are opened back; the match page logs
the send and the match is submitted. One test for the whole way (it replaces the separate intake and
dossier tests, to keep the browser suite's time in check)."""

import datetime
import io
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from consultants.career.models import Experience
from consultants.models import SkillAlias
from matching.models import Match, MatchStatus, ProposalSend
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

PITCH = "Léa a conduit trois portails patients en Django : le profil exact de la mission."
MISSION = "Portail des résultats d'analyses"


def _texts(word_path: str, pdf_path: str) -> tuple[str, str]:
    word = " ".join(paragraph.text for paragraph in docx.Document(word_path).paragraphs)
    pages = PdfReader(io.BytesIO(Path(pdf_path).read_bytes())).pages
    return word, " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def test_a_call_read_from_its_pdf_is_ranked_and_its_best_candidate_proposed_in_word_and_pdf(
    agency, log_in, page, page_problems, screenshot, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    SkillAlias.objects.create(skill=agency.skills["React"], alias="ReactJS")
    lea = agency.consultants["Léa"]
    mission = Experience.objects.create(
        consultant=lea,
        employer="Hôpital Édouard-Herriot",
        sector="Santé",
        role="Lead développeuse Django",
        start_date=datetime.date(2022, 1, 1),
        description=MISSION,
    )
    mission.skills.set([agency.skills["Python"], agency.skills["Django"]])

    # The call, read from its PDF, its proposals checked and completed, the tender created.
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

    # Its ranking (recomputed in-process on creation), the best candidate first.
    best = Match.objects.filter(tender=tender).order_by("-match_score", "consultant_id").first()
    assert best.consultant == lea
    card = page.locator(".ranking-list article.match-card").first
    expect(card).to_have_id(f"match-{best.pk}")

    # Proposed to the client from the ranked card: the dossier, in Word and PDF.
    card.get_by_role("link", name="Proposer au client").click()
    page.wait_for_load_state()
    page.locator("#id_pitch").fill(PITCH)
    page.locator("#id_contact_name").fill("Dr Anne Brun")
    page.locator("#proposal-submit").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Proposition envoyée")
    expect(page.locator("#download-docx")).to_be_visible(timeout=30_000)
    with page.expect_download() as word:
        page.locator("#download-docx").click()
    with page.expect_download() as pdf:
        page.locator("#download-pdf").click()
    for text in _texts(word.value.path(), pdf.value.path()):
        assert PITCH in text
        assert "Lead développeuse Django — Hôpital Édouard-Herriot" in text and MISSION in text
    screenshot("proposal-sent")

    # The send log on the match page, and the match submitted.
    page.goto(f"/matches/{best.pk}/")
    send = ProposalSend.objects.get()
    log = page.locator(f"#send-{send.pk}")
    expect(log).to_contain_text("Dr Anne Brun")
    expect(log).to_contain_text("Téléchargé pour le client")
    best.refresh_from_db()
    assert best.status == MatchStatus.SUBMITTED
    assert page_problems == []
