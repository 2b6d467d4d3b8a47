"""Bulk screening: approximate (float32) scores of every tender × candidate, chunk by chunk.

The skill part is one sparse × dense product per chunk of tenders: each tender is a sparse row of
weights over "(skill, minimum level)" variants, each candidate a dense column of credits. The other
gates take few distinct values per candidate (place, rate, availability), so they are computed on small
per-tender tables and gathered. Memory is bounded by the candidate columns and one chunk.

The required-skills gate is left out of the dense rows: a screened row before it is an upper bound of
the screened score (the gate is at most 1), and the gate itself (exp of a sum of per-slot logs) is
computed only for the candidates the shortlist asks about, from one int8 row of "own or related rank"
per skill. A dense float32 row per required variant would cost as much memory as all the credit rows.

Screening only shortlists; the exact scorer (pairs.score_pairs) decides the final ranks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.engine.arrays import TenderArrays
from matching.engine.config import ScoringConfig
from matching.engine.factors import availability_gate, rate_gate, reach_gate, skill_years_credit
from matching.engine.sides import ConsultantSide, TenderContext


def _classes(*columns: np.ndarray):
    """Distinct value combinations of the given columns: (representatives, class index per row)."""
    stacked = np.column_stack([np.nan_to_num(column.astype(np.float64), nan=-1e300) for column in columns])
    if len(columns) == 1:  # a plain sort is much faster than unique rows
        values, inverse = np.unique(stacked[:, 0], return_inverse=True)
        return [np.where(values == -1e300, np.nan, values)], inverse.reshape(-1).astype(np.int32)
    # Distinct rows by a lexicographic sort and a scan for changes: several times faster than
    # np.unique(axis=0), which compares rows as raw bytes. The class order does not matter.
    order = np.lexsort(stacked.T[::-1])
    ordered = stacked[order]
    change = np.ones(len(ordered), dtype=bool)
    change[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    inverse = np.empty(len(ordered), dtype=np.int64)
    inverse[order] = np.cumsum(change) - 1
    unique = ordered[change]
    representatives = [np.where(unique[:, k] == -1e300, np.nan, unique[:, k]) for k in range(len(columns))]
    return representatives, inverse.reshape(-1).astype(np.int32)


@dataclass(frozen=True)
class PoolClasses:
    """The distinct (place, reach), rate, availability and experience values of a pool, and each
    candidate's class: the gates are computed once per class. They depend on the consultants alone,
    so a warm pool computes them once for every tender ranked against it."""

    location: list[np.ndarray]  # latitude, longitude, remote, max travel
    location_class: np.ndarray
    rate: list[np.ndarray]
    rate_class: np.ndarray
    availability: list[np.ndarray]  # status, has a date, free day
    availability_class: np.ndarray
    experience: list[np.ndarray]
    experience_class: np.ndarray


def pool_classes(side: ConsultantSide, pool: np.ndarray) -> PoolClasses:
    consultants, c = side.arrays, pool
    location, location_class = _classes(
        consultants.latitude[c], consultants.longitude[c], consultants.remote[c], consultants.max_travel_km[c]
    )
    rate, rate_class = _classes(consultants.daily_rate[c])
    availability, availability_class = _classes(consultants.status[c], side.has_date[c], side.free[c])
    experience, experience_class = _classes(consultants.experience_years[c])
    return PoolClasses(
        location, location_class, rate, rate_class, availability, availability_class, experience, experience_class
    )


@dataclass
class ScreeningResult:
    """Screened scores of a chunk of tenders against the pool, the required-skills gate applied on demand."""

    screen: PoolScreen
    tender_rows: np.ndarray  # the chunk
    # float32[chunk, pool]: the screened score before the required-skills gate, an upper bound of the
    # screened score; -1 where the candidate has no skill credit at all.
    bounds: np.ndarray

    def scores(self, i: int, positions: np.ndarray) -> np.ndarray:
        """Screened scores (float64) of the chunk's i-th tender for these pool positions."""
        gate = self.screen.required_gate(int(self.tender_rows[i]), positions)
        return self.bounds[i, positions].astype(np.float64) * gate


class PoolScreen:
    """Screening of a group of tenders against one candidate pool (consultant rows)."""

    def __init__(
        self,
        side: ConsultantSide,
        pool: np.ndarray,
        tenders: TenderArrays,
        tender_rows: np.ndarray,
        context: TenderContext,
        config: ScoringConfig,
        classes: PoolClasses | None = None,
    ):
        self.side, self.pool, self.tenders, self.context, self.config = side, pool, tenders, context, config
        consultants = side.arrays
        n_skills = side.graph.size
        entries = np.concatenate(
            [np.arange(tenders.skill_indptr[t], tenders.skill_indptr[t + 1]) for t in tender_rows]
            or [np.zeros(0, dtype=np.int64)]
        ).astype(np.int64)
        used_columns = np.unique(tenders.skill_columns[entries])
        keys = tenders.skill_columns[entries].astype(np.int64) * 5 + tenders.skill_minimum[entries]
        variant_keys = np.unique(keys)
        self.variant_index = {int(key): i for i, key in enumerate(variant_keys)}
        self.used_index = {int(column): i for i, column in enumerate(used_columns)}

        # Dense ranks of the pool on the used skills and on the skills related to them.
        graph = side.graph
        related_of = {int(c): graph.related(int(c)) for c in used_columns}
        needed = np.unique(np.concatenate([used_columns, *related_of.values()]).astype(np.int64))
        position = np.full(n_skills, -1, dtype=np.int64)
        position[needed] = np.arange(len(needed))
        pool_index = np.full(len(consultants), -1, dtype=np.int64)
        pool_index[pool] = np.arange(len(pool))
        rows = pool_index[np.repeat(np.arange(len(consultants), dtype=np.int64), np.diff(consultants.skill_indptr))]
        wanted = (rows >= 0) & (position[consultants.skill_columns] >= 0)
        slots = position[consultants.skill_columns[wanted]]
        pool_ranks = np.zeros((len(needed), len(pool)), dtype=np.int8)
        pool_ranks[slots, rows[wanted]] = consultants.skill_ranks[wanted]
        year_credit = skill_years_credit(consultants.skill_years[wanted], config).astype(np.float32)

        table = config.credit_table()
        # The same logs, in the same order of summation, as the exact scorer's required-skills gate.
        self.log_gate = np.log(np.maximum(config.slot_gate_table(), 1e-300))
        # Per minimum level, one 10-entry table indexed by 0…4 own rank, 5…9 best related rank.
        credit_by_minimum = np.array(
            [np.concatenate([table[:, m], config.related_credit * table[:, m]]) for m in range(5)]
        ).astype(np.float32)
        n_variants, n_used = len(variant_keys), len(used_columns)
        # Rows: credit per variant, years credit per used skill.
        stack = np.zeros((n_variants + n_used, len(pool)), dtype=np.float32)
        # Per used skill: 1…4 the own rank, 5…9 five plus the best related rank when the skill is lacked.
        self.slot_index = np.empty((n_used, len(pool)), dtype=np.int8)
        variant_columns, variant_minimums = np.divmod(variant_keys, 5)
        variant_start = np.searchsorted(variant_columns, used_columns)
        variant_stop = np.searchsorted(variant_columns, used_columns, side="right")
        for j, column in enumerate(used_columns):
            own = pool_ranks[position[column]]
            best_related = np.zeros_like(own)
            for related in related_of[int(column)]:
                np.maximum(best_related, pool_ranks[position[related]], out=best_related)
            index = np.where(own > 0, own, best_related + 5)
            self.slot_index[j] = index
            begin, end = int(variant_start[j]), int(variant_stop[j])
            if end > begin:
                # Every variant of this skill in one gather: rows of (10 slot values × its variants),
                # taken along the candidates, then stored transposed — about twice as fast as one
                # 100,000-wide take per variant, and the same values.
                tables = np.ascontiguousarray(credit_by_minimum[variant_minimums[begin:end]].T)
                stack[begin:end] = tables.take(index.astype(np.intp), axis=0).T
        used_slot = np.full(n_skills, -1, dtype=np.int64)
        used_slot[used_columns] = np.arange(n_used)
        year_rows = used_slot[consultants.skill_columns[wanted]]
        has_slot = year_rows >= 0
        stack[n_variants + year_rows[has_slot], rows[wanted][has_slot]] = year_credit[has_slot]
        self.stack, self.n_variants, self.n_used = stack, n_variants, n_used
        self.pool_index, self.used_slot = pool_index, used_slot

        # Candidate classes for the gates and the experience part of seniority.
        classes = classes or pool_classes(side, pool)
        self.loc_lat, self.loc_lon, self.loc_remote, self.loc_max = classes.location
        self.loc_class = classes.location_class
        (self.rate_values,), self.rate_class = classes.rate, classes.rate_class
        (self.av_status, self.av_has_date, self.av_free), self.av_class = (
            classes.availability,
            classes.availability_class,
        )
        (self.experience_values,), self.experience_class = classes.experience, classes.experience_class

    def slot_values(self, consultant_rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """For (consultant row in the pool, skill column used by a tender) pairs: the own rank 1…4, or
        5 + the best related rank when the skill is lacked — what the exact scorer would look up."""
        return self.slot_index[self.used_slot[columns], self.pool_index[consultant_rows]].astype(np.int64)

    def required_gate(self, tender_row: int, positions: np.ndarray) -> np.ndarray:
        """The required-skills gate (float64) of one tender for the given pool positions."""
        span = self.tenders.skills_of(tender_row)
        required = self.tenders.skill_importance[span] == 0
        total = np.zeros(len(positions), dtype=np.float64)
        for column, minimum in zip(
            self.tenders.skill_columns[span][required], self.tenders.skill_minimum[span][required], strict=True
        ):
            index = self.slot_index[self.used_index[int(column)]].take(positions)
            total += self.log_gate[:, int(minimum)].take(index)
        gate = np.exp(total)
        gate[gate < 1e-299] = 0.0
        return gate

    def screen(self, chunk: np.ndarray) -> ScreeningResult:
        """Screened scores of the chunk's tenders (rows of TenderArrays) against the whole pool."""
        tenders, context, config = self.tenders, self.context, self.config
        size = len(chunk)
        importance_weights = np.asarray(config.importance_weights, dtype=np.float64)
        cap = config.nice_to_have_cap * context.weight_total[chunk]
        denominator = context.core_total[chunk] + np.minimum(context.nice_total[chunk], cap)
        nice_scale = np.where(denominator > 0, 1.0 / np.where(denominator > 0, denominator, 1.0), 0.0)
        weights = config.weight_vector
        # The weights are folded into the selector (fewer passes over the pool below); a skill weight of 0
        # is applied after the no-credit test instead, which needs the credit itself.
        skill_scale = weights[0] if weights[0] > 0 else 1.0
        years_scale = weights[1] * 0.4
        nice_cap = (cap * skill_scale * nice_scale).astype(np.float32)
        data, rows, cols = [], [], []
        for i, t in enumerate(chunk):
            span = tenders.skills_of(int(t))
            required_any = context.required_count[t] > 0
            for column, importance, minimum in zip(
                tenders.skill_columns[span], tenders.skill_importance[span], tenders.skill_minimum[span], strict=True
            ):
                variant = self.variant_index[int(column) * 5 + int(minimum)]
                # Capping commutes with a positive scale: min(a·x, a·cap) = a·min(x, cap).
                rows.append(i if importance != 2 else size + i)
                cols.append(variant)
                scale = 1.0 / denominator[i] if importance != 2 else nice_scale[i]
                data.append(skill_scale * importance_weights[importance] * scale)
                if importance == 0 or not required_any:
                    rows.append(2 * size + i)
                    cols.append(self.n_variants + self.used_index[int(column)])
                    data.append(years_scale / context.seniority_count[t])
        selector = sp.csr_matrix((np.asarray(data, dtype=np.float32), (rows, cols)), shape=(3 * size, len(self.stack)))
        product = np.asarray(selector @ self.stack)
        core, nice, years = (product[k * size : (k + 1) * size] for k in range(3))

        t = chunk[:, None]
        reach, _, _ = reach_gate(
            tenders.latitude[t],
            tenders.longitude[t],
            tenders.remote[t],
            tenders.onsite_days[t],
            self.loc_lat[None, :],
            self.loc_lon[None, :],
            self.loc_remote[None, :].astype(bool),
            self.loc_max[None, :],
            config,
        )
        rate = rate_gate(self.rate_values[None, :], context.daily_budget[t], config).astype(np.float32)
        availability, _ = availability_gate(
            self.av_status[None, :],
            self.av_has_date[None, :].astype(bool),
            self.av_free[None, :],
            context.start[t],
            context.end[t],
            config,
        )
        availability = availability.astype(np.float32)
        reach = reach.astype(np.float32)
        with np.errstate(divide="ignore", invalid="ignore"):
            experience = np.minimum(
                np.nan_to_num(self.experience_values[None, :], nan=0.0) / context.years_asked[t], 1.0
            )
        experience = (weights[1] * 0.6 * experience).astype(np.float32)

        total = np.empty_like(core)
        for i in range(size):
            row = total[i]
            np.minimum(nice[i], nice_cap[i], out=row)
            row += core[i]
            if weights[0] == 0:
                row.fill(0.0)
            row += experience[i].take(self.experience_class)
            row += years[i]
            row *= availability[i].take(self.av_class)
            row *= rate[i].take(self.rate_class)
            row *= reach[i].take(self.loc_class)
        total[(core + nice) <= 0] = -1.0
        return ScreeningResult(self, np.asarray(chunk), total)
