"""Proposing the best candidate to the client from the match page, in a real Chromium: the dossier in
Word and PDF, both opened back, the send log and the submitted match."""

import datetime
import io
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from consultants.career.models import Experience
from matching.models import Match, MatchStatus, ProposalSend

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PITCH = "Léa a conduit trois portails patients en Django : le profil exact de la mission."
MISSION = "Portail des résultats d'analyses"


def test_sales_proposes_the_best_candidate_and_downloads_the_word_and_pdf_dossiers(
    agency, log_in, page, page_problems, screenshot, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    lea = agency.consultants["Léa"]
    mission = Experience.objects.create(
        consultant=lea,
        employer="Clinique du Parc",
        sector="Santé",
        role="Lead développeuse Django",
        start_date=datetime.date(2022, 1, 1),
        description=MISSION,
    )
    mission.skills.set([agency.skills["Python"], agency.skills["Django"]])
    best = Match.objects.filter(tender=agency.tenders["portal"]).order_by("-match_score").first()
    assert best.consultant == lea

    log_in(agency.sales)
    page.goto(f"/matches/{best.pk}/")
    page.get_by_role("link", name="Proposer au client").first.click()
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
    document = docx.Document(word.value.path())
    word_text = " ".join(paragraph.text for paragraph in document.paragraphs)
    pdf_text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(Path(pdf.value.path()).read_bytes())).pages
    )
    for text in (word_text, pdf_text):
        assert PITCH in text
        assert "Lead développeuse Django — Clinique du Parc" in text and MISSION in text
    screenshot("proposal-sent")

    page.goto(f"/matches/{best.pk}/")
    send = ProposalSend.objects.get()
    log = page.locator(f"#send-{send.pk}")
    expect(log).to_contain_text("Dr Anne Brun")
    expect(log).to_contain_text("Téléchargé pour le client")
    best.refresh_from_db()
    assert best.status == MatchStatus.SUBMITTED
    assert page_problems == []
