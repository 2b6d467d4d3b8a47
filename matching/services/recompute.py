"""Recomputing the stored matches: the full ranking of tenders and the incremental rescoring of one consultant."""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from consultants.models import Consultant, Skill
from matching import store
from matching.candidates import pool_company_ids, pool_rows, pools_by_company, tender_company_ids_for
from matching.engine import Ranker, ScoringConfig
from matching.engine.ranking import RankedChunk
from matching.models import Match, TenderCutoff
from matching.services import scheduling
from matching.store import warm
from tenders.models import Tender

logger = logging.getLogger(__name__)

WRITE_BATCH_ROWS = 25_000  # ranked rows per staging COPY and upsert


class Cutoff(NamedTuple):
    score: float
    consultant_id: int
    ranked: int


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
    warm_before = warm.outcome.copy()
    if tender_ids is not None and not len(tender_ids):
        return RecomputeReport()
    config = config or ScoringConfig.from_settings()
    day = today.toordinal() if today else _today()
    scope = Q()
    if tender_ids is not None:
        scope &= Q(pk__in=list(tender_ids))
    if company_id is not None:
        scope &= Q(company_id=company_id)
    report = RecomputeReport()
    if tender_ids is None:
        warm.log_prune()  # the nightly and per-company runs keep the change log to a day
    report.deleted += store.delete_suggestions(Q(tender__in=Tender.objects.filter(scope).exclude(_matchable())))

    graph = store.load_graph()
    tenders = store.load_tenders(graph, scope & _matchable())
    report.tenders = len(tenders)
    if not len(tenders):
        report.seconds = time.perf_counter() - started
        return report

    pool_companies = pool_company_ids(set(tenders.company_ids.tolist()))
    side = classes = None
    if tender_ids is None and company_id is None:
        # Every company at once: read afresh and keep nothing (one process would hold them all).
        consultants = store.load_consultants(graph, Q(company_id__in=pool_companies))
    else:
        # Tenders rank against the whole warm pool: the consultants without any of their skills are no
        # candidates (no skill credit), and reading the pool once beats filtering it each time; a worker
        # taking several fan-out chunks of a company reads it once. A company's full recompute reads
        # afresh and leaves the pool warm for the edits that follow.
        entry = warm.consultants(graph, pool_companies, fresh=tender_ids is None)
        consultants, side, classes = entry.arrays, warm.side_of(entry, graph), warm.classes_memo(entry)
    report.consultants = len(consultants)
    known = store.known_fingerprints(Q(pk__in=tenders.ids.tolist()) if len(tenders) <= 50 else scope & _matchable())
    ranker = Ranker(consultants, tenders, graph, day, config, known, side=side, pool_classes=classes)
    keep = _keep_rows(tenders, consultants)

    batch = RankedChunk()
    for company in np.unique(tenders.company_ids):
        rows = np.flatnonzero(tenders.company_ids == company)
        pool = pool_rows(consultants, int(company), day)
        for chunk in ranker.rank_group(rows, pool, keep):
            batch.extend(chunk)
            if len(batch.tender_ids) >= WRITE_BATCH_ROWS:
                _flush(batch, report)
                batch = RankedChunk()
    _flush(batch, report)
    if store.is_postgresql() and report.inserted + report.deleted > 10_000:
        store.analyze_matches()  # keep the planner's view of the table true after a large change
    report.seconds = time.perf_counter() - started
    logger.info("matches recomputed: %s; %s", report, warm.outcome - warm_before)
    return report


def _flush(batch: RankedChunk, report: RecomputeReport) -> None:
    report.pairs_scored += batch.pairs_scored
    with transaction.atomic():
        report.add_write(store.write_ranked(batch))


def matches_recompute_fan_out(*, chunks: int) -> list[str]:
    """Queue the full recompute as `chunks` tasks over disjoint groups of matchable tenders.

    The groups are contiguous ranges of tenders in (company, id) order, cut so that each holds about
    the same number of pairs to score (tenders × their pool's consultants): a company larger than a
    chunk is split over several, small ones share one. A worker taking two chunks of one company reads
    its pool once (the warm pools). Returns the task ids.
    """
    warm.log_prune()
    store.delete_suggestions(Q(tender__in=Tender.objects.exclude(_matchable())))
    ids, weights = fan_out_weights()
    return [
        scheduling.task(scheduling.RECOMPUTE_TENDERS_TASK).delay(tender_ids=group).id
        for group in fan_out_groups(ids, weights, chunks)
    ]


def fan_out_weights() -> tuple[list[int], list[int]]:
    """Every matchable tender in (company, id) order, and the pairs it scores: its pool's consultants."""
    rows = list(Tender.objects.filter(_matchable()).order_by("company_id", "pk").values_list("pk", "company_id"))
    pools = pools_by_company({company for _pk, company in rows})
    consultants = dict(
        Consultant.objects.filter(company_id__in=set().union(*pools.values()))
        .values_list("company_id")
        .annotate(count=Count("pk"))
        .values_list("company_id", "count")
    )
    pool_size = {company: sum(consultants.get(member, 0) for member in pool) for company, pool in pools.items()}
    return [pk for pk, _company in rows], [max(pool_size[company], 1) for _pk, company in rows]


def fan_out_groups(ids: list[int], weights: list[int], chunks: int) -> list[list[int]]:
    """`ids` cut into at most `chunks` contiguous groups of about equal total weight (none empty)."""
    if not ids:
        return []
    chunks = max(1, min(chunks, len(ids)))
    bounds = np.cumsum(weights, dtype=np.float64)  # bounds[c - 1]: the weight of the first c tenders
    targets = bounds[-1] * np.arange(1, chunks) / chunks
    first = np.searchsorted(bounds, targets)  # the first tender reaching each target
    # Cut before or after it, whichever leaves the total nearer the target.
    before = np.abs(bounds[np.maximum(first - 1, 0)] - targets)
    after = np.abs(bounds[np.minimum(first, len(ids) - 1)] - targets)
    cuts = np.where((first >= 1) & (before <= after), first, first + 1)
    cuts = np.unique(np.clip(cuts, 1, len(ids) - 1)) if len(ids) > 1 else np.array([], dtype=np.int64)
    edges = [0, *cuts.tolist(), len(ids)]
    return [ids[begin:end] for begin, end in zip(edges, edges[1:], strict=False) if end > begin]


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
    """Rescore one consultant against every matchable tender that may rank them.

    Exact and cheap where the top K keeps its members: the consultant's row is refreshed in place,
    or the consultant joins a tender that ranked fewer than K. Where membership changes (they enter
    a full top K, fall inside or out of it, or were its last place), that tender is rescored in full
    (queued, coalesced): its next candidate is only known to a full ranking.
    """
    started = time.perf_counter()
    config = config or ScoringConfig.from_settings()
    day = today.toordinal() if today else _today()
    report = RecomputeReport(consultants=1)
    graph = store.load_graph()
    consultants = store.load_consultants(graph, Q(pk=consultant_id), few=True)
    own_rows = Match.objects.filter(consultant_id=consultant_id)
    if not len(consultants):
        return report
    company_ids = tender_company_ids_for(int(consultants.company_ids[0]))
    skill_ids = set(graph.skill_ids[consultants.skill_columns].tolist())
    skill_ids |= set(
        Skill.related_skills.through.objects.filter(from_skill_id__in=skill_ids).values_list("to_skill_id", flat=True)
    )
    mine = {
        tender_id: (score, status, (skills or 0) > 0)
        for tender_id, score, status, skills in own_rows.filter(tender__company_id__in=company_ids).values_list(
            "tender_id", "match_score", "status", "breakdown__factors__skills__0"
        )
    }
    # The matchable tenders of those companies, warm; those sharing a skill (or a related one) with the
    # consultant, or holding a row of theirs, are chosen in numpy rather than by an EXISTS filter.
    tenders = warm.tenders(graph, company_ids, _matchable()).arrays
    columns = np.searchsorted(graph.skill_ids, np.fromiter(skill_ids, dtype=np.int64, count=len(skill_ids)))
    owner = np.repeat(np.arange(len(tenders)), np.diff(tenders.skill_indptr))
    sharing = np.zeros(len(tenders), dtype=bool)
    sharing[owner[np.isin(tenders.skill_columns, columns)]] = True
    sharing |= np.isin(tenders.ids, np.fromiter(mine, dtype=np.int64, count=len(mine)))
    report.tenders = int(sharing.sum())
    if not report.tenders:
        return report
    ranker = Ranker(consultants, tenders, graph, day, config)
    in_pool = {company: len(pool_rows(consultants, int(company), day)) > 0 for company in set(company_ids)}
    rows = np.flatnonzero(sharing & np.isin(tenders.company_ids, [c for c, yes in in_pool.items() if yes]))
    scores = ranker.score_consultant(0, rows)
    report.pairs_scored = len(rows)
    tender_ids = tenders.ids[rows].tolist()
    cutoffs = {row[0]: Cutoff(*row[1:]) for row in store.tender_cutoffs(company_ids)}
    k = config.top_k
    chunk = RankedChunk()
    requeue: set[int] = set()
    grown: list[tuple[int, Cutoff, float]] = []
    for i, tender_id in enumerate(tender_ids):
        cutoff = cutoffs.get(tender_id)
        if cutoff is None:  # never ranked yet
            requeue.add(tender_id)
            continue
        last = (-cutoff.score, cutoff.consultant_id)
        full = cutoff.ranked >= k
        old = mine.get(tender_id)
        was_top = old is not None and old[2] and (not full or (-old[0], consultant_id) <= last)
        score = float(scores.score[i])
        key = (-score, consultant_id)
        candidate = scores.skill_credit[i] > 0
        if was_top:
            if candidate and key <= (-old[0], consultant_id) and (cutoff.consultant_id != consultant_id or key == last):
                _append(chunk, ranker, scores, i, tender_id, consultant_id)
            else:
                requeue.add(tender_id)
        elif candidate and not full:
            _append(chunk, ranker, scores, i, tender_id, consultant_id)
            grown.append((tender_id, cutoff, score))
        elif candidate and key < last:
            requeue.add(tender_id)
        elif old is not None:
            _append(chunk, ranker, scores, i, tender_id, consultant_id)  # a pipeline row: refresh its score

    with transaction.atomic():
        report.add_write(store.write_ranked(chunk))
        for tender_id, cutoff, score in grown:
            last_score, last_id = cutoff.score, cutoff.consultant_id
            if cutoff.ranked == 0 or (-score, consultant_id) > (-cutoff.score, cutoff.consultant_id):
                last_score, last_id = score, consultant_id
            TenderCutoff.objects.filter(tender_id=tender_id).update(
                score=last_score, consultant_id=last_id, ranked=cutoff.ranked + 1
            )
    for tender_id in sorted(requeue):
        # Immediate when no outer transaction is open (the task, the command); after its commit otherwise.
        transaction.on_commit(lambda tender_id=tender_id: scheduling.schedule_tender_rematch(tender_id))
    report.tenders_requeued = sorted(requeue)
    report.seconds = time.perf_counter() - started
    return report


def _append(chunk: RankedChunk, ranker: Ranker, scores, index: int, tender_id: int, consultant_id: int) -> None:
    chunk.tender_ids.append(tender_id)
    chunk.consultant_ids.append(consultant_id)
    chunk.scores.append(float(scores.score[index]))
    chunk.breakdowns.extend(ranker.breakdowns(scores, [index]))
    chunk.fingerprints.extend(ranker.fingerprints(scores, [index]))
