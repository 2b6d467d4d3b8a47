from django.urls import include, path

from consultants import views
from talentmatch.access import Capability, guard

app_name = "consultants"

urlpatterns = [
    path("", guard(Capability.CONSULTANT_VIEW, views.consultant_list), name="consultant-list"),
    path("new/", guard(Capability.CONSULTANT_CREATE, views.consultant_create), name="consultant-create"),
    path("<int:pk>/", guard(Capability.CONSULTANT_VIEW, views.consultant_detail), name="consultant-detail"),
    path("<int:pk>/edit/", guard(Capability.CONSULTANT_CHANGE, views.consultant_edit), name="consultant-edit"),
    path(
        "<int:pk>/skills/add/",
        guard(Capability.CONSULTANT_CHANGE, views.consultant_skill_add),
        name="consultant-skill-add",
    ),
    path(
        "<int:pk>/skills/<int:skill_pk>/",
        guard(Capability.CONSULTANT_CHANGE, views.consultant_skill_change),
        name="consultant-skill-change",
    ),
    path(
        "<int:pk>/skills/<int:skill_pk>/remove/",
        guard(Capability.CONSULTANT_CHANGE, views.consultant_skill_remove),
        name="consultant-skill-remove",
    ),
    path("<int:pk>/cvs/", include("consultants.resumes.urls")),
    path("<int:pk>/career/", include("consultants.career.urls")),
    path("", include("consultants.invitations.urls")),
]
