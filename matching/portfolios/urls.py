"""Portfolio routes, included under matches/ (names in the `matching` namespace).

`<pk>/portfolios/…` take a match; `portfolios/<pk>/…` take a portfolio.
"""

from django.urls import path

from matching.portfolios import views
from talentmatch.access import Capability, guard

urlpatterns = [
    path("<int:pk>/portfolios/", guard(Capability.MATCH_VIEW, views.portfolio_panel), name="portfolio-panel"),
    path(
        "<int:pk>/portfolios/generate/",
        guard(Capability.PORTFOLIO_GENERATE, views.portfolio_generate),
        name="portfolio-generate",
    ),
    path(
        "portfolios/<int:pk>/download/",
        guard(Capability.MATCH_VIEW, views.portfolio_download),
        name="portfolio-download",
    ),
    path(
        "portfolios/<int:pk>/download/docx/",
        guard(Capability.MATCH_VIEW, views.portfolio_download),
        {"file_format": "docx"},
        name="portfolio-download-docx",
    ),
    path("<int:pk>/propose/", guard(Capability.MATCH_MOVE, views.proposal_create), name="proposal-create"),
    path("sends/<int:pk>/", guard(Capability.MATCH_VIEW, views.proposal_detail), name="proposal-detail"),
    path(
        "portfolios/<int:pk>/final/",
        guard(Capability.PORTFOLIO_GENERATE, views.portfolio_mark_final),
        name="portfolio-final",
    ),
]
