"""Consent records: kept with who and when, shown on the profile, and required — when the company
says so — before a partner sees the consultant, before a selection share and before a dossier."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from collaborations.services import collaboration_selection_set
from collaborations.tests.factories import CollaborationFactory
from consultants.models import Consultant
from consultants.tests.factories import ConsultantFactory
from matching.models import Match, Portfolio
from matching.portfolios.services import portfolio_request
from privacy.models import ConsentRecord
from privacy.services import company_privacy_set, consent_record
from talentmatch.consent import Purpose
from tenders.tests.factories import TenderFactory


@pytest.fixture
def consultant(cast) -> Consultant:
    return ConsultantFactory(company=cast.a.company, availability_status="available", user__first_name="Irène")


def _require_consent(cast) -> None:
    company_privacy_set(company=cast.a.company, by=cast.a.manager, consent_required=True)
    cast.a.company.refresh_from_db()


def test_answers_are_kept_with_who_and_when_and_the_profile_shows_the_current_one(client, cast, consultant):
    client.force_login(cast.a.recruiter)
    url = reverse("privacy:consent-record", kwargs={"pk": consultant.pk})
    assert client.post(url, {"purpose": "proposal", "answer": "yes", "note": "signed form"}).status_code == 302
    assert client.post(url, {"purpose": "proposal", "answer": "no"}).status_code == 302
    assert client.post(url, {"purpose": "partner_sharing", "answer": "yes"}).status_code == 302
    records = list(ConsentRecord.objects.filter(consultant=consultant).order_by("pk"))
    assert [(r.purpose, r.granted, r.is_current, r.recorded_by_id) for r in records] == [
        ("proposal", True, False, cast.a.recruiter.pk),
        ("proposal", False, True, cast.a.recruiter.pk),
        ("partner_sharing", True, True, cast.a.recruiter.pk),
    ]
    assert records[0].note == "signed form"
    page = client.get(reverse("consultants:consultant-detail", kwargs={"pk": consultant.pk}), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Consent and personal data" in text
    assert "Being proposed to clients" in text and "Refused" in text and "Given" in text
    assert f"by {cast.a.recruiter.full_name}" in text
    french = client.get(reverse("consultants:consultant-detail", kwargs={"pk": consultant.pk})).content.decode()
    assert "Être proposé à des clients" in french and "Refusé" in french


def test_a_bad_answer_is_refused_beside_its_field_and_records_nothing(client, cast, consultant):
    client.force_login(cast.a.manager)
    url = reverse("privacy:consent-record", kwargs={"pk": consultant.pk})
    response = client.post(url, {"purpose": "marketing", "answer": "yes"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_a_consultant_records_their_own_consent_but_not_a_colleagues(client, cast, consultant):
    own = ConsultantFactory(company=cast.a.company, user=cast.a.consultant_user)
    client.force_login(cast.a.consultant_user)
    assert (
        client.post(
            reverse("privacy:consent-record", kwargs={"pk": own.pk}), {"purpose": "proposal", "answer": "yes"}
        ).status_code
        == 302
    )
    colleague = reverse("privacy:consent-record", kwargs={"pk": consultant.pk})
    assert client.post(colleague, {"purpose": "proposal", "answer": "yes"}).status_code == 404
    assert list(ConsentRecord.objects.values_list("consultant_id", "recorded_by_id")) == [
        (own.pk, cast.a.consultant_user.pk)
    ]


def test_with_the_setting_on_a_dossier_needs_the_consent_to_being_proposed(client, cast, consultant):
    tender = TenderFactory(company=cast.a.company)
    match = Match.objects.create(consultant=consultant, tender=tender, match_score=0.8)
    assert portfolio_request(consultant=consultant, tender=tender, by=cast.a.sales, queue=False).version == 1
    _require_consent(cast)
    with pytest.raises(ValidationError) as refused, translation.override("fr"):
        portfolio_request(consultant=consultant, tender=tender, by=cast.a.sales, queue=False)
    assert "n’a pas consenti à être proposé à des clients" in " ".join(refused.value.messages)
    client.force_login(cast.a.sales)
    response = client.post(
        reverse("matching:portfolio-generate", kwargs={"pk": match.pk}), {"language": "fr"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "has not consented to being proposed to clients" in response.content.decode()
    assert Portfolio.objects.count() == 1
    consent_record(consultant=consultant, purpose=Purpose.PROPOSAL, granted=True, by=cast.a.manager)
    assert portfolio_request(consultant=consultant, tender=tender, by=cast.a.sales, queue=False).version == 2
    consent_record(consultant=consultant, purpose=Purpose.PROPOSAL, granted=False, by=cast.a.manager)
    with pytest.raises(ValidationError):
        portfolio_request(consultant=consultant, tender=tender, by=cast.a.sales, queue=False)


def test_with_the_setting_on_a_partner_sees_only_the_consultants_who_consent(cast, consultant):
    CollaborationFactory(initiator_company=cast.a.company, partner_company=cast.b.company)
    shared = Consultant.objects.shared_with(cast.b.manager)
    assert list(shared.values_list("pk", flat=True)) == [consultant.pk]
    _require_consent(cast)
    assert list(Consultant.objects.shared_with(cast.b.manager)) == []
    consent_record(consultant=consultant, purpose=Purpose.PARTNER_SHARING, granted=True, by=cast.a.manager)
    assert list(Consultant.objects.shared_with(cast.b.manager).values_list("pk", flat=True)) == [consultant.pk]
    consent_record(consultant=consultant, purpose=Purpose.PARTNER_SHARING, granted=False, by=cast.a.manager)
    assert list(Consultant.objects.shared_with(cast.b.manager)) == []
    # The company's own people still see the consultant, consent or not.
    assert consultant in Consultant.objects.visible_to(cast.a.recruiter)


def test_with_the_setting_on_a_selection_share_needs_the_consent(cast, consultant):
    collaboration = CollaborationFactory(initiator_company=cast.a.company, partner_company=cast.b.company)
    _require_consent(cast)
    with pytest.raises(ValidationError) as refused, translation.override("fr"):
        collaboration_selection_set(
            collaboration=collaboration, by=cast.a.manager, consultant=consultant, selected=True
        )
    assert "n’a pas consenti à être partagé avec des entreprises partenaires" in " ".join(refused.value.messages)
    consent_record(consultant=consultant, purpose=Purpose.PARTNER_SHARING, granted=True, by=cast.a.manager)
    settings = collaboration_selection_set(
        collaboration=collaboration, by=cast.a.manager, consultant=consultant, selected=True
    )
    assert list(settings.selection.all()) == [consultant]


def test_the_setting_is_the_managers_and_off_by_default(client, cast):
    assert cast.a.company.consent_required is False
    client.force_login(cast.a.recruiter)
    assert client.post(reverse("privacy:privacy-settings"), {"consent_required": "on"}).status_code == 403
    client.force_login(cast.a.manager)
    assert client.post(reverse("privacy:privacy-settings"), {"consent_required": "on"}).status_code == 302
    cast.a.company.refresh_from_db()
    cast.b.company.refresh_from_db()
    assert (cast.a.company.consent_required, cast.b.company.consent_required) == (True, False)
    page = client.get(reverse("privacy:privacy-home"))
    assert page.status_code == 200
    assert re.search(r'<input[^>]*name="consent_required"[^>]*checked', page.content.decode())
