"""Import and export pages. Capabilities are declared in urls.py; each export also needs the right to
see the page it comes from, and is filtered by that page's own filter form."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.forms import ConsultantFilterForm
from consultants.models import reads_french
from dataio import columns as col
from dataio.forms import KIND_LABELS, ImportForm
from dataio.selectors import career_rows, consultant_rows, export_header, pipeline_rows, tender_rows
from dataio.services import data_import as run_import
from dataio.services import jobs
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


def _pending_key(request: HttpRequest, token: str) -> str:
    return jobs.pending_key(request.user.company_id, request.user.pk, token)


def _to_job(request: HttpRequest, *, kind: str, name: str, content: bytes, dry_run: bool, token: str = ""):
    job_id = jobs.import_job_start(
        kind=kind,
        name=name,
        content=content,
        by=request.user,
        dry_run=dry_run,
        language=request.LANGUAGE_CODE,
        token=token,
    )
    return redirect(reverse("dataio:import-job", kwargs={"job": job_id}))


def data_import(request: HttpRequest) -> HttpResponse:
    """Check a file (a dry run that writes nothing), then import it as checked, or import at once. A
    file longer than DATAIO_WEB_SYNC_ROWS goes to a worker: the page then follows its job."""
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
            elif jobs.runs_in_background(pending["name"], pending["content"]):
                return _to_job(request, **pending, dry_run=False, token=request.POST["token"])
            else:
                report = run_import(
                    kind=pending["kind"],
                    name=pending["name"],
                    content=pending["content"],
                    company=request.user.company,
                    by=request.user,
                    row_limit=jobs.web_row_limit(),
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
                kind = form.cleaned_data["kind"]
                if jobs.runs_in_background(upload.name, content):
                    if dry_run:
                        token = _keep_pending(request, kind, upload.name, content)
                    return _to_job(request, kind=kind, name=upload.name, content=content, dry_run=dry_run, token=token)
                report = run_import(
                    kind=kind,
                    name=upload.name,
                    content=content,
                    company=request.user.company,
                    by=request.user,
                    dry_run=dry_run,
                    row_limit=jobs.web_row_limit(),
                )
                if dry_run and report.ok:
                    token = _keep_pending(request, kind, upload.name, content)
        if report is not None and report.applied:
            messages.success(request, _("The file was imported."))
    return render(request, "dataio/data_import.html", _import_context(form, report=report, token=token))


def _keep_pending(request: HttpRequest, kind: str, name: str, content: bytes) -> str:
    """Keep a checked file for "Import this file"; returns its token."""
    token = secrets.token_urlsafe(16)
    cache.set(_pending_key(request, token), {"kind": kind, "name": name, "content": content}, PENDING_SECONDS)
    return token


def _import_context(form, *, report=None, token: str = "", job: dict | None = None) -> dict:
    shown = job["report"] if job is not None and job["state"] == jobs.FINISHED else report
    return {
        "form": form,
        "report": shown,
        "token": token,
        "report_label": KIND_LABELS.get(shown.kind if shown else job and job["kind"]),
        "job": job,
        "web_row_limit": jobs.web_row_limit(),
        "web_sync_rows": jobs.web_sync_rows(),
        "allowed_values": [(where, col.allowed_values(choices)) for where, choices in col.CHOICE_COLUMNS],
    }


def import_job(request: HttpRequest, job: str) -> HttpResponse:
    """A background import: its progress, then its report; the fragment alone for htmx polling."""
    state = jobs.import_job_state(user=request.user, job_id=job)
    if state is None:
        raise Http404
    report = state["report"] if state["state"] == jobs.FINISHED else None
    token = state["token"] if report is not None and report.dry_run and report.ok else ""
    context = _import_context(ImportForm(initial={"kind": state["kind"]}), token=token, job=state)
    if request.htmx:
        return render(request, "dataio/_import_job.html", context)
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
