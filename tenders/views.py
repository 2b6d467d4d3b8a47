"""Tender pages: list, create and edit, the detail with its skill needs edited in place, its status
buttons and the lead's ranking. Capabilities are declared in urls.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_POST

from consultants.models import Skill
from consultants.skills.views import SkillRows, skill_row_add, skill_row_change, skill_row_delete, skill_rows_context
from matching.models import Match
from matching.selectors import tender_ranking
from talentmatch.access import Capability, can
from talentmatch.forms import add_service_errors
from talentmatch.models import User
from tenders import selectors, services
from tenders.forms import (
    TenderFilterForm,
    TenderForm,
    TenderSkillAddForm,
    TenderSkillChangeForm,
    TenderStatusForm,
)
from tenders.intake.forms import IntakeForm
from tenders.intake.page import bound_needs, render_form
from tenders.models import Tender, TenderSkill, TenderStatus

PAGE_SIZE = 25


def tender_list(request: HttpRequest) -> HttpResponse:
    form = TenderFilterForm(request.GET or None, user=request.user, clients=selectors.client_names(request.user))
    tenders = _with_suggestion_counts(selectors.tenders_for_list(request.user, form.filters()), request.user)
    page = Paginator(tenders, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "query_string": params.urlencode()}
    if request.htmx and not request.htmx.boosted:
        return render(request, "tenders/_tender_results.html", context)
    return render(request, "tenders/tender_list.html", context)


def _with_suggestion_counts(tenders, user):
    """Each tender's current suggestions, as the ranking shows them (Match.objects.visible_to), in the
    list's own query."""
    suggested = (
        Match.objects.visible_to(user)
        .filter(tender=OuterRef("pk"), status=Match.Status.SUGGESTED)
        .order_by()
        .values("tender")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return tenders.annotate(suggestion_count=Coalesce(Subquery(suggested, output_field=IntegerField()), 0))


def _scoped(request: HttpRequest, pk: int) -> Tender:
    return get_object_or_404(Tender.objects.visible_to(request.user).select_related("company", "owner"), pk=pk)


def _detail_context(request: HttpRequest, tender: Tender) -> dict:
    if not can(request.user, Capability.MATCH_VIEW):
        return {"ranking": None, "statuses": TenderStatus.choices}
    ranking = tender_ranking(tender, request.user, band=request.GET.get("band", ""))
    return {"ranking": ranking, "statuses": TenderStatus.choices}


def tender_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _scoped(request, pk)
    return _skills_page(request, tender, skill_rows_context(TENDER_SKILLS, tender, request.user))


def tender_create(request: HttpRequest) -> HttpResponse:
    """The new-tender page: the intake of a call (tenders.intake), the tender's fields and its skills,
    created together in one transaction."""
    if request.method != "POST":
        return render_form(request)
    form = TenderForm(request.POST, company_id=request.user.company_id)
    needs = bound_needs(request.POST)
    intake_form = IntakeForm(initial={"text": request.POST.get("intake-text", "")})
    if form.is_valid() and needs.is_valid():
        if request.user.company_id is None:
            form.add_error(None, _("Only a member of a company can create tenders."))
        else:
            try:
                tender = services.tender_create_with_skills(
                    company=request.user.company, by=request.user, needs=needs.needs(), **form.service_fields()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                count = len(needs.needs())
                created = ngettext(
                    "Tender created with %(count)s skill.", "Tender created with %(count)s skills.", count
                )
                messages.success(request, created % {"count": count})
                return redirect("tenders:tender-detail", pk=tender.pk)
    return render_form(request, intake_form=intake_form, form=form, needs=needs)


def tender_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _scoped(request, pk)
    # The form validates a second copy, so that the page keeps the saved title while it shows errors.
    form = TenderForm(request.POST or None, instance=_scoped(request, pk), company_id=tender.company_id)
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
def tender_status(request: HttpRequest, pk: int) -> HttpResponse:
    tender = _scoped(request, pk)
    form = TenderStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        services.tender_status_set(tender=tender, status=form.cleaned_data["status"], by=request.user)
        messages.success(request, _("Status: %(status)s.") % {"status": tender.get_status_display()})
    return redirect("tenders:tender-detail", pk=tender.pk)


# --- skill needs edited in place --------------------------------------------------------------


def _skills_page(request: HttpRequest, tender: Tender, skills: dict) -> HttpResponse:
    return render(request, "tenders/tender_detail.html", {**_detail_context(request, tender), **skills})


def _save_skill(*, owner: Tender, skill: Skill, data: dict, details: str | None, by: User) -> TenderSkill:
    return services.tender_skill_set(
        tender=owner,
        skill=skill,
        importance=data["importance"],
        minimum_level=data["minimum_level"] or None,
        details=details,
        by=by,
    )


def _remove_skill(*, owner: Tender, skill: Skill, by: User) -> None:
    services.tender_skill_remove(tender=owner, skill=skill, by=by)


TENDER_SKILLS = SkillRows(
    owner_name="tender",
    model=TenderSkill,
    related_name="tender_skills",
    add_form=TenderSkillAddForm,
    change_form=TenderSkillChangeForm,
    initial=lambda asked: {"importance": asked.importance, "minimum_level": asked.minimum_level or ""},
    save=_save_skill,
    remove=_remove_skill,
    page=_skills_page,
    change_capability=Capability.TENDER_CHANGE,
    url_prefix="tenders:tender",
    detail_url="tenders:tender-detail",
    section_id="tender-skills",
    title_id="needs-title",
    title=gettext_noop("Skills needed"),
    empty=gettext_noop("No skill listed."),
    add_title=gettext_noop("Ask for a skill"),
    row_fields=(
        ("importance", gettext_noop("Importance of %(skill)s"), ""),
        ("minimum_level", gettext_noop("Minimum level in %(skill)s"), ""),
    ),
    add_fields=("skill", "importance", "minimum_level"),
    columns=(gettext_noop("Skill"), gettext_noop("Importance"), gettext_noop("Minimum level")),
    cells=lambda asked: (
        asked.skill.label,
        asked.get_importance_display(),
        asked.get_minimum_level_display() or "—",
    ),
    ranking_note=True,
)


@require_POST
def tender_skill_add(request: HttpRequest, pk: int) -> HttpResponse:
    return skill_row_add(request, TENDER_SKILLS, _scoped(request, pk))


@require_POST
def tender_skill_change(request: HttpRequest, pk: int, skill_pk: int) -> HttpResponse:
    return skill_row_change(request, TENDER_SKILLS, _scoped(request, pk), skill_pk)


@require_POST
def tender_skill_remove(request: HttpRequest, pk: int, skill_pk: int) -> HttpResponse:
    return skill_row_delete(request, TENDER_SKILLS, _scoped(request, pk), skill_pk)
