"""The engine's inputs: plain arrays, one row per consultant or tender. No ORM here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Availability codes, in the order of the documented enum.
AVAILABILITY_CODES = {"available": 0, "partially_available": 1, "unavailable": 2, "on_mission": 3}
NO_DAY = -1  # a missing date


@dataclass
class SkillGraph:
    """The catalogue's related-skill links, as a symmetric CSR adjacency over skill columns."""

    skill_ids: np.ndarray  # int64[S], column → skill id
    related_indptr: np.ndarray  # int64[S + 1]
    related_indices: np.ndarray  # int32[links]

    @property
    def size(self) -> int:
        return len(self.skill_ids)

    def column_of(self) -> dict[int, int]:
        return {int(skill_id): column for column, skill_id in enumerate(self.skill_ids)}

    def related(self, column: int) -> np.ndarray:
        return self.related_indices[self.related_indptr[column] : self.related_indptr[column + 1]]


@dataclass
class ConsultantArrays:
    ids: np.ndarray  # int64[n]
    company_ids: np.ndarray  # int64[n]
    skill_indptr: np.ndarray  # int64[n + 1]; each row's skill columns sorted ascending
    skill_columns: np.ndarray  # int32[nnz]
    skill_ranks: np.ndarray  # int8[nnz], 1 beginner … 4 expert
    skill_years: np.ndarray  # float64[nnz], NaN when unknown
    status: np.ndarray  # int8[n], AVAILABILITY_CODES
    free_day: np.ndarray  # int32[n], date.toordinal() of availability_date, NO_DAY when none
    daily_rate: np.ndarray  # float64[n], NaN when unknown
    latitude: np.ndarray  # float64[n], NaN when the place is unknown
    longitude: np.ndarray  # float64[n]
    remote: np.ndarray  # bool[n]
    max_travel_km: np.ndarray  # float64[n], NaN when unset
    experience_years: np.ndarray  # float64[n], NaN when unknown

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class TenderArrays:
    ids: np.ndarray  # int64[m]
    company_ids: np.ndarray  # int64[m]
    skill_indptr: np.ndarray  # int64[m + 1]; each row's skill columns sorted ascending
    skill_columns: np.ndarray  # int32[nnz]
    skill_importance: np.ndarray  # int8[nnz], 0 required, 1 preferred, 2 nice to have
    skill_minimum: np.ndarray  # int8[nnz], 0 none, else 1 … 4
    start_day: np.ndarray  # int32[m], NO_DAY when none
    end_day: np.ndarray  # int32[m], NO_DAY when none
    latitude: np.ndarray  # float64[m], NaN when unknown
    longitude: np.ndarray  # float64[m]
    remote: np.ndarray  # bool[m]
    budget: np.ndarray  # float64[m], NaN when unknown
    required_consultants: np.ndarray  # int32[m]
    onsite_days: np.ndarray | None = None  # float64[m], days a week on site; NaN when no constraint
    asked_years: np.ndarray | None = None  # float64[m], years its wording asks (junior, senior…); NaN when none

    def __post_init__(self):
        if self.onsite_days is None:
            self.onsite_days = np.full(len(self.ids), np.nan)
        if self.asked_years is None:
            self.asked_years = np.full(len(self.ids), np.nan)

    def __len__(self) -> int:
        return len(self.ids)

    def skills_of(self, row: int) -> slice:
        return slice(int(self.skill_indptr[row]), int(self.skill_indptr[row + 1]))


def csr_from_pairs(rows: np.ndarray, columns: np.ndarray, n_rows: int, *values: np.ndarray):
    """Sort (row, column, values…) triples into CSR order; returns indptr, columns, and the values."""
    order = np.lexsort((columns, rows))
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return (indptr, columns[order], *(value[order] for value in values))
