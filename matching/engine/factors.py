"""The five factors of a score, each in [0, 1], and their weighted combination.

The functions broadcast: the bulk screening calls them on class tables, the exact scorer on pairs.
"""

from __future__ import annotations

import numpy as np

from matching.engine.config import ScoringConfig

FAR = 10**7  # a day index beyond any real date, for "never" and "always"
DEFAULT_SPAN_DAYS = 90  # assumed length of a tender without an end date
ORDINAL_UNIX_EPOCH = 719163  # date(1970, 1, 1).toordinal()
EARTH_RADIUS_KM = 6371.0088

READY_VALUE = {"available": 1.0, "partially_available": 0.7, "unavailable": 0.85, "on_mission": 0.85}
ON_MISSION_WITHOUT_DATE = 0.1
LATE_START_VALUE = 0.6  # free a day after the start; falls linearly to 0 at the end


def availability_factor(ready, tail, free, start, span):
    """Availability at the tender's start: `ready` when free by then, decaying while the tender runs,
    `tail` (usually 0) when free only after its end."""
    late = np.asarray(free, dtype=np.float64) - start
    decay = LATE_START_VALUE * (1.0 - late / (span + 1.0))
    return np.where(late <= 0, ready, np.where(late <= span, decay, tail))


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = (np.radians(value) for value in (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def location_factor(t_lat, t_lon, t_remote, c_lat, c_lon, c_remote, c_max_km, config: ScoringConfig):
    """Returns (value, distance_km). Remote on both sides is full credit; an unknown place is neutral."""
    distance = haversine_km(t_lat, t_lon, c_lat, c_lon)
    reach = np.where(np.isnan(c_max_km), config.default_travel_km, c_max_km)
    beyond = np.maximum(distance - reach, 0.0) / (2.0 * np.maximum(reach, config.default_travel_km))
    value = np.clip(1.0 - beyond, 0.0, 1.0)
    value = np.where(np.isnan(distance), config.neutral_location, value)
    value = np.where(np.logical_and(t_remote, c_remote), 1.0, value)
    return value, distance


def rate_factor(daily_rate, daily_budget, config: ScoringConfig):
    """Full credit at or under the daily budget, falling to 0 at (1 + 1/slope) × budget; neutral if unknown."""
    with np.errstate(divide="ignore", invalid="ignore"):
        over = np.asarray(daily_rate, dtype=np.float64) / daily_budget - 1.0
    value = np.clip(1.0 - over * config.rate_slope, 0.0, 1.0)
    return np.where(np.isnan(value), config.neutral_rate, value)


def seniority_factor(experience_years, skill_years_sum, seniority_skill_count, config: ScoringConfig):
    """60 % overall experience (full at `experience_years_full`), 40 % years on the tender's key skills."""
    experience = np.minimum(np.nan_to_num(experience_years, nan=0.0) / config.experience_years_full, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        skills = np.where(seniority_skill_count > 0, skill_years_sum / seniority_skill_count, 0.0)
    return 0.6 * experience + 0.4 * skills


def skill_years_credit(years, config: ScoringConfig):
    return np.minimum(np.nan_to_num(years, nan=0.0) / config.skill_years_full, 1.0)


def combine(factors: list, multiplier, weights: np.ndarray):
    """multiplier × Σ weight_k × factor_k, summed in a fixed order so that every path gives the same bits."""
    total = factors[0] * weights[0]
    for factor, weight in zip(factors[1:], weights[1:], strict=True):
        total = total + factor * weight
    return multiplier * total
