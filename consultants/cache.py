"""The consultant page's data (profile, account, company and skills) cached in Redis (local memory
without Redis).

A key carries the viewer's visibility — their company, or the consultant themselves — the
consultant's version and the skill catalogue's version. Every write bumps a version: the services
that write a consultant, their account or skills call `consultants_invalidate` (through
`consultants.services.consultants_written`), those that write the catalogue `catalogue_invalidate`;
no ORM hook does it behind them. So a read after a write never sees the old data, and an entry stored
for one company's viewers is never found by another's. Partner views are not cached: what a partner
may see changes with collaborations.

The cache is `talentmatch.cache.cache`: out of reach, it is a miss. A version that cannot be read gives
no key at all, so nothing is read or stored under a guessed version.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch

from consultants.models import Consultant, ConsultantSkill
from talentmatch import tenancy
from talentmatch.cache import cache

DETAIL_TIMEOUT = 600
CATALOGUE_VERSION_KEY = "consultants:catalogue:version"


def _version_key(pk: int) -> str:
    return f"consultants:{pk}:version"


def _versions(pk: int) -> tuple[int, int] | None:
    """The consultant's and the catalogue's versions; None when the cache cannot tell them."""
    keys = [_version_key(pk), CATALOGUE_VERSION_KEY]
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    for key, value in missing.items():
        cache.add(key, value, None)  # another process may have set it first: read back below
    if missing:
        found = cache.get_many(keys)
    if any(key not in found for key in keys):
        return None
    return found[keys[0]], found[keys[1]]


def catalogue_version() -> int | None:
    """The skill catalogue's version: it changes with every write of a skill, alias or related skill.
    None when the cache cannot tell it (out of reach): then nothing is to be cached under it."""
    version = cache.get(CATALOGUE_VERSION_KEY)
    if version is None:
        cache.add(CATALOGUE_VERSION_KEY, time.time_ns(), None)
        version = cache.get(CATALOGUE_VERSION_KEY)
    return version


def _scope(user) -> str | None:
    """The viewer's reach as `Consultant.objects.visible_to` decides it (talentmatch.tenancy.viewer_scope)."""
    return tenancy.viewer_scope(user).key


def detail_key(user, pk: int) -> str | None:
    scope = _scope(user)
    if scope is None:
        return None
    versions = _versions(pk)
    if versions is None:
        return None
    return f"consultants:detail:{scope}:{pk}:{versions[0]}:{versions[1]}"


def consultant_for_detail(user, pk: int) -> Consultant | None:
    """The consultant `user` may see (their company's, or their own profile), with account, company
    and skills; None when not visible. Served from the cache when this viewer scope has read it
    since the last write. The account's password hash is never read here, so it never reaches the
    cache: a page needs the name and contact, not the credential."""
    key = detail_key(user, pk)
    consultant = cache.get(key) if key else None
    if consultant is None:
        consultant = (
            Consultant.objects.visible_to(user)
            .with_people()
            .defer("user__password")
            .prefetch_related(Prefetch("consultant_skills", queryset=ConsultantSkill.objects.select_related("skill")))
            .filter(pk=pk)
            .first()
        )
        if consultant is not None and key:
            cache.set(key, consultant, DETAIL_TIMEOUT)
    return consultant


def consultants_invalidate(pks: Iterable[int]) -> None:
    """Make the cached pages of these consultants unreachable (after the transaction commits, and now)."""
    keys = [_version_key(pk) for pk in set(pks)]
    if not keys:
        return

    def bump():
        cache.set_many(dict.fromkeys(keys, time.time_ns()), None)

    bump()
    transaction.on_commit(bump)


def catalogue_invalidate() -> None:
    """Skill names and aliases are part of every cached page: a catalogue write outdates them all."""

    def bump():
        cache.set(CATALOGUE_VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)
