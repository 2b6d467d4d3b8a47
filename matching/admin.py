from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matching.models import Match, Portfolio
from talentmatch.admin import TIMESTAMPS, ReadOnlyModelAdmin


@admin.register(Match)
class MatchAdmin(ReadOnlyModelAdmin):
    service_note = _(
        "Matches are computed by the matching and moved on the pipeline board, where every move is kept: "
        "they are read-only here."
    )
    list_display = ("consultant", "tender", "match_score", "status", "updated_at")
    list_filter = ("status",)
    list_select_related = ("consultant__user", "tender")
    search_fields = ("tender__title", "consultant__user__last_name")
    raw_id_fields = ("consultant", "tender")
    readonly_fields = TIMESTAMPS


@admin.register(Portfolio)
class PortfolioAdmin(ReadOnlyModelAdmin):
    service_note = _("Dossiers are generated from a match in the application: they are read-only here.")
    list_display = ("consultant", "tender", "version", "status", "generated_date")
    list_filter = ("status",)
    list_select_related = ("consultant__user", "tender")
    search_fields = ("tender__title", "consultant__user__last_name")
    raw_id_fields = ("consultant", "tender")
    readonly_fields = TIMESTAMPS
