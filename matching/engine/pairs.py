"""Exact (float64) scoring of (tender, consultant) pairs, with the per-skill details that explain it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.arrays import TenderArrays
from matching.engine.config import ScoringConfig
from matching.engine.factors import (
    availability_factor,
    combine,
    location_factor,
    rate_factor,
    seniority_factor,
    skill_years_credit,
)
from matching.engine.sides import ConsultantSide, TenderContext, lookup, related_lookup


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
