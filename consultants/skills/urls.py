"""The shared skill catalogue, mounted at /skills/ (namespace `skills`): edited by the platform admin
only (SKILL_CHANGE); managers propose additions to the admin's review queue (SKILL_PROPOSE)."""

from django.urls import path

from consultants.proposals import views as proposals
from consultants.skills import views
from talentmatch.access import Capability, guard

app_name = "skills"

urlpatterns = [
    path("", guard(Capability.SKILL_VIEW, views.skill_list), name="skill-list"),
    path("new/", guard(Capability.SKILL_CHANGE, views.skill_create), name="skill-create"),
    path("<int:pk>/edit/", guard(Capability.SKILL_CHANGE, views.skill_edit), name="skill-edit"),
    path("proposals/", guard(Capability.SKILL_PROPOSE, proposals.proposal_list), name="proposal-list"),
    path("proposals/new/", guard(Capability.SKILL_PROPOSE, proposals.proposal_create), name="proposal-create"),
    path(
        "proposals/<int:pk>/accept/",
        guard(Capability.SKILL_CHANGE, proposals.proposal_accept),
        name="proposal-accept",
    ),
    path(
        "proposals/<int:pk>/reject/",
        guard(Capability.SKILL_CHANGE, proposals.proposal_reject),
        name="proposal-reject",
    ),
]
