"""Forms of the consultant and skill pages. They check input; every write goes through the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from consultants.models import (
    AvailabilityStatus,
    Consultant,
    ConsultantSkill,
    ProficiencyLevel,
    Skill,
    SkillCategory,
)
from consultants.selectors import CONSULTANT_SORTS, ConsultantFilters, skill_choices, skill_matches
from consultants.services import CONSULTANT_FIELDS
from talentmatch import access, limits
from talentmatch.widgets import LongSelect

DATALIST_ID = "skill-catalogue"


def not_negative(field: forms.Field) -> None:
    field.validators.append(MinValueValidator(0))
    field.widget.attrs["min"] = 0


def level_choices(blank_label) -> list:
    return [("", blank_label), *ProficiencyLevel.choices]


class SkillChoiceField(forms.ModelChoiceField):
    """A catalogue skill picked from a list that shows each one's name in the reader's language
    (`Skill.display_name`), in that name's order; the value stays the skill's id."""

    def label_from_instance(self, obj: Skill) -> str:
        return obj.display_name()


class SkillNameField(forms.CharField):
    """A skill typed in, by name or alias (case and accents ignored), suggested from the catalogue."""

    default_error_messages = {
        "unknown": _("No skill of the catalogue is called “%(name)s”. Pick one of the suggestions."),
        "ambiguous": _("Several skills are called “%(name)s”; ask a manager to rename one of them."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Skill"))
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": DATALIST_ID, "autocomplete": "off"})

    def clean(self, value) -> Skill:
        text = super().clean(value)
        found = skill_matches(text)
        if not found:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"name": text})
        if len(found) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"name": text})
        return found[0]


# --- consultants -------------------------------------------------------------------------------


class ConsultantForm(forms.ModelForm):
    """The profile and the account's names, e-mail and phone; the company never comes from a form."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=255)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    profile_picture_url = forms.URLField(
        label=_("Profile picture URL"), max_length=255, required=False, assume_scheme="https"
    )

    class Meta:
        model = Consultant
        fields = CONSULTANT_FIELDS
        widgets = {
            "availability_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "bio": forms.Textarea(attrs={"rows": 5}),
        }

    field_order = ["first_name", "last_name", "email", "phone", *CONSULTANT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user if self.instance.pk and self.instance.user_id else None
        if user is not None and not self.is_bound:
            for name in ("first_name", "last_name", "email", "phone"):
                self.initial[name] = getattr(user, name)
        not_negative(self.fields["max_travel_distance"])
        limits.bound_widget(self.fields["experience_years"], limits.EXPERIENCE_YEARS)
        limits.bound_widget(self.fields["hourly_rate"], limits.HOURLY_RATE)
        limits.bound_widget(self.fields["daily_rate"], limits.DAILY_RATE)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def service_fields(self) -> dict:
        """The cleaned values the services take, and only those."""
        names = ("first_name", "last_name", "email", "phone", *CONSULTANT_FIELDS)
        return {name: self.cleaned_data[name] for name in names}


class ConsultantSkillAddForm(forms.Form):
    skill = SkillNameField()
    proficiency_level = forms.ChoiceField(label=_("Level"), choices=ProficiencyLevel.choices)
    years_experience = forms.IntegerField(
        label=_("Years of experience"),
        required=False,
        validators=limits.EXPERIENCE_YEARS,
        widget=forms.NumberInput(attrs={"min": 0, "max": limits.MAX_EXPERIENCE_YEARS}),
    )

    def __init__(self, *args, consultant: Consultant, **kwargs):
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.consultant = consultant

    def clean_skill(self) -> Skill:
        skill = self.cleaned_data["skill"]
        if ConsultantSkill.objects.filter(consultant=self.consultant, skill=skill).exists():
            raise ValidationError(
                _("%(skill)s is already among the skills: change its level in the list instead."),
                code="duplicate",
                params={"skill": skill.name},
            )
        return skill


class ConsultantSkillChangeForm(forms.Form):
    proficiency_level = forms.ChoiceField(label=_("Level"), choices=ProficiencyLevel.choices)
    years_experience = forms.IntegerField(
        label=_("Years of experience"),
        required=False,
        validators=limits.EXPERIENCE_YEARS,
        widget=forms.NumberInput(attrs={"min": 0, "max": limits.MAX_EXPERIENCE_YEARS}),
    )


SORT_LABELS = {
    "name": _("Name"),
    "rate": _("Daily rate, lowest first"),
    "-rate": _("Daily rate, highest first"),
    "availability": _("Available soonest"),
}
SORT_CHOICES = [("", _("Relevance when searching, else name")), *((key, SORT_LABELS[key]) for key in CONSULTANT_SORTS)]


class ConsultantFilterForm(forms.Form):
    """The list's search, filters and order, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, title, biography or skill."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    skill = SkillChoiceField(
        label=_("Skill"), queryset=Skill.objects.none(), required=False, empty_label=_("Any"), widget=LongSelect
    )
    minimum_level = forms.ChoiceField(label=_("Minimum level"), required=False, choices=level_choices(_("Any level")))
    availability_status = forms.ChoiceField(
        label=_("Availability"), required=False, choices=[("", _("Any")), *AvailabilityStatus.choices]
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    remote = forms.BooleanField(label=_("Open to remote work only"), required=False)
    rate_min = forms.DecimalField(label=_("Daily rate from (€)"), required=False, min_value=0, max_digits=9)
    rate_max = forms.DecimalField(label=_("Daily rate up to (€)"), required=False, min_value=0, max_digits=9)
    free_on = forms.DateField(
        label=_("On the bench on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    created_since = forms.DateField(
        label=_("Added since"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    origin = forms.ChoiceField(
        label=_("Consultants"),
        required=False,
        choices=[("", _("Ours")), ("partners", _("Shared by partners")), ("all", _("Ours and partners'"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skill_choices(user)
        if not access.can(user, access.Capability.COLLABORATION_VIEW) or user.company_id is None:
            del self.fields["origin"]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("rate_min"), cleaned.get("rate_max")
        if low is not None and high is not None and high < low:
            self.add_error("rate_max", _("The upper bound cannot be below the lower bound."))
        return cleaned

    def filters(self) -> ConsultantFilters:
        """What the list applies: the valid part of the input (nothing when the form is unbound)."""
        if not self.is_bound:
            return ConsultantFilters()
        self.is_valid()
        data = self.cleaned_data
        return ConsultantFilters(
            query=data.get("q") or "",
            skill=data.get("skill"),
            minimum_level=data.get("minimum_level") or "",
            availability_status=data.get("availability_status") or "",
            city=data.get("city") or "",
            remote_only=bool(data.get("remote")),
            rate_min=data.get("rate_min"),
            rate_max=data.get("rate_max"),
            sort=data.get("sort") or "",
            origin=data.get("origin") or "",
            free_on=data.get("free_on"),
            created_since=data.get("created_since"),
        )


# --- the skill catalogue -----------------------------------------------------------------------


class SkillForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    category = forms.ChoiceField(label=_("Category"), choices=SkillCategory.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    name_fr = forms.CharField(
        label=_("French name"),
        required=False,
        max_length=255,
        help_text=_("Shown on French pages; leave it empty when the name is the same in French."),
    )
    description_fr = forms.CharField(
        label=_("French description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        help_text=_("Other names of the skill, one per line (for example “JS” for JavaScript)."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    related_skills = forms.ModelMultipleChoiceField(
        label=_("Related skills"),
        required=False,
        queryset=Skill.objects.none(),
        help_text=_("Hold Ctrl (⌘ on a Mac) or Shift to select several."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def __init__(self, *args, user, skill: Skill | None = None, **kwargs):
        if skill is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": skill.name,
                    "category": skill.category,
                    "description": skill.description or "",
                    "name_fr": skill.name_fr,
                    "description_fr": skill.description_fr,
                    "aliases": "\n".join(alias.alias for alias in skill.aliases.all()),
                    "related_skills": list(skill.related_skills.all()),
                },
            )
        super().__init__(*args, **kwargs)
        related = Skill.objects.visible_to(user).order_by("name", "pk")
        self.fields["related_skills"].queryset = related.exclude(pk=skill.pk) if skill is not None else related

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "category": data["category"],
            "description": data["description"],
            "name_fr": data["name_fr"],
            "description_fr": data["description_fr"],
            "aliases": [line.strip() for line in data["aliases"].splitlines() if line.strip()],
            "related": list(data["related_skills"]),
        }


class SkillSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the catalogue"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
