from django.contrib import admin

from collaborations.models import Collaboration
from talentmatch.admin import TIMESTAMPS


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ("initiator_company", "partner_company", "status", "start_date", "end_date")
    list_filter = ("status",)
    list_select_related = ("initiator_company", "partner_company")
    search_fields = ("initiator_company__name", "partner_company__name")
    readonly_fields = TIMESTAMPS
