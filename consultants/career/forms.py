"""The forms of a consultant's career sections; they check input, the career services write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consultants.career.models import Certification, Education, Experience, SpokenLanguage
from consultants.career.services import CAREER_FIELDS
from consultants.forms import DATALIST_ID
from consultants.models import Skill
from consultants.selectors import skill_matches

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def skills_from_text(text: str) -> tuple[list[Skill], list[str]]:
    """The catalogue skills named (by name or alias) in a comma-separated list, and the names not found."""
    found, unknown = [], []
    for name in dict.fromkeys(part.strip() for part in text.replace(";", ",").split(",")):
        if not name:
            continue
        matches = skill_matches(name)
        if len(matches) == 1:
            if matches[0] not in found:
                found.append(matches[0])
        else:
            unknown.append(name)
    return found, unknown


class CareerForm(forms.ModelForm):
    """The fields of one kind of entry; `service_values()` is what the career service takes."""

    def __init__(self, *args, consultant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultant = consultant

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in CAREER_FIELDS[self._meta.model]}

    def service_skills(self) -> list[Skill] | None:
        return None


class ExperienceForm(CareerForm):
    skills_used = forms.CharField(
        label=_("Skills used"),
        required=False,
        max_length=2000,
        help_text=_("Catalogue skills, separated by commas."),
        widget=forms.TextInput(attrs={"list": DATALIST_ID, "autocomplete": "off"}),
    )

    class Meta:
        model = Experience
        fields = CAREER_FIELDS[Experience]
        widgets = {"start_date": DATE, "end_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["skills_used"] = ", ".join(skill.label for skill in self.instance.skills.all())

    def clean_skills_used(self) -> list[Skill]:
        skills, unknown = skills_from_text(self.cleaned_data["skills_used"])
        if unknown:
            raise ValidationError(
                _("Not in the skill catalogue: %(names)s."), code="unknown", params={"names": ", ".join(unknown)}
            )
        return skills

    def service_skills(self) -> list[Skill]:
        return self.cleaned_data["skills_used"]


class EducationForm(CareerForm):
    class Meta:
        model = Education
        fields = CAREER_FIELDS[Education]


class CertificationForm(CareerForm):
    class Meta:
        model = Certification
        fields = CAREER_FIELDS[Certification]
        widgets = {"obtained_on": DATE, "expires_on": DATE}


class SpokenLanguageForm(CareerForm):
    class Meta:
        model = SpokenLanguage
        fields = CAREER_FIELDS[SpokenLanguage]

    def clean_language(self) -> str:
        language = " ".join(self.cleaned_data["language"].split())
        others = SpokenLanguage.objects.filter(consultant=self.consultant, language__iexact=language)
        if self.consultant is not None and others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("This language is already listed: change its level instead."), code="duplicate")
        return language


CAREER_FORMS: dict[str, type[CareerForm]] = {
    "experiences": ExperienceForm,
    "education": EducationForm,
    "certifications": CertificationForm,
    "languages": SpokenLanguageForm,
}
