"""Importing tenders and their skill needs."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.selectors import fold
from dataio import columns as col
from dataio.services.base import Importer, RowRejected, _chunks, _needs, _same, _text_column
from tenders.models import Tender, TenderSkill
from tenders.selectors import owner_candidates
from tenders.services import TENDER_FIELDS, tender_create, tender_skill_remove, tender_skill_set, tender_update


class TenderImporter(Importer):
    kind = col.TENDERS
    skill_parts = staticmethod(_needs)
    repeated = gettext_lazy("Same tender as line %(line)s.")
    parsers = {
        "title": _text_column,
        "client_name": _text_column,
        "description": _text_column,
        "start_date": col.date,
        "end_date": col.date,
        "status": col.tender_status,
        "location": _text_column,
        "remote_work": col.boolean,
        "budget": col.not_negative(col.number),
        "required_consultants": col.integer,
        "onsite_days_per_week": col.onsite_days,
        "reply_deadline": col.date,
        "owner_email": _text_column,
        "client_contact_name": _text_column,
        "client_contact_email": _text_column,
        "client_contact_phone": _text_column,
    }
    defaults = {
        "status": Tender.Status.OPEN,
        "remote_work": False,
        "required_consultants": 1,
        "description": "",
        "client_contact_name": "",
        "client_contact_email": "",
        "client_contact_phone": "",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.tenders: dict[tuple, list[Tender]] = defaultdict(list)
        position = self.header.index("title")
        titles = sorted({col.text(cells[position]).lower() for _line, cells in kwargs["sheet"].rows})
        base = Tender.objects.filter(company=self.company).prefetch_related(
            Prefetch("tender_skills", queryset=TenderSkill.objects.select_related("skill"))
        )
        for chunk in _chunks(titles):
            for tender in base.annotate(key=Lower("title")).filter(key__in=chunk):
                self.tenders[self._key(tender.client_name, tender.title, tender.start_date)].append(tender)

    def parse(self, row: dict) -> tuple[dict, list[str]]:
        """The cells, with owner_email read as the tender's owner: a salesperson or manager of the company."""
        values, errors = super().parse(row)
        if "owner_email" in values:
            email = (values.pop("owner_email") or "").lower()
            if not hasattr(self, "owners"):
                self.owners = {user.email.lower(): user for user in owner_candidates(getattr(self.company, "pk", None))}
            values["owner"] = self.owners.get(email) if email else None
            if email and values["owner"] is None:
                errors.append(
                    _("owner_email: no salesperson or manager of the company has the e-mail “%(email)s”.")
                    % {"email": email}
                )
        return values, errors

    @staticmethod
    def _key(client: str, title: str, start) -> tuple:
        return (fold(client), fold(title), start)

    def _row_key(self, values: dict) -> tuple:
        return self._key(values.get("client_name"), values.get("title"), values.get("start_date"))

    def natural_key(self, values: dict, row: dict) -> tuple | None:
        key = self._row_key(values)
        return key if all(key[:2]) and ("start_date" in values or "start_date" not in row) else None

    def lookup(self, values: dict) -> Tender | None:
        found = self.tenders.get(self._row_key(values), [])
        if len(found) > 1:
            raise RowRejected([_("Several tenders have this client, title and start date: rename one of them first.")])
        _check_tender(values, found[0] if found else None)
        return found[0] if found else None

    def create(self, values: dict, row: dict) -> Tender:
        fields = {name: value for name, value in values.items() if name in TENDER_FIELDS and value is not None}
        tender = tender_create(company=self.company, by=self.by, **fields)
        self.tenders[self._row_key(values)].append(tender)
        return tender

    def changes(self, saved: Tender, values: dict, row: dict) -> dict:
        return {
            name: value
            for name, value in values.items()
            if name not in ("title", "client_name") and not _same(getattr(saved, name), value)
        }

    def update(self, saved: Tender, changes: dict) -> Tender:
        tender_update(tender=saved, by=self.by, **changes)
        return saved

    def held_skills(self, saved: Tender):
        return saved.tender_skills.all()

    def skill_link_parts(self, link: TenderSkill) -> tuple:
        return (link.importance, link.minimum_level)

    def skill_set(self, saved: Tender, skill, importance, minimum, *, details: str | None) -> None:
        tender_skill_set(
            tender=saved, skill=skill, importance=importance, minimum_level=minimum, details=details, by=self.by
        )

    def skill_remove(self, saved: Tender, skill) -> None:
        tender_skill_remove(tender=saved, skill=skill, by=self.by)


def _check_tender(values: dict, tender: Tender | None) -> None:
    """The tender's constraints as messages beside their column (the service reports them by
    constraint name on creation)."""
    merged = {name: getattr(tender, name, None) for name in ("start_date", "end_date", "required_consultants")}
    merged.update({name: value for name, value in values.items() if name in merged})
    errors = []
    if merged["start_date"] and merged["end_date"] and merged["end_date"] < merged["start_date"]:
        errors.append("end_date: " + _("The end date cannot be before the start date."))
    if merged["required_consultants"] is not None and merged["required_consultants"] < 1:
        errors.append("required_consultants: " + _("At least one consultant is required."))
    if errors:
        raise RowRejected(errors)
