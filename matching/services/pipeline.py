"""The sales pipeline: moving a match between suggested, submitted, accepted and rejected, and its notes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matching.models import Match, MatchEvent, MatchStatus
from talentmatch import events
from talentmatch.models import User

ALLOWED_MOVES = {
    MatchStatus.SUGGESTED: {MatchStatus.SUBMITTED, MatchStatus.REJECTED},
    MatchStatus.SUBMITTED: {MatchStatus.ACCEPTED, MatchStatus.REJECTED, MatchStatus.SUGGESTED},
    MatchStatus.ACCEPTED: {MatchStatus.SUBMITTED},
    MatchStatus.REJECTED: {MatchStatus.SUGGESTED, MatchStatus.SUBMITTED},
}


@transaction.atomic
def match_move(*, match: Match, to: str, by: User, note: str = "") -> Match:
    """Move a match in the pipeline, recording who moved it, when and why.

    Submitting keeps the score of that moment as `submitted_score`; a rejection needs a reason.
    """
    match = Match.objects.select_for_update().get(pk=match.pk)
    to = MatchStatus(to)
    if to not in ALLOWED_MOVES[MatchStatus(match.status)]:
        raise ValidationError(
            _("A match cannot go from “%(from)s” to “%(to)s”.")
            % {"from": MatchStatus(match.status).label, "to": to.label}
        )
    note = (note or "").strip()
    if to == MatchStatus.REJECTED and not note:
        raise ValidationError({"note": _("Give a reason for the rejection.")})
    if to == MatchStatus.SUBMITTED:
        match.submitted_score = match.match_score
        match.owner = match.owner or by
    elif to == MatchStatus.SUGGESTED:
        match.submitted_score = None
        match.owner = None
    previous = match.status
    match.status = to
    match.save(update_fields=["status", "submitted_score", "owner", "updated_at"])
    MatchEvent.objects.create(match=match, by=by, from_status=previous, to_status=to, note=note)
    if to == MatchStatus.SUGGESTED:
        # Back among suggestions, it must again earn its place in the top K.
        events.tender_changed([match.tender_id])
    return match


@transaction.atomic
def match_note(*, match: Match, by: User, notes: str) -> Match:
    """Replace the match's notes, recording the change."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    notes = (notes or "").strip()
    match.notes = notes or None
    match.save(update_fields=["notes", "updated_at"])
    MatchEvent.objects.create(match=match, by=by, from_status=match.status, to_status=match.status, note=notes)
    return match
