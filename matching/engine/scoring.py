"""The score: factor functions, exact pair scoring, and the explanation of a score.

Every factor lies in [0, 1]. The score is

    multiplier × Σ weight_k × factor_k,   multiplier = missing_required_multiplier ** missing_required

so each factor's contribution (multiplier × weight × value) sums to the score. The code lives by
subject: `factors` (the five factors and their combination), `sides` (per-tender and per-consultant
preparation), `pairs` (exact scoring of pairs) and `explain` (breakdowns and their fingerprints);
this module re-exports their public names, so `matching.engine.scoring.X` keeps naming each of them.
"""

from matching.engine.explain import explain_many, fingerprints
from matching.engine.factors import (
    DEFAULT_SPAN_DAYS,
    EARTH_RADIUS_KM,
    FAR,
    LATE_START_VALUE,
    ON_MISSION_WITHOUT_DATE,
    ORDINAL_UNIX_EPOCH,
    READY_VALUE,
    availability_factor,
    combine,
    haversine_km,
    location_factor,
    rate_factor,
    seniority_factor,
    skill_years_credit,
)
from matching.engine.pairs import PairScores, score_pairs
from matching.engine.sides import ConsultantSide, TenderContext, consultant_side, lookup, related_lookup, tender_context

__all__ = [
    "DEFAULT_SPAN_DAYS",
    "EARTH_RADIUS_KM",
    "FAR",
    "LATE_START_VALUE",
    "ON_MISSION_WITHOUT_DATE",
    "ORDINAL_UNIX_EPOCH",
    "READY_VALUE",
    "ConsultantSide",
    "PairScores",
    "TenderContext",
    "availability_factor",
    "combine",
    "consultant_side",
    "explain_many",
    "fingerprints",
    "haversine_km",
    "location_factor",
    "lookup",
    "rate_factor",
    "related_lookup",
    "score_pairs",
    "seniority_factor",
    "skill_years_credit",
    "tender_context",
]
