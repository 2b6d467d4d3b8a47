from django import forms
from django.utils.translation import gettext_lazy as _

from talentmatch.consent import Purpose

YES_NO = [("yes", _("Yes, the consultant consents")), ("no", _("No, the consultant refuses or withdraws"))]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Consent to"), choices=Purpose.choices)
    answer = forms.ChoiceField(label=_("Answer"), choices=YES_NO, widget=forms.RadioSelect, initial="yes")
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=255,
        help_text=_("How it was given, e.g. “signed form of 3 March” (no other personal data)."),
    )

    @property
    def granted(self) -> bool:
        return self.cleaned_data["answer"] == "yes"


class DepartureForm(forms.Form):
    left_on = forms.DateField(
        label=_("Left the company on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Empty while the consultant works here. Their CVs and dossiers are deleted at the end of the "
            "retention period."
        ),
    )


class PrivacySettingsForm(forms.Form):
    consent_required = forms.BooleanField(
        label=_("Require the consultant's consent before sharing them with partners and before a dossier"),
        required=False,
    )


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this person's data will be deleted for good and cannot be recovered."),
        required=True,
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
