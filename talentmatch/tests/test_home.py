"""The dashboard: the platform admin, who sees every company, reads each line's company."""

import datetime

from django.urls import reverse
from django.utils import timezone

from consultants.tests.factories import ConsultantFactory
from tenders.tests.factories import TenderFactory


def _rows(cast):
    start = timezone.localdate() + datetime.timedelta(days=10)
    for side, name in ((cast.a, "Alpha"), (cast.b, "Beta")):
        for number in range(3):
            TenderFactory(company=side.company, title=f"Mission {name} {number}", start_date=start)
            ConsultantFactory(company=side.company, title=f"Dev {name} {number}", availability_status="available")


def test_the_platform_admins_dashboard_names_the_company_of_every_tender_and_consultant(
    client, cast, django_assert_max_num_queries
):
    _rows(cast)
    client.force_login(cast.admin)
    # The dashboard's figures over every company (the platform admin's are computed each time, never
    # cached) and the two lists, each line's company joined: as many queries whatever the rows.
    with django_assert_max_num_queries(13):
        content = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'<p class="lede">{cast.admin.get_role_display()} · All companies</p>' in content
    for name, company in (("Alpha", cast.a.company.name), ("Beta", cast.b.company.name)):
        for number in range(3):
            assert f'<span class="tag">{company}</span> <a href="' in content
            assert f"Mission {name} {number}</a>" in content
    assert content.count('<span class="tag">') == 12


def test_a_managers_dashboard_shows_their_own_company_once_and_no_company_tags(client, cast):
    _rows(cast)
    client.force_login(cast.a.manager)
    content = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Mission Alpha 0</a>" in content and "Mission Beta 0" not in content
    assert '<span class="tag">' not in content
    assert "All companies" not in content
