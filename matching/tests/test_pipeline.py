"""The sales pipeline: which moves a match may make, what each move records, and notes."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from matching.models import Match, MatchEvent, MatchStatus
from matching.services import match_move, match_note
from matching.tests.factories import MatchFactory
from tenders.tests.factories import TenderFactory

pytestmark = pytest.mark.django_db

STATUSES = [MatchStatus.SUGGESTED, MatchStatus.SUBMITTED, MatchStatus.ACCEPTED, MatchStatus.REJECTED]
ALLOWED = {
    ("suggested", "submitted"),
    ("suggested", "rejected"),
    ("submitted", "accepted"),
    ("submitted", "rejected"),
    ("submitted", "suggested"),
    ("accepted", "submitted"),
    ("rejected", "suggested"),
    ("rejected", "submitted"),
}
FORBIDDEN = sorted({(a.value, b.value) for a in STATUSES for b in STATUSES} - ALLOWED)
IN_PIPELINE_SCORE = 0.5  # the submitted score a match already in the pipeline carries


@pytest.fixture
def match(cast):
    return MatchFactory(tender=TenderFactory(company=cast.a.company), match_score=0.62)


def _put(match: Match, status: str) -> Match:
    submitted = None if status == MatchStatus.SUGGESTED else IN_PIPELINE_SCORE
    Match.objects.filter(pk=match.pk).update(status=status, submitted_score=submitted)
    return Match.objects.get(pk=match.pk)


def _state(match: Match) -> tuple:
    return Match.objects.filter(pk=match.pk).values_list("status", "submitted_score", "notes", "owner", "updated_at")[0]


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_an_allowed_move_changes_the_status_and_records_who_from_to_and_why(match, cast, source, target):
    match = _put(match, source)

    moved = match_move(match=match, to=target, by=cast.a.sales, note="  Client feedback.  ")

    assert Match.objects.get(pk=match.pk).status == moved.status == target
    event = MatchEvent.objects.get(match=match)
    assert (event.by, event.from_status, event.to_status, event.note) == (
        cast.a.sales,
        source,
        target,
        "Client feedback.",
    )
    expected_submitted = {"submitted": 0.62, "suggested": None}.get(
        target, None if source == "suggested" else IN_PIPELINE_SCORE
    )
    assert Match.objects.get(pk=match.pk).submitted_score == expected_submitted


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_a_forbidden_move_is_refused_and_changes_nothing(match, cast, source, target):
    match = _put(match, source)
    before = _state(match)

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            match_move(match=match, to=target, by=cast.a.sales, note="Trying.")
        expected = f"A match cannot go from “{MatchStatus(source).label}” to “{MatchStatus(target).label}”."

    assert refused.value.messages == [expected]
    assert _state(match) == before
    assert MatchEvent.objects.count() == 0


@pytest.mark.parametrize("note", ["", "   "])
def test_a_rejection_needs_a_reason(match, cast, note):
    before = _state(match)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        match_move(match=match, to="rejected", by=cast.a.sales, note=note)

    assert refused.value.message_dict == {"reason": ["Choose a reason for the rejection."]}
    assert _state(match) == before
    assert MatchEvent.objects.count() == 0


def test_submitting_keeps_the_score_of_that_moment_whatever_the_score_becomes(match, cast):
    match_move(match=match, to="submitted", by=cast.a.sales)
    Match.objects.filter(pk=match.pk).update(match_score=0.41)  # a later recompute refreshes the score
    match_move(match=match, to="accepted", by=cast.a.manager)

    accepted = Match.objects.get(pk=match.pk)
    assert (accepted.status, accepted.match_score, accepted.submitted_score) == ("accepted", 0.41, 0.62)
    assert accepted.owner == cast.a.sales

    match_move(match=match, to="submitted", by=cast.a.manager)
    match_move(match=match, to="suggested", by=cast.a.manager)
    back = Match.objects.get(pk=match.pk)
    assert (back.status, back.submitted_score, back.owner) == ("suggested", None, None)
    assert list(
        MatchEvent.objects.filter(match=match).order_by("pk").values_list("by", "from_status", "to_status")
    ) == [
        (cast.a.sales.pk, "suggested", "submitted"),
        (cast.a.manager.pk, "submitted", "accepted"),
        (cast.a.manager.pk, "accepted", "submitted"),
        (cast.a.manager.pk, "submitted", "suggested"),
    ]


def test_a_match_note_replaces_the_notes_and_is_recorded(match, cast):
    submitted = match_move(match=match, to="submitted", by=cast.a.sales)

    noted = match_note(match=submitted, by=cast.a.recruiter, notes="  Met the client on Tuesday.  ")

    assert Match.objects.get(pk=match.pk).notes == noted.notes == "Met the client on Tuesday."
    event = MatchEvent.objects.filter(match=match).order_by("pk").last()
    assert (event.by, event.from_status, event.to_status) == (cast.a.recruiter, "submitted", "submitted")
    assert event.note.strip() == "Met the client on Tuesday."
    assert Match.objects.get(pk=match.pk).status == "submitted"


def test_a_blank_match_note_clears_the_notes(match, cast):
    match_note(match=match, by=cast.a.sales, notes="First contact.")

    match_note(match=match, by=cast.a.sales, notes="   ")

    assert Match.objects.get(pk=match.pk).notes is None
    assert MatchEvent.objects.filter(match=match).count() == 2
