"""The columns of each kind of file and the reading of one cell: text, number, date, yes/no, a choice.

Column names are the documented field names, so an exported file imports back as is. Choices take
the model's own values (`expert`, `on_mission`) and also their labels in English or French.
"""

from __future__ import annotations

import datetime
import re

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.models import AvailabilityStatus, ProficiencyLevel, SkillCategory
from tenders.models import TenderSkillImportance, TenderStatus

CONSULTANTS = "consultants"
SKILLS = "skills"
TENDERS = "tenders"
PIPELINE = "pipeline"
CAREERS = "careers"
IMPORT_KINDS = (CONSULTANTS, SKILLS, TENDERS, CAREERS)
EXPORT_KINDS = (CONSULTANTS, TENDERS, PIPELINE, CAREERS)

CONSULTANT_COLUMNS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "title",
    "experience_years",
    "availability_status",
    "availability_date",
    "hourly_rate",
    "daily_rate",
    "location",
    "remote_work",
    "max_travel_distance",
    "profile_picture_url",
    "bio",
    "skills",
]
SKILL_COLUMNS = ["name", "category", "description", "aliases", "related"]
TENDER_COLUMNS = [
    "title",
    "client_name",
    "description",
    "start_date",
    "end_date",
    "status",
    "location",
    "remote_work",
    "budget",
    "required_consultants",
    "onsite_days_per_week",
    "reply_deadline",
    "owner_email",
    "client_contact_name",
    "client_contact_email",
    "client_contact_phone",
    "skills",
]
PIPELINE_COLUMNS = [
    "tender_title",
    "client_name",
    "tender_start_date",
    "consultant_first_name",
    "consultant_last_name",
    "consultant_email",
    "status",
    "match_score",
    "submitted_score",
    "owner_email",
    "notes",
    "updated_at",
]

# One row per career entry of a consultant (found by e-mail); `entry` says which columns apply.
CAREER_COLUMNS = [
    "email",
    "entry",
    "employer",
    "sector",
    "role",
    "start_date",
    "end_date",
    "location",
    "description",
    "skills",
    "school",
    "degree",
    "field",
    "start_year",
    "end_year",
    "name",
    "issuer",
    "obtained_on",
    "expires_on",
    "language",
    "level",
]

# Written for a French reader after `skills`: the same skills by their French names. Only to read:
# `skills` (canonical names) stays the key, and an import passes over this column.
SKILLS_FR = "skills_fr"
EXPORT_ONLY_COLUMNS = (SKILLS_FR,)

COLUMNS = {CONSULTANTS: CONSULTANT_COLUMNS, SKILLS: SKILL_COLUMNS, TENDERS: TENDER_COLUMNS, CAREERS: CAREER_COLUMNS}
# The columns every file of a kind must have: those that name the row (its natural key).
REQUIRED_COLUMNS = {
    CONSULTANTS: ["first_name", "last_name"],
    SKILLS: ["name", "category"],
    TENDERS: ["title", "client_name"],
    CAREERS: ["email", "entry"],
}

# One example row per kind, for the template files.
EXAMPLES = {
    CONSULTANTS: [
        "Camille",
        "Martin",
        "camille.martin@example.com",
        "+33 6 12 34 56 78",
        "Développeuse Python senior",
        8,
        "available",
        None,
        None,
        650,
        "Lyon",
        True,
        50,
        None,
        "Back ends Python et Django depuis 2017.",
        "Python:expert:8; Django:advanced:6; PostgreSQL:intermediate",
    ],
    SKILLS: ["FastAPI", "framework", "Asynchronous Python web framework.", "Fast API", "Python; Django"],
    TENDERS: [
        "Refonte du portail client",
        "Banque Exemple",
        "Reprise du portail en Django, API REST.",
        datetime.date(2027, 1, 4),
        datetime.date(2027, 6, 30),
        "open",
        "Paris",
        False,
        60000,
        1,
        None,
        datetime.date(2026, 12, 15),
        None,
        "Inès Roy",
        "ines.roy@banque-exemple.fr",
        "+33 1 23 45 67 89",
        "Python:required:advanced; Django:preferred; Docker:nice_to_have",
    ],
    CAREERS: [
        "camille.martin@example.com",
        "experience",
        "Banque Exemple",
        "Banque",
        "Développeuse Python",
        datetime.date(2021, 3, 1),
        None,
        "Lyon",
        "API de gestion des contrats.",
        "Python; Django",
        *[None] * 11,
    ],
}

LIST_SEPARATOR = ";"
LIST_JOIN = "; "
PART_SEPARATOR = ":"

TRUE_WORDS = {"1", "true", "yes", "y", "oui", "o", "vrai", "x"}
FALSE_WORDS = {"0", "false", "no", "n", "non", "faux"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


class CellError(ValueError):
    """A cell that cannot be read; the message is translated and names the column."""


def text(value) -> str:
    """A cell as single-line-trimmed text ("" when empty); numbers keep no spurious ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def optional_text(value) -> str | None:
    return text(value) or None


def integer(column: str, value) -> int | None:
    if isinstance(value, bool):
        raise CellError(_("%(column)s: “%(value)s” is not a whole number.") % {"column": column, "value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(_("%(column)s: “%(value)s” is not a whole number.") % {"column": column, "value": value})
    raw = text(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not raw:
        return None
    if re.fullmatch(r"[+-]?\d+([.,]0+)?", raw):
        return int(re.split(r"[.,]", raw)[0])
    raise CellError(_("%(column)s: “%(value)s” is not a whole number.") % {"column": column, "value": text(value)})


def number(column: str, value) -> float | None:
    if isinstance(value, bool):
        raise CellError(_("%(column)s: “%(value)s” is not a number.") % {"column": column, "value": value})
    if isinstance(value, int | float):
        return float(value)
    raw = text(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
    if not raw:
        return None
    if re.fullmatch(r"[+-]?\d+([.,]\d+)?", raw):
        return float(raw.replace(",", "."))
    raise CellError(_("%(column)s: “%(value)s” is not a number.") % {"column": column, "value": text(value)})


def onsite_days(column: str, value) -> float | None:
    """Days a week on site, 0 to 5; empty for no constraint."""
    parsed = number(column, value)
    if parsed is not None and not 0 <= parsed <= 5:
        raise CellError(_("%(column)s: between 0 and 5 days a week.") % {"column": column})
    return parsed


def not_negative(parser):
    """`parser`, refusing values below zero with a message naming the column."""

    def parse(column: str, value):
        parsed = parser(column, value)
        if parsed is not None and parsed < 0:
            raise CellError(_("%(column)s: cannot be negative.") % {"column": column})
        return parsed

    return parse


def date(column: str, value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not raw:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("%(column)s: “%(value)s” is not a valid date (use YYYY-MM-DD, e.g. 2027-01-04).")
        % {"column": column, "value": raw}
    )


def boolean(column: str, value) -> bool | None:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if not raw:
        return None
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise CellError(
        _("%(column)s: “%(value)s” is not yes or no (use true or false).") % {"column": column, "value": raw}
    )


def choice(column: str, value, choices: type[models.TextChoices], message: str | None = None) -> str | None:
    """A choice by its value or by its label, in English or French, ignoring case. `message` (with
    %(column)s, %(value)s and %(allowed)s) says what was expected."""
    raw = text(value)
    if not raw:
        return None
    key = _key(raw)
    for member in choices:
        if key == _key(member.value):
            return member.value
    for language in ("en", "fr"):
        with translation.override(language):
            for member in choices:
                if key == _key(str(member.label)):
                    return member.value
    message = message or _("%(column)s: unknown value “%(value)s” (expected one of: %(allowed)s).")
    raise CellError(message % {"column": column, "value": raw, "allowed": ", ".join(allowed_values(choices))})


def allowed_values(choices: type[models.TextChoices]) -> list[str]:
    """Each value as the reader writes it: its label in the current language, the code after it
    when the two differ ("Débutant (beginner)"); a file may hold either."""
    return [
        member.value if _key(str(member.label)) == _key(member.value) else f"{member.label} ({member.value})"
        for member in choices
    ]


# The columns that take a choice, for the import page's list of allowed values.
CHOICE_COLUMNS = (
    (gettext_lazy("Consultants: availability_status"), AvailabilityStatus),
    (gettext_lazy("Consultants: the level in skills; tenders: the minimum level in skills"), ProficiencyLevel),
    (gettext_lazy("Tenders: the importance in skills"), TenderSkillImportance),
    (gettext_lazy("Tenders: status"), TenderStatus),
    (gettext_lazy("Skills: category"), SkillCategory),
)


def _key(value: str) -> str:
    return " ".join(value.lower().replace("_", " ").replace("-", " ").split())


def level(column: str, value) -> str | None:
    return choice(
        column, value, ProficiencyLevel, _("%(column)s: unknown level “%(value)s” (expected one of: %(allowed)s).")
    )


def importance(column: str, value) -> str | None:
    return choice(
        column,
        value,
        TenderSkillImportance,
        _("%(column)s: unknown importance “%(value)s” (expected one of: %(allowed)s)."),
    )


def availability(column: str, value) -> str | None:
    return choice(
        column,
        value,
        AvailabilityStatus,
        _("%(column)s: unknown availability “%(value)s” (expected one of: %(allowed)s)."),
    )


def tender_status(column: str, value) -> str | None:
    return choice(
        column, value, TenderStatus, _("%(column)s: unknown status “%(value)s” (expected one of: %(allowed)s).")
    )


def category(column: str, value) -> str | None:
    return choice(
        column, value, SkillCategory, _("%(column)s: unknown category “%(value)s” (expected one of: %(allowed)s).")
    )


def items(value) -> list[str]:
    """The entries of a list cell ("a; b; c"), blank ones dropped."""
    return [part.strip() for part in text(value).split(LIST_SEPARATOR) if part.strip()]


def skill_entry(entry: str) -> tuple[str, list[str]]:
    """`"Python:expert:5"` → ("Python", ["expert", "5"]). A skill name may itself hold a colon only
    when no level follows it, so the parts are taken from the right (at most two)."""
    parts = [part.strip() for part in entry.split(PART_SEPARATOR)]
    if len(parts) <= 1:
        return entry.strip(), []
    extra = parts[1:][-2:] if len(parts) > 3 else parts[1:]
    name = PART_SEPARATOR.join(parts[: len(parts) - len(extra)]).strip()
    return name, extra
