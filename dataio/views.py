"""Import and export pages. Capabilities are declared in urls.py; each export also needs the right to
see the page it comes from, and is filtered by that page's own filter form."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.forms import ConsultantFilterForm
from consultants.models import reads_french
from dataio import columns as col
from dataio.forms import KIND_LABELS, ImportForm
from dataio.selectors import career_rows, consultant_rows, export_header, pipeline_rows, tender_rows
from dataio.services import data_import as run_import
from dataio.sheets import (
    CONTENT_TYPES,
    CSV,
    CSV_DIALECTS,
    FORMATS,
    FRENCH_CSV,
    INTERNATIONAL_CSV,
    XLSX,
    csv_chunks,
    csv_dialect_for,
    max_upload_bytes,
    too_large_message,
    xlsx_bytes,
)
from matching.forms import BoardFilterForm
from talentmatch import events
from talentmatch.access import Capability, can
from talentmatch.cache import cache
from talentmatch.events import DataAccess, DataAccessKind
from tenders.forms import TenderFilterForm
from tenders.selectors import client_names

PENDING_SECONDS = 60 * 60
FORMAT_LABELS = {CSV: "CSV", XLSX: "Excel (.xlsx)"}
DIALECT_LABELS = {FRENCH_CSV: "CSV (;)", INTERNATIONAL_CSV: "CSV (,)"}
EXPORT_CAPABILITIES = {
    col.CONSULTANTS: Capability.CONSULTANT_VIEW,
    col.TENDERS: Capability.TENDER_VIEW,
    col.PIPELINE: Capability.MATCH_VIEW,
    col.CAREERS: Capability.CONSULTANT_VIEW,
}


def _dialect(request: HttpRequest) -> str:
    """The CSV dialect asked for (`?dialect=fr|en`), else the one of the reader's language."""
    asked = request.GET.get("dialect", "")
    return asked if asked in CSV_DIALECTS else csv_dialect_for(request.LANGUAGE_CODE)


def _filter_query(request: HttpRequest):
    """The page's filters, without the file's own options: an export is filtered like its page."""
    query = request.GET.copy()
    query.pop("dialect", None)
    return query or None


def _downloads(request: HttpRequest) -> list[tuple[str, str, str]]:
    """(format, dialect, label) of each file offered: both CSV dialects, the reader's first, then XLSX."""
    own = csv_dialect_for(request.LANGUAGE_CODE)
    dialects = sorted(CSV_DIALECTS, key=lambda dialect: dialect != own)
    return [*((CSV, dialect, DIALECT_LABELS[dialect]) for dialect in dialects), (XLSX, "", FORMAT_LABELS[XLSX])]


def data_home(request: HttpRequest) -> HttpResponse:
    context = {
        "import_kinds": [(kind, KIND_LABELS[kind]) for kind in col.IMPORT_KINDS],
        "export_kinds": [
            (kind, KIND_LABELS[kind]) for kind in col.EXPORT_KINDS if can(request.user, EXPORT_CAPABILITIES[kind])
        ],
        "downloads": _downloads(request),
    }
    return render(request, "dataio/data_home.html", context)


# --- import ------------------------------------------------------------------------------------


def web_row_limit() -> int:
    """Rows a file may hold when imported from the web: an import costs about 0.1 s per row, and a
    request must end well within gunicorn's timeout. Longer files go through `manage.py import_data`."""
    return getattr(settings, "DATAIO_WEB_MAX_ROWS", 250)


def _pending_key(request: HttpRequest, token: str) -> str:
    return f"dataio:pending:{request.user.company_id}:{request.user.pk}:{token}"


def data_import(request: HttpRequest) -> HttpResponse:
    """Check a file (a dry run that writes nothing), then import it as checked, or import at once."""
    form = ImportForm()
    report = None
    token = ""
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > max_upload_bytes() + 64 * 1024:
            # Refused before Django reads the body into files.
            messages.error(request, too_large_message(length))
            context = {"form": form}
            return render(request, "dataio/data_import.html", context, status=413)
        if request.POST.get("token"):
            pending = cache.get(_pending_key(request, request.POST["token"]))
            if pending is None:
                messages.error(request, _("The checked file is no longer available: choose it again."))
            else:
                report = run_import(
                    kind=pending["kind"],
                    name=pending["name"],
                    content=pending["content"],
                    company=request.user.company,
                    by=request.user,
                    row_limit=web_row_limit(),
                )
                if report.applied:
                    cache.delete(_pending_key(request, request.POST["token"]))
                form = ImportForm(initial={"kind": pending["kind"]})
        else:
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                content = upload.read()
                dry_run = request.POST.get("action") != "import"
                report = run_import(
                    kind=form.cleaned_data["kind"],
                    name=upload.name,
                    content=content,
                    company=request.user.company,
                    by=request.user,
                    dry_run=dry_run,
                    row_limit=web_row_limit(),
                )
                if dry_run and report.ok:
                    token = secrets.token_urlsafe(16)
                    pending = {"kind": form.cleaned_data["kind"], "name": upload.name, "content": content}
                    cache.set(_pending_key(request, token), pending, PENDING_SECONDS)
        if report is not None and report.applied:
            messages.success(request, _("The file was imported."))
    context = {
        "form": form,
        "report": report,
        "token": token,
        "report_label": KIND_LABELS.get(report and report.kind),
        "web_row_limit": web_row_limit(),
        "allowed_values": [(where, col.allowed_values(choices)) for where, choices in col.CHOICE_COLUMNS],
    }
    return render(request, "dataio/data_import.html", context)


def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty file of `kind` to fill in: the header and one example row."""
    if kind not in col.IMPORT_KINDS or fmt not in FORMATS:
        raise Http404
    return _file_response(
        kind, fmt, col.COLUMNS[kind], [col.EXAMPLES[kind]], filename=f"talentmatch-{kind}-template", request=request
    )


# --- export ------------------------------------------------------------------------------------


def data_export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in col.EXPORT_KINDS or fmt not in FORMATS:
        raise Http404
    if not can(request.user, EXPORT_CAPABILITIES[kind]):
        raise PermissionDenied
    user = request.user
    french = reads_french()  # a French reader gets the skills' French names beside the canonical ones
    if kind == col.CONSULTANTS:
        header = export_header(col.CONSULTANT_COLUMNS, french)
        rows = consultant_rows(user, ConsultantFilterForm(_filter_query(request), user=user).filters(), french=french)
    elif kind == col.TENDERS:
        header = export_header(col.TENDER_COLUMNS, french)
        form = TenderFilterForm(_filter_query(request), user=user, clients=client_names(user))
        rows = tender_rows(user, form.filters(), french=french)
    elif kind == col.CAREERS:
        header = export_header(col.CAREER_COLUMNS, french)
        rows = career_rows(user, ConsultantFilterForm(request.GET or None, user=user).filters(), french=french)
    else:
        header = col.PIPELINE_COLUMNS
        rows = pipeline_rows(user, **_board_filters(BoardFilterForm(_filter_query(request), user=user)))
    stamp = timezone.localdate().isoformat()
    response = _file_response(kind, fmt, header, rows, filename=f"talentmatch-{kind}-{stamp}", request=request)
    events.data_accessed(
        DataAccess(kind=DataAccessKind.DATA_EXPORT, user_id=user.pk, company_id=user.company_id, detail=f"{kind}.{fmt}")
    )
    return response


def _board_filters(form: BoardFilterForm) -> dict:
    """The board's filters as its page applies them (matching.views.match_board)."""
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    return {
        "tender_id": data["tender"].pk if data["tender"] else None,
        "owner_id": data["owner"].pk if data["owner"] else None,
        "consultant_id": data["consultant"],
    }


def _file_response(kind: str, fmt: str, header: list[str], rows, *, filename: str, request) -> HttpResponse:
    if fmt == CSV:
        body = "".join(csv_chunks(header, rows, _dialect(request))).encode("utf-8")
    else:
        body = xlsx_bytes(header, rows, title=kind)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
