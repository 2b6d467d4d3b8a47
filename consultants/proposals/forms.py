"""The proposal form (a manager's) and the review form (the platform admin's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultants.models import SkillCategory


class SkillProposalForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    category = forms.ChoiceField(label=_("Category"), choices=SkillCategory.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        help_text=_("Other names of the skill, one per line (for example “JS” for JavaScript)."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "category": data["category"],
            "description": data["description"],
            "aliases": [line.strip() for line in data["aliases"].splitlines() if line.strip()],
        }


class SkillProposalReviewForm(forms.Form):
    note = forms.CharField(label=_("Note to the company"), required=False, max_length=1000)
