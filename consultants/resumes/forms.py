"""Forms of the CV panel: the upload and the review of a suggested skill."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from consultants.models import ProficiencyLevel


class ResumeUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CV file"),
        help_text=gettext_lazy("PDF or Word (.docx), 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
        error_messages={
            "required": gettext_lazy("Choose a file to upload."),
            "empty": gettext_lazy("The file is empty."),
        },
    )


class SuggestionAcceptForm(forms.Form):
    proficiency_level = forms.ChoiceField(label=gettext_lazy("Level"), choices=ProficiencyLevel.choices)
    years_experience = forms.IntegerField(
        label=gettext_lazy("Years of experience"), required=False, min_value=0, max_value=60
    )
    seen_declared = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
