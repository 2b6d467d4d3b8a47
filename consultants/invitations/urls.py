"""Invitation routes, included under consultants/ (names in the `consultants` namespace)."""

from django.urls import path

from consultants.invitations import views
from talentmatch.access import Capability, guard

urlpatterns = [
    path("<int:pk>/invitation/", guard(Capability.ACCOUNT_INVITE, views.invitation_send), name="invitation-send"),
    path(
        "<int:pk>/invitation/revoke/",
        guard(Capability.ACCOUNT_INVITE, views.invitation_revoke),
        name="invitation-revoke",
    ),
    # The link of the e-mail: no login, no capability (the token is the credential).
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
