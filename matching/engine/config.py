"""Scoring parameters. Defaults live in settings.MATCHING; the engine only sees this dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Index of each factor in weight vectors and breakdowns.
FACTORS = ("skills", "availability", "location", "rate", "seniority")

# Credit for an exact skill by proficiency rank (1 beginner … 4 expert) when the tender sets no minimum.
LEVEL_CREDIT = (0.0, 0.55, 0.75, 0.9, 1.0)
# Credit when the tender sets a minimum level and the consultant is `gap` ranks below it. Holding a
# skill, even far below the level asked, never earns less than the best related-skill credit
# (related_credit × 1.0), so a candidate lacking a skill never outranks one who holds it.
GAP_CREDIT = (1.0, 0.75, 0.55, 0.4)
IMPORTANCE_CODES = {"required": 0, "preferred": 1, "nice_to_have": 2}


@dataclass(frozen=True)
class ScoringConfig:
    weights: dict[str, float] = field(
        default_factory=lambda: {"skills": 0.55, "availability": 0.15, "location": 0.1, "rate": 0.1, "seniority": 0.1}
    )
    importance_weights: tuple[float, float, float] = (3.0, 2.0, 1.0)  # required, preferred, nice_to_have
    related_credit: float = 0.4  # share of the exact credit a related skill earns
    missing_required_multiplier: float = 0.75  # applied once per missing required skill
    top_k: int = 50
    default_travel_km: float = 50.0
    neutral_location: float = 0.5
    neutral_rate: float = 0.7
    rate_slope: float = 2.5  # 40 % over the daily budget scores 0
    skill_years_full: float = 5.0
    experience_years_full: float = 10.0
    chunk_tenders: int = 16

    def __post_init__(self):
        total = sum(self.weights[name] for name in FACTORS)
        if abs(total - 1.0) > 1e-9 or any(self.weights[name] < 0 for name in FACTORS):
            raise ValueError("Matching weights must be non-negative and sum to 1.")
        if not 0 <= self.related_credit <= min(min(LEVEL_CREDIT[1:]), min(GAP_CREDIT)):
            raise ValueError("The related-skill credit must lie between 0 and the lowest credit of a held skill.")

    @property
    def weight_vector(self) -> np.ndarray:
        return np.array([self.weights[name] for name in FACTORS], dtype=np.float64)

    def credit_table(self) -> np.ndarray:
        """credit[rank, minimum] for rank 0…4 (0 = skill absent) and minimum 0…4 (0 = no minimum)."""
        table = np.zeros((5, 5), dtype=np.float64)
        for rank in range(1, 5):
            table[rank, 0] = LEVEL_CREDIT[rank]
            for minimum in range(1, 5):
                table[rank, minimum] = GAP_CREDIT[max(0, minimum - rank)]
        return table

    @classmethod
    def from_settings(cls) -> ScoringConfig:
        from django.conf import settings

        return cls(**getattr(settings, "MATCHING", {}))
