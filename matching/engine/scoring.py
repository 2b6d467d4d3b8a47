"""The score: factor and gate functions, exact pair scoring, and the explanation of a score.

The base factors (skills, seniority) and the gates (required skills, availability, rate, reach) each lie
in [0, 1]. The score is

    (Σ weight_k × factor_k) × Π gate_g

and the breakdown shows each gate's effect in score points, so base contributions minus gate effects
equal the score. The code lives by subject: `factors`, `sides` (per-tender and per-consultant
preparation), `pairs` (exact scoring of pairs) and `explain` (breakdowns and their fingerprints); this
module re-exports their public names.
"""

from matching.engine.explain import explain_many, fingerprints
from matching.engine.factors import (
    DEFAULT_SPAN_DAYS,
    EARTH_RADIUS_KM,
    FAR,
    ORDINAL_UNIX_EPOCH,
    availability_gate,
    capped_skills,
    combine,
    coverage,
    haversine_km,
    rate_gate,
    reach_gate,
    seniority_factor,
    skill_years_credit,
    working_days,
)
from matching.engine.pairs import PairScores, score_pairs
from matching.engine.sides import ConsultantSide, TenderContext, consultant_side, lookup, related_lookup, tender_context

__all__ = [
    "DEFAULT_SPAN_DAYS",
    "EARTH_RADIUS_KM",
    "FAR",
    "ORDINAL_UNIX_EPOCH",
    "ConsultantSide",
    "PairScores",
    "TenderContext",
    "availability_gate",
    "capped_skills",
    "combine",
    "consultant_side",
    "coverage",
    "explain_many",
    "fingerprints",
    "haversine_km",
    "lookup",
    "rate_gate",
    "reach_gate",
    "related_lookup",
    "score_pairs",
    "seniority_factor",
    "skill_years_credit",
    "tender_context",
    "working_days",
]
