"""Exact (float64) scoring of (tender, consultant) pairs, with the per-skill details and facts that explain it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matching.engine.arrays import TenderArrays
from matching.engine.config import ScoringConfig
from matching.engine.factors import (
    availability_gate,
    capped_skills,
    combine,
    rate_gate,
    reach_gate,
    seniority_factor,
    skill_years_credit,
)
from matching.engine.sides import ConsultantSide, TenderContext, lookup, related_lookup


@dataclass
class PairScores:
    tender_rows: np.ndarray
    consultant_rows: np.ndarray
    factors: np.ndarray  # float64[p, 2] in FACTORS order (the base)
    gates: np.ndarray  # float64[p, 4] in GATES order
    missing_required: np.ndarray
    score: np.ndarray
    distance_km: np.ndarray
    onsite_days: np.ndarray  # days a week on site asked of this consultant (0 remote, 5 full on site)
    coverage: np.ndarray  # share of the mission covered; NaN when no availability date is known
    status: np.ndarray  # the consultant's AVAILABILITY_CODES
    free_day: np.ndarray  # the consultant's free day, NO_DAY when none
    daily_rate: np.ndarray  # the consultant's daily rate, NaN when unknown
    max_travel_km: np.ndarray  # the consultant's own reach, NaN when unset
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
    slot_values: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> PairScores:
    """The exact (float64) score of each (tender row, consultant row) pair, with the details to explain it.

    `slot_values(rows, columns)`, when given (a PoolScreen's, whose pool holds every consultant row),
    returns the own rank, or 5 + the best related rank, of each pair at once; the sorted lookups then
    only fetch the years of held skills and which related skill gave a related rank.
    """
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

    if slot_values is None:
        ranks, years = lookup(side, rows, columns)
        related_rank, related_via = related_lookup(side, rows, columns)
        related_rank = np.where(ranks > 0, 0, related_rank)
        related_via = np.where(ranks > 0, -1, related_via)
    else:
        values = slot_values(rows, columns)
        held = values < 5
        ranks = np.where(held, values, 0)
        related_rank = np.where(held, 0, values - 5)
        years = np.full(len(rows), np.nan)
        years[held] = lookup(side, rows[held], columns[held])[1]
        related_via = np.full(len(rows), -1, dtype=np.int64)
        via = related_rank > 0
        related_via[via] = related_lookup(side, rows[via], columns[via])[1]
    table = config.credit_table()
    credit = np.where(ranks > 0, table[ranks, minimum], config.related_credit * table[related_rank, minimum])
    weights = np.asarray(config.importance_weights, dtype=np.float64)[importance]

    t = tender_rows
    nice = importance == 2
    core_credit = np.bincount(owner, np.where(nice, 0.0, weights * credit), minlength=pairs)
    nice_credit = np.bincount(owner, np.where(nice, weights * credit, 0.0), minlength=pairs)
    skills = capped_skills(core_credit, nice_credit, context.core_total[t], context.nice_total[t], config)
    required = importance == 0
    has_required = np.bincount(owner, (ranks > 0) & required, minlength=pairs)
    missing = context.required_count[t] - has_required.astype(np.int64)
    slot_index = np.where(ranks > 0, ranks, related_rank + 5)
    log_slot = np.where(required, np.log(np.maximum(config.slot_gate_table()[slot_index, minimum], 1e-300)), 0.0)
    required_gate = np.exp(np.bincount(owner, log_slot, minlength=pairs))
    required_gate = np.where(required_gate < 1e-299, 0.0, required_gate)
    counts_for_seniority = np.where(context.required_count[t][owner] > 0, required, True) & (ranks > 0)
    years_sum = np.bincount(owner, np.where(counts_for_seniority, skill_years_credit(years, config), 0.0), pairs)

    c = consultant_rows
    availability, covered = availability_gate(
        consultants.status[c], side.has_date[c], side.free[c], context.start[t], context.end[t], config
    )
    reach, distance, days = reach_gate(
        tenders.latitude[t],
        tenders.longitude[t],
        tenders.remote[t],
        tenders.onsite_days[t],
        consultants.latitude[c],
        consultants.longitude[c],
        consultants.remote[c],
        consultants.max_travel_km[c],
        config,
    )
    rate = rate_gate(consultants.daily_rate[c], context.daily_budget[t], config)
    seniority = seniority_factor(
        consultants.experience_years[c], context.years_asked[t], years_sum, context.seniority_count[t]
    )

    factor_list = [skills, seniority]
    gate_list = [required_gate, availability, rate, reach]
    score = combine(factor_list, gate_list, config.weight_vector)
    return PairScores(
        tender_rows,
        consultant_rows,
        np.column_stack(factor_list) if pairs else np.zeros((0, 2)),
        np.column_stack(gate_list) if pairs else np.zeros((0, 4)),
        missing,
        score,
        distance,
        days,
        covered,
        consultants.status[c].astype(np.int64),
        consultants.free_day[c].astype(np.int64),
        consultants.daily_rate[c],
        consultants.max_travel_km[c],
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
