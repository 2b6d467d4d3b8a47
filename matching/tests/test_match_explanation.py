"""The match card and page read the version 2 breakdown: the band beside the score, each gate in plain
words with its fact (French and English), and a stored version 1 breakdown still renders."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from consultants.tests.factories import SkillFactory
from matching.templatetags.match_facts import score_band
from matching.tests.factories import MatchFactory
from tenders.tests.factories import TenderFactory


@pytest.fixture(autouse=True)
def _no_cached_cards():
    cache.clear()


def _v2(spring_framework, spring_boot, score=0.39):
    return {
        "v": 2,
        "score": score,
        "factors": {"skills": [0.8, 0.75, 0.6], "seniority": [1.0, 0.25, 0.25]},
        "gates": {
            "required": [0.75, 0.2125],
            "availability": [0.4489, 0.3512],
            "rate": [0.5, 0.1437],
            "reach": [1.0, 0.0],
        },
        "required": [1, 2],
        "matched": [],
        "partial": [],
        "related": [[spring_boot.pk, 0, spring_framework.pk, 4]],
        "missing": [],
        "near_miss": [[spring_framework.pk, 4, spring_boot.pk]],
        "daily_rate": 780.0,
        "daily_budget": 600.0,
        "rate_gap_pct": 30.0,
        "status": "on_mission",
        "free_date": "2027-03-15",
        "start": "2027-03-01",
        "end": "2027-05-28",
        "coverage": 0.67,
        "distance_km": 507.3,
        "max_travel_km": 50.0,
        "onsite_days": 2.0,
        "flags": ["missing_required", "rate_over", "too_far"],
        "notes": [],
    }


def _page(client, match, language: str) -> str:
    response = client.get(reverse("matching:match-detail", args=[match.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_bands_follow_the_configured_thresholds(settings):
    assert [score_band(score) for score in (0.95, 0.8, 0.79, 0.5, 0.49, None)] == [
        "strong",
        "strong",
        "fair",
        "fair",
        "weak",
        "",
    ]
    settings.MATCHING = {**settings.MATCHING, "band_strong": 0.9}
    assert score_band(0.85) == "fair"


def test_the_match_page_shows_each_gate_with_its_fact_in_french(client, cast):
    spring_framework, spring_boot = SkillFactory(name="Spring Framework"), SkillFactory(name="Spring Boot")
    tender = TenderFactory(company=cast.a.company)
    match = MatchFactory(tender=tender, match_score=0.39, breakdown=_v2(spring_framework, spring_boot))
    client.force_login(cast.a.sales)

    page = _page(client, match, "fr")

    assert "Adéquation faible" in page
    assert "TJM 780\xa0€ pour un budget de 600\xa0€ (+30 %)" in page
    assert "libre le 15/03/2027, 67 % de la mission couverte" in page
    assert "507 km, 2 jours sur site par semaine, max 50 km" in page
    assert "Spring Framework (Expert) — proche de Spring Boot" in page
    assert "TJM +30 % au-dessus du budget" in page
    assert "compétences requises détenues : 1 sur 2" in page


def test_the_match_page_shows_each_gate_with_its_fact_in_english(client, cast):
    spring_framework, spring_boot = SkillFactory(name="Spring Framework"), SkillFactory(name="Spring Boot")
    tender = TenderFactory(company=cast.a.company)
    match = MatchFactory(tender=tender, match_score=0.39, breakdown=_v2(spring_framework, spring_boot))
    client.force_login(cast.a.sales)

    page = _page(client, match, "en")

    assert "Weak match" in page
    assert "Daily rate €780 for a budget of €600 (+30 %)" in page
    assert "67 % of the mission covered" in page
    assert "507 km, 2 days on site a week, max 50 km" in page
    assert "Spring Framework (Expert) — close to Spring Boot" in page
    assert "507 km away, on site 2 days a week" in page


def test_the_ranking_card_shows_the_band_and_the_knock_outs(client, cast):
    spring_framework, spring_boot = SkillFactory(name="Spring Framework"), SkillFactory(name="Spring Boot")
    tender = TenderFactory(company=cast.a.company)
    MatchFactory(tender=tender, match_score=0.39, breakdown=_v2(spring_framework, spring_boot))
    client.force_login(cast.a.sales)

    response = client.get(reverse("tenders:tender-detail", args=[tender.pk]), HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert "Weak match" in page
    assert "daily rate +30 % over budget" in page


def test_a_stored_version_1_breakdown_still_renders_until_the_next_recompute(client, cast):
    tender = TenderFactory(company=cast.a.company)
    legacy = {
        "score": 0.865,
        "factors": {
            "skills": [0.9, 0.55, 0.495],
            "availability": [1.0, 0.15, 0.15],
            "location": [1.0, 0.1, 0.1],
            "rate": [0.5, 0.1, 0.05],
            "seniority": [0.7, 0.1, 0.07],
        },
        "multiplier": 1.0,
        "required": [1, 1],
        "matched": [],
        "partial": [],
        "related": [],
        "missing": [],
        "distance_km": 3.1,
        "daily_budget": 600.0,
        "notes": [],
    }
    match = MatchFactory(tender=tender, match_score=0.865, breakdown=legacy)
    client.force_login(cast.a.sales)

    page = _page(client, match, "en")

    assert "Rate vs budget" in page and "0.50" in page and "Location" in page
    assert "Daily budget: €600" in page
    assert "Strong match" in page
