from django import forms
from django.utils.translation import gettext_lazy as _

from collaborations.models import SharingMode
from talentmatch.models import Company


class DateInput(forms.DateInput):
    input_type = "date"


class CollaborationProposeForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner company"), queryset=Company.objects.none())
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput)
    terms = forms.CharField(
        label=_("Terms"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Rates, margins, who may contact the consultants… seen by both companies."),
    )

    def __init__(self, *args, company_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Company.objects.exclude(pk=company_id).order_by("name", "pk")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class CollaborationActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline"), ("end", "end")])


class SharingForm(forms.Form):
    mode = forms.ChoiceField(label=_("What we share"), choices=SharingMode.choices, widget=forms.RadioSelect)
    show_names = forms.BooleanField(label=_("Show our consultants' names (initials otherwise)"), required=False)


class SelectionForm(forms.Form):
    consultant = forms.IntegerField(min_value=1)
    selected = forms.BooleanField(required=False)


class ExclusionForm(forms.Form):
    excluded = forms.BooleanField(required=False)
