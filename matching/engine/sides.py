"""Per-side preparation: the scalars of each tender and the skill lookups of each consultant, built once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.arrays import NO_DAY, ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.config import SENIORITY_WORDS, YEARS_BY_MINIMUM, ScoringConfig
from matching.engine.factors import DEFAULT_SPAN_DAYS, working_days


def years_asked_from_text(text: str) -> float:
    """Years of experience a tender's wording asks (junior, confirmé, senior, expert…); NaN when none."""
    lowered = text.lower()
    for words, years in SENIORITY_WORDS:
        if any(word in lowered for word in words):
            return years
    return float("nan")


@dataclass
class TenderContext:
    """Per-tender scalars derived once from TenderArrays and today's date."""

    start: np.ndarray  # effective start day (today when unset or past)
    end: np.ndarray  # effective end day (start + DEFAULT_SPAN_DAYS when unset)
    daily_budget: np.ndarray  # NaN when it cannot be derived
    core_total: np.ndarray  # Σ importance weights of the required and preferred skills
    nice_total: np.ndarray  # Σ importance weights of the nice-to-have skills
    required_count: np.ndarray
    seniority_count: np.ndarray  # skills counted for seniority: the required ones, or all when none is
    years_asked: np.ndarray  # experience the tender asks: its wording, else its highest required minimum

    @property
    def weight_total(self) -> np.ndarray:
        return self.core_total + self.nice_total


def tender_context(tenders: TenderArrays, today: int, config: ScoringConfig) -> TenderContext:
    start = np.where(tenders.start_day == NO_DAY, today, np.maximum(tenders.start_day, today)).astype(np.int64)
    has_end = tenders.end_day != NO_DAY
    end = np.where(has_end, tenders.end_day, start + DEFAULT_SPAN_DAYS).astype(np.int64)

    has_dates = (tenders.start_day != NO_DAY) & has_end & (tenders.end_day >= tenders.start_day)
    days = working_days(np.where(has_dates, tenders.start_day, 0), np.where(has_dates, tenders.end_day, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        daily_budget = tenders.budget / (days * np.maximum(tenders.required_consultants, 1))
    daily_budget = np.where(has_dates & (days > 0), daily_budget, np.nan)

    rows = np.repeat(np.arange(len(tenders)), np.diff(tenders.skill_indptr))
    weights = np.asarray(config.importance_weights, dtype=np.float64)[tenders.skill_importance]
    nice = tenders.skill_importance == 2
    core_total = np.bincount(rows, np.where(nice, 0.0, weights), minlength=len(tenders))
    nice_total = np.bincount(rows, np.where(nice, weights, 0.0), minlength=len(tenders))
    is_required = tenders.skill_importance == 0
    required = np.bincount(rows, is_required, minlength=len(tenders))
    all_skills = np.diff(tenders.skill_indptr)
    seniority = np.where(required > 0, required, all_skills)
    highest = np.zeros(len(tenders), dtype=np.int64)
    np.maximum.at(highest, rows[is_required], tenders.skill_minimum[is_required].astype(np.int64))
    by_minimum = np.asarray(YEARS_BY_MINIMUM, dtype=np.float64)[highest]
    years_asked = np.where(np.isnan(tenders.asked_years), by_minimum, tenders.asked_years)
    return TenderContext(
        start, end, daily_budget, core_total, nice_total, required.astype(np.int64), seniority, years_asked
    )


@dataclass
class ConsultantSide:
    """Consultant arrays plus lookups the scorer needs; built once per recompute."""

    arrays: ConsultantArrays
    graph: SkillGraph
    keys: np.ndarray  # sorted row × S + column of every consultant skill
    ranks: np.ndarray
    years: np.ndarray
    has_date: np.ndarray  # bool[n]: an availability date is known

    @property
    def free(self) -> np.ndarray:
        return self.arrays.free_day


def consultant_side(consultants: ConsultantArrays, graph: SkillGraph, today: int) -> ConsultantSide:
    rows = np.repeat(np.arange(len(consultants), dtype=np.int64), np.diff(consultants.skill_indptr))
    keys = rows * graph.size + consultants.skill_columns
    if len(keys) < 2 or bool(np.all(keys[1:] >= keys[:-1])):
        # CSR rows in order with their columns ascending (ConsultantArrays' contract): already sorted.
        return ConsultantSide(
            consultants, graph, keys, consultants.skill_ranks, consultants.skill_years, consultants.free_day != NO_DAY
        )
    order = np.argsort(keys, kind="stable")
    return ConsultantSide(
        consultants,
        graph,
        keys[order],
        consultants.skill_ranks[order],
        consultants.skill_years[order],
        consultants.free_day != NO_DAY,
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
