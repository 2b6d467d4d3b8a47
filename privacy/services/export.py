"""Everything held about one consultant, as a ZIP: `data.json` (every row about them, table by table)
and their files (CVs, dossiers) under `files/`.

Built at once, in the request: one person's rows are a few hundred at most and their files a few CVs
and dossiers read from the local disk, so the archive is ready in well under a second; a task would
have to store the archive, which would then be one more copy of the person's data to protect and
delete. The archive is spooled to a temporary file past 16 MB, never kept.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from collaborations.models import CollaborationSharing
from consultants.models import Consultant, ConsultantSkill, Resume
from history.models import ChangeRecord
from matching.models import Match, MatchEvent, Portfolio
from privacy.models import AccessLogEntry, ConsentRecord
from privacy.services.records import access_log_record
from talentmatch import access
from talentmatch.events import DataAccess, DataAccessKind
from talentmatch.models import User
from talentmatch.storage import private_path

FORMAT_VERSION = 1
SPOOL_BYTES = 16 * 1024 * 1024
# Columns that are secrets or derived machinery, not data about the person.
LEFT_OUT = {"password", "search_vector", "sort_name", "breakdown_fingerprint"}


@dataclass
class PersonalDataExport:
    filename: str
    file: IO[bytes]
    tables: dict[str, list[dict]]
    files: list[str]


def _row(obj: models.Model) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in LEFT_OUT}


def personal_data_rows(consultant: Consultant) -> dict[str, list[dict]]:
    """The consultant's rows by table name, within their own company (a partner's rows about them —
    its matches and dossiers on its tenders — are the partner's to give)."""
    company_id = consultant.company_id
    user_id = consultant.user_id
    matches = Match.objects.filter(consultant=consultant, tender__company_id=company_id).order_by("pk")
    selection = CollaborationSharing.selection.through
    about_them = Q(object_kind="consultant", object_id=consultant.pk)
    by_them = Q(actor_id=user_id) if user_id else Q(pk__in=[])
    querysets = {
        User: User.objects.filter(pk=user_id) if user_id else User.objects.none(),
        Consultant: Consultant.objects.filter(pk=consultant.pk),
        ConsultantSkill: ConsultantSkill.objects.filter(consultant=consultant).select_related("skill"),
        Resume: Resume.objects.filter(consultant=consultant),
        Match: matches,
        MatchEvent: MatchEvent.objects.filter(match__in=matches),
        Portfolio: Portfolio.objects.filter(consultant=consultant, tender__company_id=company_id),
        ChangeRecord: ChangeRecord.objects.filter(company_id=company_id).filter(about_them | by_them),
        selection: selection.objects.filter(consultant=consultant),
        ConsentRecord: ConsentRecord.objects.filter(consultant=consultant),
        AccessLogEntry: AccessLogEntry.objects.filter(
            Q(consultant=consultant, company_id=company_id)
            | (
                Q(user_id=user_id) & (Q(consultant__isnull=True) | Q(consultant=consultant))
                if user_id
                else Q(pk__in=[])
            )
        ),
    }
    tables = {}
    for model, queryset in querysets.items():
        rows = []
        for obj in queryset.order_by("pk"):
            row = _row(obj)
            if isinstance(obj, ConsultantSkill):
                row["skill_name"] = obj.skill.name
            rows.append(row)
        tables[model._meta.db_table] = rows
    return tables


def _files(consultant: Consultant, tables: dict[str, list[dict]]) -> list[str]:
    paths = [row["file_path"] for table in ("resumes", "portfolios") for row in tables[table] if row["file_path"]]
    return sorted(set(paths))


def personal_data_export(*, consultant: Consultant, by: User) -> PersonalDataExport:
    """The archive of everything held about `consultant`, for the consultant themselves or a
    member of their company holding PERSONAL_DATA_EXPORT (never another company, never a partner).
    The download is logged in the access log."""
    if not (
        access.can(by, access.Capability.PERSONAL_DATA_EXPORT)
        and Consultant.objects.visible_to(by).filter(pk=consultant.pk).exists()
    ):
        raise PermissionDenied
    tables = personal_data_rows(consultant)
    files = _files(consultant, tables)
    # Handed to the response, which closes it once sent.
    archive = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    missing = []
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for relative in files:
            try:
                path = private_path(relative)
                bundle.write(path, f"files/{relative}")
            except (ValueError, OSError):
                missing.append(relative)
        document = {
            "format": FORMAT_VERSION,
            "generated_at": timezone.now(),
            "consultant_id": consultant.pk,
            "tables": tables,
            "files": [f"files/{relative}" for relative in files if relative not in missing],
            "missing_files": missing,
        }
        bundle.writestr("data.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    archive.seek(0)
    access_log_record(
        DataAccess(
            kind=DataAccessKind.PERSONAL_DATA_EXPORT,
            user_id=by.pk,
            company_id=consultant.company_id,
            consultant_id=consultant.pk,
        )
    )
    person = slugify(consultant.full_name) or f"consultant-{consultant.pk}"
    filename = f"personal-data-{person}-{timezone.localdate().isoformat()}.zip"
    return PersonalDataExport(filename=filename, file=archive, tables=tables, files=files)
