from django.urls import path

from talentmatch.access import Capability, guard
from tenders import views

app_name = "tenders"

urlpatterns = [
    path("", guard(Capability.TENDER_VIEW, views.tender_list), name="tender-list"),
    path("<int:pk>/", guard(Capability.TENDER_VIEW, views.tender_detail), name="tender-detail"),
]
