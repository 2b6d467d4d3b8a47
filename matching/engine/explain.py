"""The explanation of a score: the breakdown JSON of a pair, and a 64-bit digest of it.

A breakdown is JSON:
  score        the stored score (rounded to 7 decimals)
  factors      {name: [value, weight, contribution]}; contributions sum to the score within 1e-6
  multiplier   the missing-required multiplier already inside each contribution
  required     [covered, total] required skills
  matched      [[skill_id, importance, rank, years|null]]   has it, at or above any minimum level
  partial      [[skill_id, importance, rank, minimum]]      has it, below the minimum level
  related      [[skill_id, importance, via_skill_id, via_rank]]  lacks it, related skill credited
  missing      [[skill_id, importance]]
  distance_km, daily_budget (null when unknown), notes (["unknown_place", "budget_unknown"])
"""

from __future__ import annotations

import numpy as np

from matching.engine.arrays import SkillGraph, TenderArrays
from matching.engine.config import FACTORS, ScoringConfig
from matching.engine.pairs import PairScores
from matching.engine.sides import TenderContext

_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)


def _mix(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: spreads every input bit over the 64 output bits (wrapping arithmetic)."""
    x = values.astype(np.uint64, copy=True)
    x ^= x >> np.uint64(30)
    x *= _MIX_1
    x ^= x >> np.uint64(27)
    x *= _MIX_2
    x ^= x >> np.uint64(31)
    return x


def _bits(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(values, dtype=np.float64).view(np.uint64)


def fingerprints(scores: PairScores, indices, tenders: TenderArrays, context: TenderContext) -> np.ndarray:
    """A 64-bit digest of everything `explain_many` renders for each pair index, computed in bulk.

    Equal digests mean equal breakdowns, so a recompute can skip rebuilding and rewriting them.
    """
    indices = np.asarray(indices, dtype=np.int64)
    if not len(indices):
        return np.zeros(0, dtype=np.int64)
    starts = np.searchsorted(scores.detail_owner, indices)
    stops = np.searchsorted(scores.detail_owner, indices + 1)
    counts = stops - starts
    entries = np.repeat(starts, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    years = scores.detail_years[entries]
    years = np.where(np.isnan(years), 0, np.clip(years, -1, 65533) + 1).astype(np.uint64)
    entry = (
        scores.detail_column[entries].astype(np.uint64)
        | (scores.detail_rank[entries].astype(np.uint64) << np.uint64(16))
        | (scores.detail_minimum[entries].astype(np.uint64) << np.uint64(20))
        | (scores.detail_importance[entries].astype(np.uint64) << np.uint64(24))
        | (scores.detail_related_rank[entries].astype(np.uint64) << np.uint64(28))
        | ((scores.detail_related_via[entries] + 1).astype(np.uint64) << np.uint64(32))
        | (years << np.uint64(48))
    )
    digest = np.zeros(len(indices), dtype=np.uint64)
    nonempty = counts > 0
    if nonempty.any():
        offsets = np.cumsum(counts) - counts
        digest[nonempty] = np.add.reduceat(_mix(entry), offsets[nonempty])
    tender_rows = scores.tender_rows[indices]
    parts = [
        _bits(scores.score[indices]),
        _bits(scores.multiplier[indices]),
        _bits(np.nan_to_num(scores.distance_km[indices], nan=-1.0)),
        _bits(np.nan_to_num(context.daily_budget[tender_rows], nan=-1.0)),
        tenders.remote[tender_rows].astype(np.uint64),
        *(_bits(scores.factors[indices, k]) for k in range(scores.factors.shape[1])),
    ]
    for rotation, part in enumerate(parts, start=1):
        digest = _mix(digest ^ (_mix(part) + np.uint64(rotation)))
    return digest.view(np.int64)


def _number(value: float) -> str:
    return "null" if value != value else repr(value)


def explain_many(
    scores: PairScores, indices, graph: SkillGraph, tenders: TenderArrays, context: TenderContext, config: ScoringConfig
) -> list[str]:
    """The breakdown JSON of each pair index, serialised compactly and deterministically."""
    indices = np.asarray(indices, dtype=np.int64)
    if not len(indices):
        return []
    weights = config.weight_vector
    multiplier = scores.multiplier[indices]
    factors = scores.factors[indices]
    values = np.round(factors, 6).tolist()
    contributions = np.round(multiplier[:, None] * weights[None, :] * factors, 7).tolist()
    score = np.round(scores.score[indices], 7).tolist()
    tender_rows = scores.tender_rows[indices]
    distance = np.round(scores.distance_km[indices], 1).tolist()
    budget = np.round(context.daily_budget[tender_rows], 2).tolist()
    unknown_place = (
        np.isnan(scores.distance_km[indices]) & ~(tenders.remote[tender_rows] & (factors[:, 2] == 1.0))
    ).tolist()

    # The skill entries of the chosen pairs, classified and rendered in bulk, then grouped per pair.
    starts = np.searchsorted(scores.detail_owner, indices)
    stops = np.searchsorted(scores.detail_owner, indices + 1)
    counts = stops - starts
    entries = np.repeat(starts, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    pair = np.repeat(np.arange(len(indices)), counts)
    rank = scores.detail_rank[entries]
    minimum = scores.detail_minimum[entries]
    importance = scores.detail_importance[entries]
    category = np.where(
        rank > 0, np.where(rank >= minimum, 0, 1), np.where(scores.detail_related_rank[entries] > 0, 2, 3)
    )
    required = importance == 0
    covered = np.bincount(pair, required & (rank > 0), minlength=len(indices)).astype(int).tolist()
    total = np.bincount(pair, required, minlength=len(indices)).astype(int).tolist()
    skill_ids = graph.skill_ids
    skill = skill_ids[scores.detail_column[entries]].tolist()
    via_column = scores.detail_related_via[entries]
    via = np.where(via_column >= 0, skill_ids[np.maximum(via_column, 0)], -1).tolist()
    years = scores.detail_years[entries]
    years_text = np.where(np.isnan(years), -1, years).astype(np.int64).tolist()
    rank_list, minimum_list, importance_list = rank.tolist(), minimum.tolist(), importance.tolist()
    related_rank = scores.detail_related_rank[entries].tolist()
    texts = []
    for e, kind in enumerate(category.tolist()):
        if kind == 0:
            y = years_text[e]
            texts.append(f"[{skill[e]},{importance_list[e]},{rank_list[e]},{'null' if y < 0 else y}]")
        elif kind == 1:
            texts.append(f"[{skill[e]},{importance_list[e]},{rank_list[e]},{minimum_list[e]}]")
        elif kind == 2:
            texts.append(f"[{skill[e]},{importance_list[e]},{via[e]},{related_rank[e]}]")
        else:
            texts.append(f"[{skill[e]},{importance_list[e]}]")
    order = np.lexsort((np.arange(len(pair)), category, pair))  # per pair, by category, in tender order
    bounds = np.searchsorted(pair[order] * 4 + category[order], np.arange(len(indices) * 4 + 1)).tolist()
    grouped = [texts[i] for i in order.tolist()]
    groups = [",".join(grouped[bounds[g] : bounds[g + 1]]) for g in range(len(indices) * 4)]

    weight_text = [repr(float(w)) for w in weights]
    names = list(FACTORS)
    multipliers = multiplier.tolist()
    out = []
    for n in range(len(indices)):
        v, c = values[n], contributions[n]
        notes = ",".join(
            note
            for note, present in (('"unknown_place"', unknown_place[n]), ('"budget_unknown"', budget[n] != budget[n]))
            if present
        )
        out.append(
            f'{{"score":{score[n]!r},"factors":{{'
            f'"{names[0]}":[{v[0]!r},{weight_text[0]},{c[0]!r}],"{names[1]}":[{v[1]!r},{weight_text[1]},{c[1]!r}],'
            f'"{names[2]}":[{v[2]!r},{weight_text[2]},{c[2]!r}],"{names[3]}":[{v[3]!r},{weight_text[3]},{c[3]!r}],'
            f'"{names[4]}":[{v[4]!r},{weight_text[4]},{c[4]!r}]}},"multiplier":{multipliers[n]!r},'
            f'"required":[{covered[n]},{total[n]}],"matched":[{groups[4 * n]}],"partial":[{groups[4 * n + 1]}],'
            f'"related":[{groups[4 * n + 2]}],"missing":[{groups[4 * n + 3]}],'
            f'"distance_km":{_number(distance[n])},"daily_budget":{_number(budget[n])},"notes":[{notes}]}}'
        )
    return out
