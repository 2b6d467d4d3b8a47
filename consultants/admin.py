from django.contrib import admin
from django.db import models

from consultants.models import Consultant, ConsultantSkill, Resume, Skill, SkillAlias
from talentmatch.admin import TIMESTAMPS


class SkillAliasInline(admin.TabularInline):
    model = SkillAlias
    extra = 1


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "created_at")
    list_filter = ("category",)
    search_fields = ("name", "aliases__alias")
    filter_horizontal = ("related_skills",)
    inlines = [SkillAliasInline]
    readonly_fields = TIMESTAMPS


class ConsultantSkillInline(admin.TabularInline):
    model = ConsultantSkill
    extra = 0
    autocomplete_fields = ("skill",)
    readonly_fields = TIMESTAMPS


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("__str__", "title", "company", "availability_status", "availability_date", "daily_rate", "location")
    list_filter = ("availability_status", "remote_work", "company")
    list_select_related = ("user", "company")
    search_fields = ("user__first_name", "user__last_name", "user__email", "title", "location")
    raw_id_fields = ("user",)
    inlines = [ConsultantSkillInline]
    readonly_fields = TIMESTAMPS


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = ("consultant", "version", "file_type", "created_at")
    list_filter = ("file_type",)
    list_select_related = ("consultant__user",)
    search_fields = ("consultant__user__last_name",)
    raw_id_fields = ("consultant",)
    readonly_fields = TIMESTAMPS
