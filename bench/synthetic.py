"""Synthetic engine inputs of any size (no database), with skewed skill popularity like real data."""

from __future__ import annotations

import numpy as np

from matching.engine import ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.arrays import csr_from_pairs

CITIES = [  # (latitude, longitude) of French cities
    (48.8534, 2.3488),
    (45.7491, 4.8479),
    (43.2970, 5.3811),
    (43.6043, 1.4437),
    (47.2173, -1.5534),
    (44.8412, -0.5800),
    (50.6339, 3.0551),
    (48.1113, -1.6800),
    (48.5839, 7.7455),
    (43.6109, 3.8772),
    (43.7031, 7.2661),
    (45.1667, 5.7167),
    (np.nan, np.nan),
]


def skill_graph(n_skills: int, rng: np.random.Generator) -> SkillGraph:
    a = rng.integers(0, n_skills, n_skills * 2)
    b = rng.integers(0, n_skills, n_skills * 2)
    keep = a != b
    rows = np.concatenate([a[keep], b[keep]])
    cols = np.concatenate([b[keep], a[keep]])
    pairs = np.unique(np.column_stack([rows, cols]), axis=0)
    indptr, cols = csr_from_pairs(pairs[:, 0], pairs[:, 1].astype(np.int32), n_skills)
    return SkillGraph(np.arange(1, n_skills + 1, dtype=np.int64), indptr, cols)


def popularity(n_skills: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n_skills + 1) ** 0.9
    return weights / weights.sum()


def consultants(n: int, n_skills: int, rng: np.random.Generator, today: int, companies: int = 1) -> ConsultantArrays:
    per = rng.integers(10, 21, n)
    rows = np.repeat(np.arange(n), per)
    cols = rng.choice(n_skills, size=len(rows), p=popularity(n_skills)).astype(np.int32)
    unique = np.unique(rows.astype(np.int64) * n_skills + cols)
    rows, cols = (unique // n_skills).astype(np.int64), (unique % n_skills).astype(np.int32)
    ranks = rng.integers(1, 5, len(rows)).astype(np.int8)
    years = rng.integers(0, 15, len(rows)).astype(np.float64)
    indptr, cols, ranks, years = csr_from_pairs(rows, cols, n, ranks, years)
    city = rng.integers(0, len(CITIES), n)
    coords = np.array(CITIES)[city]
    status = rng.choice(4, size=n, p=[0.3, 0.1, 0.1, 0.5]).astype(np.int8)
    free = np.where(status >= 2, today + rng.integers(-10, 200, n), -1).astype(np.int32)
    return ConsultantArrays(
        ids=np.arange(1, n + 1, dtype=np.int64),
        company_ids=(np.arange(n) % companies + 1).astype(np.int64),
        skill_indptr=indptr,
        skill_columns=cols,
        skill_ranks=ranks,
        skill_years=years,
        status=status,
        free_day=free,
        daily_rate=np.where(rng.random(n) < 0.05, np.nan, rng.integers(350, 950, n)).astype(np.float64),
        latitude=coords[:, 0],
        longitude=coords[:, 1],
        remote=rng.random(n) < 0.4,
        max_travel_km=np.where(rng.random(n) < 0.2, np.nan, rng.choice([20, 50, 100, 300], n)).astype(np.float64),
        experience_years=rng.integers(0, 25, n).astype(np.float64),
    )


def tenders(m: int, n_skills: int, rng: np.random.Generator, today: int, companies: int = 1) -> TenderArrays:
    per = rng.integers(4, 13, m)
    rows = np.repeat(np.arange(m), per)
    cols = rng.choice(n_skills, size=len(rows), p=popularity(n_skills)).astype(np.int32)
    unique = np.unique(rows.astype(np.int64) * n_skills + cols)
    rows, cols = (unique // n_skills).astype(np.int64), (unique % n_skills).astype(np.int32)
    importance = rng.choice(3, size=len(rows), p=[0.5, 0.3, 0.2]).astype(np.int8)
    minimum = np.where(rng.random(len(rows)) < 0.4, rng.integers(1, 5, len(rows)), 0).astype(np.int8)
    indptr, cols, importance, minimum = csr_from_pairs(rows, cols, m, importance, minimum)
    start = today + rng.integers(0, 90, m)
    coords = np.array(CITIES)[rng.integers(0, len(CITIES), m)]
    return TenderArrays(
        ids=np.arange(1, m + 1, dtype=np.int64),
        company_ids=(np.arange(m) % companies + 1).astype(np.int64),
        skill_indptr=indptr,
        skill_columns=cols,
        skill_importance=importance,
        skill_minimum=minimum,
        start_day=start.astype(np.int32),
        end_day=(start + rng.integers(30, 365, m)).astype(np.int32),
        latitude=coords[:, 0],
        longitude=coords[:, 1],
        remote=rng.random(m) < 0.3,
        budget=np.where(rng.random(m) < 0.2, np.nan, rng.integers(20_000, 400_000, m)).astype(np.float64),
        required_consultants=rng.integers(1, 4, m).astype(np.int32),
    )
