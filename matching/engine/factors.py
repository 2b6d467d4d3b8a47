"""The parts of a score: the base factors and the four gates, each in [0, 1], and their combination.

The functions broadcast: the bulk screening calls them on class tables, the exact scorer on pairs.
"""

from __future__ import annotations

import numpy as np

from matching.engine.config import ScoringConfig

FAR = 10**7  # a day index beyond any real date, for "never" and "always"
DEFAULT_SPAN_DAYS = 90  # assumed length of a tender without an end date
ORDINAL_UNIX_EPOCH = 719163  # date(1970, 1, 1).toordinal()
EARTH_RADIUS_KM = 6371.0088
FULL_WEEK_ON_SITE = 5.0


def working_days(first, last):
    """Monday-to-Friday days from day `first` to day `last` inclusive (ordinals), 0 when last < first."""
    first = np.asarray(first, dtype=np.int64) - ORDINAL_UNIX_EPOCH
    last = np.maximum(np.asarray(last, dtype=np.int64) + 1 - ORDINAL_UNIX_EPOCH, first)
    return np.busday_count(first.astype("datetime64[D]"), last.astype("datetime64[D]")).astype(np.float64)


def coverage(free, start, end, config: ScoringConfig):
    """Share of the mission's working days (start … end) from `free` less the grace period; 1 when free by
    the start."""
    free_from = np.asarray(free, dtype=np.int64) - config.grace_days
    late = free_from > start
    days = np.maximum(working_days(start, end), 1.0)
    covered = working_days(np.where(late, free_from, start), end) / days
    return np.where(late, np.minimum(covered, 1.0), 1.0)


def availability_gate(status, has_date, free, start, end, config: ScoringConfig):
    """(gate, coverage): coverage ** power, × part_time when partially available; with no date an
    unavailable consultant passes `unavailable_without_date`, one on mission `on_mission_without_date`.
    Status codes are AVAILABILITY_CODES; coverage is NaN where it is not measured (no date)."""
    status = np.asarray(status)
    share = np.where(has_date, coverage(np.where(has_date, free, start), start, end, config), 1.0)
    gate = share**config.coverage_power
    gate = np.where(status == 1, gate * config.part_time, gate)
    gate = np.where(~np.asarray(has_date) & (status == 2), config.unavailable_without_date, gate)
    gate = np.where(~np.asarray(has_date) & (status == 3), config.on_mission_without_date, gate)
    return gate, np.where(has_date, share, np.nan)


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = (np.radians(value) for value in (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def onsite_days(t_remote, t_onsite_days, c_remote):
    """Days a week the consultant must be on site: the tender's (0 when unset) when both sides accept
    remote work, else the full week."""
    both_remote = np.logical_and(t_remote, c_remote)
    return np.where(both_remote, np.nan_to_num(t_onsite_days, nan=0.0), FULL_WEEK_ON_SITE)


def reach_gate(t_lat, t_lon, t_remote, t_onsite_days, c_lat, c_lon, c_remote, c_max_km, config: ScoringConfig):
    """(gate, distance_km, days on site): 1 within the consultant's reach (default_travel_km when unset),
    falling with the distance beyond it, the fall scaled by the days on site; 1 when a place is unknown."""
    distance = haversine_km(t_lat, t_lon, c_lat, c_lon)
    days = onsite_days(t_remote, t_onsite_days, c_remote)
    reach = np.where(np.isnan(c_max_km), config.default_travel_km, c_max_km)
    beyond = np.maximum(np.nan_to_num(distance, nan=0.0) - reach, 0.0)
    on_site = 1.0 / (1.0 + (beyond / (config.reach_scale * reach + 25.0)) ** 2)
    gate = 1.0 - (1.0 - on_site) * np.minimum(1.0, days / config.days_for_full_reach)
    return np.where(np.isnan(distance) | (days == 0), 1.0, gate), distance, days


def rate_over(daily_rate, daily_budget):
    """The share the daily rate lies above the daily budget (0 at or under it); NaN when either is unknown."""
    with np.errstate(divide="ignore", invalid="ignore"):
        over = np.asarray(daily_rate, dtype=np.float64) / daily_budget - 1.0
    return np.where(np.isnan(over), np.nan, np.maximum(over, 0.0))


def rate_gate(daily_rate, daily_budget, config: ScoringConfig):
    """1 at or under the daily budget, 1 / (1 + (over / rate_half) ** rate_power) above; 1 when unknown."""
    over = rate_over(daily_rate, daily_budget)
    with np.errstate(over="ignore"):  # a zero budget puts any rate infinitely over it: the gate shuts
        return 1.0 / (1.0 + (np.where(np.isnan(over), 0.0, over) / config.rate_half) ** config.rate_power)


def seniority_factor(experience_years, years_asked, skill_years_sum, seniority_skill_count):
    """60 % overall experience against the years the tender asks (no bonus past them), 40 % years on
    the tender's key skills."""
    with np.errstate(divide="ignore", invalid="ignore"):
        experience = np.minimum(np.nan_to_num(experience_years, nan=0.0) / years_asked, 1.0)
        skills = np.where(seniority_skill_count > 0, skill_years_sum / seniority_skill_count, 0.0)
    return 0.6 * experience + 0.4 * skills


def skill_years_credit(years, config: ScoringConfig):
    return np.minimum(np.nan_to_num(years, nan=0.0) / config.skill_years_full, 1.0)


def capped_skills(core_credit, nice_credit, core_total, nice_total, config: ScoringConfig):
    """Importance-weighted skill credit with the nice-to-have part capped at a share of all weights."""
    cap = config.nice_to_have_cap * (core_total + nice_total)
    denominator = core_total + np.minimum(nice_total, cap)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (core_credit + np.minimum(nice_credit, cap)) / denominator
    return np.where(denominator > 0, value, 0.0)


def combine(factors: list, gates: list, weights: np.ndarray):
    """(Σ weight_k × factor_k) × Π gates, in a fixed order so that every path gives the same bits."""
    total = factors[0] * weights[0]
    for factor, weight in zip(factors[1:], weights[1:], strict=True):
        total = total + factor * weight
    for gate in gates:
        total = total * gate
    return total
