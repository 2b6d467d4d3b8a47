"""The collaboration workflow through its services and pages: propose, accept, decline, end, expire;
who may do what; sharing settings; and revocation that shows on the very next request."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from collaborations import services
from collaborations.models import (
    Collaboration,
    CollaborationSharing,
    SharingMode,
)
from collaborations.tests.conftest import collaborate, days
from collaborations.tests.workflow import ACTIVE, INACTIVE, PENDING, _events, _messages, _snapshot, _status

# --- propose, answer, end ------------------------------------------------------------------------


def test_a_manager_proposes_a_collaboration_and_the_proposal_is_recorded_with_who(client, cast):
    client.force_login(cast.a.manager)
    response = client.post(
        reverse("collaborations:collaboration-create"),
        {"partner": cast.b.company.pk, "start_date": days(1).isoformat(), "end_date": days(90).isoformat(),
         "terms": "Marge 10 %"},
    )  # fmt: skip
    collaboration = Collaboration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("collaborations:collaboration-detail", args=[collaboration.pk])
    assert (collaboration.initiator_company, collaboration.partner_company, collaboration.status) == (
        cast.a.company,
        cast.b.company,
        PENDING,
    )
    assert (collaboration.start_date, collaboration.end_date, collaboration.terms) == (days(1), days(90), "Marge 10 %")
    assert _events(collaboration) == [(cast.a.manager.pk, None, PENDING)]


def test_the_invited_manager_accepts_and_the_collaboration_becomes_active(client, cast):
    collaboration = services.collaboration_propose(by=cast.a.manager, partner=cast.b.company)
    client.force_login(cast.b.manager)
    response = _status(client, collaboration, "accept")
    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.status == ACTIVE
    assert _events(collaboration) == [(cast.a.manager.pk, None, PENDING), (cast.b.manager.pk, PENDING, ACTIVE)]
    page = client.get(reverse("collaborations:collaboration-detail", args=[collaboration.pk])).content.decode()
    assert "in force today" in page and "Manager Beta Services" in page


def test_the_invited_manager_declines_and_the_collaboration_is_inactive(client, cast):
    collaboration = services.collaboration_propose(by=cast.a.manager, partner=cast.b.company)
    client.force_login(cast.b.manager)
    _status(client, collaboration, "decline")
    collaboration.refresh_from_db()
    assert collaboration.status == INACTIVE
    assert _events(collaboration)[-1] == (cast.b.manager.pk, PENDING, INACTIVE)


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_the_proposing_company_cannot_answer_its_own_proposal(client, cast, action):
    collaboration = services.collaboration_propose(by=cast.a.manager, partner=cast.b.company)
    before = _snapshot()
    client.force_login(cast.a.manager)
    response = _status(client, collaboration, action)
    assert response.status_code == 302
    assert _messages(response) == ["The invited company answers a proposal, not the one that made it."]
    assert _snapshot() == before
    with pytest.raises(ValidationError):
        getattr(services, f"collaboration_{action}")(collaboration=collaboration, by=cast.a.manager)
    assert _snapshot() == before


@pytest.mark.parametrize("side", ["a", "b"])
def test_either_side_ends_an_active_collaboration(client, cast, side):
    collaboration = collaborate(cast.a.company, cast.b.company)
    manager = getattr(cast, side).manager
    client.force_login(manager)
    _status(client, collaboration, "end")
    collaboration.refresh_from_db()
    assert collaboration.status == INACTIVE
    assert _events(collaboration) == [(manager.pk, ACTIVE, INACTIVE)]
    before = _snapshot()
    response = _status(client, collaboration, "end")
    assert _messages(response)[-1] == "This collaboration has already ended."
    assert _snapshot() == before


def test_the_proposer_withdraws_a_pending_proposal(client, cast):
    collaboration = services.collaboration_propose(by=cast.a.manager, partner=cast.b.company)
    client.force_login(cast.a.manager)
    _status(client, collaboration, "end")
    collaboration.refresh_from_db()
    assert collaboration.status == INACTIVE
    assert _events(collaboration)[-1] == (cast.a.manager.pk, PENDING, INACTIVE)


def test_accepting_an_active_or_ended_collaboration_is_refused(cast):
    collaboration = collaborate(cast.a.company, cast.b.company)
    for status in (ACTIVE, INACTIVE):
        Collaboration.objects.filter(pk=collaboration.pk).update(status=status)
        before = _snapshot()
        with pytest.raises(ValidationError):
            services.collaboration_accept(collaboration=collaboration, by=cast.b.manager)
        assert _snapshot() == before


@pytest.mark.parametrize("proposer", ["a", "b"])
def test_proposing_again_after_the_collaboration_ended_reopens_the_same_row(cast, proposer):
    collaboration = collaborate(cast.a.company, cast.b.company, status=INACTIVE, start=days(-90), end=days(-1))
    manager = getattr(cast, proposer).manager
    partner = cast.b.company if proposer == "a" else cast.a.company
    reopened = services.collaboration_propose(by=manager, partner=partner, end_date=days(30))
    assert reopened.pk == collaboration.pk
    assert Collaboration.objects.count() == 1
    reopened.refresh_from_db()
    assert (reopened.initiator_company, reopened.partner_company, reopened.status) == (
        manager.company,
        partner,
        PENDING,
    )
    assert (reopened.start_date, reopened.end_date) == (None, days(30))
    assert _events(reopened) == [(manager.pk, INACTIVE, PENDING)]


# --- bad proposals: clear errors beside the field, nothing written ----------------------------------


def test_proposing_to_ones_own_company_is_refused_beside_the_field(client, cast):
    client.force_login(cast.a.manager)
    before = _snapshot()
    response = client.post(reverse("collaborations:collaboration-create"), {"partner": cast.a.company.pk, "terms": "T"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["partner"]
    assert response.context["form"]["terms"].value() == "T"
    assert _snapshot() == before
    with pytest.raises(ValidationError) as error:
        services.collaboration_propose(by=cast.a.manager, partner=cast.a.company)
    assert error.value.message_dict == {"partner": ["A company cannot collaborate with itself."]}
    assert _snapshot() == before


@pytest.mark.parametrize(("first", "second"), [("a", "a"), ("a", "b")])
@pytest.mark.parametrize("status", [PENDING, ACTIVE])
def test_proposing_twice_to_the_same_company_is_refused_beside_the_field(client, cast, first, second, status):
    initiator = getattr(cast, first)
    other = cast.b if first == "a" else cast.a
    collaborate(initiator.company, other.company, status=status)
    proposer = getattr(cast, second)
    target = cast.b if second == "a" else cast.a
    before = _snapshot()
    client.force_login(proposer.manager)
    response = client.post(reverse("collaborations:collaboration-create"), {"partner": target.company.pk})
    assert response.status_code == 200
    label = "pending" if status == PENDING else "active"
    assert response.context["form"].errors == {
        "partner": [f"There is already a collaboration with {target.company.name} ({label})."]
    }
    assert _snapshot() == before


def test_an_end_date_before_the_start_date_is_refused_and_what_was_typed_is_kept(client, cast):
    client.force_login(cast.a.manager)
    before = _snapshot()
    response = client.post(
        reverse("collaborations:collaboration-create"),
        {"partner": cast.b.company.pk, "start_date": days(10).isoformat(), "end_date": days(5).isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"end_date": ["The end date cannot be before the start date."]}
    assert f'value="{days(10).isoformat()}"' in response.content.decode()
    assert _snapshot() == before


def test_extra_fields_posted_with_a_proposal_are_ignored(client, cast):
    client.force_login(cast.a.manager)
    client.post(
        reverse("collaborations:collaboration-create"),
        {
            "partner": cast.b.company.pk,
            "initiator_company": cast.b.company.pk,
            "partner_company": cast.a.company.pk,
            "company": cast.b.company.pk,
            "status": ACTIVE,
        },
    )
    collaboration = Collaboration.objects.get()
    assert (collaboration.initiator_company, collaboration.partner_company, collaboration.status) == (
        cast.a.company,
        cast.b.company,
        PENDING,
    )


def test_extra_fields_posted_with_sharing_settings_are_ignored(client, cast):
    collaboration = collaborate(cast.a.company, cast.b.company)
    client.force_login(cast.b.manager)
    client.post(
        reverse("collaborations:collaboration-sharing", args=[collaboration.pk]),
        {"mode": SharingMode.SELECTION, "show_names": "on", "company": cast.a.company.pk, "status": INACTIVE},
    )
    assert list(CollaborationSharing.objects.values_list("company", "mode", "show_names")) == [
        (cast.b.company.pk, SharingMode.SELECTION, True)
    ]
    collaboration.refresh_from_db()
    assert collaboration.status == ACTIVE
