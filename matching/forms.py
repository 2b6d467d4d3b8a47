from django import forms
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from matching.board.counts import per_pipeline
from matching.models import Match, MatchStatus, RejectionReason
from matching.selectors import BAND_CHOICES, owners
from talentmatch.widgets import LongSelect
from tenders.models import Tender

PIPELINE_STATUSES = (MatchStatus.SUBMITTED, MatchStatus.ACCEPTED, MatchStatus.REJECTED)


class MatchMoveForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=MatchStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("Choose a reason")), *RejectionReason.choices]
    )


class MatchNotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class MatchIdsField(forms.Field):
    """Match ids from checkboxes; which of them the user may move is decided against the database."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": _("Select cards first."), "invalid": _("Select valid cards.")}

    def to_python(self, value) -> list[int]:
        try:
            return sorted({int(item) for item in value or []})
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkMoveForm(forms.Form):
    """The board's bulk action on the selected cards: submit them, or reject them with one reason."""

    match = MatchIdsField()
    to = forms.ChoiceField(
        label=_("Action"),
        choices=[(MatchStatus.SUBMITTED, _("Submit")), (MatchStatus.REJECTED, _("Reject"))],
    )
    reason = MatchMoveForm.base_fields["reason"]
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    MAX_CARDS = 200

    def clean_match(self) -> list[int]:
        ids = self.cleaned_data["match"]
        if len(ids) > self.MAX_CARDS:
            raise forms.ValidationError(_("Select at most %(max)s cards at once.") % {"max": self.MAX_CARDS})
        return ids


class BandForm(forms.Form):
    """The score band filter of a ranking (the tender page) and of the board."""

    band = forms.ChoiceField(label=_("Score"), required=False, choices=BAND_CHOICES)


class BoardFilterForm(BandForm):
    TENDER_CHOICES = 100

    tender = forms.ModelChoiceField(
        label=_("Tender"), queryset=None, required=False, empty_label=_("All tenders"), widget=LongSelect
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("Anyone"), widget=LongSelect
    )
    since = forms.DateField(
        label=_("Changed since"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[("score", _("Best score first")), ("date", _("Latest change first"))]
    )
    consultant = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, links=None, **kwargs):
        """`links`: the viewer's page_links when the page has read them already."""
        super().__init__(*args, **kwargs)
        # The TENDER_CHOICES tenders whose pipeline (beyond suggestions) moved last — a firm may have
        # thousands of tenders; each one's own page links to its board — and the one asked for.
        tenders = Tender.objects.visible_to(user)
        active = (
            Match.objects.filter(tender__in=tenders, status__in=PIPELINE_STATUSES)
            .values("tender_id")
            .annotate(last=Max("updated_at"))
            .order_by("-last")
            .values("tender_id")[: self.TENDER_CHOICES]
        )
        asked = self.data.get("tender") if self.is_bound else None
        asked = int(asked) if asked and str(asked).isdigit() else None
        shown = Q(pk__in=active) | Q(pk=asked) if asked else Q(pk__in=active)
        field = self.fields["tender"]
        field.queryset = tenders.filter(shown).only("pk", "title").order_by("title", "pk")  # what validates

        owner_field = self.fields["owner"]
        owner_field.queryset = owners(user, links)  # what validates
        read: dict[str, list[tuple]] = {}

        def listed() -> dict[str, list[tuple]]:
            # What the two lists show, read at rendering only and once (the widgets ask twice). Active
            # tenders and owners change with pipeline moves only (a move sets the owner), so both are
            # kept under the pipeline version; a renamed tender or owner shows within a minute.
            if not read:
                read.update(
                    per_pipeline(
                        user,
                        "board-filters",
                        "",
                        lambda: {
                            "tender": list(tenders.filter(pk__in=active).values_list("pk", "title")),
                            "owner": [(person.pk, str(person)) for person in owner_field.queryset],
                        },
                    )
                )
                if asked and asked not in {pk for pk, _title in read["tender"]}:
                    read["tender"] = read["tender"] + list(tenders.filter(pk=asked).values_list("pk", "title"))
                read["tender"] = sorted(read["tender"], key=lambda row: (row[1], row[0]))
            return read

        field.choices = lambda: [("", field.empty_label), *listed()["tender"]]
        owner_field.choices = lambda: [("", owner_field.empty_label), *listed()["owner"]]
