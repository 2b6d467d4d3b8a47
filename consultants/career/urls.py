"""Career routes, included under consultants/<pk>/career/ (names in the `consultants` namespace).
The kind is one of consultants.career.services.CAREER_KINDS; any other answers 404."""

from django.urls import path

from consultants.career import views
from talentmatch.access import Capability, guard

urlpatterns = [
    path("<slug:kind>/add/", guard(Capability.CONSULTANT_CHANGE, views.career_add), name="career-add"),
    path("<slug:kind>/<int:entry_pk>/", guard(Capability.CONSULTANT_CHANGE, views.career_change), name="career-change"),
    path(
        "<slug:kind>/<int:entry_pk>/remove/",
        guard(Capability.CONSULTANT_CHANGE, views.career_remove),
        name="career-remove",
    ),
]
