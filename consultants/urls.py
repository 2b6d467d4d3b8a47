from django.urls import path

from consultants import views
from talentmatch.access import Capability, guard

app_name = "consultants"

urlpatterns = [
    path("", guard(Capability.CONSULTANT_VIEW, views.consultant_list), name="consultant-list"),
    path("<int:pk>/", guard(Capability.CONSULTANT_VIEW, views.consultant_detail), name="consultant-detail"),
]
