"""Tender pages: list, create and edit, the detail with its skill needs edited in place, its status
buttons and the lead's ranking. Capabilities are declared in urls.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.selectors import tender_ranking
from talentmatch.access import Capability, can
from talentmatch.forms import add_service_errors
from tenders import selectors, services
from tenders.forms import TenderFilterForm, TenderForm, TenderSkillAddForm, TenderSkillChangeForm, TenderStatusForm
from tenders.models import Tender, TenderSkill, TenderStatus

PAGE_SIZE = 25


def tender_list(request):
    form = TenderFilterForm(request.GET or None, user=request.user, clients=selectors.client_names(request.user))
    tenders = selectors.tenders_for_list(request.user, form.filters())
    page = Paginator(tenders, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "query_string": params.urlencode()}
    if request.htmx and not request.htmx.boosted:
        return render(request, "tenders/_tender_results.html", context)
    return render(request, "tenders/tender_list.html", context)


def _scoped(request, pk: int) -> Tender:
    return get_object_or_404(Tender.objects.visible_to(request.user).select_related("company"), pk=pk)


def _detail_context(request, tender: Tender, **skills) -> dict:
    ranking = tender_ranking(tender, request.user) if can(request.user, Capability.MATCH_VIEW) else None
    return {"ranking": ranking, "statuses": TenderStatus.choices, **_skills_context(tender, **skills)}


def tender_detail(request, pk: int):
    tender = _scoped(request, pk)
    return render(request, "tenders/tender_detail.html", _detail_context(request, tender))


def tender_create(request):
    form = TenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.user.company_id is None:
            form.add_error(None, _("Only a member of a company can create tenders."))
        else:
            try:
                tender = services.tender_create(company=request.user.company, by=request.user, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Tender created: now list the skills it asks for."))
                return redirect("tenders:tender-detail", pk=tender.pk)
    return render(request, "tenders/tender_form.html", {"form": form, "tender": None})


def tender_edit(request, pk: int):
    tender = _scoped(request, pk)
    # The form validates a second copy, so that the page keeps the saved title while it shows errors.
    form = TenderForm(request.POST or None, instance=_scoped(request, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.tender_update(tender=_scoped(request, pk), by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tender saved."))
            return redirect("tenders:tender-detail", pk=tender.pk)
    return render(request, "tenders/tender_form.html", {"form": form, "tender": tender})


@require_POST
def tender_status(request, pk: int):
    tender = _scoped(request, pk)
    form = TenderStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        services.tender_status_set(tender=tender, status=form.cleaned_data["status"], by=request.user)
        messages.success(request, _("Status: %(status)s.") % {"status": tender.get_status_display()})
    return redirect("tenders:tender-detail", pk=tender.pk)


# --- skill needs edited in place ---------------------------------------------------------------


def _skills_context(tender: Tender, *, add_form=None, failed: dict | None = None, notice: str = "") -> dict:
    """What `tenders/_tender_skills.html` needs: each skill asked for with its change form (the bound
    one when that row just failed), the add form, and the catalogue names for the picker."""
    failed = failed or {}
    rows = []
    for tender_skill in tender.tender_skills.select_related("skill"):
        form = failed.get(tender_skill.skill_id) or TenderSkillChangeForm(
            prefix=f"skill-{tender_skill.skill_id}",
            initial={"importance": tender_skill.importance, "minimum_level": tender_skill.minimum_level or ""},
        )
        rows.append((tender_skill, form))
    return {
        "tender": tender,
        "skill_rows": rows,
        "add_form": add_form or TenderSkillAddForm(tender=tender),
        "notice": notice,
    }


def _skills_response(request, tender: Tender, **context):
    """htmx: the skills fragment; otherwise the detail page, or back to it once the change is made."""
    if request.htmx:
        return render(request, "tenders/_tender_skills.html", _skills_context(tender, **context))
    if context.get("add_form") is None and not context.get("failed"):
        if context.get("notice"):
            messages.success(request, context["notice"])
        return redirect(reverse("tenders:tender-detail", kwargs={"pk": tender.pk}) + "#needs-title")
    return render(request, "tenders/tender_detail.html", _detail_context(request, tender, **context))


@require_POST
def tender_skill_add(request, pk: int):
    tender = _scoped(request, pk)
    form = TenderSkillAddForm(request.POST, tender=tender)
    if form.is_valid():
        try:
            services.tender_skill_set(
                tender=tender,
                skill=form.cleaned_data["skill"],
                importance=form.cleaned_data["importance"],
                minimum_level=form.cleaned_data["minimum_level"] or None,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            notice = _("%(skill)s added.") % {"skill": form.cleaned_data["skill"].name}
            return _skills_response(request, tender, notice=notice)
    return _skills_response(request, tender, add_form=form)


@require_POST
def tender_skill_change(request, pk: int, skill_pk: int):
    tender = _scoped(request, pk)
    asked = get_object_or_404(TenderSkill.objects.select_related("skill"), tender=tender, skill_id=skill_pk)
    form = TenderSkillChangeForm(request.POST, prefix=f"skill-{skill_pk}")
    if form.is_valid():
        try:
            services.tender_skill_set(
                tender=tender,
                skill=asked.skill,
                importance=form.cleaned_data["importance"],
                minimum_level=form.cleaned_data["minimum_level"] or None,
                details=asked.details,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _skills_response(request, tender, notice=_("%(skill)s saved.") % {"skill": asked.skill.name})
    return _skills_response(request, tender, failed={skill_pk: form})


@require_POST
def tender_skill_remove(request, pk: int, skill_pk: int):
    tender = _scoped(request, pk)
    asked = get_object_or_404(TenderSkill.objects.select_related("skill"), tender=tender, skill_id=skill_pk)
    services.tender_skill_remove(tender=tender, skill=asked.skill, by=request.user)
    return _skills_response(request, tender, notice=_("%(skill)s removed.") % {"skill": asked.skill.name})
