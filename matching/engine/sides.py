"""Per-side preparation: the scalars of each tender and the skill lookups of each consultant, built once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.arrays import AVAILABILITY_CODES, NO_DAY, ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.config import ScoringConfig
from matching.engine.factors import (
    DEFAULT_SPAN_DAYS,
    FAR,
    ON_MISSION_WITHOUT_DATE,
    ORDINAL_UNIX_EPOCH,
    READY_VALUE,
)


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
