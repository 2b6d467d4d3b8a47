from django.contrib import admin

from matching.models import Match, Portfolio
from talentmatch.admin import TIMESTAMPS


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ("consultant", "tender", "match_score", "status", "updated_at")
    list_filter = ("status",)
    list_select_related = ("consultant__user", "tender")
    search_fields = ("tender__title", "consultant__user__last_name")
    raw_id_fields = ("consultant", "tender")
    readonly_fields = TIMESTAMPS


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ("consultant", "tender", "version", "status", "generated_date")
    list_filter = ("status",)
    list_select_related = ("consultant__user", "tender")
    search_fields = ("tender__title", "consultant__user__last_name")
    raw_id_fields = ("consultant", "tender")
    readonly_fields = TIMESTAMPS
