"""Scoring parameters. Defaults live in settings.MATCHING; the engine only sees this dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# The additive part of a score (its base), in the order of weight vectors and breakdowns.
FACTORS = ("skills", "seniority")
# The gates that multiply the base, in the fixed order their effects are computed and shown.
GATES = ("required", "availability", "rate", "reach")

# Credit for an exact skill by proficiency rank (1 beginner … 4 expert) when the tender sets no minimum.
LEVEL_CREDIT = (0.0, 0.55, 0.75, 0.9, 1.0)
# Credit when the tender sets a minimum level and the consultant is `gap` ranks below it. Holding a
# skill, even far below the level asked, never earns less than the best related-skill credit
# (related_credit × 1.0), so a candidate lacking a skill never outranks one who holds it.
GAP_CREDIT = (1.0, 0.75, 0.55, 0.4)
IMPORTANCE_CODES = {"required": 0, "preferred": 1, "nice_to_have": 2}
ADVANCED = 3  # the rank from which a related skill on a required slot is a near miss

# Years of experience a tender asks: the first family of words found in its title or description,
# else from the highest minimum level of its required skills (index: rank 0 none … 4 expert).
SENIORITY_WORDS = (
    (("junior", "débutant"), 1.5),
    (("expert", "architecte", "lead", "principal"), 9.0),
    (("senior",), 7.0),
    (("confirmé", "confirme", "expérimenté"), 4.0),
)
YEARS_BY_MINIMUM = (4.0, 1.5, 3.0, 5.0, 8.0)


@dataclass(frozen=True)
class ScoringConfig:
    """score = (Σ weight × factor) × Π gates; every gate lies in [0, 1] and falls as its fact worsens."""

    weights: dict[str, float] = field(default_factory=lambda: {"skills": 0.75, "seniority": 0.25})
    importance_weights: tuple[float, float, float] = (3.0, 2.0, 1.0)  # required, preferred, nice_to_have
    related_credit: float = 0.4  # share of the exact credit a related skill earns
    nice_to_have_cap: float = 0.1  # nice-to-have credit counts for at most this share of the skill weights
    # Required-skills gate, per required slot: held, by ranks below the minimum asked (0 … 3) …
    slot_gap: tuple[float, float, float, float] = (1.0, 0.85, 0.7, 0.55)
    near_miss: float = 0.75  # … lacked but a related skill held at advanced or expert
    weak_related: float = 0.6  # … lacked, a weaker related skill held
    missing: float = 0.5  # … lacked, nothing related
    # Availability gate: (share of the mission's working days free) ** coverage_power.
    grace_days: int = 14
    coverage_power: float = 2.0
    part_time: float = 0.6
    unavailable_without_date: float = 0.0
    on_mission_without_date: float = 0.15
    # Rate gate: 1 / (1 + (over / rate_half) ** rate_power), `over` the share above the daily budget.
    rate_half: float = 0.30
    rate_power: float = 2.5
    # Reach gate: distance beyond the consultant's reach, scaled by the days on site.
    reach_scale: float = 0.5
    default_travel_km: float = 50.0
    days_for_full_reach: float = 1.0
    skill_years_full: float = 5.0
    # Score bands shown beside a score, and the gate value under which a knock-out flag is raised.
    band_strong: float = 0.80
    band_fair: float = 0.50
    knock_out_below: float = 0.8
    busy_most_below: float = 0.5  # share of the mission covered under which "busy most of it" is flagged
    top_k: int = 50
    chunk_tenders: int = 16

    def __post_init__(self):
        if set(self.weights) != set(FACTORS):
            raise ValueError(f"Matching weights must name exactly {', '.join(FACTORS)}.")
        total = sum(self.weights[name] for name in FACTORS)
        if abs(total - 1.0) > 1e-9 or any(self.weights[name] < 0 for name in FACTORS):
            raise ValueError("Matching weights must be non-negative and sum to 1.")
        if not 0 <= self.related_credit <= min(min(LEVEL_CREDIT[1:]), min(GAP_CREDIT)):
            raise ValueError("The related-skill credit must lie between 0 and the lowest credit of a held skill.")
        slot = (*self.slot_gap, self.near_miss, self.weak_related, self.missing)
        if len(self.slot_gap) != 4 or self.slot_gap[0] != 1.0 or any(not 0 <= value <= 1 for value in slot):
            raise ValueError("Slot gates lie in [0, 1], and a skill held at the level asked passes (1.0).")
        if list(self.slot_gap) != sorted(self.slot_gap, reverse=True):
            raise ValueError("A slot gate cannot rise as the gap to the level asked grows.")
        if not self.near_miss >= self.weak_related >= self.missing:
            raise ValueError("A near miss passes at least a weak related skill, which passes at least a miss.")
        gates = (self.part_time, self.unavailable_without_date, self.on_mission_without_date)
        if any(not 0 <= value <= 1 for value in gates):
            raise ValueError("Availability gate values lie in [0, 1].")
        positive = (self.coverage_power, self.rate_half, self.rate_power, self.reach_scale, self.days_for_full_reach)
        if any(value <= 0 for value in positive) or self.default_travel_km < 0 or self.grace_days < 0:
            raise ValueError("Gate shapes must be positive.")
        if not 0 <= self.nice_to_have_cap <= 1:
            raise ValueError("The nice-to-have cap is a share in [0, 1].")
        if not 0 < self.band_fair < self.band_strong <= 1:
            raise ValueError("Score bands need 0 < fair < strong ≤ 1.")

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

    def slot_gate_table(self) -> np.ndarray:
        """gate[index, minimum] of one required slot: index 0…4 the own rank (0 = lacked), 5…9 the best
        related rank when lacked (5 = nothing related); minimum 0…4."""
        table = np.zeros((10, 5), dtype=np.float64)
        for minimum in range(5):
            for rank in range(1, 5):
                table[rank, minimum] = self.slot_gap[max(0, minimum - rank)] if minimum else 1.0
            table[0, minimum] = table[5, minimum] = self.missing
            for related in range(1, 5):
                table[5 + related, minimum] = self.near_miss if related >= ADVANCED else self.weak_related
        return table

    def band(self, score: float) -> str:
        return "strong" if score >= self.band_strong else "fair" if score >= self.band_fair else "weak"

    @classmethod
    def from_settings(cls) -> ScoringConfig:
        from django.conf import settings

        options = dict(getattr(settings, "MATCHING", {}))
        for name in ("importance_weights", "slot_gap"):
            if name in options:
                options[name] = tuple(options[name])
        return cls(**options)
