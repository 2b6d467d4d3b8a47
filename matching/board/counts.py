"""The pipeline board's header: how many matches each column holds, why the rejected ones were
rejected, and the conversion rates — one grouped query, cached.

Counting every suggestion of a firm with 250,000 of them costs a quarter of a second, far more than
the rest of the page, so the counts are kept in the cache for STATS_TIMEOUT seconds under a key that
holds the company's pipeline version: every pipeline move bumps it (`pipeline_changed`, after
commit), so a move shows at once; what a recompute adds or drops among suggestions shows within
STATS_TIMEOUT. The key also holds the viewer and the time their account was created (ids are reused by test
databases and the cache outlives them), the filters and the viewer's in-force partner links.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from matching.models import MatchStatus, RejectionReason
from talentmatch import access
from talentmatch.cache import cache

STATS_TIMEOUT = 60
_ALL_COMPANIES = "all"


def _version_key(company: int | str) -> str:
    return f"matching:pipeline-version:{company}"


def pipeline_changed(company_id: int | None) -> None:
    """A match of `company_id` moved: the board counts of that company (and the platform admin's,
    which span every company) are read afresh on the next request."""
    stamp = time.time_ns()
    cache.set_many({_version_key(company_id): stamp, _version_key(_ALL_COMPANIES): stamp}, None)


@dataclass
class BoardStats:
    """Counts by status and by rejection reason, and the two conversion rates (None when undefined)."""

    counts: dict[str, int] = field(default_factory=dict)
    reasons: list[tuple[str, str, int]] = field(default_factory=list)  # (code, label, count), by count
    submitted_rate: float | None = None  # submitted ÷ suggested
    accepted_rate: float | None = None  # accepted ÷ submitted

    @property
    def submitted_percent(self) -> float | None:
        return None if self.submitted_rate is None else 100 * self.submitted_rate

    @property
    def accepted_percent(self) -> float | None:
        return None if self.accepted_rate is None else 100 * self.accepted_rate


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def stats_from_rows(rows: list[tuple[str, str, int]]) -> BoardStats:
    """BoardStats from (status, rejection reason, count) rows."""
    counts = dict.fromkeys(MatchStatus.values, 0)
    by_reason = dict.fromkeys(RejectionReason.values, 0)
    for status, reason, number in rows:
        counts[status] += number
        if status == MatchStatus.REJECTED:
            by_reason[reason or RejectionReason.OTHER] += number  # rejections older than the codes: "other"
    labels = dict(RejectionReason.choices)
    reasons = sorted(
        ((code, str(labels[code]), number) for code, number in by_reason.items() if number),
        key=lambda item: (-item[2], RejectionReason.values.index(item[0])),
    )
    return BoardStats(
        counts=counts,
        reasons=reasons,
        submitted_rate=_rate(counts[MatchStatus.SUBMITTED], counts[MatchStatus.SUGGESTED]),
        accepted_rate=_rate(counts[MatchStatus.ACCEPTED], counts[MatchStatus.SUBMITTED]),
    )


def _version(company: int | str) -> int:
    key = _version_key(company)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), None)
        version = cache.get(key, 0)
    return version


def per_pipeline(user, name: str, digest: str, compute: Callable[[], list]) -> list:
    """`compute()`, kept STATS_TIMEOUT seconds under the viewer's company pipeline version (so every
    move reads it afresh), the viewer, and `digest` (what else it depends on)."""
    company = access.company_id_of(user) or _ALL_COMPANIES
    joined = user.created_at.timestamp() if getattr(user, "created_at", None) else 0
    # Read once per request (the user object lives for one): the board's counts and its tender list
    # share it. A move bumps it after commit, before the page that follows reads it.
    memo = getattr(user, "_pipeline_version", None)
    if memo is None or memo[0] != company:
        memo = user._pipeline_version = (company, _version(company))
    raw = f"{company}:{memo[1]}:{user.pk}:{joined}:{digest}"
    key = f"matching:{name}:" + hashlib.sha256(raw.encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        rows = compute()
        cache.set(key, rows, STATS_TIMEOUT)
    return rows


def board_stats(user, queryset: QuerySet, *, digest: str) -> BoardStats:
    """The counts of `queryset` (the board's filtered matches, every status). `digest` names the
    filters and the partner links that narrowed it."""
    rows = per_pipeline(
        user,
        "board-stats",
        digest,
        lambda: list(
            queryset.order_by()
            .values_list("status", "rejection_reason")
            .annotate(n=Count("pk"))
            .values_list("status", "rejection_reason", "n")
        ),
    )
    return stats_from_rows(rows)
