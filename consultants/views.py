"""Consultant pages: list and search, create and edit, the profile with its skills edited in place.
Capabilities are declared in urls.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from collaborations import sharing
from consultants import selectors, services
from consultants.cache import consultant_for_detail
from consultants.career.selectors import shared_career
from consultants.career.views import career_sections
from consultants.forms import (
    ConsultantFilterForm,
    ConsultantForm,
    ConsultantSkillAddForm,
    ConsultantSkillChangeForm,
)
from consultants.models import Consultant, ConsultantSkill, Skill
from consultants.skills.views import SkillRows, skill_row_add, skill_row_change, skill_row_delete, skill_rows_context
from matching.selectors import consultant_at_partners, consultant_best_tenders
from privacy.selectors import consent_summary
from talentmatch.access import Capability, can
from talentmatch.forms import add_service_errors
from talentmatch.models import User

PAGE_SIZE = 25


def query_string_without_page(request: HttpRequest) -> str:
    """The current filters, to carry over in the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def consultant_list(request: HttpRequest) -> HttpResponse:
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


def _scoped(request: HttpRequest, pk: int) -> Consultant:
    return get_object_or_404(Consultant.objects.visible_to(request.user).with_people(), pk=pk)


def consultant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultant = consultant_for_detail(request.user, pk)
    if consultant is None:
        return _shared_consultant_detail(request, pk)
    best = consultant_best_tenders(consultant, request.user) if can(request.user, Capability.MATCH_VIEW) else None
    context = {
        "consultant": consultant,
        "best_tenders": best,
        "consents": consent_summary(consultant),
        "career_sections": career_sections(request, consultant),
        **skill_rows_context(CONSULTANT_SKILLS, consultant, request.user),
    }
    if can(request.user, Capability.COLLABORATION_VIEW) and consultant.company_id == request.user.company_id:
        context["at_partners"] = consultant_at_partners(consultant)
    return render(request, "consultants/consultant_detail.html", context)


def _shared_consultant_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
        "career": shared_career(consultant, show_names=link.show_names),
    }
    return render(request, "consultants/consultant_shared.html", context)


def consultant_create(request: HttpRequest) -> HttpResponse:
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


def consultant_edit(request: HttpRequest, pk: int) -> HttpResponse:
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


# --- skills edited in place ---------------------------------------------------------------------


def _skills_page(request: HttpRequest, consultant: Consultant, skills: dict) -> HttpResponse:
    best = consultant_best_tenders(consultant, request.user) if can(request.user, Capability.MATCH_VIEW) else None
    return render(request, "consultants/consultant_detail.html", {"best_tenders": best, **skills})


def _save_skill(*, owner: Consultant, skill: Skill, data: dict, details: str | None, by: User) -> ConsultantSkill:
    return services.consultant_skill_set(
        consultant=owner,
        skill=skill,
        proficiency_level=data["proficiency_level"],
        years_experience=data["years_experience"],
        details=details,
        by=by,
    )


def _remove_skill(*, owner: Consultant, skill: Skill, by: User) -> None:
    services.consultant_skill_remove(consultant=owner, skill=skill, by=by)


CONSULTANT_SKILLS = SkillRows(
    owner_name="consultant",
    model=ConsultantSkill,
    related_name="consultant_skills",
    add_form=ConsultantSkillAddForm,
    change_form=ConsultantSkillChangeForm,
    initial=lambda held: {"proficiency_level": held.proficiency_level, "years_experience": held.years_experience},
    save=_save_skill,
    remove=_remove_skill,
    page=_skills_page,
    change_capability=Capability.CONSULTANT_CHANGE,
    url_prefix="consultants:consultant",
    detail_url="consultants:consultant-detail",
    section_id="consultant-skills",
    title_id="skills-title",
    title=gettext_noop("Skills"),
    empty=gettext_noop("No skill declared."),
    add_title=gettext_noop("Add a skill"),
    row_fields=(
        ("proficiency_level", gettext_noop("Level in %(skill)s"), ""),
        ("years_experience", gettext_noop("Years of experience in %(skill)s"), gettext_noop("yrs")),
    ),
    add_fields=("skill", "proficiency_level", "years_experience"),
    columns=(gettext_noop("Skill"), gettext_noop("Level"), gettext_noop("Years")),
    cells=lambda held: (
        held.skill.label,
        held.get_proficiency_level_display(),
        "—" if held.years_experience is None else held.years_experience,
    ),
)


@require_POST
def consultant_skill_add(request: HttpRequest, pk: int) -> HttpResponse:
    return skill_row_add(request, CONSULTANT_SKILLS, _scoped(request, pk))


@require_POST
def consultant_skill_change(request: HttpRequest, pk: int, skill_pk: int) -> HttpResponse:
    return skill_row_change(request, CONSULTANT_SKILLS, _scoped(request, pk), skill_pk)


@require_POST
def consultant_skill_remove(request: HttpRequest, pk: int, skill_pk: int) -> HttpResponse:
    return skill_row_delete(request, CONSULTANT_SKILLS, _scoped(request, pk), skill_pk)
