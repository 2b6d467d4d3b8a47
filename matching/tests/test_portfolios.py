"""Portfolios: the dossier's content, anonymisation (read back from the PDF), versions, idempotent
rendering, the pages around it and the batch command."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from consultants.models import ProficiencyLevel
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from matching import portfolios
from matching.models import Match, Portfolio, PortfolioGeneration, PortfolioStatus
from matching.portfolios.tasks import portfolio_generate_task
from matching.services import matches_recompute
from tenders.tests.factories import TenderFactory, TenderSkillFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
LAST_NAME = "Vasseur-Quintard"
EMAIL = "camille.vasseur@example.test"
PHONE = "+33 6 12 34 56 78"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def _in_process(tasks_in_process):
    """Tasks queued by the services run inline: no message reaches a shared broker."""


@pytest.fixture
def pair(cast):
    """A tender of company a asking for Python (required), Kubernetes (required) and SQL (preferred), and
    a consultant holding Python, PostgreSQL (related to SQL) and Excel, matched to it."""
    python, kubernetes, sql = SkillFactory(name="Python"), SkillFactory(name="Kubernetes"), SkillFactory(name="SQL")
    postgresql, excel = SkillFactory(name="PostgreSQL", category="database"), SkillFactory(name="Excel")
    sql.related_skills.add(postgresql)
    tender = TenderFactory(company=cast.a.company, title="Plateforme de données", client_name="Banque Exemple")
    TenderSkillFactory(tender=tender, skill=python, importance="required")
    TenderSkillFactory(tender=tender, skill=kubernetes, importance="required")
    TenderSkillFactory(tender=tender, skill=sql, importance="preferred")
    consultant = ConsultantFactory(
        company=cast.a.company,
        title="Ingénieure data",
        user__first_name="Camille",
        user__last_name=LAST_NAME,
        user__email=EMAIL,
        user__phone=PHONE,
        daily_rate=640.0,
        bio=f"Camille {LAST_NAME} conçoit des plateformes de données. Contact : {EMAIL}, {PHONE}.",
    )
    ConsultantSkillFactory(consultant=consultant, skill=excel, proficiency_level="expert", years_experience=12)
    ConsultantSkillFactory(consultant=consultant, skill=python, proficiency_level="advanced", years_experience=6)
    ConsultantSkillFactory(consultant=consultant, skill=postgresql, proficiency_level="advanced", years_experience=4)
    matches_recompute(tender_ids=[tender.pk])
    match = Match.objects.get(tender=tender, consultant=consultant)
    return match


def _generate(match, *, by=None, **options) -> Portfolio:
    booked = portfolios.portfolio_request(
        consultant=match.consultant, tender=match.tender, by=by, queue=False, **options
    )
    return portfolios.portfolio_render(portfolio_id=booked.pk, company_id=match.tender.company_id)


def _pdf(portfolio) -> PdfReader:
    return PdfReader(io.BytesIO(portfolios.private_path(portfolio.file_path).read_bytes()))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _files(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


# --- content ------------------------------------------------------------------------------------


def test_the_dossier_shows_the_consultant_and_skills_by_relevance_but_never_the_gaps(pair, private_root):
    portfolio = _generate(pair, include_daily_rate=True, language="en")
    assert (portfolio.version, portfolio.status, portfolio.generation) == (1, "draft", "ready")
    text = _text(_pdf(portfolio))
    assert f"Skills dossier — Camille {LAST_NAME}" in text
    assert "Proposed for “Plateforme de données” (Banque Exemple)" in text
    # The gaps stay on the match page: neither the missing Kubernetes nor any coverage count.
    for internal in ("Kubernetes", "Not covered", "Below the level asked", "Required skills covered"):
        assert internal not in text
    assert "€640 excl. VAT" in text
    assert EMAIL in text
    assert cast_name(portfolio) in text
    # Python (asked, required) first, PostgreSQL (related to SQL) next, Excel (not asked) last.
    python = text.index("Asked for by the tender Python — Advanced · 6 years · Required")
    postgresql = text.index("Related to what the tender asks for PostgreSQL — Advanced · 4 years · related to SQL")
    assert python < postgresql < text.index("Other skills Excel — Expert · 12 years")
    assert portfolio.content.startswith("<!doctype html>")
    assert _files(private_root) == [
        f"portfolios/{pair.tender.company_id}/{portfolio.pk}.docx",
        f"portfolios/{pair.tender.company_id}/{portfolio.pk}.pdf",
    ]


def cast_name(portfolio) -> str:
    return portfolio.tender.company.name


def test_the_daily_rate_is_left_out_unless_asked(pair):
    assert "excl. VAT" not in _text(_pdf(_generate(pair, language="en")))


def test_the_anonymised_dossier_has_no_name_email_or_phone_in_text_metadata_or_file_name(client, cast, pair):
    portfolio = _generate(pair, anonymized=True, language="en")
    reader = _pdf(portfolio)
    text = _text(reader)
    assert "Skills dossier — C. V." in text
    for secret in (LAST_NAME, "Vasseur", "Quintard", "Camille", EMAIL, "12 34 56 78"):
        assert secret.lower() not in text.lower()
        assert secret.lower() not in portfolio.content.lower()
        assert all(secret.lower() not in str(value).lower() for value in (reader.metadata or {}).values())
    assert reader.metadata.title == "Skills dossier — C. V. — Plateforme de données"
    assert reader.metadata.author == cast.a.company.name
    assert "<img" not in portfolio.content
    client.force_login(cast.a.sales)
    response = client.get(reverse("matching:portfolio-download", args=[portfolio.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="dossier-cv-plateforme-de-donnees-v1.pdf"'


def test_the_dossier_is_written_in_the_language_asked(pair):
    french = _generate(pair, language="fr")
    english = _generate(pair, language="en")
    assert '<html lang="fr">' in french.content and '<html lang="en">' in english.content
    assert "Avancé" in _text(_pdf(french))
    assert "Advanced" in _text(_pdf(english))


def test_a_consultant_tender_pair_without_a_match_is_explained_by_the_engine(cast, pair):
    other_tender = TenderFactory(company=cast.a.company, title="Sans correspondance")
    TenderSkillFactory(tender=other_tender, skill=pair.tender.tender_skills.get(skill__name="Python").skill)
    assert not Match.objects.filter(tender=other_tender).exists()
    booked = portfolios.portfolio_request(
        consultant=pair.consultant, tender=other_tender, by=None, language="en", queue=False
    )
    portfolio = portfolios.portfolio_render(portfolio_id=booked.pk, company_id=cast.a.company.pk)
    assert "Asked for by the tender Python — Advanced · 6 years · Required" in _text(_pdf(portfolio))


# --- versions, idempotency, final ---------------------------------------------------------------


def test_each_generation_is_a_new_version_and_a_final_one_is_never_rewritten(pair, private_root):
    first = _generate(pair)
    portfolios.portfolio_mark_final(portfolio=first, by=None)
    before = portfolios.private_path(first.file_path).read_bytes()
    second = _generate(pair, anonymized=True)
    assert [(p.version, p.status) for p in Portfolio.objects.order_by("version")] == [(1, "final"), (2, "draft")]
    # A re-run on the final one (a redelivered task) leaves it as it is.
    Portfolio.objects.filter(pk=first.pk).update(generation=PortfolioGeneration.QUEUED)
    portfolio_generate_task.delay(portfolio_id=first.pk, company_id=pair.tender.company_id)
    assert portfolios.private_path(first.file_path).read_bytes() == before
    assert len(_files(private_root)) == 4 and second.version == 2  # a PDF and a Word file each


def test_a_redelivered_task_adds_no_version_and_leaves_no_stray_file(pair, private_root):
    booked = portfolios.portfolio_request(consultant=pair.consultant, tender=pair.tender, by=None, queue=False)
    company = pair.tender.company_id
    # A first delivery killed after writing part of the file and before updating the row.
    final = portfolios.private_path(portfolios.storage_name(booked))
    final.parent.mkdir(parents=True, exist_ok=True)
    final.with_name(final.name + ".part").write_bytes(b"%PDF-1.7 half")
    assert portfolio_generate_task.delay(portfolio_id=booked.pk, company_id=company).get() == "ready"
    assert portfolio_generate_task.delay(portfolio_id=booked.pk, company_id=company).get() == "ready"
    assert Portfolio.objects.count() == 1
    assert _files(private_root) == [portfolios.storage_name(booked, "docx"), portfolios.storage_name(booked)]
    assert final.read_bytes().startswith(b"%PDF-")


def test_a_task_for_another_company_does_nothing(cast, pair):
    booked = portfolios.portfolio_request(consultant=pair.consultant, tender=pair.tender, by=None, queue=False)
    assert portfolio_generate_task.delay(portfolio_id=booked.pk, company_id=cast.b.company.pk).get() == "gone"
    booked.refresh_from_db()
    assert (booked.generation, booked.file_path) == ("queued", None)


def test_a_rendering_that_crashes_marks_the_portfolio_failed_without_a_file(pair, private_root, settings):
    booked = portfolios.portfolio_request(consultant=pair.consultant, tender=pair.tender, by=None, queue=False)
    settings.PRIVATE_MEDIA_ROOT = Path("/proc/no-such-place")  # writing the PDF fails
    assert portfolio_generate_task.delay(portfolio_id=booked.pk, company_id=pair.tender.company_id).get() == "failed"
    booked.refresh_from_db()
    assert (booked.generation, booked.file_path) == ("failed", None)


def test_only_a_generated_portfolio_can_be_marked_final(pair):
    booked = portfolios.portfolio_request(consultant=pair.consultant, tender=pair.tender, by=None, queue=False)
    with pytest.raises(Exception, match="Only a generated portfolio can be marked final."):
        portfolios.portfolio_mark_final(portfolio=booked, by=None)
    assert Portfolio.objects.get(pk=booked.pk).status == PortfolioStatus.DRAFT


# --- pages --------------------------------------------------------------------------------------


def test_the_match_page_offers_the_generation_and_the_panel_polls_until_ready(
    client, cast, pair, django_capture_on_commit_callbacks
):
    client.force_login(cast.a.recruiter)
    page = client.get(reverse("matching:match-detail", args=[pair.pk])).content.decode()
    assert 'id="match-portfolios"' in page and reverse("matching:portfolio-generate", args=[pair.pk]) in page
    url = reverse("matching:portfolio-generate", args=[pair.pk])
    response = client.post(url, {"language": "en", "anonymized": "on"}, **HTMX)
    assert "Version 1 is being generated." in response.content.decode()
    assert 'hx-trigger="every 2s"' in response.content.decode()
    portfolio = Portfolio.objects.get()
    assert (portfolio.generation, portfolio.anonymized, portfolio.language) == ("queued", True, "en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"language": "fr"}, **HTMX)
    panel = client.get(reverse("matching:portfolio-panel", args=[pair.pk]), **HTMX).content.decode()
    assert "Being generated…" in panel and "every 2s" in panel  # version 1 never ran: still queued
    portfolios.portfolio_render(portfolio_id=portfolio.pk, company_id=pair.tender.company_id)
    panel = client.get(reverse("matching:portfolio-panel", args=[pair.pk]), **HTMX).content.decode()
    assert "every 2s" not in panel
    assert panel.count("Download PDF") == 2


def test_the_notice_of_a_requested_dossier_follows_its_generation_and_the_polling_stops_once_it_is_ready(
    client, cast, pair
):
    client.force_login(cast.a.recruiter)
    url = reverse("matching:portfolio-generate", args=[pair.pk])
    panel = client.post(url, {"language": "en"}, **HTMX).content.decode()  # queued on commit: not yet
    portfolio = Portfolio.objects.get()
    poll = reverse("matching:portfolio-panel", args=[pair.pk]) + f"?watch={portfolio.pk}"
    assert '<p class="muted notice" role="status">Version 1 is being generated.</p>' in panel
    assert f'hx-get="{poll}" hx-trigger="every 2s"' in panel

    portfolios.portfolio_render(portfolio_id=portfolio.pk, company_id=pair.tender.company_id)
    panel = client.get(poll, **HTMX).content.decode()
    assert '<p class="muted notice" role="status">Version 1 is ready: download it below.</p>' in panel
    assert "being generated" not in panel and "hx-trigger" not in panel and "hx-get" not in panel
    assert panel.count("Download PDF") == 1


@pytest.mark.django_db(transaction=True)
def test_a_dossier_rendered_before_the_answer_is_told_as_ready_at_once(client, cast, pair):
    """The embedded setup: no broker, the PDF is rendered in-process as soon as the request commits."""
    client.force_login(cast.a.recruiter)
    url = reverse("matching:portfolio-generate", args=[pair.pk])
    panel = client.post(url, {"language": "fr"}, **HTMX).content.decode()
    assert '<p class="muted notice" role="status">Version 1 is ready: download it below.</p>' in panel
    assert "hx-trigger" not in panel and panel.count("Download PDF") == 1


def test_a_bad_language_is_refused_beside_the_field(client, cast, pair):
    client.force_login(cast.a.sales)
    response = client.post(reverse("matching:portfolio-generate", args=[pair.pk]), {"language": "de"}, **HTMX)
    assert 'id="id_portfolio_language_error"' in response.content.decode()
    assert Portfolio.objects.count() == 0


def test_download_is_an_attachment_with_nosniff(client, cast, pair):
    portfolio = _generate(pair)
    client.force_login(cast.a.manager)
    response = client.get(reverse("matching:portfolio-download", args=[portfolio.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'attachment; filename="dossier-camille-{LAST_NAME.lower()}-plateforme-de-donnees-v1.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_marking_final_through_the_page(client, cast, pair):
    portfolio = _generate(pair)
    client.force_login(cast.a.sales)
    response = client.post(reverse("matching:portfolio-final", args=[portfolio.pk]), **HTMX)
    assert "Version 1 is final: it will never be rewritten." in response.content.decode()
    assert Portfolio.objects.get(pk=portfolio.pk).status == PortfolioStatus.FINAL
    assert f'id="final-portfolio-{portfolio.pk}"' not in response.content.decode()


def _without_noise(response, url) -> str:
    content = response.content.decode().replace(url, "URL")
    content = re.sub(r'"X-CSRFToken": "[^"]+"', "TOKEN", content)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", content)


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales"])
def test_another_companys_portfolio_answers_404_like_a_missing_one(client, cast, role):
    tender = TenderFactory(company=cast.b.company)
    consultant = ConsultantFactory(company=cast.b.company)
    ConsultantSkillFactory(consultant=consultant, proficiency_level=ProficiencyLevel.EXPERT)
    theirs = portfolios.portfolio_request(consultant=consultant, tender=tender, by=None, queue=False)
    portfolios.portfolio_render(portfolio_id=theirs.pk, company_id=cast.b.company.pk)
    client.force_login(cast.a.user(role))
    urls = {
        "other": reverse("matching:portfolio-download", args=[theirs.pk]),
        "missing": reverse("matching:portfolio-download", args=[theirs.pk + 1000]),
    }
    responses = {key: client.get(url) for key, url in urls.items()}
    assert [response.status_code for response in responses.values()] == [404, 404]
    assert _without_noise(responses["other"], urls["other"]) == _without_noise(responses["missing"], urls["missing"])
    final = client.post(reverse("matching:portfolio-final", args=[theirs.pk]))
    assert final.status_code == 404
    assert Portfolio.objects.get(pk=theirs.pk).status == PortfolioStatus.DRAFT


def test_a_consultant_may_neither_generate_nor_download(client, cast, pair):
    portfolio = _generate(pair)
    client.force_login(cast.a.consultant_user)
    assert client.post(reverse("matching:portfolio-generate", args=[pair.pk]), {"language": "fr"}).status_code == 403
    assert client.get(reverse("matching:portfolio-download", args=[portfolio.pk])).status_code == 403
    assert client.post(reverse("matching:portfolio-final", args=[portfolio.pk])).status_code == 403
    assert Portfolio.objects.count() == 1


def test_the_service_refuses_a_user_of_another_company(cast, pair):
    with pytest.raises(Exception) as refused:
        portfolios.portfolio_request(consultant=pair.consultant, tender=pair.tender, by=cast.b.sales)
    assert type(refused.value).__name__ == "PermissionDenied"
    assert Portfolio.objects.count() == 0


# --- the batch command --------------------------------------------------------------------------


def test_the_command_generates_a_version_and_copies_it(pair, tmp_path, capsys):
    output = tmp_path / "out"
    output.mkdir()
    call_command(
        "generate_portfolio",
        "--consultant",
        str(pair.consultant_id),
        "--tender",
        str(pair.tender_id),
        "--anonymized",
        "--language",
        "en",
        "--output",
        str(output),
    )
    portfolio = Portfolio.objects.get()
    assert (portfolio.version, portfolio.anonymized, portfolio.language, portfolio.generation) == (
        1,
        True,
        "en",
        "ready",
    )
    copied = output / "dossier-cv-plateforme-de-donnees-v1.pdf"
    assert copied.read_bytes() == portfolios.private_path(portfolio.file_path).read_bytes()
    assert f"Copied to {copied}" in capsys.readouterr().out


def test_the_command_refuses_unknown_ids(pair):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No tender with id 999999."):
        call_command("generate_portfolio", "--consultant", str(pair.consultant_id), "--tender", "999999")
    assert Portfolio.objects.count() == 0


def test_rendering_fetches_nothing_not_even_a_local_file(tmp_path):
    from PIL import Image

    picture = tmp_path / "face.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    html = f'<html><body><img src="{picture.as_uri()}" width="40"><p>Hello</p></body></html>'
    reader = PdfReader(io.BytesIO(portfolios.html_to_pdf(html)))
    resources = reader.pages[0].get("/Resources") or {}
    assert "/XObject" not in resources or not any(
        obj.get_object().get("/Subtype") == "/Image" for obj in resources["/XObject"].values()
    )
    assert "Hello" in reader.pages[0].extract_text()
