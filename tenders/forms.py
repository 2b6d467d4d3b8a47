"""Forms of the tender pages. They check input; every write goes through the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from consultants.forms import SkillChoiceField, SkillNameField, level_choices
from consultants.models import Skill
from consultants.selectors import skill_choices
from talentmatch import limits
from talentmatch.widgets import LongSelect
from tenders.models import Tender, TenderSkill, TenderSkillImportance, TenderStatus
from tenders.selectors import TENDER_SORTS, TenderFilters, owner_candidates

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
    "reply_deadline",
    "owner",
    "client_contact_name",
    "client_contact_email",
    "client_contact_phone",
)


class TenderForm(forms.ModelForm):
    class Meta:
        model = Tender
        fields = FORM_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reply_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "client_contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "client_contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, company_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = owner_candidates(company_id)
        owner.empty_label = _("Nobody yet")
        owner.label_from_instance = lambda user: user.full_name or user.email
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


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TenderFilterForm(forms.Form):
    """The list's search, filters and order, read from the query string."""

    SORT_LABELS = {
        "deadline": _("Open first, by reply deadline"),
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
    skill = SkillChoiceField(
        label=_("Skill"), queryset=Skill.objects.none(), required=False, empty_label=_("Any"), widget=LongSelect
    )
    starts_from = forms.DateField(
        label=_("Starting from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts_until = forms.DateField(
        label=_("Starting until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    created_since = forms.DateField(
        label=_("Added since"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    deadline_from = forms.DateField(label=_("Reply deadline from"), required=False, widget=_DATE)
    deadline_until = forms.DateField(label=_("Reply deadline until"), required=False, widget=_DATE)
    unanswered = forms.BooleanField(label=_("Nobody submitted yet"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, user, clients: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", _("Any")), *((name, name) for name in clients)]
        self.fields["skill"].queryset = skill_choices(user)
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
            starts_from=data.get("starts_from"),
            starts_until=data.get("starts_until"),
            created_since=data.get("created_since"),
            deadline_from=data.get("deadline_from"),
            deadline_until=data.get("deadline_until"),
            unanswered=bool(data.get("unanswered")),
        )


class TenderNeedForm(forms.Form):
    """One skill of the new-tender form's skills editor (a chip): the skill, its importance and
    minimum level, and the sentence of the call it was proposed from."""

    skill = SkillNameField()
    importance = forms.ChoiceField(
        label=_("Importance"), choices=TenderSkillImportance.choices, initial=TenderSkillImportance.REQUIRED
    )
    minimum_level = forms.ChoiceField(label=_("Minimum level"), required=False, choices=level_choices(_("Any level")))
    source = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].widget.attrs.update({"list": "skill-catalogue-aliases", "class": "chip-skill"})

    def has_changed(self) -> bool:
        # A row counts only by its skill: one left empty (or removed from the page) is skipped.
        return bool((self.data.get(self.add_prefix("skill")) or "").strip())


class BaseTenderNeedFormSet(forms.BaseFormSet):
    """Every row may be left empty (it is then skipped); a skill listed twice is an error on its second row."""

    blank_rows = 2

    def initial_form_count(self) -> int:
        return 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return len(self.initial or ()) + self.blank_rows

    def clean(self):
        seen = set()
        for form in self.forms:
            skill = getattr(form, "cleaned_data", {}).get("skill")
            if skill is None:
                continue
            if skill.pk in seen:
                form.add_error("skill", _("%(skill)s is listed twice.") % {"skill": skill.name})
            seen.add(skill.pk)

    def needs(self) -> list[tuple[Skill, str, str | None]]:
        return [
            (form.cleaned_data["skill"], form.cleaned_data["importance"], form.cleaned_data["minimum_level"] or None)
            for form in self.forms
            if getattr(form, "cleaned_data", {}).get("skill") is not None
        ]


TenderNeedFormSet = forms.formset_factory(
    TenderNeedForm, formset=BaseTenderNeedFormSet, extra=0, max_num=80, validate_max=True, absolute_max=100
)
