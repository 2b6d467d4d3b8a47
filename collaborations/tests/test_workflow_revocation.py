"""The end of a collaboration: the daily expiry, and revocation that shows on the very next request
then reaches the next recompute."""

from __future__ import annotations

import pytest
from django.urls import reverse

from collaborations import services
from collaborations.models import (
    Collaboration,
    CollaborationEvent,
    SharingMode,
)
from collaborations.tests.conftest import collaborate, days, hire
from collaborations.tests.workflow import ACTIVE, INACTIVE, PENDING
from consultants.models import AvailabilityStatus, Consultant
from matching.models import Match, MatchStatus
from matching.services import match_move, matches_recompute
from talentmatch.tests.factories import CompanyFactory

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
    assert {m.pk for m in client.get(tender_url).context["ranking"].cards} == {suggested.pk, kept.pk, own.pk}

    for consultant in (scene.shared, submitted):
        _revoke(cast, partnership, how, consultant)
        if how in ("end", "selection", "expiry"):
            break

    # The very next request, before any recompute: the suggestion is gone, the submitted one stays.
    response = client.get(tender_url)
    assert {m.pk for m in response.context["ranking"].cards} == {own.pk, kept.pk}
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
