"""Admin of tenders and their skill needs: every write through tenders.services."""

from django.contrib import admin

from consultants.admin import skill_rows_save
from talentmatch.admin import TIMESTAMPS, ServiceModelAdmin
from tenders.models import Tender, TenderSkill
from tenders.services import TENDER_FIELDS, tender_create, tender_skill_remove, tender_skill_set, tender_update


class TenderSkillInline(admin.TabularInline):
    model = TenderSkill
    fields = ("skill", "importance", "minimum_level", "details")
    extra = 0
    autocomplete_fields = ("skill",)


@admin.register(Tender)
class TenderAdmin(ServiceModelAdmin):
    """tender_create / tender_update and the tender skill services; no service deletes a tender
    (cancel it: status)."""

    list_display = ("title", "client_name", "company", "status", "reply_deadline", "owner", "start_date", "budget")
    list_filter = ("status", "remote_work", "company")
    list_select_related = ("company", "owner")
    raw_id_fields = ("owner",)
    search_fields = ("title", "client_name", "description")
    date_hierarchy = "start_date"
    inlines = [TenderSkillInline]
    fields = ("company", *TENDER_FIELDS, *TIMESTAMPS)

    def get_readonly_fields(self, request, obj=None):
        return (*TIMESTAMPS, *(("company",) if obj is not None else ()))

    def service_save(self, request, form, formsets, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in TENDER_FIELDS if name in data}
        if change:
            tender = tender_update(tender=Tender.objects.get(pk=form.instance.pk), by=request.user, **fields)
        else:
            tender = tender_create(company=data["company"], by=request.user, **fields)
        by = request.user
        for formset in formsets:
            skill_rows_save(
                formset,
                skill_set=lambda skill, row: tender_skill_set(
                    tender=tender,
                    skill=skill,
                    importance=row["importance"],
                    minimum_level=row.get("minimum_level"),
                    details=row.get("details"),
                    by=by,
                ),
                skill_remove=lambda skill: tender_skill_remove(tender=tender, skill=skill, by=by),
            )
        return tender
