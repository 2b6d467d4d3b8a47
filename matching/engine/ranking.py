"""From arrays to ranked, explained matches: screening shortlists, exact scoring decides.

Ranks are deterministic: score descending, then consultant id ascending.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from matching.engine.arrays import ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.config import ScoringConfig
from matching.engine.explain import explain_many, fingerprints
from matching.engine.factors import combine
from matching.engine.pairs import score_pairs
from matching.engine.screening import PoolClasses, PoolScreen, ScreeningResult, pool_classes
from matching.engine.sides import ConsultantSide, consultant_side, tender_context

SHORTLIST_MARGIN = 16  # extra screened candidates re-scored exactly, so float32 noise never changes a rank
# Screening sums and multiplies non-negative float32 terms (no cancellation), so a screened score lies
# within about 1e-6 of the exact one, relatively; the shortlist allows a hundred times that, plus an
# absolute floor for exact zeros (a slot gate of 0 screens as a tiny positive number).
SHORTLIST_RELATIVE = 1e-4
SHORTLIST_ABSOLUTE = 1e-9


def screening_error(screened):
    """A bound on |screened − exact| for a screened score (or an array of them)."""
    return SHORTLIST_RELATIVE * screened + SHORTLIST_ABSOLUTE


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
        side: ConsultantSide | None = None,
        pool_classes: dict | None = None,
    ):
        """`side` and `pool_classes` come from a warm pool when the caller keeps one: the consultants'
        sorted skill lookups, and a memo of each pool's gate classes by the pool's digest."""
        self.consultants, self.tenders, self.graph, self.config = consultants, tenders, graph, config
        self.known = known or KnownFingerprints()
        self.side: ConsultantSide = side if side is not None else consultant_side(consultants, graph, today)
        self.pool_classes = pool_classes if pool_classes is not None else {}
        self.context = tender_context(tenders, today, config)
        # The highest score combine() can return (every factor and gate at 1): rounding is monotone, so
        # no pair scores above it. It bounds near-tied shortlists (many candidates at a perfect 1.0).
        ones = np.ones(1)
        self.ceiling = float(combine([ones, ones], [ones] * 4, config.weight_vector)[0])

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
        screen = PoolScreen(
            self.side, pool, self.tenders, with_skills, self.context, self.config, self._classes_of(pool)
        )
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
                yield self._rank_chunk(screened, chunk, pool, keep)

    def _classes_of(self, pool: np.ndarray) -> PoolClasses:
        digest = hashlib.blake2b(np.ascontiguousarray(pool).tobytes(), digest_size=16).digest()
        classes = self.pool_classes.get(digest)
        if classes is None:
            classes = self.pool_classes[digest] = pool_classes(self.side, pool)
        return classes

    def _shortlist(self, screened: ScreeningResult, i: int, tender_row: int, pool: np.ndarray) -> np.ndarray:
        """Pool positions whose exact score may reach the top K of the chunk's i-th tender.

        The K + margin best screened candidates set a threshold; everyone within twice the screening
        error of it is kept. The required-skills gate is computed only where it can matter: first for
        the candidates with the 4 × (K + margin) highest bounds (the score before that gate), then, if
        the threshold it gives is below the lowest of those bounds, for every candidate whose bound
        reaches it. When near-ties make the band large (hundreds of candidates at a perfect score),
        the band is scored exactly in order of (upper bound descending, consultant id ascending) in
        doubling prefixes, stopping as soon as no candidate left could enter the top K: its bound is
        below the K-th exact score, or equal to it with a higher consultant id.
        """
        size = self.config.top_k + SHORTLIST_MARGIN
        row = screened.bounds[i]
        valid = np.flatnonzero(row > -0.5)
        if len(valid) <= size:
            return valid
        bounds = row[valid]
        head = min(len(valid), 4 * size)
        lowest = float(np.partition(bounds, len(valid) - head)[len(valid) - head])
        chosen = np.flatnonzero(bounds >= bounds.dtype.type(lowest))  # lowest is a float32 value: exact
        for _ in range(2):
            scores = screened.scores(i, valid[chosen])
            threshold = float(np.partition(scores, len(scores) - size)[len(scores) - size])
            cut = threshold - 2 * screening_error(threshold)
            if len(chosen) == len(valid) or lowest <= cut:
                break  # everyone left out has a bound under the cut
            chosen, lowest = np.flatnonzero(bounds.astype(np.float64) >= cut), cut
        keep = scores >= cut
        valid, scores = valid[chosen[keep]], scores[keep]
        if len(valid) <= 4 * size:
            return valid
        bound = np.minimum(scores + screening_error(scores), self.ceiling)
        ids = self.consultants.ids[pool[valid]]
        order = np.lexsort((ids, -bound))
        valid, bound, ids = valid[order], bound[order], ids[order]
        k, taken = self.config.top_k, size
        while taken < len(valid):
            exact = score_pairs(
                self.side,
                self.tenders,
                self.context,
                np.full(taken, tender_row, dtype=np.int64),
                pool[valid[:taken]],
                self.config,
                screened.screen.slot_values,
            )
            eligible = np.flatnonzero(exact.skill_credit > 0)
            if len(eligible) >= k:
                kth = eligible[np.lexsort((ids[eligible], -exact.score[eligible]))][k - 1]
                kth_score, kth_id = float(exact.score[kth]), int(ids[kth])
                if bound[taken] < kth_score or (bound[taken] == kth_score and int(ids[taken]) > kth_id):
                    break
            taken *= 2
        return valid[:taken]

    def _empty(self, tender_rows: np.ndarray) -> RankedChunk:
        ids = [int(self.tenders.ids[t]) for t in tender_rows]
        return RankedChunk(ranked_tender_ids=ids, cutoffs=[(0.0, 0, 0)] * len(ids))

    def _rank_chunk(self, screened: ScreeningResult, chunk: np.ndarray, pool: np.ndarray, keep) -> RankedChunk:
        k = self.config.top_k
        pair_tenders, pair_consultants = [], []
        pool_position = None
        for i, t in enumerate(chunk):
            valid = self._shortlist(screened, i, int(t), pool)
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
        exact = score_pairs(
            self.side,
            self.tenders,
            self.context,
            tender_rows,
            consultant_rows,
            self.config,
            screened.screen.slot_values,
        )

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
