"""Proposing a consultant to the client in one step: the dossier generated or reused, the send
logged, the match submitted; the pages around it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from matching.models import MatchEvent, MatchStatus, Portfolio, ProposalSend
from matching.portfolios import private_write, storage_name
from matching.portfolios.sending import proposal_send
from matching.services import match_move
from matching.tests.dossier_scene import build_pair

OPTIONS = {"file_format": "docx", "anonymisation": "anonymised", "language": "en"}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _in_process(tasks_in_process):
    """The dossier's rendering, queued after commit, runs inline."""


@pytest.fixture
def pair(cast):
    return build_pair(cast.a.company)


def _ready(match, **options) -> Portfolio:
    """A generated dossier (its files stand in for a rendering, which the dossier tests cover)."""
    portfolio = Portfolio.objects.create(consultant=match.consultant, tender=match.tender, version=1, **options)
    portfolio.file_path, portfolio.docx_path = storage_name(portfolio), storage_name(portfolio, "docx")
    private_write(portfolio.file_path, b"%PDF-1.7")
    private_write(portfolio.docx_path, b"PK")
    portfolio.save()
    return portfolio


def test_a_proposal_reuses_the_identical_ready_dossier_logs_the_send_and_submits_the_match(cast, pair):
    ready = _ready(pair, language="en", anonymized=True, pitch="Le bon profil.")
    send = proposal_send(
        match=pair,
        by=cast.a.sales,
        pitch=" Le bon profil. ",
        contact_name=" Jeanne  Martin ",
        message="Voici.",
        **OPTIONS,
    )
    assert send.portfolio == ready and send.portfolio_version == 1
    assert (send.by, send.contact_name, send.file_format, send.anonymisation, send.delivery, send.message) == (
        cast.a.sales,
        "Jeanne Martin",
        "docx",
        "anonymised",
        "downloaded",
        "Voici.",
    )
    pair.refresh_from_db()
    assert pair.status == MatchStatus.SUBMITTED
    event = MatchEvent.objects.get(match=pair)
    assert (event.from_status, event.to_status, event.by) == ("suggested", "submitted", cast.a.sales)
    assert event.note == "Proposed to the client (dossier v1, Word (DOCX))."
    # Proposed again with other options: a new version, the match stays submitted with no new move.
    again = proposal_send(match=pair, by=cast.a.sales, **{**OPTIONS, "anonymisation": "named"})
    assert again.portfolio_version == 2 and Portfolio.objects.count() == 2
    assert MatchEvent.objects.filter(match=pair).count() == 1


def test_a_rejected_match_or_a_recruiter_cannot_propose_and_nothing_is_written(cast, pair):
    with pytest.raises(PermissionDenied):
        proposal_send(match=pair, by=cast.a.recruiter, **OPTIONS)
    match_move(match=pair, to="rejected", by=cast.a.sales, note="Trop cher")
    with pytest.raises(ValidationError):
        proposal_send(match=pair, by=cast.a.sales, **OPTIONS)
    with pytest.raises(PermissionDenied):
        proposal_send(match=pair, by=cast.b.manager, **OPTIONS)
    assert ProposalSend.objects.count() == 0 and Portfolio.objects.count() == 0


def test_propose_from_the_match_page_then_download_for_the_client(
    client, cast, pair, django_capture_on_commit_callbacks
):
    client.force_login(cast.a.sales)
    match_page = client.get(reverse("matching:match-detail", args=[pair.pk])).content.decode()
    assert reverse("matching:proposal-create", args=[pair.pk]) in match_page
    assert "Not proposed to the client yet." in match_page
    form = client.get(reverse("matching:proposal-create", args=[pair.pk])).content.decode()
    assert "is proposed for “Plateforme de données”" in form  # the drafted pitch, to edit
    data = {**OPTIONS, "file_format": "pdf", "pitch": "Un profil taillé pour la mission.", "contact_name": "J. Martin"}
    data["contact_email"] = "j.martin@assurances.test"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:proposal-create", args=[pair.pk]), data)
    send = ProposalSend.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("matching:proposal-detail", args=[send.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Downloaded for the client" in page and "j.martin@assurances.test" in page
    assert reverse("matching:portfolio-download", args=[send.portfolio_id]) in page
    assert reverse("matching:portfolio-download-docx", args=[send.portfolio_id]) in page
    pair.refresh_from_db()
    assert pair.status == MatchStatus.SUBMITTED
    match_page = client.get(reverse("matching:match-detail", args=[pair.pk])).content.decode()
    assert f'id="send-{send.pk}"' in match_page and "J. Martin" in match_page and "v1 · PDF · Anonymised" in match_page


def test_a_bad_proposal_is_shown_with_its_errors_and_writes_nothing(client, cast, pair):
    client.force_login(cast.a.manager)
    data = {**OPTIONS, "file_format": "odt", "contact_email": "not an address"}
    response = client.post(reverse("matching:proposal-create", args=[pair.pk]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Select a valid choice" in content and "Enter a valid email address." in content
    assert ProposalSend.objects.count() == 0 and Portfolio.objects.count() == 0
    pair.refresh_from_db()
    assert pair.status == MatchStatus.SUGGESTED


def test_another_companys_send_answers_404(client, cast, pair):
    send = ProposalSend.objects.create(
        match=pair, portfolio_version=1, by=cast.a.sales, file_format="pdf", anonymisation="named"
    )
    client.force_login(cast.b.manager)
    assert client.get(reverse("matching:proposal-detail", args=[send.pk])).status_code == 404
    assert client.get(reverse("matching:proposal-create", args=[pair.pk])).status_code == 404
