"""Private files (CVs, dossiers): kept under settings.PRIVATE_MEDIA_ROOT, which no URL serves.

A written file is complete or absent: it is written under a temporary name, flushed to disk, then
renamed. No path handed in may leave the private root.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

from talentmatch import events

logger = logging.getLogger(__name__)


def private_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT).resolve()


def private_path(relative: str) -> Path:
    """The absolute path of a stored private file; refuses anything that would leave the private root."""
    root = private_root()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(f"Not a private file path: {relative!r}")
    return path


def private_write(relative: str, data: bytes) -> Path:
    """Write a private file atomically: a partial file never carries the final name."""
    path = private_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(partial, 0o600)
    os.replace(partial, path)
    return path


def private_delete(relative: str | None) -> None:
    """Delete a private file if it exists; a failure is logged, never raised."""
    if not relative:
        return
    try:
        private_path(relative).unlink(missing_ok=True)
    except (ValueError, OSError):
        logger.warning("could not delete private file %s", relative, exc_info=True)


def private_download(
    *, relative: str | None, filename: str, content_type: str, access: events.DataAccess
) -> FileResponse:
    """A private file as an attachment that no cache keeps, announced as a data access (the access
    log); 404 when the file is missing or the path leaves the private root."""
    if not relative:
        raise Http404
    try:
        handle = private_path(relative).open("rb")
    except (ValueError, OSError):
        raise Http404 from None
    events.data_accessed(access)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
