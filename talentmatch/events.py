"""What the domain apps announce when they write, for the apps above them to act on.

The apps low in the stack (the account services, consultants, tenders, collaborations, the
maintenance jobs) call these functions after a write; the apps above (consultants for accounts,
matching for the rest, privacy for the access log, notifications for the alerts) subscribe handlers
in their `AppConfig.ready()`.
Nothing here knows who listens, so no lower app imports a higher one.

Every announcement runs its handlers at once, in the caller's transaction: a handler that must wait
for the commit registers its own `transaction.on_commit`. Inside `deferred()`, consultant, tender and
pool changes are collected instead, and handed to the `deferred_flushed` handlers once at the end.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Event(StrEnum):
    CONSULTANT_CHANGED = "consultant_changed"  # handler(consultant_ids: list[int])
    CONSULTANTS_CHANGED_IN_BULK = "consultants_changed_in_bulk"  # handler(company_ids: list[int])
    TENDER_CHANGED = "tender_changed"  # handler(tender_ids: list[int])
    POOL_CHANGED = "pool_changed"  # handler(company_ids: list[int])
    SKILLS_RELINKED = "skills_relinked"  # handler(skill_ids: list[int])
    ACCOUNT_CHANGED = "account_changed"  # handler(user_id: int, by: User | None, changes: dict[str, list])
    DEFERRED_FLUSHED = "deferred_flushed"  # handler(changes: Pending)
    DATA_ACCESSED = "data_accessed"  # handler(access: DataAccess)
    TENDER_RANKED = "tender_ranked"  # handler(tender_ids: list[int])
    COLLABORATION_CHANGED = "collaboration_changed"  # handler(change: CollaborationChange)
    PORTFOLIO_READY = "portfolio_ready"  # handler(portfolio_id: int, requested_by_id: int)
    IMPORT_FINISHED = "import_finished"  # handler(finished: ImportFinished)


_handlers: dict[Event, list[Callable]] = {event: [] for event in Event}


def subscribe(event: Event, handler: Callable) -> None:
    """Run `handler` on every announcement of `event` (once, however often it is subscribed)."""
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def _announce(event: Event, *args) -> None:
    for handler in _handlers[event]:
        handler(*args)


@dataclass
class Pending:
    """The consultant, tender and candidate-pool changes collected inside `deferred()`."""

    consultant_ids: set[int] = field(default_factory=set)
    tender_ids: set[int] = field(default_factory=set)
    pool_company_ids: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.consultant_ids or self.tender_ids or self.pool_company_ids)


_pending: contextvars.ContextVar[Pending | None] = contextvars.ContextVar("events_deferred", default=None)


def consultant_changed(consultant_ids: Iterable[int]) -> None:
    """These consultants' profile, skills or availability changed (announce inside the write's transaction)."""
    ids = list(consultant_ids)
    pending = _pending.get()
    if pending is not None:
        pending.consultant_ids.update(ids)
    elif ids:
        _announce(Event.CONSULTANT_CHANGED, ids)


def consultants_changed_in_bulk(company_ids: Iterable[int]) -> None:
    """Too many consultants of these companies changed at once to treat them one by one."""
    ids = sorted(set(company_ids))
    if ids:
        _announce(Event.CONSULTANTS_CHANGED_IN_BULK, ids)


def tender_changed(tender_ids: Iterable[int]) -> None:
    """These tenders' fields, skills or status changed (announce inside the write's transaction)."""
    ids = list(tender_ids)
    pending = _pending.get()
    if pending is not None:
        pending.tender_ids.update(ids)
    elif ids:
        _announce(Event.TENDER_CHANGED, ids)


def pool_changed(company_ids: Iterable[int]) -> None:
    """What these companies may draw on changed: a collaboration started or ended, a partner changed
    what it shares, a consultant was excluded from sharing."""
    ids = sorted(set(company_ids))
    pending = _pending.get()
    if pending is not None:
        pending.pool_company_ids.update(ids)
    elif ids:
        _announce(Event.POOL_CHANGED, ids)


def skills_relinked(skill_ids: Iterable[int]) -> None:
    """The catalogue's related-skill links of these skills changed: every open tender asking for one of
    them scores related skills differently now."""
    ids = sorted(set(skill_ids))
    if ids:
        _announce(Event.SKILLS_RELINKED, ids)


def account_changed(user_id: int, *, by=None, changes: dict[str, list]) -> None:
    """An account's fields changed outside the consultants' own services (`changes`: field →
    [old, new], as in the history); announce inside the write's transaction."""
    if changes:
        _announce(Event.ACCOUNT_CHANGED, user_id, by, changes)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Bulk writes (imports, demo data): collect the consultant, tender and pool changes announced inside,
    and hand them once to the `DEFERRED_FLUSHED` handlers at the end, instead of one by one.
    Nested, the inner block adds to the outer one's collection."""
    if _pending.get() is not None:
        yield
        return
    pending = Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if pending:
        _announce(Event.DEFERRED_FLUSHED, pending)


class DataAccessKind(StrEnum):
    RESUME_DOWNLOAD = "resume_download"
    PORTFOLIO_DOWNLOAD = "portfolio_download"
    DATA_EXPORT = "data_export"
    PERSONAL_DATA_EXPORT = "personal_data_export"


@dataclass(frozen=True)
class DataAccess:
    """Someone read personal data out of the app: a CV or a dossier downloaded, a file exported.
    `company_id` is the company whose data it is; `detail` names the thing, never a person."""

    kind: DataAccessKind
    user_id: int | None
    company_id: int | None
    consultant_id: int | None = None
    object_id: int | None = None
    detail: str = ""


def data_accessed(access: DataAccess) -> None:
    """Announce a read of personal data (the privacy app keeps the access log of them)."""
    _announce(Event.DATA_ACCESSED, access)


# --- what the alerts listen to (the notifications app subscribes) -------------------------------


def tender_ranked(tender_ids: Iterable[int]) -> None:
    """These tenders were ranked again after they were created or changed (not by the nightly run)."""
    ids = sorted(set(tender_ids))
    if ids:
        _announce(Event.TENDER_RANKED, ids)


class CollaborationAction(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    ENDED = "ended"


@dataclass(frozen=True)
class CollaborationChange:
    """A collaboration was proposed, accepted or ended by `by_id`; `event_id` is its CollaborationEvent."""

    collaboration_id: int
    event_id: int
    action: CollaborationAction
    by_id: int | None


def collaboration_changed(change: CollaborationChange) -> None:
    """Announce inside the write's transaction (a handler that mails waits for the commit)."""
    _announce(Event.COLLABORATION_CHANGED, change)


def portfolio_ready(portfolio_id: int, *, requested_by_id: int | None) -> None:
    """A dossier's PDF was rendered for the person who asked for it (None: nobody to tell)."""
    if requested_by_id is not None:
        _announce(Event.PORTFOLIO_READY, portfolio_id, requested_by_id)


@dataclass(frozen=True)
class ImportFinished:
    """A file import was saved (not a dry run, no rejected row) for `by_id` into `company_id`."""

    by_id: int
    company_id: int
    kind: str
    file_name: str
    created: int
    updated: int
    unchanged: int


def import_finished(finished: ImportFinished) -> None:
    _announce(Event.IMPORT_FINISHED, finished)
