"""Forms of the tender pages. They check input; every write goes through the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from consultants.forms import SkillNameField, level_choices
from consultants.models import Skill
from talentmatch import limits
from talentmatch.widgets import LongSelect
from tenders.models import Tender, TenderSkill, TenderSkillImportance, TenderStatus
from tenders.selectors import TENDER_SORTS, TenderFilters

# The status moves through the buttons of the detail page, not through this form.
FORM_FIELDS = (
    "title",
    "client_name",
    "description",
    "start_date",
    "end_date",
    "location",
    "remote_work",
    "budget",
    "required_consultants",
    "onsite_days_per_week",
)


class TenderForm(forms.ModelForm):
    class Meta:
        model = Tender
        fields = FORM_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits.bound_widget(self.fields["budget"], limits.BUDGET)
        self.fields["required_consultants"].validators.append(
            MinValueValidator(1, message=_("At least one consultant is required."))
        )
        self.fields["required_consultants"].widget.attrs["min"] = 1
        onsite = self.fields["onsite_days_per_week"]
        onsite.validators += [
            MinValueValidator(0, message=_("On-site days per week lie between 0 and 5.")),
            MaxValueValidator(5, message=_("On-site days per week lie between 0 and 5.")),
        ]
        onsite.widget.attrs.update({"min": 0, "max": 5, "step": 0.5})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in FORM_FIELDS}


class TenderSkillAddForm(forms.Form):
    skill = SkillNameField()
    importance = forms.ChoiceField(
        label=_("Importance"), choices=TenderSkillImportance.choices, initial=TenderSkillImportance.REQUIRED
    )
    minimum_level = forms.ChoiceField(label=_("Minimum level"), required=False, choices=level_choices(_("Any level")))

    def __init__(self, *args, tender: Tender, **kwargs):
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.tender = tender

    def clean_skill(self) -> Skill:
        skill = self.cleaned_data["skill"]
        if TenderSkill.objects.filter(tender=self.tender, skill=skill).exists():
            raise ValidationError(
                _("The tender already asks for %(skill)s: change it in the list instead."),
                code="duplicate",
                params={"skill": skill.name},
            )
        return skill


class TenderSkillChangeForm(forms.Form):
    importance = forms.ChoiceField(label=_("Importance"), choices=TenderSkillImportance.choices)
    minimum_level = forms.ChoiceField(label=_("Minimum level"), required=False, choices=level_choices(_("Any level")))


class TenderStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TenderStatus.choices)


class TenderFilterForm(forms.Form):
    """The list's search, filters and order, read from the query string."""

    SORT_LABELS = {
        "-created": _("Newest first"),
        "title": _("Title"),
        "client": _("Client"),
        "start": _("Start date"),
    }
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Title or client."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *TenderStatus.choices])
    client = forms.ChoiceField(label=_("Client"), required=False)
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.none(), required=False, empty_label=_("Any"), widget=LongSelect
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, user, clients: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", _("Any")), *((name, name) for name in clients)]
        self.fields["skill"].queryset = Skill.objects.visible_to(user).only("pk", "name").order_by("name", "pk")
        self.fields["sort"].choices = [(key, self.SORT_LABELS[key]) for key in TENDER_SORTS]

    def filters(self) -> TenderFilters:
        """What the list applies: the valid part of the input (nothing when the form is unbound)."""
        if not self.is_bound:
            return TenderFilters()
        self.is_valid()
        data = self.cleaned_data
        return TenderFilters(
            query=data.get("q") or "",
            status=data.get("status") or "",
            client=data.get("client") or "",
            skill=data.get("skill"),
            sort=data.get("sort") or "",
        )
