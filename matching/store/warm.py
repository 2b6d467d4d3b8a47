"""Warm engine inputs, kept in each worker process between incremental rescorings.

A tender edit ranks the tender against its whole candidate pool: reading that pool (100,000
consultants, 1.1 M skills) costs many times the ranking itself. A consultant edit scores the
consultant against every open tender of the companies that may rank them. Both read the same rows
again and again, so each process keeps the last pools it read, as engine arrays:

- the **consultant side** of a set of companies (arrays, sorted skill lookups, the gate classes of
  each pool of rows ranked against it), and
- the **tender side** (the matchable tenders of a set of companies).

An entry is used only once it has caught up with every write since it was read. The database logs
each consultant or tender row written, whoever writes it (`matching.PoolChange`, by triggers, in the
writer's transaction); on its next use an entry reads the rows named since its last look, reloads
just those and splices them in. On PostgreSQL "since" is the oldest transaction still running at
the last look (`pg_snapshot_xmin`): a write committed later, even by a transaction that began
earlier, has a transaction id at least that old, so none is missed — some are read twice, which is
harmless. On SQLite, whose writers are serialised, it is the log's last id. A truncated table, a
changed skill catalogue (another graph), more than `SPLICE_LIMIT` changed rows or an entry older
than `max_age_seconds` reload whole.

Memory, per process: `MATCHING_WARM["entries"]` entries per side (least recently used dropped). A
consultant entry costs about 33 MB per 100,000 consultants with 11 skills each (arrays 22 MB, the
sorted lookups 9 MB, gate classes 2 MB per pool); a tender entry about 1 MB per 5,000 tenders.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from matching.engine import ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.sides import ConsultantSide, consultant_side
from matching.models import PoolChange
from matching.store.loading import load_consultants, load_tenders

SPLICE_LIMIT = 5_000  # changed rows an entry splices in; more reload whole
LOG_DAYS = 1  # the nightly recompute deletes older log rows (entries never wait that long)


def _config() -> dict:
    return {"entries": 2, "max_age_seconds": 15 * 60, "enabled": True, **getattr(settings, "MATCHING_WARM", {})}


@dataclass
class Entry:
    side: int
    company_ids: tuple[int, ...]
    graph_digest: str
    mark: int  # where the next look at the log starts (see the module's docstring)
    seen: frozenset[int]  # the log rows read at the last look
    writer: int | None  # the transaction it was read in, when that transaction had written (see _still_true)
    table: int  # the log table's oid (PostgreSQL)
    arrays: ConsultantArrays | TenderArrays
    loaded_at: float
    savepoints: tuple[str, ...] = ()  # the savepoints open when a writing transaction read it
    extras: dict = field(default_factory=dict)  # derived (sorted lookups, gate classes): dropped on change


@dataclass
class Outcome:
    """How the entries were found, for the recompute's log line."""

    hits: int = 0
    splices: int = 0
    misses: int = 0

    def copy(self) -> Outcome:
        return Outcome(self.hits, self.splices, self.misses)

    def __sub__(self, other: Outcome) -> Outcome:
        return Outcome(self.hits - other.hits, self.splices - other.splices, self.misses - other.misses)

    def __str__(self) -> str:
        return f"warm pools: {self.hits} hit, {self.splices} spliced, {self.misses} read"


_entries: OrderedDict[tuple, Entry] = OrderedDict()
_lock = threading.Lock()
outcome = Outcome()


def clear() -> None:
    """Forget every entry of this process (tests: each one's data is rolled back)."""
    with _lock:
        _entries.clear()


def graph_digest(graph: SkillGraph) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for array in (graph.skill_ids, graph.related_indptr, graph.related_indices):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


# --- the change log -------------------------------------------------------------------------------


def _mark() -> tuple[int, int | None, int]:
    """Where a look at the log taken now will have to resume; this transaction's own id when it has
    written (PostgreSQL; on SQLite, -1 inside an atomic block, since it cannot tell); the log's table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The log table's oid joins the mark: a restored database (the table dropped and created
            # again, its log empty) never matches an entry read before.
            cursor.execute(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,"
                " pg_current_xact_id_if_assigned()::text::bigint, 'matching_pool_changes'::regclass::oid::bigint"
            )
            mark, writer, table = cursor.fetchone()
            return int(mark), writer, int(table)
        cursor.execute("SELECT coalesce(max(id), 0) FROM matching_pool_changes")
        return int(cursor.fetchone()[0]), -1 if connection.in_atomic_block else None, 0


def _savepoints(writer: int | None) -> tuple[str, ...]:
    return tuple(connection.savepoint_ids) if writer is not None else ()


def _still_true(entry: Entry, writer: int | None) -> bool:
    """An entry read inside a transaction that had written may hold writes rolled back since: it is
    used again only inside that transaction and the savepoints it was read in, or — read outside any
    savepoint — once the transaction is known to have committed. (SQLite cannot tell one transaction
    from the next: an entry read inside an atomic block is trusted only inside an atomic block with the
    same savepoints; the app reads pools only after commits, in tasks.)"""
    if entry.writer is None:
        return True
    if entry.writer == writer or entry.writer == -1:
        depth = len(entry.savepoints)
        return connection.in_atomic_block and tuple(connection.savepoint_ids[:depth]) == entry.savepoints
    if entry.savepoints:  # its savepoints are gone, committed or rolled back: no way to tell
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_xact_status(%s::text::xid8)", [str(entry.writer)])
        if cursor.fetchone()[0] == "committed":
            entry.writer = None
            return True
    return False


def _changed_since(side: int, mark: int, seen: frozenset[int]) -> tuple[set[int] | None, frozenset[int]]:
    """Rows of `side` logged from `mark` on and not among the log rows `seen` at the last look (None
    when everything must be read again), and the log rows read now. A transaction older than the
    mark, still running elsewhere, holds the mark back: the rows it lets through twice are skipped."""
    if connection.vendor == "postgresql":
        rows = PoolChange.objects.filter(side=side, transaction_id__gte=mark)
    else:
        rows = PoolChange.objects.filter(side=side, pk__gt=mark)
    logged = list(rows.values_list("pk", "row_id")[: SPLICE_LIMIT + 1])
    read = frozenset(pk for pk, _row_id in logged)
    ids = {row_id for pk, row_id in logged if pk not in seen}
    if len(logged) > SPLICE_LIMIT or 0 in ids:
        return None, read
    return ids, read


def log_prune() -> int:
    """Delete log rows older than LOG_DAYS (the nightly recompute calls it); returns how many."""
    cutoff = timezone.now() - datetime.timedelta(days=LOG_DAYS)
    return PoolChange.objects.filter(created_at__lt=cutoff).delete()[0]


# --- entries --------------------------------------------------------------------------------------


def get(
    side: int,
    graph: SkillGraph,
    company_ids: Iterable[int],
    load: Callable[[Q | None], ConsultantArrays | TenderArrays],
    *,
    fresh: bool = False,
) -> Entry:
    """The entry of `side` for these companies, caught up with every write: kept, spliced or read.

    `load(filters)` reads the side's arrays of the companies, narrowed by `filters` when given (the
    changed rows). `fresh` forces a whole read (full recomputes), which then serves the edits."""
    company_ids = tuple(sorted({int(pk) for pk in company_ids}))
    key = (connection.alias, connection.settings_dict.get("NAME"), side, company_ids)
    config = _config()
    digest = graph_digest(graph)
    with _lock:
        entry = _entries.get(key)
    mark, writer, table = _mark()
    if entry is not None and not fresh and config["enabled"]:
        current = (
            entry.graph_digest == digest
            and entry.table == table
            and mark >= entry.mark  # a mark going back: a database restored or failed over, read whole
            and time.monotonic() - entry.loaded_at <= config["max_age_seconds"]
            and _still_true(entry, writer)
        )
        ids, seen = _changed_since(side, entry.mark, entry.seen) if current else (None, frozenset())
        if ids is not None:
            if ids:
                ids = sorted(ids)
                arrays = splice(entry.arrays, ids, load(Q(pk__in=ids)))
                # Rows read now may hold this savepoint's writes: trusted only inside it from now on.
                savepoints = _savepoints(writer) if writer is not None else entry.savepoints
                writer = entry.writer or writer
                entry = Entry(side, company_ids, digest, mark, seen, writer, table, arrays, entry.loaded_at, savepoints)
                outcome.splices += 1
            else:
                entry.mark, entry.seen = mark, seen
                outcome.hits += 1
            _store(key, entry, config)
            return entry
    outcome.misses += 1
    _ids, seen = _changed_since(side, mark, frozenset())  # what a whole read now already includes
    entry = Entry(
        side, company_ids, digest, mark, seen, writer, table, load(None), time.monotonic(), _savepoints(writer)
    )
    if config["enabled"]:
        _store(key, entry, config)
    return entry


def _store(key: tuple, entry: Entry, config: dict) -> None:
    with _lock:
        _entries[key] = entry
        _entries.move_to_end(key)
        for side in (PoolChange.CONSULTANT, PoolChange.TENDER):
            of_side = [k for k in _entries if k[2] == side]
            for stale in of_side[: max(0, len(of_side) - int(config["entries"]))]:
                del _entries[stale]


def side_of(entry: Entry, graph: SkillGraph) -> ConsultantSide:
    """The consultants' sorted skill lookups, built once per entry (`graph` is the entry's)."""
    side = entry.extras.get("side")
    if side is None:
        side = entry.extras["side"] = consultant_side(entry.arrays, graph, 0)
    return side


def classes_memo(entry: Entry) -> dict:
    """Gate classes of the pools ranked against this entry, by pool digest (a few pools at most)."""
    memo = entry.extras.setdefault("classes", {})
    if len(memo) > 8:
        memo.clear()
    return memo


def consultants(graph: SkillGraph, company_ids: Iterable[int], *, fresh: bool = False) -> Entry:
    """The consultants of these companies (every candidate pool of their tenders is a subset)."""
    scope = Q(company_id__in=sorted(set(company_ids)))
    return get(
        PoolChange.CONSULTANT,
        graph,
        company_ids,
        lambda extra: load_consultants(graph, scope & (extra or Q()), few=extra is not None),
        fresh=fresh,
    )


def tenders(graph: SkillGraph, company_ids: Iterable[int], matchable: Q) -> Entry:
    """The matchable tenders of these companies."""
    scope = matchable & Q(company_id__in=sorted(set(company_ids)))
    return get(
        PoolChange.TENDER,
        graph,
        company_ids,
        lambda extra: load_tenders(graph, scope & (extra or Q()), few=extra is not None),
    )


# --- splicing reloaded rows into arrays ---------------------------------------------------------------

_ENTRY_FIELDS = {
    ConsultantArrays: ("skill_columns", "skill_ranks", "skill_years"),
    TenderArrays: ("skill_columns", "skill_importance", "skill_minimum"),
}


def splice(old, dropped_ids: list[int], fresh):
    """`old` without the rows of `dropped_ids`, plus the rows of `fresh` (a subset of them, re-read),
    ordered by id. Each array keeps its dtype; a row's skill entries keep their order."""
    kind = type(old)
    entry_fields = _ENTRY_FIELDS[kind]
    keep = ~np.isin(old.ids, np.asarray(dropped_ids, dtype=np.int64))
    old_lengths = np.diff(old.skill_indptr)
    kept_lengths = old_lengths[keep]
    kept_entries = np.repeat(keep, old_lengths)
    at = np.searchsorted(old.ids[keep], fresh.ids)
    kept_starts = np.concatenate([[0], np.cumsum(kept_lengths)]).astype(np.int64)
    entries_at = np.repeat(kept_starts[at], np.diff(fresh.skill_indptr))
    values = {}
    for item in fields(kind):
        name = item.name
        if name == "skill_indptr":
            continue
        if name in entry_fields:
            values[name] = np.insert(getattr(old, name)[kept_entries], entries_at, getattr(fresh, name))
        else:
            values[name] = np.insert(getattr(old, name)[keep], at, getattr(fresh, name))
    lengths = np.insert(kept_lengths, at, np.diff(fresh.skill_indptr))
    values["skill_indptr"] = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return kind(**values)
