"""The collaboration workflow through its services and pages: propose, accept, decline, end, expire;
who may do what; sharing settings; and revocation that shows on the very next request."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from collaborations import services
from collaborations.models import (
    Collaboration,
    CollaborationEvent,
    CollaborationSharing,
    CollaborationStatus,
    SharingMode,
)
from collaborations.tests.conftest import collaborate, days, hire
from consultants.models import AvailabilityStatus, Consultant
from matching.models import Match, MatchStatus
from matching.services import match_move, matches_recompute
from talentmatch.tests.factories import CompanyFactory

PENDING, ACTIVE, INACTIVE = CollaborationStatus.PENDING, CollaborationStatus.ACTIVE, CollaborationStatus.INACTIVE


def _events(collaboration) -> list[tuple]:
    return list(collaboration.events.order_by("pk").values_list("by_id", "from_status", "to_status"))


def _snapshot() -> tuple:
    """Everything the collaboration writes could change."""
    return (
        list(Collaboration.objects.order_by("pk").values_list("pk", "initiator_company", "partner_company", "status")),
        list(CollaborationEvent.objects.order_by("pk").values_list("pk", "to_status")),
        list(CollaborationSharing.objects.order_by("pk").values_list("pk", "company", "mode", "show_names")),
        list(CollaborationSharing.selection.through.objects.order_by("pk").values_list("pk", "consultant_id")),
        list(Consultant.objects.order_by("pk").values_list("pk", "sharing_excluded")),
    )


def _status(client, collaboration, action: str):
    return client.post(reverse("collaborations:collaboration-status", args=[collaboration.pk]), {"action": action})


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


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


# --- expiry ----------------------------------------------------------------------------------------


def test_the_daily_job_ends_exactly_the_active_collaborations_past_their_end_date(cast):
    c, d, e, f = (CompanyFactory(name=name) for name in ("Gamma", "Delta", "Epsilon", "Zeta"))
    expired = collaborate(cast.a.company, cast.b.company, start=days(-60), end=days(-1))
    expired_long_ago = collaborate(cast.a.company, c, end=days(-400))
    ending_today = collaborate(cast.a.company, d, end=days(0))
    pending_past = collaborate(cast.b.company, c, status=PENDING, end=days(-1))
    inactive_past = collaborate(cast.b.company, d, status=INACTIVE, end=days(-1))
    open_ended = collaborate(e, f)
    assert services.collaborations_expire() == 2
    statuses = dict(Collaboration.objects.values_list("pk", "status"))
    assert statuses == {
        expired.pk: INACTIVE,
        expired_long_ago.pk: INACTIVE,
        ending_today.pk: ACTIVE,
        pending_past.pk: PENDING,
        inactive_past.pk: INACTIVE,
        open_ended.pk: ACTIVE,
    }
    assert list(
        CollaborationEvent.objects.order_by("pk").values_list("collaboration", "by", "from_status", "to_status")
    ) == [
        (expired.pk, None, ACTIVE, INACTIVE),
        (expired_long_ago.pk, None, ACTIVE, INACTIVE),
    ]
    assert services.collaborations_expire() == 0
    assert CollaborationEvent.objects.count() == 2


def test_the_daily_beat_job_runs_the_expiry(cast):
    from talentmatch.celery import app
    from talentmatch.tasks import collaborations_expire_task

    assert app.conf.beat_schedule["daily-collaboration-expiry"]["task"] == collaborations_expire_task.name
    expired = collaborate(cast.a.company, cast.b.company, end=days(-1))
    assert collaborations_expire_task() == 1
    expired.refresh_from_db()
    assert expired.status == INACTIVE


# --- revocation: the very next request, then the next recompute ---------------------------------------


def _revoke(cast, partnership, how: str, consultant) -> None:
    if how == "end":
        services.collaboration_end(collaboration=partnership, by=cast.b.manager)
    elif how == "exclusion":
        services.consultant_sharing_exclude(consultant=consultant, by=cast.b.manager, excluded=True)
    elif how == "unavailability":
        Consultant.objects.filter(pk=consultant.pk).update(availability_status=AvailabilityStatus.UNAVAILABLE)
    elif how == "selection":
        services.collaboration_sharing_set(
            collaboration=partnership, by=cast.b.manager, mode=SharingMode.SELECTION, show_names=False
        )
    elif how == "expiry":
        Collaboration.objects.filter(pk=partnership.pk).update(start_date=days(-30), end_date=days(-1))


@pytest.mark.parametrize("how", ["end", "exclusion", "unavailability", "selection", "expiry"])
def test_revocation_hides_the_partners_suggestions_on_the_next_request_and_keeps_submitted_ones(
    client, scene, partnership, how
):
    cast = scene.cast
    submitted = hire(cast.b.company, scene.skill, title="Beta submitted one", user__last_name="Submittedsecret")
    matches_recompute(company_id=cast.a.company.pk)
    suggested = Match.objects.get(tender=scene.tender_a, consultant=scene.shared)
    kept = Match.objects.get(tender=scene.tender_a, consultant=submitted)
    match_move(match=kept, to=MatchStatus.SUBMITTED, by=cast.a.sales)
    own = Match.objects.get(tender=scene.tender_a, consultant=scene.own_a)
    client.force_login(cast.a.sales)
    tender_url = reverse("tenders:tender-detail", args=[scene.tender_a.pk])
    assert {m.pk for m in client.get(tender_url).context["ranking"]} == {suggested.pk, kept.pk, own.pk}

    for consultant in (scene.shared, submitted):
        _revoke(cast, partnership, how, consultant)
        if how in ("end", "selection", "expiry"):
            break

    # The very next request, before any recompute: the suggestion is gone, the submitted one stays.
    response = client.get(tender_url)
    assert {m.pk for m in response.context["ranking"]} == {own.pk, kept.pk}
    content = response.content.decode()
    assert f'id="match-{suggested.pk}"' not in content and "Submittedsecret" not in content
    assert client.get(reverse("matching:match-detail", args=[suggested.pk])).status_code == 404
    assert client.get(reverse("matching:match-detail", args=[kept.pk])).status_code == 200
    board = client.get(reverse("matching:match-board")).content.decode()
    assert f'id="match-{suggested.pk}"' not in board and f'id="match-{kept.pk}"' in board
    assert client.get(reverse("consultants:consultant-detail", args=[scene.shared.pk])).status_code == 404
    assert Match.objects.filter(pk=suggested.pk).exists()  # not yet recomputed

    # The next recompute: the suggestion leaves the pool; the submitted match keeps its history.
    matches_recompute(company_id=cast.a.company.pk)
    assert set(Match.objects.filter(tender=scene.tender_a).values_list("consultant_id", "status")) == {
        (scene.own_a.pk, MatchStatus.SUGGESTED),
        (submitted.pk, MatchStatus.SUBMITTED),
    }


def test_the_owner_sees_read_only_where_its_consultants_stand_on_the_partners_tenders(client, scene, partnership):
    matches_recompute(company_id=scene.cast.a.company.pk)
    client.force_login(scene.cast.b.sales)
    page = client.get(reverse("collaborations:collaboration-detail", args=[partnership.pk]))
    assert [match.consultant_id for match in page.context["at_partner"]] == [scene.shared.pk]
    content = page.content.decode()
    assert scene.tender_a.title in content
    assert 'action="/matches/' not in content  # no move form on the partner's pipeline


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
