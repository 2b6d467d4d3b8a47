from django.contrib import admin

from talentmatch.admin import TIMESTAMPS
from tenders.models import Tender, TenderSkill


class TenderSkillInline(admin.TabularInline):
    model = TenderSkill
    extra = 0
    autocomplete_fields = ("skill",)
    readonly_fields = TIMESTAMPS


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ("title", "client_name", "company", "status", "start_date", "end_date", "budget")
    list_filter = ("status", "remote_work", "company")
    list_select_related = ("company",)
    search_fields = ("title", "client_name", "description")
    date_hierarchy = "start_date"
    inlines = [TenderSkillInline]
    readonly_fields = TIMESTAMPS
