"""The dossier fit for a client: the same content in the same order in the PDF and the Word file, in
French or English, branded; never the gap lists; anonymised without any name, contact, photo or
(on request) employer in the text, the XML parts or the metadata; a last page never mostly empty."""

from __future__ import annotations

import io

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from matching import portfolios
from matching.tests.dossier_scene import (
    BANK,
    EMAIL,
    FIRST_NAME,
    LAST_NAME,
    PICTURE,
    RETAILER,
    build_pair,
    docx_bytes,
    docx_parts,
    docx_text,
    generate,
    in_order,
    pdf_reader,
    pdf_text,
)
from talentmatch.branding import company_branding_set


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def pair(cast):
    return build_pair(cast.a.company)


def _logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), "#aa3300").save(out, format="PNG")
    return out.getvalue()


def test_a_french_dossier_has_the_pitch_skills_then_missions_by_relevance_and_the_career_in_both_files(cast, pair):
    company_branding_set(
        company=cast.a.company, by=cast.a.manager, brand_colour="#aa3300", accent_colour="#112233", logo=_logo()
    )
    pitch = "Camille a bâti la plateforme de données d'une banque : exactement ce que demande l'appel."
    portfolio = generate(pair, language="fr", pitch=pitch)
    sections = (
        "Dossier de compétences — Camille Vasseur-Quintard",
        "Pourquoi ce profil",
        pitch,
        "Demandées par l'appel d'offres",
        "Python — Expert · 8 ans · Requise",
        "Missions",
        f"Ingénieure data — {BANK}",  # Python and SQL asked: first
        f"Développeuse Python — {RETAILER}",  # Python only, though more recent
        "Analyste tableur — Cabinet Lenoir",  # nothing asked
        "Formation",
        "Diplôme d'ingénieur — INSA Lyon (2011)",
        "Certifications",
        "AWS Data Analytics — Amazon Web Services",
        "Langues",
        "Anglais — C1",
    )
    text, word = pdf_text(portfolio), docx_text(docx_bytes(portfolio))
    assert in_order(text, *sections), text
    assert in_order(word, *sections), word
    for internal in ("Non couvertes", "Sous le niveau demandé", "Compétences requises couvertes"):
        assert internal not in text and internal not in word
    assert "en cours" in text and "en cours" in word  # the retailer mission goes on
    # The firm's logo and colours, in both files.
    images = [image for page in pdf_reader(portfolio).pages for image in page.images]
    assert len(images) == 1
    document = docx.Document(io.BytesIO(docx_bytes(portfolio)))
    assert len(document.inline_shapes) == 1
    assert 'w:color w:val="AA3300"' in docx_parts(docx_bytes(portfolio))
    assert "#aa3300" in portfolio.content
    assert document.core_properties.author == cast.a.company.name
    assert document.core_properties.title == "Dossier de compétences — Camille Vasseur-Quintard — Plateforme de données"


def test_an_english_dossier_drafts_its_pitch_from_the_tender_and_the_best_mission(pair):
    portfolio = generate(pair, language="en")
    text, word = pdf_text(portfolio), docx_text(docx_bytes(portfolio))
    drafted = (
        "Camille Vasseur-Quintard, Ingénieure data, is proposed for “Plateforme de données”. 5 years of "
        "experience. Brings what the tender asks for: Python (expert). Recently Ingénieure data at "
        f"{BANK}, with Python, SQL."
    )
    for content in (text, word):
        assert in_order(content, "Why this profile", drafted, "Asked for by the tender", "Missions", "Education")
        assert "Python — Expert · 8 years · Required" in content


def test_an_anonymised_dossier_with_employers_hidden_leaks_nothing_in_text_xml_or_metadata(client, cast, pair):
    portfolio = generate(pair, language="en", anonymized=True, employers_hidden=True)
    reader = pdf_reader(portfolio)
    text, data = pdf_text(portfolio), docx_bytes(portfolio)
    word, parts = docx_text(data), docx_parts(data)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    secrets = (FIRST_NAME, LAST_NAME, "Vasseur", "Quintard", EMAIL, "12 34 56 78", PICTURE, "pictures.example")
    secrets += (BANK, "Durandal", RETAILER, "Ferrand", "Cabinet Lenoir", "Lenoir")
    for secret in secrets:
        for where, content in (("pdf", text), ("docx", parts), ("pdf metadata", metadata), ("html", portfolio.content)):
            assert secret.lower() not in content.lower(), (secret, where)
    assert "Skills dossier — C. V." in text and "Skills dossier — C. V." in word
    for shown in ("Ingénieure data — A client in Banque", "Développeuse Python — A client in Retail"):
        assert shown in text and shown in word
    # The description named the bank: its sector stands in its place.
    assert "Entrepôt de données de A client in Banque" in text
    assert reader.metadata.title == "Skills dossier — C. V. — Plateforme de données"
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.author, props.last_modified_by, props.comments) == (cast.a.company.name, cast.a.company.name, "")
    client.force_login(cast.a.sales)
    response = client.get(f"/matches/portfolios/{portfolio.pk}/download/docx/")
    assert response["Content-Disposition"] == 'attachment; filename="dossier-cv-plateforme-de-donnees-v1.docx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_employers_are_hidden_only_in_an_anonymised_dossier(pair):
    booked = portfolios.portfolio_request(
        consultant=pair.consultant, tender=pair.tender, by=None, queue=False, employers_hidden=True
    )
    assert (booked.anonymized, booked.employers_hidden) == (False, False)


def test_a_dossier_whose_last_page_would_be_a_stub_is_laid_out_denser():
    paragraph = "<p>" + "Une ligne de texte du dossier, assez longue pour remplir la largeur de la page. " * 3 + "</p>"
    # Just over a page in the normal layout: the denser one holds it on one page.
    for count in range(20, 60):
        html = f"<html><body>{paragraph * count}</body></html>"
        if len(PdfReader(io.BytesIO(portfolios.html_to_pdf(html))).pages) == 2:
            break
    assert len(PdfReader(io.BytesIO(portfolios.html_to_pdf(html))).pages) == 2
    assert len(PdfReader(io.BytesIO(portfolios.dossier_pdf(html))).pages) == 1
