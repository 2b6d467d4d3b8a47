"""Importing consultants' careers: one row per entry (a mission, a degree, a certification or a
language) of a consultant of the company found by e-mail. A row is matched on its consultant, its
entry and the entry's natural key (mission: client or employer, role and start; degree: school and
degree; certification: name; language: the language), so a file imported twice changes nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.career.forms import skills_from_text
from consultants.career.models import LanguageLevel
from consultants.career.services import CAREER_FIELDS, CAREER_KINDS, career_entry_save
from consultants.models import Consultant
from consultants.selectors import fold
from dataio import columns as col
from dataio.services.base import Importer, RowRejected, _same, _text_column

# The `entry` cell → the career kind.
ENTRIES = {"experience": "experiences", "education": "education", "certification": "certifications"}
ENTRIES["language"] = "languages"
KEY_FIELDS = {
    "experiences": ("employer", "role", "start_date"),
    "education": ("school", "degree"),
    "certifications": ("name",),
    "languages": ("language",),
}
REQUIRED_FIELDS = {**KEY_FIELDS, "languages": ("language", "level")}


def _entry(column, value) -> str | None:
    text = col.text(value).lower()
    if text and text not in ENTRIES:
        raise col.CellError(
            _("%(column)s: write experience, education, certification or language.") % {"column": column}
        )
    return ENTRIES.get(text)


def _level(column, value) -> str | None:
    text = col.text(value)
    matches = [code for code in LanguageLevel.values if code.lower() == text.lower()]
    if text and not matches:
        raise col.CellError(_("%(column)s: write A1, A2, B1, B2, C1, C2 or native.") % {"column": column})
    return matches[0] if matches else None


def _key_part(value) -> object:
    return fold(value) if isinstance(value, str) else value


class CareerImporter(Importer):
    kind = col.CAREERS
    repeated = gettext_lazy("Same career entry as line %(line)s.")
    parsers = {
        "email": _text_column,
        "entry": _entry,
        **dict.fromkeys(("employer", "sector", "role", "description", "location"), _text_column),
        **dict.fromkeys(("school", "degree", "field", "name", "issuer", "language"), _text_column),
        "start_date": col.date,
        "end_date": col.date,
        "start_year": col.integer,
        "end_year": col.integer,
        "obtained_on": col.date,
        "expires_on": col.date,
        "level": _level,
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        consultants = Consultant.objects.filter(company=self.company, user__isnull=False).select_related("user")
        self.consultants = {consultant.user.email.lower(): consultant for consultant in consultants}
        self.entries: dict[tuple, object] = {}
        for kind, model in CAREER_KINDS.items():
            rows = model.objects.filter(consultant__in=self.consultants.values())
            if kind == "experiences":
                rows = rows.prefetch_related("skills")
            for entry in rows:
                self.entries[self._key(entry.consultant_id, kind, entry.__dict__)] = entry

    @staticmethod
    def _key(consultant_id: int, kind: str, values) -> tuple:
        return (consultant_id, kind, *(_key_part(values.get(name)) for name in KEY_FIELDS[kind]))

    def _consultant(self, values: dict) -> Consultant | None:
        return self.consultants.get((values.get("email") or "").lower())

    def row_errors(self, values: dict, row: dict) -> list[str]:
        errors = []
        if self._consultant(values) is None and values.get("email"):
            errors.append(_("email: no consultant of the company has this e-mail address."))
        kind = values.get("entry")
        for name in REQUIRED_FIELDS.get(kind, ()):
            if not values.get(name) and not (name in row and name not in values):  # unparsed: said already
                errors.append(_("%(column)s: this cell is required.") % {"column": name})
        skills = row.get("skills") or ""
        if kind == "experiences" and col.text(skills):
            found, unknown = skills_from_text(col.text(skills))
            if unknown:
                errors.append(_("skills: not in the skill catalogue: %(names)s.") % {"names": ", ".join(unknown)})
            values["skills"] = found
        return errors

    def natural_key(self, values: dict, row: dict) -> tuple | None:
        consultant, kind = self._consultant(values), values.get("entry")
        return self._key(consultant.pk, kind, values) if consultant and kind else None

    def _fields(self, values: dict) -> dict:
        kind = values["entry"]
        fields = {name: values[name] for name in CAREER_FIELDS[CAREER_KINDS[kind]] if name in values}
        return {name: ("" if value is None and name not in NULLABLE else value) for name, value in fields.items()}

    def lookup(self, values: dict):
        return self.entries.get(self.natural_key(values, {}))

    def create(self, values: dict, row: dict):
        consultant = self._consultant(values)
        try:
            entry = career_entry_save(
                consultant=consultant,
                kind=values["entry"],
                values=self._fields(values),
                skills=values.get("skills"),
                by=self.by,
            )
        except Exception as error:  # noqa: BLE001 - a model check (dates in order): the row's reason
            raise RowRejected(getattr(error, "messages", [str(error)])) from None
        self.entries[self.natural_key(values, {})] = entry
        return entry

    def changes(self, saved, values: dict, row: dict) -> dict:
        changes = {
            name: value for name, value in self._fields(values).items() if not _same(getattr(saved, name), value)
        }
        if "skills" in values and {s.pk for s in saved.skills.all()} != {s.pk for s in values["skills"]}:
            changes["skills"] = values["skills"]
        return changes

    def update(self, saved, changes: dict):
        skills = changes.pop("skills", None)
        try:
            return career_entry_save(
                consultant=saved.consultant,
                kind=next(kind for kind, model in CAREER_KINDS.items() if isinstance(saved, model)),
                values=changes,
                skills=skills,
                entry=saved,
                by=self.by,
            )
        except Exception as error:  # noqa: BLE001 - as in create
            raise RowRejected(getattr(error, "messages", [str(error)])) from None


NULLABLE = {"end_date", "start_year", "end_year", "obtained_on", "expires_on"}
