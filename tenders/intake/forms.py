"""The intake form of the new-tender page: the call's text pasted, or its file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from consultants.resumes.extraction import MAX_EXTRACTED_CHARACTERS


class IntakeForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the call for tenders"),
        required=False,
        max_length=MAX_EXTRACTED_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paste the call's text, or choose its file below."),
    )
    file = forms.FileField(
        label=_("Or its file"),
        required=False,
        help_text=_("PDF, Word (.docx) or e-mail (.eml), 10 MB at most. The file is read, never kept."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.eml,application/pdf,message/rfc822"}),
        error_messages={"empty": _("The file is empty.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "intake")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the call's text or choose its file."))
        return cleaned
