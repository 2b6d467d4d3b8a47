"""The skill proposal pages: a manager proposes an addition to the shared catalogue and follows their
company's proposals; the platform admin reviews every company's (capabilities in skills/urls.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultants.models import SkillProposal, SkillProposalStatus
from consultants.proposals import services
from consultants.proposals.forms import SkillProposalForm, SkillProposalReviewForm
from talentmatch.access import Capability, can
from talentmatch.forms import add_service_errors


def proposal_list(request: HttpRequest) -> HttpResponse:
    proposals = SkillProposal.objects.visible_to(request.user).select_related("company", "proposed_by", "skill")
    return render(
        request,
        "skills/proposal_list.html",
        {
            "pending": [proposal for proposal in proposals if proposal.status == SkillProposalStatus.PENDING],
            "reviewed": [proposal for proposal in proposals if proposal.status != SkillProposalStatus.PENDING][:100],
            "can_review": can(request.user, Capability.SKILL_CHANGE),
            "review_form": SkillProposalReviewForm(),
        },
    )


def proposal_create(request: HttpRequest) -> HttpResponse:
    form = SkillProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.skill_proposal_create(by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Skill %(name)s proposed: the platform administrator will review it.") % {"name": proposal.name},
            )
            return redirect("skills:proposal-list")
    return render(request, "skills/proposal_form.html", {"form": form})


def _review(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    proposal = get_object_or_404(SkillProposal.objects.visible_to(request.user), pk=pk)
    form = SkillProposalReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        service(proposal=proposal, by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"name": proposal.name})
    return redirect(reverse("skills:proposal-list") + f"#proposal-{proposal.pk}")


@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, services.skill_proposal_accept, _("%(name)s added to the catalogue."))


@require_POST
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, services.skill_proposal_reject, _("Proposal %(name)s rejected."))
