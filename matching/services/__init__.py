"""Every write on matches, by subdomain: `recompute` (the full and incremental rankings),
`scheduling` (coalesced queueing, and the answers to talentmatch.events) and `pipeline` (the sales
pipeline). The public names are re-exported here: `from matching.services import match_move`."""

from matching.services.pipeline import ALLOWED_MOVES, BULK_MOVES, BulkMoveReport, match_move, match_note, matches_move
from matching.services.recompute import (
    WRITE_BATCH_ROWS,
    Cutoff,
    RecomputeReport,
    matches_recompute,
    matches_recompute_fan_out,
    matches_update_for_consultant,
)
from matching.services.scheduling import (
    on_consultant_changed,
    on_pool_changed,
    on_tender_changed,
    queued_key,
    rematch_deferred,
    schedule_company_rematch,
    schedule_consultant_rematch,
    schedule_tender_rematch,
)

__all__ = [
    "ALLOWED_MOVES",
    "BULK_MOVES",
    "BulkMoveReport",
    "WRITE_BATCH_ROWS",
    "Cutoff",
    "RecomputeReport",
    "match_move",
    "match_note",
    "matches_move",
    "matches_recompute",
    "matches_recompute_fan_out",
    "matches_update_for_consultant",
    "on_consultant_changed",
    "on_pool_changed",
    "on_tender_changed",
    "queued_key",
    "rematch_deferred",
    "schedule_company_rematch",
    "schedule_consultant_rematch",
    "schedule_tender_rematch",
]
