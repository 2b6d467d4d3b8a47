"""`Consultant.sort_name` (the consultant list's default order) is written by the services that write a
name, with no `save()` override behind them: each path that creates or renames keeps it in step."""

import pytest
from django.urls import reverse

from consultants import services
from consultants.models import Consultant
from consultants.tests.factories import ConsultantFactory
from dataio.services import data_import
from dataio.tests.conftest import csv_bytes
from talentmatch.services import user_update


def _sort_name(consultant) -> str | None:
    return Consultant.objects.values_list("sort_name", flat=True).get(pk=consultant.pk)


def _list_names(client, user) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("consultants:consultant-list"))
    assert response.status_code == 200
    return [consultant.user.last_name for consultant in response.context["page"]]


def test_consultant_create_writes_the_folded_last_first_name(cast):
    consultant = services.consultant_create(
        company=cast.a.company, first_name="Élodie", last_name="Évrard-Durand", email="elodie@alpha.test", title="Dev"
    )
    assert _sort_name(consultant) == "evrard-durand elodie"


def test_consultant_update_of_a_name_rewrites_it_and_reorders_the_list(client, cast):
    first = ConsultantFactory(company=cast.a.company, user__first_name="Anne", user__last_name="Arnaud")
    second = ConsultantFactory(company=cast.a.company, user__first_name="Bruno", user__last_name="Bernard")
    assert _list_names(client, cast.a.recruiter) == ["Arnaud", "Bernard"]
    services.consultant_update(consultant=first, by=cast.a.recruiter, last_name="Zola")
    assert _sort_name(first) == "zola anne"
    assert _sort_name(second) == "bernard bruno"
    assert _list_names(client, cast.a.recruiter) == ["Bernard", "Zola"]


def test_consultant_update_without_a_name_keeps_it(cast):
    consultant = ConsultantFactory(company=cast.a.company, user__first_name="Anne", user__last_name="Arnaud")
    services.consultant_update(consultant=consultant, by=cast.a.recruiter, title="Architecte")
    assert _sort_name(consultant) == "arnaud anne"


def test_the_account_service_renaming_a_consultant_rewrites_it(cast):
    consultant = ConsultantFactory(company=cast.a.company, user__first_name="Anne", user__last_name="Arnaud")
    user_update(user=consultant.user, by=cast.admin, first_name="Annie", last_name="Östberg")
    assert _sort_name(consultant) == "ostberg annie"


def test_the_account_service_leaves_other_profiles_alone(cast):
    consultant = ConsultantFactory(company=cast.a.company, user__first_name="Anne", user__last_name="Arnaud")
    user_update(user=cast.a.recruiter, by=cast.admin, last_name="Autre")
    assert _sort_name(consultant) == "arnaud anne"


@pytest.mark.parametrize("second_last_name", ["Bernard", "Aaron"])
def test_an_import_writes_it_on_create_and_on_rename(cast, second_last_name):
    header = "first_name,last_name,email,title"
    created = data_import(
        kind="consultants",
        name="people.csv",
        content=csv_bytes(header, "Camille,Martin,camille@alpha.test,Dev"),
        company=cast.a.company,
        by=cast.a.manager,
    )
    assert created.ok and created.created == 1
    consultant = Consultant.objects.get(user__email="camille@alpha.test")
    assert _sort_name(consultant) == "martin camille"
    renamed = data_import(
        kind="consultants",
        name="people.csv",
        content=csv_bytes(header, f"Camille,{second_last_name},camille@alpha.test,Dev"),
        company=cast.a.company,
        by=cast.a.manager,
    )
    assert renamed.ok and renamed.updated == 1
    assert _sort_name(consultant) == f"{second_last_name.lower()} camille"
