"""A French reader reads the catalogue's French skill names wherever a skill shows — the board's and the
ranking's cards, the match page's breakdown, the tender page, the consultant's profile and list — and a
French dossier (PDF and Word) uses them whoever generates it; English readers and dossiers keep the
canonical names. Real pairs from the catalogue: Problem solving / Résolution de problèmes, Rigour /
Rigueur, Teamwork / Travail en équipe."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from consultants.models import SkillCategory
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from matching.models import Match
from matching.services import matches_recompute
from matching.tests.dossier_scene import docx_bytes, docx_parts, docx_text, generate, pdf_text
from tenders.tests.factories import TenderFactory, TenderSkillFactory

PAIRS = {
    "Problem solving": "Résolution de problèmes",
    "Rigour": "Rigueur",
    "Teamwork": "Travail en équipe",
}


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def match(cast) -> Match:
    """A tender asking for Problem solving (required) and Rigour (preferred); a consultant holding
    Problem solving and Teamwork, so Rigour is the missing skill of the card."""
    skills = {
        name: SkillFactory(name=name, name_fr=french, category=SkillCategory.SOFT_SKILL)
        for name, french in PAIRS.items()
    }
    tender = TenderFactory(company=cast.a.company, title="Accompagnement agile")
    TenderSkillFactory(tender=tender, skill=skills["Problem solving"], importance="required")
    TenderSkillFactory(tender=tender, skill=skills["Rigour"], importance="preferred")
    consultant = ConsultantFactory(company=cast.a.company, title="Coach agile")
    ConsultantSkillFactory(consultant=consultant, skill=skills["Problem solving"], proficiency_level="expert")
    ConsultantSkillFactory(consultant=consultant, skill=skills["Teamwork"], proficiency_level="advanced")
    matches_recompute(tender_ids=[tender.pk])
    return Match.objects.get(tender=tender, consultant=consultant)


def _page(client, url: str, language: str) -> str:
    """The page without its skill pickers' <datalist>, which offers both names (both are accepted)."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return re.sub(r"<datalist.*?</datalist>", "", response.content.decode(), flags=re.DOTALL)


def _card(html: str, match: Match) -> str:
    start = html.index(f'id="match-{match.pk}"')
    return html[start : html.index("</article>", start)]


def test_the_cards_show_the_missing_skill_in_the_readers_language_each_from_its_own_cache(client, cast, match):
    client.force_login(cast.a.sales)
    for url in (reverse("matching:match-board"), reverse("tenders:tender-detail", args=[match.tender_id])):
        for _ in range(2):  # the second time from the card cache, whose key holds the language
            english, french = _card(_page(client, url, "en"), match), _card(_page(client, url, "fr"), match)
            assert "Missing:</span> Rigour</p>" in english
            assert "Rigueur</p>" in french
            assert "Rigour" not in french


def test_the_match_page_breakdown_names_the_skills_in_the_readers_language(client, cast, match):
    client.force_login(cast.a.sales)
    url = reverse("matching:match-detail", args=[match.pk])
    english, french = _page(client, url, "en"), _page(client, url, "fr")
    assert "Problem solving <small>" in english
    assert "Rigour <small>" in english
    assert "Résolution de problèmes <small>" in french
    assert "Rigueur <small>" in french
    assert "Problem solving" not in french
    assert "Rigour" not in french


def test_the_tender_page_and_the_consultant_profile_and_list_show_french_names_to_a_french_reader(client, cast, match):
    client.force_login(cast.a.manager)
    pages = (
        (reverse("tenders:tender-detail", args=[match.tender_id]), ("Problem solving", "Rigour")),
        (reverse("consultants:consultant-detail", args=[match.consultant_id]), ("Problem solving", "Teamwork")),
        (reverse("consultants:consultant-list"), ("Problem solving", "Teamwork")),
        (reverse("tenders:tender-list"), ("Problem solving", "Rigour")),
    )
    for url, names in pages:
        english, french = _page(client, url, "en"), _page(client, url, "fr")
        for name in names:
            assert name in english, (url, name)
            assert PAIRS[name] in french, (url, name)
            assert name not in french, (url, name)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_dossier_names_the_skills_in_its_own_language_in_the_pdf_and_the_word_file(cast, match, language):
    held = ("Problem solving", "Teamwork")  # the missing Rigour is a gap: a dossier never lists gaps
    shown = [PAIRS[name] for name in held] if language == "fr" else list(held)
    hidden = list(held) if language == "fr" else [PAIRS[name] for name in held]
    portfolio = generate(match, language=language)
    pdf, data = pdf_text(portfolio), docx_bytes(portfolio)
    word, xml = docx_text(data), docx_parts(data)
    for name in shown:
        assert name in pdf
        assert name in word
        assert name in xml
    for name in hidden:
        assert name not in pdf
        assert name not in xml
    # The skill asked for comes first, as in any dossier.
    assert pdf.index(shown[0]) < pdf.index(shown[1])
    assert word.index(shown[0]) < word.index(shown[1])


def test_a_missions_skills_used_show_in_the_readers_language_on_the_profile(client, cast, match):
    """Only on the mission: the consultant does not hold Rigour, so the name comes from the career card."""
    from consultants.career.models import Experience

    mission = Experience.objects.create(
        consultant=match.consultant, employer="Banque Exemple", role="Coach", start_date="2024-01-01"
    )
    mission.skills.add(match.tender.tender_skills.get(importance="preferred").skill)
    client.force_login(cast.a.manager)
    url = reverse("consultants:consultant-detail", args=[match.consultant_id])
    english, french = _page(client, url, "en"), _page(client, url, "fr")
    assert "Rigour" in english and "Rigueur" not in english
    assert "Rigueur" in french and "Rigour" not in french
