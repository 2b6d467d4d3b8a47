"""Consultant pages: list and search, create and edit, the profile with its skills edited in place,
and the skill catalogue. Capabilities are declared in urls.py / skill_urls.py."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultants import selectors, services
from consultants.forms import (
    ConsultantFilterForm,
    ConsultantForm,
    ConsultantSkillAddForm,
    ConsultantSkillChangeForm,
    SkillForm,
    SkillSearchForm,
    add_service_errors,
)
from consultants.models import Consultant, ConsultantSkill, Skill
from matching.selectors import consultant_best_tenders
from talentmatch.access import Capability, can

PAGE_SIZE = 25


def query_string_without_page(request) -> str:
    """The current filters, to carry over in the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def consultant_list(request):
    form = ConsultantFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    consultants = selectors.consultants_for_list(request.user, filters)
    page = Paginator(consultants, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query_string": query_string_without_page(request),
        "searching": bool(filters.query.strip()),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "consultants/_consultant_results.html", context)
    return render(request, "consultants/consultant_list.html", context)


def _scoped(request, pk: int) -> Consultant:
    return get_object_or_404(Consultant.objects.visible_to(request.user).with_people(), pk=pk)


def consultant_detail(request, pk: int):
    consultant = _scoped(request, pk)
    best = consultant_best_tenders(consultant, request.user) if can(request.user, Capability.MATCH_VIEW) else None
    context = {"consultant": consultant, "best_tenders": best, **_skills_context(consultant)}
    return render(request, "consultants/consultant_detail.html", context)


def consultant_create(request):
    form = ConsultantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.user.company_id is None:
            form.add_error(None, _("Only a member of a company can create consultants."))
        else:
            try:
                consultant = services.consultant_create(company=request.user.company, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Consultant created."))
                return redirect("consultants:consultant-detail", pk=consultant.pk)
    return render(request, "consultants/consultant_form.html", {"form": form, "consultant": None})


def consultant_edit(request, pk: int):
    consultant = _scoped(request, pk)
    # The form validates a copy, so that the page keeps the saved name while it shows errors.
    form = ConsultantForm(request.POST or None, instance=_scoped(request, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.consultant_update(consultant=consultant, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
            consultant = _scoped(request, pk)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("consultants:consultant-detail", pk=consultant.pk)
    return render(request, "consultants/consultant_form.html", {"form": form, "consultant": consultant})


# --- skills edited in place --------------------------------------------------------------------


def _skills_context(consultant: Consultant, *, add_form=None, failed: dict | None = None, notice: str = "") -> dict:
    """What `consultants/_skills.html` needs: each declared skill with its change form (the bound one
    when that row just failed), the add form, and the catalogue names for the picker."""
    failed = failed or {}
    rows = []
    for consultant_skill in consultant.consultant_skills.select_related("skill"):
        form = failed.get(consultant_skill.skill_id) or ConsultantSkillChangeForm(
            prefix=f"skill-{consultant_skill.skill_id}",
            initial={
                "proficiency_level": consultant_skill.proficiency_level,
                "years_experience": consultant_skill.years_experience,
            },
        )
        rows.append((consultant_skill, form))
    return {
        "consultant": consultant,
        "skill_rows": rows,
        "add_form": add_form or ConsultantSkillAddForm(consultant=consultant),
        "catalogue_names": selectors.skill_names(),
        "notice": notice,
    }


def _skills_response(request, consultant: Consultant, **context):
    """htmx: the skills fragment; otherwise the profile page, or back to it once the change is made."""
    if request.htmx:
        return render(request, "consultants/_skills.html", _skills_context(consultant, **context))
    if context.get("add_form") is None and not context.get("failed"):
        if context.get("notice"):
            messages.success(request, context["notice"])
        return redirect(reverse("consultants:consultant-detail", kwargs={"pk": consultant.pk}) + "#skills-title")
    best = consultant_best_tenders(consultant, request.user) if can(request.user, Capability.MATCH_VIEW) else None
    page = {"best_tenders": best, **_skills_context(consultant, **context)}
    return render(request, "consultants/consultant_detail.html", page)


@require_POST
def consultant_skill_add(request, pk: int):
    consultant = _scoped(request, pk)
    form = ConsultantSkillAddForm(request.POST, consultant=consultant)
    if form.is_valid():
        try:
            services.consultant_skill_set(
                consultant=consultant,
                skill=form.cleaned_data["skill"],
                proficiency_level=form.cleaned_data["proficiency_level"],
                years_experience=form.cleaned_data["years_experience"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            notice = _("%(skill)s added.") % {"skill": form.cleaned_data["skill"].name}
            return _skills_response(request, consultant, notice=notice)
    return _skills_response(request, consultant, add_form=form)


@require_POST
def consultant_skill_change(request, pk: int, skill_pk: int):
    consultant = _scoped(request, pk)
    held = get_object_or_404(ConsultantSkill.objects.select_related("skill"), consultant=consultant, skill_id=skill_pk)
    form = ConsultantSkillChangeForm(request.POST, prefix=f"skill-{skill_pk}")
    if form.is_valid():
        try:
            services.consultant_skill_set(
                consultant=consultant,
                skill=held.skill,
                proficiency_level=form.cleaned_data["proficiency_level"],
                years_experience=form.cleaned_data["years_experience"],
                details=held.details,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _skills_response(request, consultant, notice=_("%(skill)s saved.") % {"skill": held.skill.name})
    return _skills_response(request, consultant, failed={skill_pk: form})


@require_POST
def consultant_skill_remove(request, pk: int, skill_pk: int):
    consultant = _scoped(request, pk)
    held = get_object_or_404(ConsultantSkill.objects.select_related("skill"), consultant=consultant, skill_id=skill_pk)
    services.consultant_skill_remove(consultant=consultant, skill=held.skill)
    return _skills_response(request, consultant, notice=_("%(skill)s removed.") % {"skill": held.skill.name})


# --- the skill catalogue -----------------------------------------------------------------------


def skill_list(request):
    form = SkillSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"form": form, "groups": selectors.skill_catalogue(query), "query": query}
    if request.htmx and not request.htmx.boosted:
        return render(request, "skills/_skill_groups.html", context)
    return render(request, "skills/skill_list.html", context)


def skill_create(request):
    form = SkillForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            skill = services.skill_create(**form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Skill %(name)s added to the catalogue.") % {"name": skill.name})
            return redirect(reverse("skills:skill-list") + f"#skill-{skill.pk}")
    return render(request, "skills/skill_form.html", {"form": form, "skill": None})


def skill_edit(request, pk: int):
    skill = get_object_or_404(Skill.objects.visible_to(request.user), pk=pk)
    form = SkillForm(request.POST or None, user=request.user, skill=skill)
    if request.method == "POST" and form.is_valid():
        try:
            # The service changes the instance it is given: a copy keeps the saved name on the page.
            services.skill_update(skill=copy.copy(skill), **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Skill %(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect(reverse("skills:skill-list") + f"#skill-{skill.pk}")
    return render(request, "skills/skill_form.html", {"form": form, "skill": skill})
