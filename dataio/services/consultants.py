"""Importing consultants and their skills."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.models import Consultant, ConsultantSkill
from consultants.selectors import fold
from consultants.services import (
    CONSULTANT_FIELDS,
    consultant_create,
    consultant_skill_remove,
    consultant_skill_set,
    consultant_update,
)
from dataio import columns as col
from dataio.services.base import Importer, RowRejected, _chunks, _levels, _same, _text_column


class ConsultantImporter(Importer):
    kind = col.CONSULTANTS
    skill_parts = staticmethod(_levels)
    repeated = gettext_lazy("Same consultant as line %(line)s.")
    parsers = {
        "first_name": _text_column,
        "last_name": _text_column,
        "email": _text_column,
        "phone": _text_column,
        "title": _text_column,
        "experience_years": col.not_negative(col.integer),
        "availability_status": col.availability,
        "availability_date": col.date,
        "hourly_rate": col.not_negative(col.number),
        "daily_rate": col.not_negative(col.number),
        "location": _text_column,
        "remote_work": col.boolean,
        "max_travel_distance": col.not_negative(col.integer),
        "profile_picture_url": _text_column,
        "bio": _text_column,
    }
    defaults = {"availability_status": Consultant.AvailabilityStatus.AVAILABLE, "remote_work": False, "title": ""}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.by_email: dict[str, Consultant] = {}
        self.by_name: dict[tuple[str, str], list[Consultant]] = defaultdict(list)
        emails, last_names = set(), set()
        position = {name: place for place, name in enumerate(self.header)}
        for _line, cells in kwargs["sheet"].rows:
            email = col.text(cells[position["email"]]).lower() if "email" in position else ""
            if email:
                emails.add(email)
            else:
                last_names.add(col.text(cells[position["last_name"]]).lower())
        base = (
            Consultant.objects.filter(company=self.company)
            .select_related("user")
            .prefetch_related(Prefetch("consultant_skills", queryset=ConsultantSkill.objects.select_related("skill")))
            .defer("search_vector")
        )
        for chunk in _chunks(sorted(emails)):
            for consultant in base.annotate(key=Lower("user__email")).filter(key__in=chunk):
                self.by_email[consultant.user.email.lower()] = consultant
        for chunk in _chunks(sorted(last_names)):
            for consultant in base.annotate(key=Lower("user__last_name")).filter(key__in=chunk):
                user = consultant.user
                self.by_name[(fold(user.first_name), fold(user.last_name))].append(consultant)

    def natural_key(self, values: dict, row: dict) -> tuple | None:
        email = (values.get("email") or "").lower()
        name_key = (fold(values.get("first_name")), fold(values.get("last_name")))
        if email:
            return ("email", email)
        return ("name", name_key) if all(name_key) else None

    def lookup(self, values: dict) -> Consultant | None:
        email = (values.get("email") or "").lower()
        if email:
            return self.by_email.get(email)
        named = self.by_name.get((fold(values.get("first_name")), fold(values.get("last_name"))), [])
        if len(named) > 1:
            raise RowRejected([_("Several consultants have this name: add their e-mail address to the row.")])
        if not named:
            raise RowRejected([_("email: an e-mail address is required to create a consultant.")])
        return named[0]

    def create(self, values: dict, row: dict) -> Consultant:
        fields = {name: value for name, value in values.items() if name in CONSULTANT_FIELDS and value is not None}
        consultant = consultant_create(
            company=self.company,
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"],
            phone=values.get("phone") or "",
            by=self.by,
            **fields,
        )
        self.by_email[consultant.user.email.lower()] = consultant
        return consultant

    def changes(self, saved: Consultant, values: dict, row: dict) -> dict:
        changes = {}
        for name, value in values.items():
            if name == "email" and not value:
                continue  # a row matched by name keeps the e-mail it has
            current = getattr(saved, name) if name in CONSULTANT_FIELDS else getattr(saved.user, name)
            if name == "email" and current.lower() == value.lower():
                continue
            if not _same(current, value):
                changes[name] = value
        return changes

    def update(self, saved: Consultant, changes: dict) -> Consultant:
        consultant_update(consultant=saved, by=self.by, **changes)
        return saved

    def held_skills(self, saved: Consultant):
        return saved.consultant_skills.all()

    def skill_link_parts(self, link: ConsultantSkill) -> tuple:
        return (link.proficiency_level, link.years_experience)

    def skill_set(self, saved: Consultant, skill, level, years, *, details: str | None) -> None:
        consultant_skill_set(
            consultant=saved, skill=skill, proficiency_level=level, years_experience=years, details=details, by=self.by
        )

    def skill_remove(self, saved: Consultant, skill) -> None:
        consultant_skill_remove(consultant=saved, skill=skill, by=self.by)
