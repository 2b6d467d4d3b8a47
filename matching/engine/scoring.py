"""The score: factor functions, exact pair scoring, and the explanation of a score.

Every factor lies in [0, 1]. The score is

    multiplier × Σ weight_k × factor_k,   multiplier = missing_required_multiplier ** missing_required

so each factor's contribution (multiplier × weight × value) sums to the score. The functions here
broadcast: the bulk screening (screening.py) calls them on class tables, the exact path on pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.arrays import AVAILABILITY_CODES, NO_DAY, ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.config import FACTORS, ScoringConfig

FAR = 10**7  # a day index beyond any real date, for "never" and "always"
DEFAULT_SPAN_DAYS = 90  # assumed length of a tender without an end date
ORDINAL_UNIX_EPOCH = 719163  # date(1970, 1, 1).toordinal()
EARTH_RADIUS_KM = 6371.0088

READY_VALUE = {"available": 1.0, "partially_available": 0.7, "unavailable": 0.85, "on_mission": 0.85}
ON_MISSION_WITHOUT_DATE = 0.1
LATE_START_VALUE = 0.6  # free a day after the start; falls linearly to 0 at the end


# --- factor functions ---------------------------------------------------------------------------


def availability_factor(ready, tail, free, start, span):
    """Availability at the tender's start: `ready` when free by then, decaying while the tender runs,
    `tail` (usually 0) when free only after its end."""
    late = np.asarray(free, dtype=np.float64) - start
    decay = LATE_START_VALUE * (1.0 - late / (span + 1.0))
    return np.where(late <= 0, ready, np.where(late <= span, decay, tail))


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = (np.radians(value) for value in (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def location_factor(t_lat, t_lon, t_remote, c_lat, c_lon, c_remote, c_max_km, config: ScoringConfig):
    """Returns (value, distance_km). Remote on both sides is full credit; an unknown place is neutral."""
    distance = haversine_km(t_lat, t_lon, c_lat, c_lon)
    reach = np.where(np.isnan(c_max_km), config.default_travel_km, c_max_km)
    beyond = np.maximum(distance - reach, 0.0) / (2.0 * np.maximum(reach, config.default_travel_km))
    value = np.clip(1.0 - beyond, 0.0, 1.0)
    value = np.where(np.isnan(distance), config.neutral_location, value)
    value = np.where(np.logical_and(t_remote, c_remote), 1.0, value)
    return value, distance


def rate_factor(daily_rate, daily_budget, config: ScoringConfig):
    """Full credit at or under the daily budget, falling to 0 at (1 + 1/slope) × budget; neutral if unknown."""
    with np.errstate(divide="ignore", invalid="ignore"):
        over = np.asarray(daily_rate, dtype=np.float64) / daily_budget - 1.0
    value = np.clip(1.0 - over * config.rate_slope, 0.0, 1.0)
    return np.where(np.isnan(value), config.neutral_rate, value)


def seniority_factor(experience_years, skill_years_sum, seniority_skill_count, config: ScoringConfig):
    """60 % overall experience (full at `experience_years_full`), 40 % years on the tender's key skills."""
    experience = np.minimum(np.nan_to_num(experience_years, nan=0.0) / config.experience_years_full, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        skills = np.where(seniority_skill_count > 0, skill_years_sum / seniority_skill_count, 0.0)
    return 0.6 * experience + 0.4 * skills


def skill_years_credit(years, config: ScoringConfig):
    return np.minimum(np.nan_to_num(years, nan=0.0) / config.skill_years_full, 1.0)


def combine(factors: list, multiplier, weights: np.ndarray):
    """multiplier × Σ weight_k × factor_k, summed in a fixed order so that every path gives the same bits."""
    total = factors[0] * weights[0]
    for factor, weight in zip(factors[1:], weights[1:], strict=True):
        total = total + factor * weight
    return multiplier * total


# --- per-side preparation -----------------------------------------------------------------------


@dataclass
class TenderContext:
    """Per-tender scalars derived once from TenderArrays and today's date."""

    start: np.ndarray  # effective start day (today when unset or past)
    span: np.ndarray  # days from start to end
    daily_budget: np.ndarray  # NaN when it cannot be derived
    weight_total: np.ndarray  # Σ importance weights of the tender's skills
    required_count: np.ndarray
    seniority_count: np.ndarray  # skills counted for seniority: the required ones, or all when none is


def tender_context(tenders: TenderArrays, today: int, config: ScoringConfig) -> TenderContext:
    start = np.where(tenders.start_day == NO_DAY, today, np.maximum(tenders.start_day, today)).astype(np.int64)
    has_end = tenders.end_day != NO_DAY
    span = np.where(has_end, np.maximum(tenders.end_day - start, 0), DEFAULT_SPAN_DAYS).astype(np.float64)

    has_dates = (tenders.start_day != NO_DAY) & has_end & (tenders.end_day >= tenders.start_day)
    first = np.where(has_dates, tenders.start_day, ORDINAL_UNIX_EPOCH) - ORDINAL_UNIX_EPOCH
    last = np.where(has_dates, tenders.end_day, ORDINAL_UNIX_EPOCH) - ORDINAL_UNIX_EPOCH + 1
    working_days = np.busday_count(first.astype("datetime64[D]"), last.astype("datetime64[D]")).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        daily_budget = tenders.budget / (working_days * np.maximum(tenders.required_consultants, 1))
    daily_budget = np.where(has_dates & (working_days > 0), daily_budget, np.nan)

    rows = np.repeat(np.arange(len(tenders)), np.diff(tenders.skill_indptr))
    importance_weights = np.asarray(config.importance_weights, dtype=np.float64)
    weight_total = np.bincount(rows, importance_weights[tenders.skill_importance], minlength=len(tenders))
    required = np.bincount(rows, tenders.skill_importance == 0, minlength=len(tenders))
    all_skills = np.diff(tenders.skill_indptr)
    seniority = np.where(required > 0, required, all_skills)
    return TenderContext(start, span, daily_budget, weight_total, required.astype(np.int64), seniority)


@dataclass
class ConsultantSide:
    """Consultant arrays plus lookups the scorer needs; built once per recompute."""

    arrays: ConsultantArrays
    graph: SkillGraph
    keys: np.ndarray  # sorted row × S + column of every consultant skill
    ranks: np.ndarray
    years: np.ndarray
    ready: np.ndarray
    tail: np.ndarray
    free: np.ndarray


def consultant_side(consultants: ConsultantArrays, graph: SkillGraph, today: int) -> ConsultantSide:
    rows = np.repeat(np.arange(len(consultants), dtype=np.int64), np.diff(consultants.skill_indptr))
    keys = rows * graph.size + consultants.skill_columns
    order = np.argsort(keys, kind="stable")

    codes = {code: name for name, code in AVAILABILITY_CODES.items()}
    names = np.array([codes[int(code)] for code in range(4)])
    status_names = names[consultants.status]
    ready = np.vectorize(READY_VALUE.get, otypes=[np.float64])(status_names) if len(consultants) else np.zeros(0)
    has_date = consultants.free_day != NO_DAY
    free_now = np.isin(consultants.status, [0, 1])
    free = np.where(has_date, consultants.free_day, np.where(free_now, -FAR, FAR)).astype(np.int64)
    tail = np.where(~has_date & (consultants.status == AVAILABILITY_CODES["on_mission"]), ON_MISSION_WITHOUT_DATE, 0.0)
    return ConsultantSide(
        consultants,
        graph,
        keys[order],
        consultants.skill_ranks[order],
        consultants.skill_years[order],
        ready,
        tail,
        free,
    )


def lookup(side: ConsultantSide, rows: np.ndarray, columns: np.ndarray):
    """(rank, years) of each (consultant row, skill column); rank 0 when the consultant lacks it."""
    keys = rows.astype(np.int64) * side.graph.size + columns
    position = np.searchsorted(side.keys, keys)
    position = np.minimum(position, max(len(side.keys) - 1, 0))
    found = side.keys[position] == keys if len(side.keys) else np.zeros(len(keys), dtype=bool)
    ranks = np.where(found, side.ranks[position] if len(side.keys) else 0, 0).astype(np.int64)
    years = np.where(found, side.years[position] if len(side.keys) else np.nan, np.nan)
    return ranks, years


def related_lookup(side: ConsultantSide, rows: np.ndarray, columns: np.ndarray):
    """Best rank among the catalogue's related skills of each column, and the column that gives it (-1)."""
    graph = side.graph
    counts = graph.related_indptr[columns + 1] - graph.related_indptr[columns]
    owner = np.repeat(np.arange(len(columns)), counts)
    offsets = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    related_columns = graph.related_indices[np.repeat(graph.related_indptr[columns], counts) + offsets]
    ranks, _ = lookup(side, rows[owner], related_columns)
    best = np.zeros(len(columns), dtype=np.int64)
    np.maximum.at(best, owner, ranks)
    via = np.full(len(columns), -1, dtype=np.int64)
    winners = np.flatnonzero((ranks > 0) & (ranks == best[owner]))
    first_owner, first_index = np.unique(owner[winners], return_index=True)
    via[first_owner] = related_columns[winners[first_index]]
    return best, via


# --- exact scoring of (tender, consultant) pairs ------------------------------------------------


@dataclass
class PairScores:
    tender_rows: np.ndarray
    consultant_rows: np.ndarray
    factors: np.ndarray  # float64[p, 5] in FACTORS order
    multiplier: np.ndarray
    missing_required: np.ndarray
    score: np.ndarray
    distance_km: np.ndarray
    # one entry per (pair, tender skill), in the tender's skill order
    detail_owner: np.ndarray
    detail_column: np.ndarray
    detail_importance: np.ndarray
    detail_minimum: np.ndarray
    detail_rank: np.ndarray
    detail_years: np.ndarray
    detail_related_rank: np.ndarray
    detail_related_via: np.ndarray
    detail_credit: np.ndarray

    @property
    def skill_credit(self) -> np.ndarray:
        return self.factors[:, 0]


def score_pairs(
    side: ConsultantSide,
    tenders: TenderArrays,
    context: TenderContext,
    tender_rows: np.ndarray,
    consultant_rows: np.ndarray,
    config: ScoringConfig,
) -> PairScores:
    """The exact (float64) score of each (tender row, consultant row) pair, with the details to explain it."""
    tender_rows = np.asarray(tender_rows, dtype=np.int64)
    consultant_rows = np.asarray(consultant_rows, dtype=np.int64)
    pairs = len(tender_rows)
    consultants = side.arrays

    counts = tenders.skill_indptr[tender_rows + 1] - tenders.skill_indptr[tender_rows]
    owner = np.repeat(np.arange(pairs), counts)
    offsets = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    entries = np.repeat(tenders.skill_indptr[tender_rows], counts) + offsets
    columns = tenders.skill_columns[entries].astype(np.int64)
    importance = tenders.skill_importance[entries].astype(np.int64)
    minimum = tenders.skill_minimum[entries].astype(np.int64)
    rows = consultant_rows[owner]

    ranks, years = lookup(side, rows, columns)
    related_rank, related_via = related_lookup(side, rows, columns)
    related_rank = np.where(ranks > 0, 0, related_rank)
    related_via = np.where(ranks > 0, -1, related_via)
    table = config.credit_table()
    credit = np.where(ranks > 0, table[ranks, minimum], config.related_credit * table[related_rank, minimum])
    weights = np.asarray(config.importance_weights, dtype=np.float64)[importance]

    t = tender_rows
    skill_sum = np.bincount(owner, weights * credit, minlength=pairs)
    with np.errstate(divide="ignore", invalid="ignore"):
        skills = np.where(context.weight_total[t] > 0, skill_sum / context.weight_total[t], 0.0)
    has_required = np.bincount(owner, (ranks > 0) & (importance == 0), minlength=pairs)
    missing = context.required_count[t] - has_required.astype(np.int64)
    counts_for_seniority = np.where(context.required_count[t][owner] > 0, importance == 0, True) & (ranks > 0)
    years_sum = np.bincount(owner, np.where(counts_for_seniority, skill_years_credit(years, config), 0.0), pairs)

    c = consultant_rows
    availability = availability_factor(side.ready[c], side.tail[c], side.free[c], context.start[t], context.span[t])
    location, distance = location_factor(
        tenders.latitude[t],
        tenders.longitude[t],
        tenders.remote[t],
        consultants.latitude[c],
        consultants.longitude[c],
        consultants.remote[c],
        consultants.max_travel_km[c],
        config,
    )
    rate = rate_factor(consultants.daily_rate[c], context.daily_budget[t], config)
    seniority = seniority_factor(consultants.experience_years[c], years_sum, context.seniority_count[t], config)

    multiplier = config.missing_required_multiplier ** missing.astype(np.float64)
    factor_list = [skills, availability, location, rate, seniority]
    score = combine(factor_list, multiplier, config.weight_vector)
    return PairScores(
        tender_rows,
        consultant_rows,
        np.column_stack(factor_list) if pairs else np.zeros((0, 5)),
        multiplier,
        missing,
        score,
        distance,
        owner,
        columns,
        importance,
        minimum,
        ranks,
        years,
        related_rank,
        related_via,
        credit,
    )


# --- explanation --------------------------------------------------------------------------------
#
# A breakdown is JSON:
#   score        the stored score (rounded to 7 decimals)
#   factors      {name: [value, weight, contribution]}; contributions sum to the score within 1e-6
#   multiplier   the missing-required multiplier already inside each contribution
#   required     [covered, total] required skills
#   matched      [[skill_id, importance, rank, years|null]]   has it, at or above any minimum level
#   partial      [[skill_id, importance, rank, minimum]]      has it, below the minimum level
#   related      [[skill_id, importance, via_skill_id, via_rank]]  lacks it, related skill credited
#   missing      [[skill_id, importance]]
#   distance_km, daily_budget (null when unknown), notes (["unknown_place", "budget_unknown"])


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
