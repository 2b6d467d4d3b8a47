"""Importing consultants and their skills.

A row that updates a consultant goes through `consultant_update` and `consultant_skill_set` at once.
A row that creates one is checked like `consultant_create` checks it, from what the importer already
read for the whole file (the e-mail addresses taken, the catalogue), and held back; the held rows are
written a batch at a time: one insert each of accounts, profiles, skills and history entries, one
announcement to the caches and matching, and one rewrite of the batch's search documents (done by
the skills' statement trigger, migration 0008). When the database refuses a batch, it is written
again row by row through the services, so that the refused lines are reported with their reasons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.models import Consultant, ConsultantSkill
from consultants.selectors import fold
from consultants.services import (
    CONSULTANT_FIELDS,
    EMAIL_UNAVAILABLE,
    PERSON_FIELDS,
    consultant_create,
    consultant_skill_remove,
    consultant_skill_set,
    consultant_update,
    consultants_written,
)
from dataio import columns as col
from dataio.services.base import (
    CHUNK,
    CONFLICT,
    CREATED,
    Importer,
    RowRejected,
    _chunks,
    _levels,
    _messages,
    _same,
    _text_column,
)
from history.models import ChangeRecord
from history.services import ChangeAction, created, json_value, snapshot
from talentmatch.models import User, UserRole
from talentmatch.text import name_sort_key

# The fields of a skill link that its history entry records (as consultant_skill_set writes them).
SKILL_LINK_FIELDS = ("proficiency_level", "years_experience", "details")


@dataclass
class HeldConsultant:
    """A checked row that creates a consultant, waiting for its batch to be written."""

    line: int
    values: dict
    skills: list
    user: User
    consultant: Consultant
    links: list[ConsultantSkill]


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
        # Every account holding one of the file's addresses, in any company: a row creating a
        # consultant with one of them is refused, as consultant_create refuses it.
        self.taken: set[str] = set()
        for chunk in _chunks(sorted(emails)):
            self.taken.update(
                User.objects.annotate(key=Lower("email")).filter(key__in=chunk).order_by().values_list("key", flat=True)
            )
        self.held: list[HeldConsultant] = []
        self.refused: list[tuple[int, list[str]]] = []
        for chunk in _chunks(sorted(last_names)):
            for consultant in base.annotate(key=Lower("user__last_name")).filter(key__in=chunk):
                user = consultant.user
                self.by_name[(fold(user.first_name), fold(user.last_name))].append(consultant)

    def import_row(self, line: int, row: dict) -> str:
        values, skills = self.check(line, row)
        if self.lookup(values) is not None:
            with transaction.atomic():
                return self.write(line, values, row, skills)
        held = self._hold(line, values, skills or [])
        self.by_email[held.user.email] = held.consultant
        self.held.append(held)
        if len(self.held) >= CHUNK:
            self.refused.extend(self._write_held())
        return CREATED

    def flush(self) -> list[tuple[int, list[str]]]:
        refused = [*self.refused, *self._write_held()]
        self.refused = []
        return refused

    def _hold(self, line: int, values: dict, skills: list) -> HeldConsultant:
        """The checks of consultant_create and consultant_skill_set, without the queries that would
        re-read what the importer resolved: the company is the caller's, the skills come from the
        catalogue index, the addresses taken were read once for the file, and the file holds one row
        per address. The database's constraints still stand behind them when the batch is written."""
        email = User.objects.normalize_email(values["email"]).strip().lower()
        if email in self.taken:
            raise ValidationError({"email": EMAIL_UNAVAILABLE})
        user = User(
            email=email,
            first_name=values["first_name"],
            last_name=values["last_name"],
            phone=values.get("phone") or "",
            role=UserRole.CONSULTANT,
            company=self.company,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password", "company"], validate_unique=False, validate_constraints=False)
        fields = {name: value for name, value in values.items() if name in CONSULTANT_FIELDS and value is not None}
        consultant = Consultant(
            user=user,
            company=self.company,
            sort_name=name_sort_key(values["first_name"], values["last_name"]),
            **fields,
        )
        consultant.full_clean(exclude=["user", "company"], validate_unique=False, validate_constraints=False)
        links = []
        for skill, level, years in skills:
            link = ConsultantSkill(
                consultant=consultant, skill=skill, proficiency_level=level, years_experience=years, details=None
            )
            link.full_clean(exclude=["consultant", "skill"], validate_unique=False, validate_constraints=False)
            links.append(link)
        return HeldConsultant(line, values, skills, user, consultant, links)

    def _write_held(self) -> list[tuple[int, list[str]]]:
        """Write the held rows in one batch; the lines refused when the database refuses the batch."""
        held, self.held = self.held, []
        if not held:
            return []
        try:
            with transaction.atomic():
                self._insert(held)
        except IntegrityError:
            return self._write_one_by_one(held)
        return []

    def _insert(self, held: list[HeldConsultant]) -> None:
        User.objects.bulk_create([row.user for row in held])
        for row in held:
            row.consultant.user = row.user
        Consultant.objects.bulk_create([row.consultant for row in held])
        ConsultantSkill.objects.bulk_create([link for row in held for link in row.links])
        entries = []
        for row in held:
            values = {**snapshot(row.user, PERSON_FIELDS), **snapshot(row.consultant, CONSULTANT_FIELDS)}
            entries.append(self._entry(row.consultant, ChangeAction.CREATED, created(values)))
            for link in row.links:
                changes = created(snapshot(link, SKILL_LINK_FIELDS))
                entries.append(self._entry(row.consultant, ChangeAction.SKILL_ADDED, changes, link.skill.name))
        ChangeRecord.objects.bulk_create(entries)
        consultants_written([row.consultant.pk for row in held])

    def _entry(self, consultant: Consultant, action: str, changes: dict, subject: str = "") -> ChangeRecord:
        """The history entry that record_change would store for this write."""
        return ChangeRecord(
            company_id=consultant.company_id,
            actor_id=self.by.pk,
            object_kind="consultant",
            object_id=consultant.pk,
            action=str(action),
            subject=subject[:255],
            changes={name: [json_value(old), json_value(new)] for name, (old, new) in changes.items()},
        )

    def _write_one_by_one(self, held: list[HeldConsultant]) -> list[tuple[int, list[str]]]:
        refused = []
        for row in held:
            try:
                with transaction.atomic():
                    consultant = self.create(row.values, {})
                    self.set_skills(consultant, row.skills, held={})
            except ValidationError as error:
                refused.append((row.line, _messages(error)))
            except IntegrityError:
                refused.append((row.line, [str(CONFLICT)]))
        return refused

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
