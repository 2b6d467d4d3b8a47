"""Who may change a collaboration: managers only, each on their own pairs; the platform admin reads them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from collaborations import services
from collaborations.models import (
    Collaboration,
)
from collaborations.tests.conftest import collaborate, hire
from collaborations.tests.workflow import PENDING, _snapshot
from talentmatch.tests.factories import CompanyFactory

# --- who may do what -------------------------------------------------------------------------------


def _write_routes(collaboration, consultant) -> list[tuple[str, dict]]:
    return [
        (reverse("collaborations:collaboration-create"), {"partner": collaboration.partner_company_id}),
        (reverse("collaborations:collaboration-status", args=[collaboration.pk]), {"action": "accept"}),
        (reverse("collaborations:collaboration-status", args=[collaboration.pk]), {"action": "end"}),
        (reverse("collaborations:collaboration-sharing", args=[collaboration.pk]), {"mode": "selection"}),
        (
            reverse("collaborations:collaboration-selection", args=[collaboration.pk]),
            {"consultant": consultant.pk, "selected": "on"},
        ),
        (reverse("collaborations:consultant-exclusion", args=[consultant.pk]), {"excluded": "on"}),
    ]


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("role", ["recruiter", "sales", "consultant"])
def test_only_managers_change_collaborations_every_write_route_answers_403(client, cast, side, role):
    collaboration = collaborate(cast.a.company, cast.b.company, status=PENDING)
    consultant = hire(getattr(cast, side).company, skill=_skill())
    before = _snapshot()
    client.force_login(getattr(cast, side).user(role))
    statuses = [client.post(url, data).status_code for url, data in _write_routes(collaboration, consultant)]
    assert statuses == [403] * 6
    assert client.get(reverse("collaborations:collaboration-create")).status_code == 403
    assert _snapshot() == before
    with pytest.raises(PermissionDenied):
        services.collaboration_accept(collaboration=collaboration, by=getattr(cast, side).user(role))
    assert _snapshot() == before


def _skill():
    from consultants.tests.factories import SkillFactory

    return SkillFactory(name="Kotlin")


def test_another_pairs_collaboration_answers_404_on_every_route(client, cast):
    third = CompanyFactory(name="Gamma Partners")
    theirs = collaborate(cast.b.company, third, status=PENDING)
    missing = Collaboration(pk=theirs.pk + 1000, partner_company_id=third.pk)
    b_consultant = hire(cast.b.company, skill=_skill())
    before = _snapshot()
    client.force_login(cast.a.manager)
    for collaboration in (theirs, missing):
        assert client.get(reverse("collaborations:collaboration-detail", args=[collaboration.pk])).status_code == 404
        statuses = [client.post(url, data).status_code for url, data in _write_routes(collaboration, b_consultant)[1:]]
        assert statuses == [404] * 5
    assert _snapshot() == before
    with pytest.raises(PermissionDenied):
        services.collaboration_end(collaboration=theirs, by=cast.a.manager)
    assert _snapshot() == before


def test_a_manager_cannot_select_or_exclude_the_partners_consultant(cast):
    collaboration = collaborate(cast.a.company, cast.b.company)
    b_consultant = hire(cast.b.company, skill=_skill())
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        services.collaboration_selection_set(
            collaboration=collaboration, by=cast.a.manager, consultant=b_consultant, selected=True
        )
    with pytest.raises(PermissionDenied):
        services.consultant_sharing_exclude(consultant=b_consultant, by=cast.a.manager, excluded=True)
    assert _snapshot() == before


def test_the_platform_admin_reads_every_collaboration_but_proposes_none(client, cast):
    collaboration = collaborate(cast.a.company, cast.b.company)
    client.force_login(cast.admin)
    assert client.get(reverse("collaborations:collaboration-list")).status_code == 200
    assert client.get(reverse("collaborations:collaboration-detail", args=[collaboration.pk])).status_code == 200
    before = _snapshot()
    response = client.post(reverse("collaborations:collaboration-create"), {"partner": cast.b.company.pk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Only a company's manager changes its collaborations."]
    assert _snapshot() == before
