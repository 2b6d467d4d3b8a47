"""The explanation of a score: the breakdown JSON of a pair, and a 64-bit digest of it.

A breakdown (version 2) is compact, deterministic JSON:
  v            2
  score        the stored score (rounded to 7 decimals)
  factors      {name: [value, weight, contribution]} for the base: skills and seniority
  gates        {name: [value, effect]} for required, availability, rate, reach; effects are taken in
               that order (effect_i = base × g_1 … g_(i-1) × (1 − g_i)), so Σ contributions − Σ effects
               equals the score within 1e-6
  required     [covered, total] required skills
  matched      [[skill_id, importance, rank, years|null]]   has it, at or above any minimum level
  partial      [[skill_id, importance, rank, minimum]]      has it, below the minimum level
  related      [[skill_id, importance, via_skill_id, via_rank]]  lacks it, related skill credited
  missing      [[skill_id, importance]]
  near_miss    [[held_skill_id, held_rank, required_skill_id]]  a required skill lacked, a related one
               held at advanced or expert
  daily_rate, daily_budget, rate_gap_pct       € and % (null when unknown)
  status       the consultant's availability status (available, partially_available, unavailable, on_mission)
  free_date, start, end (ISO dates or null), coverage (share of the mission's working days, or null)
  distance_km, max_travel_km (the reach used), onsite_days (days a week on site asked of the consultant)
  flags        knock-out codes: missing_required, unavailable_no_date, busy_most, part_time, rate_over,
               too_far
  notes        ["unknown_place", "budget_unknown", "rate_unknown"]
"""

from __future__ import annotations

import datetime

import numpy as np

from matching.engine.arrays import AVAILABILITY_CODES, SkillGraph, TenderArrays
from matching.engine.config import ADVANCED, FACTORS, GATES, ScoringConfig
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


def _entries(scores: PairScores, indices: np.ndarray):
    """Indices into the detail arrays of the chosen pairs, in order, and how many each pair has."""
    starts = np.searchsorted(scores.detail_owner, indices)
    stops = np.searchsorted(scores.detail_owner, indices + 1)
    counts = stops - starts
    entries = np.repeat(starts, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    return entries, counts


def _facts(scores: PairScores, indices: np.ndarray, tenders: TenderArrays, context: TenderContext, config):
    """The per-pair facts a breakdown shows besides its skills, as float64 arrays (NaN when unknown)."""
    consultants_rate = scores.daily_rate[indices]
    tender_rows = scores.tender_rows[indices]
    budget = context.daily_budget[tender_rows]
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = (consultants_rate / budget - 1.0) * 100.0
    return {
        "rate": consultants_rate,
        "budget": budget,
        "gap": gap,
        "free": np.where(scores.free_day[indices] >= 0, scores.free_day[indices], np.nan).astype(np.float64),
        "start": context.start[tender_rows].astype(np.float64),
        "end": context.end[tender_rows].astype(np.float64),
        "coverage": scores.coverage[indices],
        "distance": scores.distance_km[indices],
        "reach": np.nan_to_num(scores.max_travel_km[indices], nan=config.default_travel_km),
        "onsite": scores.onsite_days[indices],
    }


def _flags(scores: PairScores, indices: np.ndarray, facts: dict, config: ScoringConfig) -> np.ndarray:
    """Knock-out flags as a bit set per pair, in FLAGS order."""
    gates = scores.gates[indices]
    status = scores.status[indices]
    no_date = np.isnan(facts["coverage"])
    flags = [
        scores.missing_required[indices] > 0,
        no_date & np.isin(status, (2, 3)),
        ~no_date & (np.nan_to_num(facts["coverage"], nan=1.0) < config.busy_most_below),
        status == 1,
        gates[:, 2] < config.knock_out_below,
        gates[:, 3] < config.knock_out_below,
    ]
    bits = np.zeros(len(indices), dtype=np.uint64)
    for position, flag in enumerate(flags):
        bits |= flag.astype(np.uint64) << np.uint64(position)
    return bits


FLAGS = ("missing_required", "unavailable_no_date", "busy_most", "part_time", "rate_over", "too_far")


def fingerprints(
    scores: PairScores, indices, tenders: TenderArrays, context: TenderContext, config: ScoringConfig | None = None
) -> np.ndarray:
    """A 64-bit digest of everything `explain_many` renders for each pair index, computed in bulk.

    Equal digests mean equal breakdowns, so a recompute can skip rebuilding and rewriting them.
    """
    config = config or ScoringConfig()
    indices = np.asarray(indices, dtype=np.int64)
    if not len(indices):
        return np.zeros(0, dtype=np.int64)
    entries, counts = _entries(scores, indices)
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
    facts = _facts(scores, indices, tenders, context, config)
    parts = [
        np.full(len(indices), 2, dtype=np.uint64),  # the breakdown version
        _bits(scores.score[indices]),
        tenders.remote[tender_rows].astype(np.uint64),
        scores.status[indices].astype(np.uint64),
        _flags(scores, indices, facts, config),
        *(_bits(scores.factors[indices, k]) for k in range(scores.factors.shape[1])),
        *(_bits(scores.gates[indices, k]) for k in range(scores.gates.shape[1])),
        *(_bits(np.nan_to_num(value, nan=-1.0)) for value in facts.values()),
    ]
    for rotation, part in enumerate(parts, start=1):
        digest = _mix(digest ^ (_mix(part) + np.uint64(rotation)))
    return digest.view(np.int64)


def _number(value: float) -> str:
    return "null" if value != value else repr(value)


def _date(day: float) -> str:
    return "null" if day != day else f'"{datetime.date.fromordinal(int(day)).isoformat()}"'


def explain_many(
    scores: PairScores, indices, graph: SkillGraph, tenders: TenderArrays, context: TenderContext, config: ScoringConfig
) -> list[str]:
    """The breakdown JSON of each pair index, serialised compactly and deterministically."""
    indices = np.asarray(indices, dtype=np.int64)
    if not len(indices):
        return []
    weights = config.weight_vector
    factors = scores.factors[indices]
    gates = scores.gates[indices]
    values = np.round(factors, 6).tolist()
    contribution_values = weights[None, :] * factors
    contributions = np.round(contribution_values, 7).tolist()
    running = contribution_values.sum(axis=1)
    effects = np.zeros_like(gates)
    for g in range(gates.shape[1]):
        effects[:, g] = running * (1.0 - gates[:, g])
        running = running * gates[:, g]
    effects = np.round(effects, 7).tolist()
    gate_values = np.round(gates, 6).tolist()
    score = np.round(scores.score[indices], 7).tolist()
    facts = _facts(scores, indices, tenders, context, config)
    flag_bits = _flags(scores, indices, facts, config).tolist()
    rounded = {
        "rate": np.round(facts["rate"], 2).tolist(),
        "budget": np.round(facts["budget"], 2).tolist(),
        "gap": np.round(facts["gap"], 1).tolist(),
        "coverage": np.round(facts["coverage"], 4).tolist(),
        "distance": np.round(facts["distance"], 1).tolist(),
        "reach": np.round(facts["reach"], 1).tolist(),
        "onsite": np.round(facts["onsite"], 2).tolist(),
    }
    status_names = {code: name for name, code in AVAILABILITY_CODES.items()}
    statuses = [status_names[code] for code in scores.status[indices].tolist()]
    dates = {name: [_date(day) for day in facts[name].tolist()] for name in ("free", "start", "end")}
    unknown_place = np.isnan(scores.distance_km[indices]) & (facts["onsite"] > 0)
    unknown_place = unknown_place.tolist()
    unknown_rate = np.isnan(facts["rate"]).tolist()

    # The skill entries of the chosen pairs, classified and rendered in bulk, then grouped per pair.
    entries, counts = _entries(scores, indices)
    pair = np.repeat(np.arange(len(indices)), counts)
    rank = scores.detail_rank[entries]
    minimum = scores.detail_minimum[entries]
    importance = scores.detail_importance[entries]
    related_rank_array = scores.detail_related_rank[entries]
    category = np.where(rank > 0, np.where(rank >= minimum, 0, 1), np.where(related_rank_array > 0, 2, 3))
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
    related_rank = related_rank_array.tolist()
    near = (required & (rank == 0) & (related_rank_array >= ADVANCED)).tolist()
    texts = []
    near_texts: list[list[str]] = [[] for _ in indices]
    pair_list = pair.tolist()
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
        if near[e]:
            near_texts[pair_list[e]].append(f"[{via[e]},{related_rank[e]},{skill[e]}]")
    order = np.lexsort((np.arange(len(pair)), category, pair))  # per pair, by category, in tender order
    bounds = np.searchsorted(pair[order] * 4 + category[order], np.arange(len(indices) * 4 + 1)).tolist()
    grouped = [texts[i] for i in order.tolist()]
    groups = [",".join(grouped[bounds[g] : bounds[g + 1]]) for g in range(len(indices) * 4)]

    weight_text = [repr(float(w)) for w in weights]
    out = []
    for n in range(len(indices)):
        v, c, g, eff = values[n], contributions[n], gate_values[n], effects[n]
        notes = ",".join(
            f'"{note}"'
            for note, present in (
                ("unknown_place", unknown_place[n]),
                ("budget_unknown", rounded["budget"][n] != rounded["budget"][n]),
                ("rate_unknown", unknown_rate[n] and rounded["budget"][n] == rounded["budget"][n]),
            )
            if present
        )
        flags = ",".join(f'"{name}"' for position, name in enumerate(FLAGS) if flag_bits[n] >> position & 1)
        base = ",".join(f'"{name}":[{v[k]!r},{weight_text[k]},{c[k]!r}]' for k, name in enumerate(FACTORS))
        gate_text = ",".join(f'"{name}":[{g[k]!r},{eff[k]!r}]' for k, name in enumerate(GATES))
        out.append(
            f'{{"v":2,"score":{score[n]!r},"factors":{{{base}}},"gates":{{{gate_text}}},'
            f'"required":[{covered[n]},{total[n]}],"matched":[{groups[4 * n]}],"partial":[{groups[4 * n + 1]}],'
            f'"related":[{groups[4 * n + 2]}],"missing":[{groups[4 * n + 3]}],"near_miss":[{",".join(near_texts[n])}],'
            f'"daily_rate":{_number(rounded["rate"][n])},"daily_budget":{_number(rounded["budget"][n])},'
            f'"rate_gap_pct":{_number(rounded["gap"][n])},"status":"{statuses[n]}","free_date":{dates["free"][n]},'
            f'"start":{dates["start"][n]},"end":{dates["end"][n]},"coverage":{_number(rounded["coverage"][n])},'
            f'"distance_km":{_number(rounded["distance"][n])},"max_travel_km":{_number(rounded["reach"][n])},'
            f'"onsite_days":{_number(rounded["onsite"][n])},"flags":[{flags}],"notes":[{notes}]}}'
        )
    return out
