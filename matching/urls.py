from django.urls import include, path

from matching import views
from talentmatch.access import Capability, guard

app_name = "matching"

urlpatterns = [
    path("", guard(Capability.MATCH_VIEW, views.match_board), name="match-board"),
    path("<int:pk>/", guard(Capability.MATCH_VIEW, views.match_detail), name="match-detail"),
    path("<int:pk>/explanation/", guard(Capability.MATCH_VIEW, views.match_explanation), name="match-explanation"),
    path("<int:pk>/move/", guard(Capability.MATCH_MOVE, views.match_move), name="match-move"),
    path("<int:pk>/notes/", guard(Capability.MATCH_MOVE, views.match_notes), name="match-notes"),
    path("", include("matching.portfolios.urls")),
]
