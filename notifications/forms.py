from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailMode, NotificationKind, SavedSearchList


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("E-mail"), choices=EmailMode.choices, widget=forms.RadioSelect, initial=EmailMode.DIGEST
    )
    kinds = forms.MultipleChoiceField(
        label=_("Tell me when"),
        required=False,
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A kind left unticked is neither shown nor e-mailed."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    def muted_kinds(self) -> list[str]:
        return [kind for kind in NotificationKind.values if kind not in self.cleaned_data["kinds"]]


class SavedSearchForm(forms.Form):
    list_name = forms.ChoiceField(choices=SavedSearchList.choices, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name of the search"), max_length=100)
    alert = forms.BooleanField(label=_("Tell me of new results"), required=False)
