"""From arrays to ranked, explained matches: screening shortlists, exact scoring decides.

Ranks are deterministic: score descending, then consultant id ascending.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from matching.engine.arrays import ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.config import ScoringConfig
from matching.engine.explain import explain_many, fingerprints
from matching.engine.pairs import score_pairs
from matching.engine.screening import PoolScreen
from matching.engine.sides import ConsultantSide, consultant_side, tender_context

SHORTLIST_MARGIN = 16  # extra screened candidates re-scored exactly, so float32 noise never changes a rank
SHORTLIST_TOLERANCE = 1e-4


@dataclass
class RankedChunk:
    """Rows to store: the top K of each tender plus refreshed pipeline pairs."""

    tender_ids: list[int] = field(default_factory=list)
    consultant_ids: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    breakdowns: list[str | None] = field(default_factory=list)  # None: unchanged since last stored
    fingerprints: list[int] = field(default_factory=list)
    ranked_tender_ids: list[int] = field(default_factory=list)  # tenders whose top K this chunk settles
    # For each ranked tender: (score, consultant id) of its last-ranked candidate, and how many it ranked
    # (fewer than K means every candidate is ranked). Incremental updates compare against it.
    cutoffs: list[tuple[float, int, int]] = field(default_factory=list)
    pairs_scored: int = 0

    def extend(self, other: RankedChunk) -> None:
        for name in (
            "tender_ids",
            "consultant_ids",
            "scores",
            "breakdowns",
            "fingerprints",
            "ranked_tender_ids",
            "cutoffs",
        ):
            getattr(self, name).extend(getattr(other, name))
        self.pairs_scored += other.pairs_scored


class KnownFingerprints:
    """The fingerprints of the breakdowns already stored, to skip rebuilding unchanged ones."""

    def __init__(self, tender_ids=(), consultant_ids=(), digests=()):
        keys = (np.asarray(tender_ids, dtype=np.int64) << 32) | np.asarray(consultant_ids, dtype=np.int64)
        order = np.argsort(keys)
        self.keys, self.digests = keys[order], np.asarray(digests, dtype=np.int64)[order]

    def contains(self, tender_ids: np.ndarray, consultant_ids: np.ndarray, digests: np.ndarray) -> np.ndarray:
        """True where the pair is stored with exactly this fingerprint."""
        if not len(self.keys):
            return np.zeros(len(digests), dtype=bool)
        keys = (np.asarray(tender_ids, dtype=np.int64) << 32) | np.asarray(consultant_ids, dtype=np.int64)
        position = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return (self.keys[position] == keys) & (self.digests[position] == digests)


class Ranker:
    """Ranks groups of tenders, each against its candidate pool of consultant rows."""

    def __init__(
        self,
        consultants: ConsultantArrays,
        tenders: TenderArrays,
        graph: SkillGraph,
        today: int,
        config: ScoringConfig,
        known: KnownFingerprints | None = None,
    ):
        self.consultants, self.tenders, self.graph, self.config = consultants, tenders, graph, config
        self.known = known or KnownFingerprints()
        self.side: ConsultantSide = consultant_side(consultants, graph, today)
        self.context = tender_context(tenders, today, config)

    def rank_group(
        self,
        tender_rows: np.ndarray,
        pool: np.ndarray,
        keep: dict[int, np.ndarray] | None = None,
    ) -> Iterator[RankedChunk]:
        """Yield, chunk by chunk, the top K of every tender row against `pool` (consultant rows).

        `keep` maps a tender row to consultant rows that must be scored whatever their rank
        (matches already in the pipeline) when they are still in the pool.
        """
        keep = keep or {}
        tender_rows = np.asarray(tender_rows, dtype=np.int64)
        pool = np.asarray(pool, dtype=np.int64)
        with_skills = tender_rows[np.diff(self.tenders.skill_indptr)[tender_rows] > 0]
        without_skills = tender_rows[np.diff(self.tenders.skill_indptr)[tender_rows] == 0]
        if len(without_skills):
            # No skill asked, no candidate: these tenders settle with no suggestion.
            yield self._empty(without_skills)
        if not len(with_skills) or not len(pool):
            if len(with_skills):
                yield self._empty(with_skills)
            return
        screen = PoolScreen(self.side, pool, self.tenders, with_skills, self.context, self.config)
        size = self.config.chunk_tenders
        chunks = [with_skills[begin : begin + size] for begin in range(0, len(with_skills), size)]
        # Screening (numpy, mostly outside the GIL) of the next chunk runs in a second thread while
        # this one ranks, explains and stores the current chunk: both cores stay busy.
        with ThreadPoolExecutor(max_workers=1) as executor:
            upcoming = executor.submit(screen.screen, chunks[0])
            for index, chunk in enumerate(chunks):
                screened = upcoming.result()
                if index + 1 < len(chunks):
                    upcoming = executor.submit(screen.screen, chunks[index + 1])
                yield self._rank_chunk(screened.scores, chunk, pool, keep)

    def _empty(self, tender_rows: np.ndarray) -> RankedChunk:
        ids = [int(self.tenders.ids[t]) for t in tender_rows]
        return RankedChunk(ranked_tender_ids=ids, cutoffs=[(0.0, 0, 0)] * len(ids))

    def _rank_chunk(self, scores: np.ndarray, chunk: np.ndarray, pool: np.ndarray, keep) -> RankedChunk:
        k = self.config.top_k
        pair_tenders, pair_consultants = [], []
        pool_position = None
        for i, t in enumerate(chunk):
            row = scores[i]
            valid = np.flatnonzero(row > -0.5)
            if len(valid) > k + SHORTLIST_MARGIN:
                threshold = np.partition(row[valid], len(valid) - (k + SHORTLIST_MARGIN))[
                    len(valid) - (k + SHORTLIST_MARGIN)
                ]
                valid = valid[row[valid] >= threshold - SHORTLIST_TOLERANCE]
            candidates = pool[valid]
            kept = keep.get(int(t))
            if kept is not None and len(kept):
                if pool_position is None:
                    pool_position = np.sort(pool)
                kept = kept[np.isin(kept, pool_position)]
                candidates = np.union1d(candidates, kept)
            pair_tenders.append(np.full(len(candidates), t, dtype=np.int64))
            pair_consultants.append(candidates)
        tender_rows = np.concatenate(pair_tenders)
        consultant_rows = np.concatenate(pair_consultants)
        exact = score_pairs(self.side, self.tenders, self.context, tender_rows, consultant_rows, self.config)

        result = RankedChunk(pairs_scored=len(chunk) * len(pool))
        consultant_ids = self.consultants.ids[consultant_rows]
        start = 0
        chosen_all = []
        for t, candidates in zip(chunk, pair_consultants, strict=True):
            stop = start + len(candidates)
            local = np.arange(start, stop)
            eligible = local[exact.skill_credit[local] > 0]
            order = eligible[np.lexsort((consultant_ids[eligible], -exact.score[eligible]))]
            chosen = order[:k]
            kept = keep.get(int(t))
            if kept is not None and len(kept):
                extra = local[np.isin(consultant_rows[local], kept)]
                chosen = np.concatenate([chosen, extra[~np.isin(extra, chosen)]])
            chosen_all.append(chosen)
            result.ranked_tender_ids.append(int(self.tenders.ids[t]))
            if len(order):
                last = order[min(k, len(order)) - 1]
                result.cutoffs.append((float(exact.score[last]), int(consultant_ids[last]), min(k, len(order))))
            else:
                result.cutoffs.append((0.0, 0, 0))
            start = stop
        chosen = np.concatenate(chosen_all).astype(np.int64)
        result.tender_ids = self.tenders.ids[tender_rows[chosen]].tolist()
        result.consultant_ids = consultant_ids[chosen].tolist()
        result.scores = exact.score[chosen].tolist()
        digests = fingerprints(exact, chosen, self.tenders, self.context, self.config)
        result.fingerprints = digests.tolist()
        changed = np.flatnonzero(
            ~self.known.contains(self.tenders.ids[tender_rows[chosen]], consultant_ids[chosen], digests)
        )
        rendered = explain_many(exact, chosen[changed], self.graph, self.tenders, self.context, self.config)
        result.breakdowns = [None] * len(chosen)
        for position, text in zip(changed.tolist(), rendered, strict=True):
            result.breakdowns[position] = text
        return result

    def score_consultant(self, consultant_row: int, tender_rows: np.ndarray):
        """Exact scores of one consultant against the given tender rows (incremental updates)."""
        tender_rows = np.asarray(tender_rows, dtype=np.int64)
        rows = np.full(len(tender_rows), consultant_row, dtype=np.int64)
        return score_pairs(self.side, self.tenders, self.context, tender_rows, rows, self.config)

    def breakdowns(self, scores, indices) -> list[str]:
        return explain_many(scores, indices, self.graph, self.tenders, self.context, self.config)

    def fingerprints(self, scores, indices) -> list[int]:
        return fingerprints(scores, indices, self.tenders, self.context, self.config).tolist()
