"""Importing consultants and their skills."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

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
from dataio.services.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    RowRejected,
    SkillIndex,
    _chunks,
    _Importer,
    _levels,
    _same,
    _skill_list,
    _text_column,
)


class ConsultantImporter(_Importer):
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
    # An empty cell in one of these columns means the field's default, as on the form.
    defaults = {"availability_status": Consultant.AvailabilityStatus.AVAILABLE, "remote_work": False, "title": ""}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.index = SkillIndex() if "skills" in self.header else None
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

    def repeated(self) -> str:
        return _("Same consultant as line %(line)s.")

    def import_row(self, line: int, row: dict) -> str:
        values, errors = self.parse(row)
        skills = None
        if self.index is not None:
            skills, skill_errors = _skill_list(self.index, "skills", row["skills"], _levels)
            errors.extend(skill_errors)
        for column in col.REQUIRED_COLUMNS[col.CONSULTANTS]:
            if column in values and not values[column]:
                errors.append(_("%(column)s: this cell is required.") % {"column": column})
        email = (values.get("email") or "").lower()
        name_key = (fold(values.get("first_name")), fold(values.get("last_name")))
        if email or all(name_key):
            errors.extend(self.claim(("email", email) if email else ("name", name_key), line))
        if errors:
            raise RowRejected(errors)
        for column, default in self.defaults.items():
            if column in values and values[column] is None:
                values[column] = default
        if email:
            consultant = self.by_email.get(email)
        else:
            named = self.by_name.get(name_key, [])
            if len(named) > 1:
                raise RowRejected([_("Several consultants have this name: add their e-mail address to the row.")])
            consultant = named[0] if named else None
            if consultant is None:
                raise RowRejected([_("email: an e-mail address is required to create a consultant.")])
        if consultant is None:
            return self._create(values, skills)
        return self._update(consultant, values, skills)

    def _create(self, values: dict, skills: list | None) -> str:
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
        for skill, level, years in skills or []:
            consultant_skill_set(
                consultant=consultant, skill=skill, proficiency_level=level, years_experience=years, by=self.by
            )
        self.by_email[consultant.user.email.lower()] = consultant
        return CREATED

    def _update(self, consultant: Consultant, values: dict, skills: list | None) -> str:
        user = consultant.user
        changes = {}
        for name, value in values.items():
            if name == "email" and not value:
                continue  # a row matched by name keeps the e-mail it has
            current = getattr(consultant, name) if name in CONSULTANT_FIELDS else getattr(user, name)
            if name == "email" and current.lower() == value.lower():
                continue
            if not _same(current, value):
                changes[name] = value
        if changes:
            consultant_update(consultant=consultant, by=self.by, **changes)
        skills_changed = False
        if skills is not None:
            held = {held.skill_id: held for held in consultant.consultant_skills.all()}
            wanted = {skill.pk for skill, _level, _years in skills}
            for skill, level, years in skills:
                current = held.get(skill.pk)
                if current is None or (current.proficiency_level, current.years_experience) != (level, years):
                    consultant_skill_set(
                        consultant=consultant,
                        skill=skill,
                        proficiency_level=level,
                        years_experience=years,
                        details=current.details if current is not None else None,
                        by=self.by,
                    )
                    skills_changed = True
            for skill_id, current in held.items():
                if skill_id not in wanted:
                    consultant_skill_remove(consultant=consultant, skill=current.skill, by=self.by)
                    skills_changed = True
        return UPDATED if changes or skills_changed else UNCHANGED
