"""A tender's on-site days per week: 0 to 5, or empty for no constraint, checked by the database, the
form and the service."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tenders.forms import TenderForm
from tenders.models import Tender
from tenders.services import tender_create
from tenders.tests.factories import TenderFactory


def _form(**changes) -> TenderForm:
    data = {"title": "Data analyst", "client_name": "Client", "description": "Hybride", "required_consultants": 1}
    return TenderForm(data={**data, **changes})


@pytest.mark.parametrize("days", [6, -1])
def test_the_database_refuses_on_site_days_outside_0_to_5(db, cast, days):
    tender = TenderFactory(company=cast.a.company)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tender.objects.filter(pk=tender.pk).update(onsite_days_per_week=days)
    tender.refresh_from_db()
    assert tender.onsite_days_per_week is None


def test_the_form_accepts_0_to_5_days_or_none_and_refuses_the_rest(db):
    assert _form(onsite_days_per_week="2").is_valid()
    assert _form(onsite_days_per_week="").is_valid()
    empty = _form()
    assert empty.is_valid() and empty.cleaned_data["onsite_days_per_week"] is None
    assert set(_form(onsite_days_per_week="5.5").errors) == {"onsite_days_per_week"}
    assert set(_form(onsite_days_per_week="-1").errors) == {"onsite_days_per_week"}


def test_the_service_stores_the_on_site_days_and_refuses_more_than_five(db, cast):
    fields = {"client_name": "Client", "description": "Deux jours sur site"}
    tender = tender_create(company=cast.a.company, title="Data analyst", onsite_days_per_week=2, **fields)
    assert Tender.objects.get(pk=tender.pk).onsite_days_per_week == 2.0
    with pytest.raises(ValidationError):
        tender_create(company=cast.a.company, title="Autre", onsite_days_per_week=6, **fields)
    assert Tender.objects.filter(company=cast.a.company).count() == 1


def test_the_tender_page_shows_the_on_site_days_in_french_and_english(client, cast, settings):
    tender = TenderFactory(company=cast.a.company, remote_work=True, onsite_days_per_week=2.5)
    client.force_login(cast.a.sales)
    url = reverse("tenders:tender-detail", kwargs={"pk": tender.pk})
    assert "sur site 2,5 jours par semaine" in client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    settings.LANGUAGE_CODE = "en"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "on site 2.5 days a week" in english
    tender.onsite_days_per_week = None
    tender.save(update_fields=["onsite_days_per_week"])
    assert "days a week" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
