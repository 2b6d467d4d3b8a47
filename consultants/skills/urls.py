"""The shared skill catalogue, mounted at /skills/ (namespace `skills`)."""

from django.urls import path

from consultants.skills import views
from talentmatch.access import Capability, guard

app_name = "skills"

urlpatterns = [
    path("", guard(Capability.SKILL_VIEW, views.skill_list), name="skill-list"),
    path("new/", guard(Capability.SKILL_CHANGE, views.skill_create), name="skill-create"),
    path("<int:pk>/edit/", guard(Capability.SKILL_CHANGE, views.skill_edit), name="skill-edit"),
]
