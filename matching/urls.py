from django.urls import include, path

from matching import views
from talentmatch.access import Capability, guard

app_name = "matching"

urlpatterns = [
    path("", include("matching.board.urls")),
    path("<int:pk>/", guard(Capability.MATCH_VIEW, views.match_detail), name="match-detail"),
    path("<int:pk>/explanation/", guard(Capability.MATCH_VIEW, views.match_explanation), name="match-explanation"),
    path("<int:pk>/move/", guard(Capability.MATCH_MOVE, views.match_move), name="match-move"),
    path("<int:pk>/notes/", guard(Capability.MATCH_MOVE, views.match_notes), name="match-notes"),
    path("tenders/<int:pk>/ranking/", guard(Capability.MATCH_VIEW, views.tender_ranking), name="tender-ranking"),
    path("", include("matching.portfolios.urls")),
]
