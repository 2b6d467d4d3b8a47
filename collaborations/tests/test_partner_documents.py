"""A partner's consultant in a dossier and in the list's order: the limited profile holds there too."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from collaborations.models import CollaborationSharing
from collaborations.tests.conftest import EMAIL, FIRST_NAME, HIDDEN, LAST_NAME, hire
from consultants.tests.factories import ConsultantFactory
from matching.models import Match, Portfolio
from matching.portfolios import portfolio_render, private_path
from matching.services import matches_recompute


@pytest.fixture
def ranked(scene, partnership) -> Match:
    matches_recompute(company_id=scene.cast.a.company.pk)
    return Match.objects.get(tender=scene.tender_a, consultant=scene.shared)


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _generate(client, user, match, **options) -> Portfolio:
    client.force_login(user)
    data = {"language": "en", **options}
    response = client.post(reverse("matching:portfolio-generate", args=[match.pk]), data)
    assert response.status_code == 302
    portfolio = Portfolio.objects.get(consultant=match.consultant, tender=match.tender)
    portfolio_render(portfolio_id=portfolio.pk, company_id=match.tender.company_id)
    portfolio.refresh_from_db()
    return portfolio


def _pdf_text(portfolio: Portfolio) -> str:
    reader = PdfReader(io.BytesIO(private_path(portfolio.file_path).read_bytes()))
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    return " ".join(page.extract_text() for page in reader.pages) + " " + metadata


def test_a_dossier_of_a_partners_consultant_is_anonymised_even_when_not_asked(client, scene, ranked):
    portfolio = _generate(client, scene.cast.a.sales, ranked)
    assert portfolio.anonymized is True
    text = _pdf_text(portfolio)
    assert [marker for marker in HIDDEN if marker in text] == []
    assert [marker for marker in HIDDEN if marker in (portfolio.content or "")] == []
    download = client.get(reverse("matching:portfolio-download", args=[portfolio.pk]))
    assert download.status_code == 200
    assert LAST_NAME.split("-")[0] not in download["Content-Disposition"]


def test_names_shown_by_the_partner_reach_the_dossier_but_never_contact_details(client, scene, ranked, partnership):
    CollaborationSharing.objects.create(collaboration=partnership, company=scene.cast.b.company, show_names=True)
    portfolio = _generate(client, scene.cast.a.sales, ranked)
    assert portfolio.anonymized is False
    text = _pdf_text(portfolio)
    assert FIRST_NAME in text
    assert [marker for marker in (EMAIL, "beta-private", "98 76 54 32", "Bio-Secret-Marker") if marker in text] == []


def test_a_revoked_partners_suggestion_cannot_be_turned_into_a_dossier(client, scene, ranked, partnership):
    partnership.status = "inactive"
    partnership.save()
    client.force_login(scene.cast.a.sales)
    response = client.post(reverse("matching:portfolio-generate", args=[ranked.pk]), {"language": "en"})
    assert response.status_code == 404
    assert not Portfolio.objects.exists()


def test_sorting_the_partners_by_name_does_not_follow_their_hidden_names(client, scene, partnership):
    """Partners' rows come by title, so their order says nothing of the names kept hidden."""
    for last_name, title in (("Aaron", "Zz Kotlin lead"), ("Zorro", "Aa Kotlin dev")):
        hire(scene.cast.b.company, scene.skill, title=title, user__last_name=last_name)
    ConsultantFactory(company=scene.cast.a.company, title="Alpha own", user__last_name="Mid")
    client.force_login(scene.cast.a.manager)
    rows = client.get(reverse("consultants:consultant-list"), {"origin": "partners", "sort": "name"}).context["page"]
    titles = [row.title for row in rows]
    assert titles == sorted(titles)
    everyone = client.get(reverse("consultants:consultant-list"), {"origin": "all"}).context["page"]
    companies = [row.company_id for row in everyone]
    own = scene.cast.a.company.pk
    assert companies == sorted(companies, key=lambda company: company != own)
