from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from matching.models import Match, MatchStatus
from matching.selectors import owners
from tenders.models import Tender


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
        # The tenders with something in the pipeline beyond suggestions (a firm may have thousands of
        # open tenders; each one's suggestions are on its own page), and the one asked for.
        in_pipeline = Match.objects.filter(tender=OuterRef("pk")).exclude(status=MatchStatus.SUGGESTED)
        asked = self.data.get("tender") if self.is_bound else None
        shown = Q(Exists(in_pipeline))
        if asked and str(asked).isdigit():
            shown |= Q(pk=int(asked))
        self.fields["tender"].queryset = Tender.objects.visible_to(user).filter(shown).order_by("title")
        self.fields["owner"].queryset = owners(user)
