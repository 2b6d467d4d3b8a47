from django.urls import path

from talentmatch.access import Capability, guard
from tenders import views
from tenders.intake.views import tender_intake

app_name = "tenders"

urlpatterns = [
    path("", guard(Capability.TENDER_VIEW, views.tender_list), name="tender-list"),
    path("new/", guard(Capability.TENDER_CHANGE, views.tender_create), name="tender-create"),
    path("new/intake/", guard(Capability.TENDER_CHANGE, tender_intake), name="tender-intake"),
    path("<int:pk>/", guard(Capability.TENDER_VIEW, views.tender_detail), name="tender-detail"),
    path("<int:pk>/edit/", guard(Capability.TENDER_CHANGE, views.tender_edit), name="tender-edit"),
    path("<int:pk>/status/", guard(Capability.TENDER_CHANGE, views.tender_status), name="tender-status"),
    path("<int:pk>/skills/add/", guard(Capability.TENDER_CHANGE, views.tender_skill_add), name="tender-skill-add"),
    path(
        "<int:pk>/skills/<int:skill_pk>/",
        guard(Capability.TENDER_CHANGE, views.tender_skill_change),
        name="tender-skill-change",
    ),
    path(
        "<int:pk>/skills/<int:skill_pk>/remove/",
        guard(Capability.TENDER_CHANGE, views.tender_skill_remove),
        name="tender-skill-remove",
    ),
]
