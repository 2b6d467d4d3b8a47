"""Importing tenders and their skill needs."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from consultants.selectors import fold
from dataio import columns as col
from dataio.services.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    RowRejected,
    SkillIndex,
    _chunks,
    _Importer,
    _needs,
    _same,
    _skill_list,
    _text_column,
)
from tenders.models import Tender, TenderSkill
from tenders.services import TENDER_FIELDS, tender_create, tender_skill_remove, tender_skill_set, tender_update


class TenderImporter(_Importer):
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
    }
    defaults = {"status": Tender.Status.OPEN, "remote_work": False, "required_consultants": 1, "description": ""}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.index = SkillIndex() if "skills" in self.header else None
        self.tenders: dict[tuple, list[Tender]] = defaultdict(list)
        position = self.header.index("title")
        titles = sorted({col.text(cells[position]).lower() for _line, cells in kwargs["sheet"].rows})
        base = Tender.objects.filter(company=self.company).prefetch_related(
            Prefetch("tender_skills", queryset=TenderSkill.objects.select_related("skill"))
        )
        for chunk in _chunks(titles):
            for tender in base.annotate(key=Lower("title")).filter(key__in=chunk):
                self.tenders[self._key(tender.client_name, tender.title, tender.start_date)].append(tender)

    @staticmethod
    def _key(client: str, title: str, start) -> tuple:
        return (fold(client), fold(title), start)

    def repeated(self) -> str:
        return _("Same tender as line %(line)s.")

    def import_row(self, line: int, row: dict) -> str:
        values, errors = self.parse(row)
        skills = None
        if self.index is not None:
            skills, skill_errors = _skill_list(self.index, "skills", row["skills"], _needs)
            errors.extend(skill_errors)
        for column in col.REQUIRED_COLUMNS[col.TENDERS]:
            if column in values and not values[column]:
                errors.append(_("%(column)s: this cell is required.") % {"column": column})
        key = self._key(values.get("client_name"), values.get("title"), values.get("start_date"))
        if all(key[:2]) and ("start_date" in values or "start_date" not in row):
            errors.extend(self.claim(key, line))
        if errors:
            raise RowRejected(errors)
        for column, default in self.defaults.items():
            if column in values and values[column] is None:
                values[column] = default
        found = self.tenders.get(key, [])
        if len(found) > 1:
            raise RowRejected([_("Several tenders have this client, title and start date: rename one of them first.")])
        _check_tender(values, found[0] if found else None)
        if not found:
            fields = {name: value for name, value in values.items() if name in TENDER_FIELDS and value is not None}
            tender = tender_create(company=self.company, by=self.by, **fields)
            for skill, importance, minimum in skills or []:
                tender_skill_set(tender=tender, skill=skill, importance=importance, minimum_level=minimum, by=self.by)
            self.tenders[key].append(tender)
            return CREATED
        tender = found[0]
        changes = {
            name: value
            for name, value in values.items()
            if name not in ("title", "client_name") and not _same(getattr(tender, name), value)
        }
        if changes:
            tender_update(tender=tender, by=self.by, **changes)
        skills_changed = False
        if skills is not None:
            asked = {asked.skill_id: asked for asked in tender.tender_skills.all()}
            wanted = {skill.pk for skill, _importance, _minimum in skills}
            for skill, importance, minimum in skills:
                current = asked.get(skill.pk)
                if current is None or (current.importance, current.minimum_level) != (importance, minimum):
                    tender_skill_set(
                        tender=tender,
                        skill=skill,
                        importance=importance,
                        minimum_level=minimum,
                        details=current.details if current is not None else None,
                        by=self.by,
                    )
                    skills_changed = True
            for skill_id, current in asked.items():
                if skill_id not in wanted:
                    tender_skill_remove(tender=tender, skill=current.skill, by=self.by)
                    skills_changed = True
        return UPDATED if changes or skills_changed else UNCHANGED


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
