"""Every write on matches: recomputation (full and incremental) and the sales pipeline."""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.models import ConsultantSkill, Skill
from matching import store
from matching.candidates import pool_company_ids, pool_rows, tender_company_ids_for
from matching.engine import Ranker, ScoringConfig
from matching.engine.ranking import RankedChunk
from matching.models import Match, MatchEvent, MatchStatus
from talentmatch.models import User
from tenders.models import Tender

logger = logging.getLogger(__name__)


@dataclass
class RecomputeReport:
    tenders: int = 0
    consultants: int = 0
    pairs_scored: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    seconds: float = 0.0
    tenders_requeued: list[int] = field(default_factory=list)

    def add_write(self, write: store.WriteReport) -> None:
        self.inserted += write.inserted
        self.updated += write.updated
        self.deleted += write.deleted

    def __str__(self) -> str:
        return (
            f"tenders {self.tenders}, consultants {self.consultants}, pairs scored {self.pairs_scored}, "
            f"inserted {self.inserted}, updated {self.updated}, deleted {self.deleted}, {self.seconds:.2f} s"
        )


def _matchable() -> Q:
    return Q(status__in=Tender.MATCHABLE_STATUSES)


def _today() -> int:
    return timezone.localdate().toordinal()


def matches_recompute(
    *,
    tender_ids: list[int] | None = None,
    company_id: int | None = None,
    config: ScoringConfig | None = None,
    today: datetime.date | None = None,
) -> RecomputeReport:
    """Rank the consultants of every matchable tender in scope and store each tender's top K.

    Scope: the given tenders, else the company's tenders, else every tender. Pipeline matches
    (submitted, accepted, rejected) keep their status and notes; only their score is refreshed.
    Suggestions of closed or cancelled tenders in scope are removed. Running it twice changes nothing.
    """
    started = time.perf_counter()
    config = config or ScoringConfig.from_settings()
    day = today.toordinal() if today else _today()
    scope = Q()
    if tender_ids is not None:
        scope &= Q(pk__in=list(tender_ids))
    if company_id is not None:
        scope &= Q(company_id=company_id)
    report = RecomputeReport()
    report.deleted += store.delete_suggestions(Q(tender__in=Tender.objects.filter(scope).exclude(_matchable())))

    graph = store.load_graph()
    tenders = store.load_tenders(graph, scope & _matchable())
    report.tenders = len(tenders)
    if not len(tenders):
        report.seconds = time.perf_counter() - started
        return report

    consultant_filter = Q(company_id__in=pool_company_ids(set(tenders.company_ids.tolist())))
    if tender_ids is not None and len(tenders) <= 50:
        # A few tenders: only consultants holding one of their skills (or a related one) can be candidates.
        wanted = set(graph.skill_ids[tenders.skill_columns].tolist())
        related = Skill.related_skills.through.objects.filter(from_skill_id__in=wanted)
        wanted |= set(related.values_list("to_skill_id", flat=True))
        consultant_filter &= Q(pk__in=ConsultantSkill.objects.filter(skill_id__in=wanted).values("consultant_id"))
    consultants = store.load_consultants(graph, consultant_filter)
    report.consultants = len(consultants)
    ranker = Ranker(consultants, tenders, graph, day, config)
    keep = _keep_rows(tenders, consultants)

    for company in np.unique(tenders.company_ids):
        rows = np.flatnonzero(tenders.company_ids == company)
        pool = pool_rows(consultants, int(company), day)
        for chunk in ranker.rank_group(rows, pool, keep):
            report.pairs_scored += chunk.pairs_scored
            with transaction.atomic():
                report.add_write(store.write_ranked(chunk))
    report.seconds = time.perf_counter() - started
    logger.info("matches recomputed: %s", report)
    return report


def matches_recompute_fan_out(*, chunks: int) -> list[str]:
    """Queue the full recompute as `chunks` tasks over disjoint groups of matchable tenders.

    Tenders are grouped by company so each task loads few candidate pools. Returns the task ids.
    """
    from matching.tasks import matches_recompute_tenders_task

    store.delete_suggestions(Q(tender__in=Tender.objects.exclude(_matchable())))
    ids = list(Tender.objects.filter(_matchable()).order_by("company_id", "pk").values_list("pk", flat=True))
    size = max(1, -(-len(ids) // max(chunks, 1)))
    return [
        matches_recompute_tenders_task.delay(tender_ids=ids[begin : begin + size]).id
        for begin in range(0, len(ids), size)
    ]


def _keep_rows(tenders, consultants) -> dict[int, np.ndarray]:
    """Consultant rows of pipeline matches, by tender row, for the consultants loaded."""
    keep = {}
    tender_row = {int(tender_id): row for row, tender_id in enumerate(tenders.ids)}
    for tender_id, consultant_ids in store.pipeline_pairs(tenders.ids.tolist()).items():
        present = consultant_ids[np.isin(consultant_ids, consultants.ids)]
        if len(present):
            keep[tender_row[tender_id]] = np.searchsorted(consultants.ids, present).astype(np.int64)
    return keep


def matches_update_for_consultant(
    *, consultant_id: int, config: ScoringConfig | None = None, today: datetime.date | None = None
) -> RecomputeReport:
    """Rescore one consultant against every matchable tender whose candidate pool holds them.

    Exact and cheap when the consultant enters a top K or rises within it; when they fall inside or
    out of a top K, that tender is rescored in full (queued, coalesced), since its next candidate is unknown.
    """
    started = time.perf_counter()
    config = config or ScoringConfig.from_settings()
    day = today.toordinal() if today else _today()
    report = RecomputeReport(consultants=1)
    graph = store.load_graph()
    consultants = store.load_consultants(graph, Q(pk=consultant_id))
    if not len(consultants):
        return report
    company_ids = tender_company_ids_for(int(consultants.company_ids[0]))
    tenders = store.load_tenders(graph, _matchable() & Q(company_id__in=company_ids))
    report.tenders = len(tenders)
    if not len(tenders):
        return report
    ranker = Ranker(consultants, tenders, graph, day, config)
    in_pool = np.array(
        [len(pool_rows(consultants, int(company), day)) > 0 for company in tenders.company_ids], dtype=bool
    )
    rows = np.flatnonzero(in_pool)
    scores = ranker.score_consultant(0, rows)
    report.pairs_scored = len(rows)

    stored = _stored_rankings(tenders.ids[rows].tolist())
    k = config.top_k
    chunk = RankedChunk()
    to_delete: list[tuple[int, int]] = []
    requeue: set[int] = set()
    for i, row in enumerate(rows):
        tender_id = int(tenders.ids[row])
        entries = stored.get(tender_id, [])  # [(score, consultant_id, status)] sorted by rank
        mine = next((entry for entry in entries if entry[1] == consultant_id), None)
        top = entries[:k]
        was_top = mine is not None and mine in top
        candidate = scores.skill_credit[i] > 0
        score = float(scores.score[i])
        new_key = (-score, consultant_id)
        if not candidate:
            if was_top:
                requeue.add(tender_id)
                if mine[2] == MatchStatus.SUGGESTED:
                    to_delete.append((tender_id, consultant_id))
            continue
        if was_top:
            if score >= mine[0]:
                _append(chunk, ranker, scores, i, tender_id, consultant_id)
            else:
                requeue.add(tender_id)
            continue
        if len(top) < k:
            enters = True
        else:
            kth = top[-1]
            enters = new_key < (-kth[0], kth[1])
            if enters and kth[2] == MatchStatus.SUGGESTED:
                to_delete.append((tender_id, kth[1]))
        if enters or mine is not None:
            _append(chunk, ranker, scores, i, tender_id, consultant_id)

    with transaction.atomic():
        report.add_write(store.write_ranked(chunk))
        for tender_id, other_id in to_delete:
            deleted, _ = Match.objects.filter(
                tender_id=tender_id, consultant_id=other_id, status=MatchStatus.SUGGESTED
            ).delete()
            report.deleted += deleted
    for tender_id in sorted(requeue):
        schedule_tender_rematch(tender_id)
    report.tenders_requeued = sorted(requeue)
    report.seconds = time.perf_counter() - started
    return report


def _append(chunk: RankedChunk, ranker: Ranker, scores, index: int, tender_id: int, consultant_id: int) -> None:
    chunk.tender_ids.append(tender_id)
    chunk.consultant_ids.append(consultant_id)
    chunk.scores.append(float(scores.score[index]))
    chunk.breakdowns.extend(ranker.breakdowns(scores, [index]))


def _stored_rankings(tender_ids: list[int]) -> dict[int, list[tuple[float, int, str]]]:
    rankings: dict[int, list[tuple[float, int, str]]] = {}
    for tender_id, score, consultant_id, status in (
        Match.objects.filter(tender_id__in=tender_ids)
        .order_by("tender_id", "-match_score", "consultant_id")
        .values_list("tender_id", "match_score", "consultant_id", "status")
    ):
        rankings.setdefault(tender_id, []).append((score, consultant_id, status))
    return rankings


# --- incremental scheduling ---------------------------------------------------------------------


def _coalesce_seconds() -> float:
    return float(getattr(settings, "MATCHING_COALESCE_SECONDS", 2.0))


def schedule_tender_rematch(tender_id: int) -> None:
    """Queue a rescore of one tender; many saves within the coalescing window give one run."""
    from matching.tasks import matches_recompute_tender_task

    if settings.CELERY_TASK_ALWAYS_EAGER:
        matches_recompute_tender_task.delay(tender_id=tender_id)
    elif cache.add(f"matching:queued:tender:{tender_id}", 1, timeout=300):
        matches_recompute_tender_task.apply_async(kwargs={"tender_id": tender_id}, countdown=_coalesce_seconds())


def schedule_consultant_rematch(consultant_id: int) -> None:
    """Queue a rescore of one consultant against open tenders, coalesced like tenders."""
    from matching.tasks import matches_update_for_consultant_task

    if settings.CELERY_TASK_ALWAYS_EAGER:
        matches_update_for_consultant_task.delay(consultant_id=consultant_id)
    elif cache.add(f"matching:queued:consultant:{consultant_id}", 1, timeout=300):
        matches_update_for_consultant_task.apply_async(
            kwargs={"consultant_id": consultant_id}, countdown=_coalesce_seconds()
        )


def on_tender_changed(tender_id: int) -> None:
    """To be called by tender writes: rescore after the transaction commits."""
    transaction.on_commit(lambda: schedule_tender_rematch(tender_id))


def on_consultant_changed(consultant_id: int) -> None:
    """To be called by consultant writes: rescore after the transaction commits."""
    transaction.on_commit(lambda: schedule_consultant_rematch(consultant_id))


# --- the pipeline -------------------------------------------------------------------------------

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
    elif to == MatchStatus.SUGGESTED:
        match.submitted_score = None
    previous = match.status
    match.status = to
    match.save(update_fields=["status", "submitted_score", "updated_at"])
    MatchEvent.objects.create(match=match, by=by, from_status=previous, to_status=to, note=note)
    if to == MatchStatus.SUGGESTED:
        # Back among suggestions, it must again earn its place in the top K.
        on_tender_changed(match.tender_id)
    return match


@transaction.atomic
def match_note(*, match: Match, by: User, notes: str) -> Match:
    """Replace the match's notes, recording the change."""
    match.notes = notes.strip() or None
    match.save(update_fields=["notes", "updated_at"])
    MatchEvent.objects.create(match=match, by=by, from_status=match.status, to_status=match.status, note=notes)
    return match
