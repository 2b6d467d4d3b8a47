from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models import MatchStatus


class MatchMoveForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=MatchStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class MatchNotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class BoardFilterForm(forms.Form):
    tender = forms.ModelChoiceField(label=_("Tender"), queryset=None, required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    consultant = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from matching.selectors import owners
        from tenders.models import Tender

        self.fields["tender"].queryset = Tender.objects.visible_to(user).order_by("title")
        self.fields["owner"].queryset = owners(user)
