"""Consultant pages: list and search, create and edit, the profile with its skills edited in place,
and the skill catalogue. Capabilities are declared in urls.py / skill_urls.py."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaborations import sharing
from collaborations.selectors import consultant_at_partners
from consultants import selectors, services
from consultants.cache import consultant_for_detail
from consultants.forms import (
    ConsultantFilterForm,
    ConsultantForm,
    ConsultantSkillAddForm,
    ConsultantSkillChangeForm,
    SkillForm,
    SkillSearchForm,
)
from consultants.models import Consultant, ConsultantSkill, Skill
from matching.selectors import consultant_best_tenders
from talentmatch.access import Capability, can
from talentmatch.forms import add_service_errors

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
    page.object_list = selectors.attach_skill_names(list(page.object_list))
    if filters.origin:
        _label_partner_rows(page, request.user)
    context = {
        "form": form,
        "page": page,
        "query_string": query_string_without_page(request),
        "searching": bool(filters.query.strip()),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "consultants/_consultant_results.html", context)
    return render(request, "consultants/consultant_list.html", context)


def _label_partner_rows(page, user) -> None:
    """Partners' consultants in a page of the list: "via <partner>", and initials unless that
    partner shows names."""
    links = {link.sharer_id: link for link in sharing.links_to(user.company_id)}
    for consultant in page.object_list:
        link = links.get(consultant.company_id)
        consultant.via = link.sharer_name if link and consultant.company_id != user.company_id else ""
        if consultant.via:
            consultant.display_name = sharing.display_name(consultant, link.show_names)


def _scoped(request, pk: int) -> Consultant:
    return get_object_or_404(Consultant.objects.visible_to(request.user).with_people(), pk=pk)


def consultant_detail(request, pk: int):
    consultant = consultant_for_detail(request.user, pk)
    if consultant is None:
        return _shared_consultant_detail(request, pk)
    best = consultant_best_tenders(consultant, request.user) if can(request.user, Capability.MATCH_VIEW) else None
    context = {"consultant": consultant, "best_tenders": best, **_skills_context(consultant)}
    if can(request.user, Capability.COLLABORATION_VIEW) and consultant.company_id == request.user.company_id:
        context["at_partners"] = consultant_at_partners(consultant)
    return render(request, "consultants/consultant_detail.html", context)


def _shared_consultant_detail(request, pk: int):
    """A partner's consultant shared with the user's company: the limited profile, nothing more
    (no e-mail, phone, account, CV or notes; initials unless the partner shows names). Anything not
    shared right now answers 404, like a missing consultant."""
    links = sharing.links_to(request.user.company_id) if can(request.user, Capability.COLLABORATION_VIEW) else []
    consultant = get_object_or_404(
        Consultant.objects.shared_with(request.user, links=links)
        .select_related("user", "company")
        .prefetch_related(Prefetch("consultant_skills", queryset=ConsultantSkill.objects.select_related("skill"))),
        pk=pk,
    )
    link = next(link for link in links if link.sharer_id == consultant.company_id)
    best = consultant_best_tenders(consultant, request.user) if can(request.user, Capability.MATCH_VIEW) else None
    context = {
        "consultant": consultant,
        "display_name": sharing.display_name(consultant, link.show_names),
        "partner_name": link.sharer_name,
        "best_tenders": best,
    }
    return render(request, "consultants/consultant_shared.html", context)


def consultant_create(request):
    form = ConsultantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.user.company_id is None:
            form.add_error(None, _("Only a member of a company can create consultants."))
        else:
            try:
                consultant = services.consultant_create(
                    company=request.user.company, by=request.user, **form.service_fields()
                )
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
    prefetched = "consultant_skills" in getattr(consultant, "_prefetched_objects_cache", {})
    held = consultant.consultant_skills.all() if prefetched else consultant.consultant_skills.select_related("skill")
    for consultant_skill in held:
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
                by=request.user,
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
                by=request.user,
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
    services.consultant_skill_remove(consultant=consultant, skill=held.skill, by=request.user)
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
