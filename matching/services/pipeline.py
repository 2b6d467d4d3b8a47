"""The sales pipeline: moving a match between suggested, submitted, accepted and rejected, and its notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matching.board.counts import pipeline_changed
from matching.models import Match, MatchEvent, MatchStatus, RejectionReason
from talentmatch import events
from talentmatch.models import User

ALLOWED_MOVES = {
    MatchStatus.SUGGESTED: {MatchStatus.SUBMITTED, MatchStatus.REJECTED},
    MatchStatus.SUBMITTED: {MatchStatus.ACCEPTED, MatchStatus.REJECTED, MatchStatus.SUGGESTED},
    MatchStatus.ACCEPTED: {MatchStatus.SUBMITTED},
    MatchStatus.REJECTED: {MatchStatus.SUGGESTED, MatchStatus.SUBMITTED},
}


# What the board's bulk action may do to several cards at once, and from which statuses (those of
# the card's own Submit and Reject buttons: a bulk submit never takes an accepted match back).
BULK_MOVES = {
    MatchStatus.SUBMITTED: {MatchStatus.SUGGESTED, MatchStatus.REJECTED},
    MatchStatus.REJECTED: {MatchStatus.SUGGESTED, MatchStatus.SUBMITTED},
}


def _rejection_reason(reason: str, note: str) -> str:
    """The reason code of a rejection: a free-text note alone counts as "other"; "other" needs a note."""
    if not reason:
        if not note:
            raise ValidationError({"reason": _("Choose a reason for the rejection.")})
        return RejectionReason.OTHER
    if reason not in RejectionReason.values:
        raise ValidationError({"reason": _("Choose a valid reason for the rejection.")})
    if reason == RejectionReason.OTHER and not note:
        raise ValidationError({"note": _("Say in the note why the match is rejected.")})
    return reason


@transaction.atomic
def match_move(*, match: Match, to: str, by: User, note: str = "", reason: str = "") -> Match:
    """Move a match in the pipeline, recording who moved it, when and why.

    Submitting keeps the score of that moment as `submitted_score`; a rejection needs a reason code
    (`RejectionReason`; "other" with a note), kept on the match until it leaves "rejected".
    """
    match = Match.objects.select_for_update(of=("self",)).select_related("tender").get(pk=match.pk)
    to = MatchStatus(to)
    if to not in ALLOWED_MOVES[MatchStatus(match.status)]:
        raise ValidationError(
            _("A match cannot go from “%(from)s” to “%(to)s”.")
            % {"from": MatchStatus(match.status).label, "to": to.label}
        )
    note = (note or "").strip()
    match.rejection_reason = _rejection_reason(reason, note) if to == MatchStatus.REJECTED else ""
    if to == MatchStatus.SUBMITTED:
        match.submitted_score = match.match_score
        match.owner = match.owner or by
    elif to == MatchStatus.SUGGESTED:
        match.submitted_score = None
        match.owner = None
    previous = match.status
    match.status = to
    match.save(update_fields=["status", "submitted_score", "owner", "rejection_reason", "updated_at"])
    MatchEvent.objects.create(match=match, by=by, from_status=previous, to_status=to, note=note)
    company_id = match.tender.company_id
    transaction.on_commit(lambda: pipeline_changed(company_id))
    if to == MatchStatus.SUGGESTED:
        # Back among suggestions, it must again earn its place in the top K.
        events.tender_changed([match.tender_id])
    return match


@dataclass
class BulkMoveReport:
    """What a bulk move did: the matches moved, and for each one refused its card's title and why."""

    moved: list[Match] = field(default_factory=list)
    refused: list[tuple[Match | None, str]] = field(default_factory=list)


def matches_move(
    *, matches: list[Match], missing: int = 0, to: str, by: User, note: str = "", reason: str = ""
) -> BulkMoveReport:
    """Move each of `matches` (already narrowed to what `by` may see) through `match_move`, each in
    its own transaction: a refused one (a move its status does not allow) leaves the others moved.
    `missing` counts the asked-for matches that were not found among the visible ones."""
    if MatchStatus(to) not in BULK_MOVES:
        raise ValidationError(_("Several cards can only be submitted or rejected together."))
    if to == MatchStatus.REJECTED:
        _rejection_reason(reason, (note or "").strip())  # refuse a bad reason once, before moving anything
    report = BulkMoveReport()
    to = MatchStatus(to)
    for match in matches:
        if match.status not in BULK_MOVES[to]:
            report.refused.append(
                (
                    match,
                    _("A match cannot go from “%(from)s” to “%(to)s”.")
                    % {"from": MatchStatus(match.status).label, "to": to.label},
                )
            )
            continue
        try:
            report.moved.append(match_move(match=match, to=to, by=by, note=note, reason=reason))
        except ValidationError as error:
            report.refused.append((match, " ".join(error.messages)))
    report.refused.extend((None, _("This card is no longer on your board.")) for _index in range(missing))
    return report


@transaction.atomic
def match_note(*, match: Match, by: User, notes: str) -> Match:
    """Replace the match's notes, recording the change."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    notes = (notes or "").strip()
    match.notes = notes or None
    match.save(update_fields=["notes", "updated_at"])
    MatchEvent.objects.create(match=match, by=by, from_status=match.status, to_status=match.status, note=notes)
    return match
