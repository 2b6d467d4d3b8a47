"""Collaboration pages: the list, a proposal, one collaboration with its answers, sharing settings,
who is shared each way and where our consultants stand on the partner's tenders.

Capabilities are declared in urls.py: everybody who works with partners reads, managers change.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaborations import selectors, services
from collaborations.forms import (
    CollaborationActionForm,
    CollaborationProposeForm,
    ExclusionForm,
    SelectionForm,
    SharingForm,
)
from collaborations.models import Collaboration, CollaborationStatus, SharingMode
from consultants.models import Consultant
from matching import selectors as match_selectors
from talentmatch.access import Capability, can
from talentmatch.forms import add_service_errors


def collaboration_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.collaborations_for_list(request.user)
    groups = [
        (_("To answer"), [row for row in rows if row.incoming]),
        (
            _("Proposed, awaiting an answer"),
            [row for row in rows if row.collaboration.status == CollaborationStatus.PENDING and not row.incoming],
        ),
        (_("Active"), [row for row in rows if row.collaboration.status == CollaborationStatus.ACTIVE]),
        (_("Ended or declined"), [row for row in rows if row.collaboration.status == CollaborationStatus.INACTIVE]),
    ]
    return render(request, "collaborations/collaboration_list.html", {"groups": groups, "total": len(rows)})


def collaboration_create(request: HttpRequest) -> HttpResponse:
    form = CollaborationProposeForm(request.POST or None, company_id=request.user.company_id)
    if request.method == "POST" and form.is_valid():
        try:
            collaboration = services.collaboration_propose(
                by=request.user,
                partner=form.cleaned_data["partner"],
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                terms=form.cleaned_data["terms"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Proposal sent: the partner's manager can now accept or decline it."))
            return redirect("collaborations:collaboration-detail", pk=collaboration.pk)
    return render(request, "collaborations/collaboration_form.html", {"form": form})


def _scoped(request: HttpRequest, pk: int) -> Collaboration:
    return get_object_or_404(
        Collaboration.objects.visible_to(request.user).select_related("initiator_company", "partner_company"), pk=pk
    )


def collaboration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _scoped(request, pk)
    company_id = request.user.company_id
    party = company_id in (collaboration.initiator_company_id, collaboration.partner_company_id)
    context = {
        "collaboration": collaboration,
        "party": party,
        "in_force": services.sharing.is_in_force(collaboration, services.sharing.today()),
    }
    if party:
        partner = collaboration.other_side(company_id)
        settings = services.sharing_settings(collaboration, company_id)
        we_count, we_share = selectors.shared_consultants(collaboration, company_id)
        they_count, they_share = selectors.shared_consultants(collaboration, partner.pk)
        their_link = selectors.link_for(collaboration, partner.pk)
        for consultant in they_share:
            consultant.display_name = services.sharing.display_name(consultant, their_link.show_names)
        context.update(
            partner=partner,
            settings=settings,
            sharing_form=SharingForm(initial={"mode": settings.mode, "show_names": settings.show_names}),
            we_count=we_count,
            we_share=we_share,
            they_count=they_count,
            they_share=they_share,
            selectable=selectors.selectable_consultants(collaboration, company_id)
            if settings.mode == SharingMode.SELECTION and can(request.user, Capability.COLLABORATION_CHANGE)
            else [],
            at_partner=match_selectors.our_consultants_at(partner.pk, company_id),
            can_answer=collaboration.status == CollaborationStatus.PENDING
            and collaboration.partner_company_id == company_id,
        )
    return render(request, "collaborations/collaboration_detail.html", context)


def _back(request: HttpRequest, collaboration, error: Exception | None = None, done: str = "") -> HttpResponse:
    if error is not None:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or _("This change is not allowed."))
    elif done:
        messages.success(request, done)
    return redirect("collaborations:collaboration-detail", pk=collaboration.pk)


@require_POST
def collaboration_status(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _scoped(request, pk)
    form = CollaborationActionForm(request.POST)
    if not form.is_valid():
        return _back(request, collaboration, ValidationError(_("Choose a valid action.")))
    action = form.cleaned_data["action"]
    change = {
        "accept": (services.collaboration_accept, _("Collaboration accepted: sharing starts on its start date.")),
        "decline": (services.collaboration_decline, _("Proposal declined.")),
        "end": (services.collaboration_end, _("Collaboration ended: nothing is shared any more.")),
    }[action]
    try:
        change[0](collaboration=collaboration, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        return _back(request, collaboration, error)
    return _back(request, collaboration, done=change[1])


@require_POST
def collaboration_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _scoped(request, pk)
    form = SharingForm(request.POST)
    if not form.is_valid():
        return _back(request, collaboration, ValidationError(_("Choose what to share from the list.")))
    try:
        services.collaboration_sharing_set(
            collaboration=collaboration,
            by=request.user,
            mode=form.cleaned_data["mode"],
            show_names=form.cleaned_data["show_names"],
        )
    except (ValidationError, PermissionDenied) as error:
        return _back(request, collaboration, error)
    return _back(request, collaboration, done=_("Sharing settings saved."))


@require_POST
def collaboration_selection(request: HttpRequest, pk: int) -> HttpResponse:
    collaboration = _scoped(request, pk)
    form = SelectionForm(request.POST)
    if not form.is_valid():
        return _back(request, collaboration, ValidationError(_("Choose a consultant.")))
    consultant = get_object_or_404(Consultant.objects.visible_to(request.user), pk=form.cleaned_data["consultant"])
    try:
        services.collaboration_selection_set(
            collaboration=collaboration, by=request.user, consultant=consultant, selected=form.cleaned_data["selected"]
        )
    except (ValidationError, PermissionDenied) as error:
        return _back(request, collaboration, error)
    return _back(request, collaboration, done=_("Selection saved."))


@require_POST
def consultant_exclusion(request: HttpRequest, pk: int) -> HttpResponse:
    """Exclude one of our consultants from all sharing, or include them again (from their profile)."""
    consultant = get_object_or_404(Consultant.objects.visible_to(request.user), pk=pk)
    form = ExclusionForm(request.POST)
    form.is_valid()
    try:
        services.consultant_sharing_exclude(
            consultant=consultant, by=request.user, excluded=form.cleaned_data.get("excluded", False)
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Excluded from sharing with partners.")
            if consultant.sharing_excluded
            else _("Shared with partners again when available."),
        )
    return redirect("consultants:consultant-detail", pk=consultant.pk)
