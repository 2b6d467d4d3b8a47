"""Money and numbers in the reader's language, on the pages, in the history and in the helpers."""

import pytest
from django.urls import reverse
from django.utils import translation

from consultants.services import consultant_update
from consultants.tests.factories import ConsultantFactory
from talentmatch.numbers import money, number
from tenders.tests.factories import TenderFactory

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", 60000, f"60{NBSP}000{NBSP}€"),
        ("en", 60000, "€60,000"),
        ("fr", 420000.0, f"420{NBSP}000{NBSP}€"),
        ("fr", 700.5, f"700,50{NBSP}€"),
        ("en", 700.5, "€700.50"),
        ("en", 0, "€0"),
        ("fr", None, "—"),
    ],
)
def test_an_amount_is_grouped_and_signed_the_way_its_language_writes_it(language, value, expected):
    with translation.override(language):
        assert money(value) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [("fr", 650.5, "650,5"), ("en", 650.5, "650.5"), ("fr", 12000.0, f"12{NBSP}000"), ("en", 12000, "12,000")],
)
def test_a_number_shows_the_languages_decimal_mark_and_grouping(language, value, expected):
    with translation.override(language):
        assert number(value) == expected


def test_budgets_and_daily_rates_show_in_the_readers_language_on_the_pages(client, cast):
    tender = TenderFactory(company=cast.a.company, budget=420000.0)
    consultant = ConsultantFactory(company=cast.a.company, daily_rate=650.0, hourly_rate=85.5)
    client.force_login(cast.a.manager)

    page = client.get(reverse("tenders:tender-detail", args=[tender.pk]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"<dd>420{NBSP}000{NBSP}€</dd>" in page
    page = client.get(
        reverse("consultants:consultant-detail", args=[consultant.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<dd>€650</dd>" in page and "<dd>€85.50</dd>" in page
    listing = client.get(reverse("consultants:consultant-list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<td data-label="TJM">650{NBSP}€</td>' in listing


def test_the_history_shows_numbers_with_the_languages_decimal_mark(client, cast):
    consultant = ConsultantFactory(company=cast.a.company, daily_rate=650.5)
    consultant_update(consultant=consultant, by=cast.a.recruiter, daily_rate=1200.0)
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:consultant-detail", args=[consultant.pk])

    assert f"TJM (€) : 650,5 → 1{NBSP}200" in client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Daily rate (€) : 650.5 → 1,200" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
