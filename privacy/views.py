"""Privacy pages: a consultant's consents, personal-data download, departure and erasure; the
company's privacy settings, retention preview and access log. Capabilities are declared in urls.py;
consultants are reached through Consultant.objects.visible_to, so another company's consultant (or a
partner's, shared or not) answers 404 like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from consultants.models import Consultant
from privacy import selectors, services
from privacy.forms import ConsentForm, DepartureForm, ErasureForm, PrivacySettingsForm
from privacy.models import AccessKind
from privacy.services.retention import retention_cutoff, retention_expired
from talentmatch.access import Capability, can
from talentmatch.forms import add_service_errors

LOG_PAGE_SIZE = 50
PREVIEW_LIMIT = 50


def _consultant(request: HttpRequest, pk: int) -> Consultant:
    return get_object_or_404(Consultant.objects.visible_to(request.user).with_people(), pk=pk)


def _page(request: HttpRequest, consultant: Consultant, *, consent_form=None, departure_form=None, status=200):
    user = request.user
    context = {
        "consultant": consultant,
        "consents": selectors.consent_summary(consultant),
        "history": selectors.consent_history(consultant),
        "consent_form": consent_form or (ConsentForm() if can(user, Capability.CONSENT_RECORD) else None),
        "departure_form": departure_form
        or (DepartureForm(initial={"left_on": consultant.left_on}) if can(user, Capability.PRIVACY_MANAGE) else None),
        "consent_required": consultant.company.consent_required,
    }
    return render(request, "privacy/consultant_privacy.html", context, status=status)


def _back(consultant: Consultant) -> HttpResponse:
    return redirect("privacy:consultant-privacy", pk=consultant.pk)


@require_GET
def consultant_privacy(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _consultant(request, pk))


@require_POST
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultant = _consultant(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(
                consultant=consultant,
                purpose=form.cleaned_data["purpose"],
                granted=form.granted,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return _back(consultant)
    return _page(request, consultant, consent_form=form, status=400)


@require_POST
def consultant_departure(request: HttpRequest, pk: int) -> HttpResponse:
    consultant = _consultant(request, pk)
    form = DepartureForm(request.POST)
    if form.is_valid():
        try:
            services.consultant_departure_set(
                consultant=consultant, by=request.user, left_on=form.cleaned_data["left_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Departure date saved."))
            return _back(consultant)
    return _page(request, consultant, departure_form=form, status=400)


@require_GET
def personal_data_download(request: HttpRequest, pk: int) -> FileResponse:
    consultant = _consultant(request, pk)
    export = services.personal_data_export(consultant=consultant, by=request.user)
    response = FileResponse(export.file, as_attachment=True, filename=export.filename, content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def consultant_erasure(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page (GET) and the erasure itself (POST, with the box ticked)."""
    consultant = _consultant(request, pk)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            erasure = services.consultant_erase(consultant=consultant, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Personal data erased: %(files)s file(s) deleted; the pipeline keeps %(name)s anonymised.")
                % {"files": len(erasure.files), "name": erasure.consultant.full_name},
            )
            return _back(consultant)
    status = 400 if request.method == "POST" else 200
    context = {
        "consultant": consultant,
        "form": form,
        "resumes": consultant.resumes.count(),
        "portfolios": consultant.portfolios.count(),
        "matches": consultant.matches.exclude(status="suggested").count(),
    }
    return render(request, "privacy/consultant_erase.html", context, status=status)


# --- the company's page ---------------------------------------------------------------------------


@require_GET
def privacy_home(request: HttpRequest) -> HttpResponse:
    return _home(request)


def _home(request: HttpRequest, *, form=None, status: int = 200) -> HttpResponse:
    company = request.user.company
    cutoff = retention_cutoff()
    expired = retention_expired(cutoff)
    if company is not None:
        expired = [item for item in expired if item.company_id == company.pk]
    context = {
        "company": company,
        "form": form
        or (PrivacySettingsForm(initial={"consent_required": company.consent_required}) if company else None),
        "cutoff": cutoff,
        "expired": expired[:PREVIEW_LIMIT],
        "expired_total": len(expired),
        "recent": list(selectors.access_log_for(request.user)[:10]),
    }
    return render(request, "privacy/privacy_home.html", context, status=status)


@require_POST
def privacy_settings(request: HttpRequest) -> HttpResponse:
    form = PrivacySettingsForm(request.POST)
    company = request.user.company
    if company is None:
        form.is_valid()
        form.add_error(None, _("Only a member of a company has company settings."))
        return _home(request, form=form, status=400)
    if form.is_valid():
        services.company_privacy_set(
            company=company, by=request.user, consent_required=form.cleaned_data["consent_required"]
        )
        messages.success(request, _("Privacy settings saved."))
        return redirect("privacy:privacy-home")
    return _home(request, form=form, status=400)


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    entries = selectors.access_log_for(request.user)
    kind = request.GET.get("kind", "")
    if kind in AccessKind.values:
        entries = entries.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": AccessKind.choices,
        "kind": kind,
        "query_string": f"kind={kind}" if kind else "",
    }
    return render(request, "privacy/access_log.html", context)
