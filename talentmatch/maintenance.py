"""Routine maintenance run by Celery beat (see `beat_schedule` in talentmatch/celery.py).

Each function is safe to run twice: a second run finds nothing left to do.
"""

from __future__ import annotations

import datetime
import logging
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from talentmatch import events

logger = logging.getLogger(__name__)

# Above this many consultants rolled over at once, rescoring them one by one costs more than one
# recompute of each company concerned (a consultant update reads every open tender of its company).
ROLL_OVER_ONE_BY_ONE_MAX = 200


@transaction.atomic
def consultants_availability_roll_over(*, today: datetime.date | None = None) -> int:
    """Consultants on mission whose availability date has come (it reads "available from") become
    available; their matches are rescored after commit. Returns how many changed."""
    from consultants.cache import consultants_invalidate  # why: the page cache's own bump; talentmatch is below

    Consultant = apps.get_model("consultants", "Consultant")
    AvailabilityStatus = Consultant.AvailabilityStatus
    today = today or timezone.localdate()
    due = Consultant.objects.filter(availability_status=AvailabilityStatus.ON_MISSION, availability_date__lte=today)
    # Lock the rows first so that the ids rescored below are exactly the rows the UPDATE changes.
    locked = list(due.select_for_update().order_by("pk").values_list("pk", "company_id"))
    count = due.update(availability_status=AvailabilityStatus.AVAILABLE, updated_at=timezone.now())
    consultants_invalidate([pk for pk, _company_id in locked])  # the rows' cached pages are outdated
    if len(locked) <= ROLL_OVER_ONE_BY_ONE_MAX:
        events.consultant_changed([consultant_id for consultant_id, _company_id in locked])
    else:
        events.consultants_changed_in_bulk({owner for _pk, owner in locked})
    logger.info("availability roll-over on %s: %d consultant(s) on mission became available", today, count)
    return count


@transaction.atomic
def collaborations_expire(*, today: datetime.date | None = None) -> int:
    """Active collaborations whose end date has passed (the end date is their last day) become
    inactive, each with an event in its history; the candidate pools of both companies are
    recomputed after commit (collaborations.services.collaborations_expire). Returns how many changed."""
    from collaborations.services import collaborations_expire as expire  # why: the service owns the write

    today = today or timezone.localdate()
    count = expire(today)
    logger.info("collaboration expiry on %s: %d active collaboration(s) ended", today, count)
    return count


def database_vacuum_analyze() -> str:
    """`VACUUM (ANALYZE)` of the whole PostgreSQL database: reclaims dead rows and refreshes the
    planner's statistics. A logged no-op on other databases. Must run outside a transaction."""
    if connection.vendor != "postgresql":
        message = f"VACUUM ANALYZE skipped: the database is {connection.vendor}, not PostgreSQL"
        logger.info(message)
        return message
    if connection.in_atomic_block:
        raise RuntimeError("VACUUM cannot run inside a transaction: call it outside transaction.atomic().")
    started = time.perf_counter()
    with connection.cursor() as cursor:  # autocommit: Django opens no transaction outside atomic()
        cursor.execute("VACUUM (ANALYZE)")
    message = f"VACUUM ANALYZE of {connection.settings_dict['NAME']} done in {time.perf_counter() - started:.1f} s"
    logger.info(message)
    return message


# --- private files ------------------------------------------------------------------------------

DEFAULT_GRACE = datetime.timedelta(days=1)


@dataclass
class CleanUpReport:
    scanned: int = 0
    deleted: int = 0
    deleted_bytes: int = 0
    kept_referenced: int = 0
    kept_fresh: int = 0
    skipped_links: int = 0
    removed_directories: int = 0
    missing_referenced: int = 0

    def __str__(self) -> str:
        return (
            f"scanned {self.scanned}, deleted {self.deleted} ({self.deleted_bytes} bytes), "
            f"kept {self.kept_referenced} referenced and {self.kept_fresh} fresh, "
            f"skipped {self.skipped_links} links, removed {self.removed_directories} empty directories, "
            f"{self.missing_referenced} referenced files missing"
        )


def private_media_root() -> Path:
    return Path(getattr(settings, "PRIVATE_MEDIA_ROOT", Path(settings.BASE_DIR) / "var" / "private"))


def _referenced_paths(root: Path) -> set[str]:
    """Real paths of every file a row points to (CVs, dossiers and their Word files, logos); a stored
    path is relative to PRIVATE_MEDIA_ROOT, or absolute."""
    paths = set()
    sources = (
        (apps.get_model("consultants", "Resume"), "file_path"),
        (apps.get_model("matching", "Portfolio"), "file_path"),
        (apps.get_model("matching", "Portfolio"), "docx_path"),
        (apps.get_model("talentmatch", "Company"), "logo_path"),
    )
    for model, column in sources:
        stored = (
            model.objects.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""}).values_list(column, flat=True)
        )
        paths.update(os.path.realpath(os.path.join(root, value)) for value in stored.iterator(chunk_size=5000))
    return paths


def private_media_clean_up(*, grace: datetime.timedelta = DEFAULT_GRACE) -> CleanUpReport:
    """Delete the files under PRIVATE_MEDIA_ROOT that no CV or portfolio row references and that
    are older than `grace` (a file being written has no row yet). Symbolic links are never followed
    nor deleted; empty directories older than `grace` are removed, never the root itself."""
    report = CleanUpReport()
    configured = private_media_root()
    if not configured.is_dir():
        logger.info("private files clean-up: %s does not exist, nothing to do", configured)
        return report
    root = configured.resolve()
    # Read the rows before looking at the disk: a file written after this read is younger than grace.
    referenced = _referenced_paths(configured)
    cutoff = time.time() - grace.total_seconds()
    for directory, subdirectories, files in os.walk(root, topdown=False, followlinks=False):
        for name in files + [entry for entry in subdirectories if os.path.islink(os.path.join(directory, entry))]:
            path = os.path.join(directory, name)
            report.scanned += 1
            try:
                status = os.lstat(path)
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(status.st_mode) or not stat.S_ISREG(status.st_mode):
                report.skipped_links += 1
            elif path in referenced:
                report.kept_referenced += 1
            elif status.st_mtime > cutoff:
                report.kept_fresh += 1
            else:
                os.unlink(path)
                report.deleted += 1
                report.deleted_bytes += status.st_size
        if directory != str(root):
            try:
                if os.lstat(directory).st_mtime <= cutoff and not os.listdir(directory):
                    os.rmdir(directory)
                    report.removed_directories += 1
            except OSError:
                pass  # not empty any more, or already gone: leave it to the next run
    report.missing_referenced = sum(1 for path in referenced if not os.path.lexists(path))
    logger.info("private files clean-up of %s: %s", root, report)
    return report
