from django.urls import path

from collaborations import views
from talentmatch.access import Capability, guard

app_name = "collaborations"

urlpatterns = [
    path("", guard(Capability.COLLABORATION_VIEW, views.collaboration_list), name="collaboration-list"),
    path("new/", guard(Capability.COLLABORATION_CHANGE, views.collaboration_create), name="collaboration-create"),
    path("<int:pk>/", guard(Capability.COLLABORATION_VIEW, views.collaboration_detail), name="collaboration-detail"),
    path(
        "<int:pk>/status/",
        guard(Capability.COLLABORATION_CHANGE, views.collaboration_status),
        name="collaboration-status",
    ),
    path(
        "<int:pk>/sharing/",
        guard(Capability.COLLABORATION_CHANGE, views.collaboration_sharing),
        name="collaboration-sharing",
    ),
    path(
        "<int:pk>/selection/",
        guard(Capability.COLLABORATION_CHANGE, views.collaboration_selection),
        name="collaboration-selection",
    ),
    path(
        "consultants/<int:pk>/exclusion/",
        guard(Capability.COLLABORATION_CHANGE, views.consultant_exclusion),
        name="consultant-exclusion",
    ),
]
