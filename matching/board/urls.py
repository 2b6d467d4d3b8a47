from django.urls import path

from matching.board import views
from talentmatch.access import Capability, guard

urlpatterns = [
    path("", guard(Capability.MATCH_VIEW, views.match_board), name="match-board"),
    path("column/<str:status>/", guard(Capability.MATCH_VIEW, views.board_column), name="board-column"),
    path("bulk-move/", guard(Capability.MATCH_MOVE, views.board_bulk_move), name="board-bulk-move"),
]
