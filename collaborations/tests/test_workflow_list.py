"""The collaboration list page: what it counts each way, at a fixed query cost."""

from __future__ import annotations

import pytest
from django.urls import reverse

from collaborations.models import (
    CollaborationSharing,
    SharingMode,
)
from collaborations.tests.conftest import collaborate, days, hire
from collaborations.tests.workflow import ACTIVE, INACTIVE, PENDING
from consultants.models import AvailabilityStatus, Consultant
from talentmatch.tests.factories import CompanyFactory

# --- the list page ---------------------------------------------------------------------------------


def test_the_list_shows_how_many_consultants_are_shared_each_way(client, scene, partnership):
    cast = scene.cast
    hire(cast.b.company, scene.skill, title="Beta two")
    hire(cast.b.company, scene.skill, title="Beta excluded", sharing_excluded=True)
    hire(cast.b.company, scene.skill, title="Beta busy", availability_status=AvailabilityStatus.UNAVAILABLE)
    hire(cast.a.company, scene.skill, title="Alpha later", availability_status=AvailabilityStatus.ON_MISSION,
         availability_date=days(20))  # fmt: skip
    third = CompanyFactory(name="Gamma Partners")
    collaborate(third, cast.a.company, status=PENDING)
    for side, we, they in (("a", 2, 2), ("b", 2, 2)):
        client.force_login(getattr(cast, side).manager)
        groups = dict(client.get(reverse("collaborations:collaboration-list")).context["groups"])
        active = groups["Active"]
        assert [(row.partner_name, row.we_share, row.they_share) for row in active] == [
            ("Beta Services" if side == "a" else "Alpha Conseil", we, they)
        ]
    client.force_login(cast.a.manager)
    groups = dict(client.get(reverse("collaborations:collaboration-list")).context["groups"])
    assert [(row.partner_name, row.we_share, row.they_share) for row in groups["To answer"]] == [
        ("Gamma Partners", None, None)
    ]
    # b switches to an explicit selection of one: a's count of what b shares follows.
    settings = CollaborationSharing.objects.create(
        collaboration=partnership, company=cast.b.company, mode=SharingMode.SELECTION
    )
    settings.selection.add(scene.shared)
    groups = dict(client.get(reverse("collaborations:collaboration-list")).context["groups"])
    assert [(row.we_share, row.they_share) for row in groups["Active"]] == [(2, 1)]


@pytest.mark.parametrize("collaborations", [1, 5])
def test_the_list_costs_the_same_queries_for_1_or_5_collaborations(
    client, scene, django_assert_max_num_queries, collaborations
):
    cast = scene.cast
    partners = [cast.b.company] + [CompanyFactory(name=f"Partner {n}") for n in range(collaborations - 1)]
    for index, partner in enumerate(partners):
        collaboration = collaborate(cast.a.company, partner, status=[ACTIVE, PENDING, INACTIVE][index % 3])
        hire(partner, scene.skill, title=f"Shared {index}")
        settings = CollaborationSharing.objects.create(
            collaboration=collaboration, company=partner, mode=SharingMode.SELECTION if index % 2 else "available"
        )
        settings.selection.add(*Consultant.objects.filter(company=partner))
    client.force_login(cast.a.manager)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("collaborations:collaboration-list"))
    assert response.status_code == 200
    assert sum(len(rows) for _label, rows in response.context["groups"]) == collaborations
