"""Admin of the skill catalogue, consultants and their skills: every write through consultants.services;
CVs are read-only here (they are uploaded on the consultant's page)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant, ConsultantSkill, Resume, Skill
from consultants.services import (
    CONSULTANT_FIELDS,
    PERSON_FIELDS,
    consultant_create,
    consultant_skill_remove,
    consultant_skill_set,
    consultant_update,
    skill_create,
    skill_update,
)
from talentmatch.admin import TIMESTAMPS, ReadOnlyModelAdmin, ServiceModelAdmin, inline_changes
from talentmatch.models import User


def skill_rows_save(formset, *, skill_set: Callable[[Skill, dict], None], skill_remove: Callable[[Skill], None]):
    """Write the rows of a "skills of X" inline through the owner's services: a removed row, or a row
    whose skill was changed, withdraws the old skill; a new or changed row sets its skill."""
    for action, form in inline_changes(formset):
        old = Skill.objects.get(pk=form.initial["skill"]) if action != "add" else None
        if action == "delete" or (action == "change" and "skill" in form.changed_data):
            skill_remove(old)
        if action != "delete":
            skill_set(form.cleaned_data["skill"], form.cleaned_data)


# --- the skill catalogue ------------------------------------------------------------------------


class SkillAdminForm(forms.ModelForm):
    aliases = forms.CharField(
        label=_("aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One alias per line, e.g. “JS” for JavaScript."),
    )

    class Meta:
        model = Skill
        fields = ("name", "category", "description", "name_fr", "description_fr", "aliases", "related_skills")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["aliases"].initial = "\n".join(self.instance.aliases.values_list("alias", flat=True))
            self.fields["related_skills"].queryset = Skill.objects.exclude(pk=self.instance.pk)

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


@admin.register(Skill)
class SkillAdmin(ServiceModelAdmin):
    """skill_create / skill_update (aliases and related skills included); no service deletes a skill."""

    form = SkillAdminForm
    list_display = ("name", "category", "created_at")
    list_filter = ("category",)
    search_fields = ("name", "name_fr", "aliases__alias")
    filter_horizontal = ("related_skills",)
    readonly_fields = TIMESTAMPS

    def service_save(self, request, form, formsets, change):
        data = form.cleaned_data
        values = {
            "name": data["name"],
            "category": data["category"],
            "description": data.get("description"),
            "name_fr": data.get("name_fr") or "",
            "description_fr": data.get("description_fr") or "",
            "aliases": data["aliases"],
            "related": list(data["related_skills"]),
        }
        if change:
            return skill_update(skill=Skill.objects.get(pk=form.instance.pk), **values)
        return skill_create(**values)


# --- consultants --------------------------------------------------------------------------------


class ConsultantSkillInline(admin.TabularInline):
    model = ConsultantSkill
    fields = ("skill", "proficiency_level", "years_experience", "details")
    extra = 0
    autocomplete_fields = ("skill",)


class ConsultantAdminForm(forms.ModelForm):
    """The profile and, through consultant_update, the names, e-mail and phone of its account."""

    first_name = forms.CharField(label=_("first name"), max_length=100)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    email = forms.EmailField(label=_("e-mail address"), max_length=255)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)

    class Meta:
        model = Consultant
        field_classes = {"profile_picture_url": partial(forms.URLField, assume_scheme="https")}
        fields = ("company", *CONSULTANT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user if self.instance.pk and self.instance.user_id else None
        for name in PERSON_FIELDS:
            self.fields[name].initial = getattr(user, name, "")


@admin.register(Consultant)
class ConsultantAdmin(ServiceModelAdmin):
    """consultant_create / consultant_update and the skill services; no service deletes a consultant,
    and the sharing veto is the company manager's (collaborations)."""

    form = ConsultantAdminForm
    list_display = ("__str__", "title", "company", "availability_status", "availability_date", "daily_rate", "location")
    list_filter = ("availability_status", "remote_work", "company")
    list_select_related = ("user", "company")
    search_fields = ("user__first_name", "user__last_name", "user__email", "title", "location")
    inlines = [ConsultantSkillInline]
    fieldsets = (
        (None, {"fields": ("company", *PERSON_FIELDS)}),
        (_("Profile"), {"fields": CONSULTANT_FIELDS}),
        (_("Dates"), {"fields": ("sharing_excluded", *TIMESTAMPS)}),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("sharing_excluded", *TIMESTAMPS, *(("company",) if obj is not None else ()))

    def service_save(self, request, form, formsets, change):
        data = form.cleaned_data
        person = {name: data[name] for name in PERSON_FIELDS if name in data}
        fields = {name: data[name] for name in CONSULTANT_FIELDS if name in data}
        if change:
            consultant = Consultant.objects.select_related("user").get(pk=form.instance.pk)
            consultant = consultant_update(consultant=consultant, by=request.user, **person, **fields)
        else:
            consultant = consultant_create(company=data["company"], by=request.user, **person, **fields)
        by: User = request.user
        for formset in formsets:
            skill_rows_save(
                formset,
                skill_set=lambda skill, row: consultant_skill_set(
                    consultant=consultant,
                    skill=skill,
                    proficiency_level=row["proficiency_level"],
                    years_experience=row.get("years_experience"),
                    details=row.get("details"),
                    by=by,
                ),
                skill_remove=lambda skill: consultant_skill_remove(consultant=consultant, skill=skill, by=by),
            )
        return consultant


@admin.register(Resume)
class ResumeAdmin(ReadOnlyModelAdmin):
    service_note = _("CVs are uploaded, and their suggested skills reviewed, on the consultant's page.")
    list_display = ("consultant", "version", "file_type", "created_at")
    list_filter = ("file_type",)
    list_select_related = ("consultant__user",)
    search_fields = ("consultant__user__last_name",)
    raw_id_fields = ("consultant",)
    readonly_fields = TIMESTAMPS
