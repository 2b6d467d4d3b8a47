import pytest
from django.urls import reverse

from collaborations.services import collaboration_propose
from consultants.services import consultant_update
from consultants.tests.factories import ConsultantFactory
from history.selectors import audit_trail_for
from matching.models import MatchEvent
from matching.services import match_move
from matching.tests.factories import MatchFactory
from tenders.tests.factories import TenderFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _trail(obj, user):
    return [(entry.who_label, entry.what, entry.subject, entry.note) for entry in audit_trail_for(obj, user)]


def test_a_profile_trail_is_its_change_records_as_entries_with_their_details(cast):
    consultant = ConsultantFactory(company=cast.a.company, location="Lyon")
    consultant_update(consultant=consultant, by=cast.a.manager, location="Nantes")
    entries = audit_trail_for(consultant, cast.a.manager)
    assert _trail(consultant, cast.a.manager) == [(cast.a.manager.full_name, "Changed", "", "")]
    assert [(line.old, line.new) for line in entries[0].details] == [("Lyon", "Nantes")]
    assert audit_trail_for(consultant, cast.b.manager) == []
    assert audit_trail_for(consultant, None) == []


def test_a_match_trail_is_its_moves_newest_first_and_reuses_the_events_a_selector_loaded(
    cast, django_assert_num_queries
):
    match = MatchFactory(tender=TenderFactory(company=cast.a.company))
    match_move(match=match, to="submitted", by=cast.a.manager)
    match_move(match=match, to="rejected", by=cast.a.manager, note="Too far")
    expected = [
        (cast.a.manager.full_name, "Submitted → Rejected", "", "Too far"),
        (cast.a.manager.full_name, "Suggested → Submitted", "", ""),
    ]
    assert _trail(match, cast.a.manager) == expected
    match.event_list = list(MatchEvent.objects.filter(match=match).select_related("by"))
    with django_assert_num_queries(0):
        assert _trail(match, None) == expected


def test_the_match_page_shows_its_moves_in_the_shared_fragment(client, cast):
    match = MatchFactory(tender=TenderFactory(company=cast.a.company))
    match_move(match=match, to="submitted", by=cast.a.manager, note="Sent on Monday")
    client.force_login(cast.a.manager)
    page = client.get(reverse("matching:match-detail", args=[match.pk])).content.decode()
    assert '<details class="history">' in page
    assert "Suggested → Submitted · Sent on Monday" in page
    assert f"<strong>{cast.a.manager.full_name}</strong>" in page


def test_a_collaboration_trail_is_its_events_in_order_and_its_page_shows_them(client, cast):
    collaboration = collaboration_propose(by=cast.a.manager, partner=cast.b.company)
    assert _trail(collaboration, cast.a.manager) == [(cast.a.manager.full_name, "Pending", "", "Proposed")]
    client.force_login(cast.a.manager)
    page = client.get(reverse("collaborations:collaboration-detail", args=[collaboration.pk])).content.decode()
    assert '<h2 id="history-title">History</h2>' in page
    assert f"<strong>{cast.a.manager.full_name}</strong> · Pending · Proposed" in page
