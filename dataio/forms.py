"""The import form: which kind of data, which file. The checks of the content are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dataio import columns as col
from dataio.sheets import max_upload_bytes, too_large_message

KIND_LABELS = {
    col.CONSULTANTS: _("Consultants and their skills"),
    col.SKILLS: _("Skill catalogue (with aliases)"),
    col.TENDERS: _("Tenders and their skill needs"),
    col.PIPELINE: _("Pipeline (matches)"),
    col.CAREERS: _("Consultants' careers (missions, education, certifications, languages)"),
}
ACCEPTED_EXTENSIONS = (".csv", ".txt", ".xlsx")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=[(kind, KIND_LABELS[kind]) for kind in col.IMPORT_KINDS]
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (comma or semicolon separated, UTF-8) or Excel .xlsx; 5 MB and 10,000 rows at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large_message(upload.size), code="too_large")
        if not upload.name.lower().endswith(ACCEPTED_EXTENSIONS):
            raise forms.ValidationError(
                _("Choose a CSV or Excel (.xlsx) file."),
                code="extension",
            )
        return upload
