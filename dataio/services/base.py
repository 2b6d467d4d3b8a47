"""The parts every importer shares: the report, the rejection of a row, the catalogue index."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.models import Skill, SkillAlias
from consultants.selectors import fold
from dataio import columns as col
from dataio.sheets import Sheet
from talentmatch.models import Company, User
from tenders.models import TenderSkill

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
CHUNK = 500
CONFLICT = gettext_lazy("The row conflicts with data already saved.")


@dataclass
class RowProblem:
    line: int
    reasons: list[str]


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    # Problems of the file as a whole (unreadable, too large, a column missing or unknown).
    file_errors: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.problems)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_errors

    @property
    def applied(self) -> bool:
        """Whether the file was written to the database."""
        return self.ok and not self.dry_run


class RowRejected(Exception):
    def __init__(self, reasons: Iterable[str]):
        super().__init__()
        self.reasons = list(reasons)


def _ragged_reason(sheet: Sheet, line: int) -> str:
    found = sheet.ragged[line]
    if found < len(sheet.header):
        return _("Missing column(s): %(columns)s.") % {"columns": ", ".join(sheet.header[found:])}
    return _("The row has %(found)s cells but the header only %(expected)s columns.") % {
        "found": found,
        "expected": len(sheet.header),
    }


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _same(current, new) -> bool:
    """Equal once empty text and None are taken as one, and 650 as 650.0."""
    current = None if current == "" else current
    new = None if new == "" else new
    return current == new


# --- the skill catalogue, held in memory for the whole file -----------------------------------


class SkillIndex:
    """Finds catalogue skills by name or alias, ignoring case and accents, like the skill pickers:
    a name wins over an alias. Two queries for the whole file."""

    def __init__(self):
        self.skills: dict[int, Skill] = {}
        self.names: dict[str, set[int]] = defaultdict(set)
        self.aliases: dict[str, set[int]] = defaultdict(set)
        self.alias_texts: dict[int, list[str]] = defaultdict(list)
        for skill in Skill.objects.order_by("pk"):
            self.add(skill, [])
        for skill_id, alias in SkillAlias.objects.order_by("pk").values_list("skill_id", "alias"):
            self.aliases[fold(alias)].add(skill_id)
            self.alias_texts[skill_id].append(alias)

    def add(self, skill: Skill, aliases: list[str]) -> None:
        old = self.skills.get(skill.pk)
        if old is not None:
            self.names[fold(old.name)].discard(skill.pk)
        for alias in self.alias_texts.pop(skill.pk, []):
            self.aliases[fold(alias)].discard(skill.pk)
        self.skills[skill.pk] = skill
        self.names[fold(skill.name)].add(skill.pk)
        for alias in aliases:
            self.aliases[fold(alias)].add(skill.pk)
            self.alias_texts[skill.pk].append(alias)

    def find(self, text: str) -> list[Skill]:
        key = fold(text)
        ids = self.names.get(key) or self.aliases.get(key) or set()
        return [self.skills[pk] for pk in sorted(ids)]

    def one(self, text: str) -> Skill:
        found = self.find(text)
        if not found:
            raise col.CellError(_("unknown skill “%(name)s”: add it to the catalogue first.") % {"name": text})
        if len(found) > 1:
            raise col.CellError(
                _("“%(name)s” names several skills of the catalogue (%(skills)s).")
                % {"name": text, "skills": ", ".join(f"{skill.name} ({skill.category})" for skill in found)}
            )
        return found[0]


def _skill_list(index: SkillIndex, column: str, value, parse_parts) -> tuple[list, list[str]]:
    """The entries of a skills cell as (skill, parsed parts...), and the errors found."""
    entries, errors, seen = [], [], set()
    for entry in col.items(value):
        name, parts = col.skill_entry(entry)
        try:
            skill = index.one(name)
            parsed = parse_parts(skill.name, parts)
        except col.CellError as error:
            errors.append(f"{column}: {error}")
            continue
        if skill.pk in seen:
            errors.append(_("%(column)s: %(skill)s is listed twice.") % {"column": column, "skill": skill.name})
            continue
        seen.add(skill.pk)
        entries.append((skill, *parsed))
    return entries, errors


class Importer:
    """One kind of row, imported by `import_row`; a kind declares its columns and fills in the hooks.

    `import_row` checks the row (cells, skills cell, required cells, `row_errors`, one row per natural
    key), fills in `defaults`, finds the saved object (`lookup`), then creates it or updates what
    changed (`create`, `changes`, `update`), sets its skills when the kind has a skills cell, and
    returns CREATED, UPDATED or UNCHANGED. A rejected row raises RowRejected.
    """

    kind: str = ""
    # column → parser(column, value); columns absent from the file leave their field untouched.
    parsers: dict = {}
    # An empty cell in one of these columns means the field's default, as on the form.
    defaults: dict = {}
    # The parser of the parts after a skill's name in the "skills" cell, for kinds that have one.
    skill_parts = None
    # The message of a second row with the same natural key, with the first row's %(line)s.
    repeated: str = ""

    def __init__(self, *, company: Company | None, by: User, sheet: Sheet):
        self.company = company
        self.by = by
        self.header = sheet.header
        self.seen: dict[tuple, int] = {}
        self.index = SkillIndex() if self.skill_parts is not None and "skills" in self.header else None

    def parse(self, row: dict) -> tuple[dict, list[str]]:
        values, errors = {}, []
        for column, parser in self.parsers.items():
            if column not in row:
                continue
            try:
                values[column] = parser(column, row[column])
            except col.CellError as error:
                errors.append(str(error))
        return values, errors

    def claim(self, key: tuple, line: int) -> list[str]:
        """The error of a second row with the same natural key: the file must say one thing per object."""
        first = self.seen.setdefault(key, line)
        if first != line:
            return [self.repeated % {"line": first}]
        return []

    def import_row(self, line: int, row: dict) -> str:
        """Check the row, then write it in a savepoint of its own (so that a rejected row leaves no
        trace and the rows after it are still checked)."""
        values, skills = self.check(line, row)
        with transaction.atomic():
            return self.write(line, values, row, skills)

    def check(self, line: int, row: dict) -> tuple[dict, list | None]:
        """The row's values (defaults filled in) and skills, or RowRejected with every error found."""
        values, errors = self.parse(row)
        skills = None
        if self.index is not None and self.skill_parts is not None:
            skills, skill_errors = _skill_list(self.index, "skills", row["skills"], self.skill_parts)
            errors.extend(skill_errors)
        for column in col.REQUIRED_COLUMNS[self.kind]:
            if column in values and not values[column]:
                errors.append(_("%(column)s: this cell is required.") % {"column": column})
        errors.extend(self.row_errors(values, row))
        key = self.natural_key(values, row)
        if key is not None:
            errors.extend(self.claim(key, line))
        if errors:
            raise RowRejected(errors)
        for column, default in self.defaults.items():
            if column in values and values[column] is None:
                values[column] = default
        return values, skills

    def write(self, line: int, values: dict, row: dict, skills: list | None) -> str:
        """Create or update the object of a checked row; CREATED, UPDATED or UNCHANGED."""
        saved = self.lookup(values)
        if saved is None:
            saved = self.create(values, row)
            if skills:
                self.set_skills(saved, skills, held={})
            outcome = CREATED
        else:
            changes = self.changes(saved, values, row)
            if changes:
                saved = self.update(saved, changes)
            skills_changed = skills is not None and self.set_skills(
                saved, skills, held={held.skill_id: held for held in self.held_skills(saved)}
            )
            outcome = UPDATED if changes or skills_changed else UNCHANGED
        self.imported(line, saved, values, row)
        return outcome

    def set_skills(self, saved, skills: list, held: dict) -> bool:
        """Give `saved` exactly the skills of the cell (`held`: its links by skill id); whether any changed."""
        changed = False
        wanted = {skill.pk for skill, *_parts in skills}
        for skill, *parts in skills:
            current = held.get(skill.pk)
            if current is None or self.skill_link_parts(current) != tuple(parts):
                self.skill_set(saved, skill, *parts, details=current.details if current is not None else None)
                changed = True
        for skill_id, current in held.items():
            if skill_id not in wanted:
                self.skill_remove(saved, current.skill)
                changed = True
        return changed

    # Hooks. Only lookup, create, changes and update are required.

    def row_errors(self, values: dict, row: dict) -> list[str]:
        """Errors of the row beyond its cells (checked before the natural key)."""
        return []

    def natural_key(self, values: dict, row: dict) -> tuple | None:
        """The key that two rows of the file may not share; None when the row has none to claim."""
        return None

    def lookup(self, values: dict):
        """The saved object the row describes, or None; may raise RowRejected."""
        raise NotImplementedError

    def create(self, values: dict, row: dict):
        raise NotImplementedError

    def changes(self, saved, values: dict, row: dict) -> dict:
        """What the row changes on `saved`, as arguments of `update`; empty when nothing."""
        raise NotImplementedError

    def update(self, saved, changes: dict):
        raise NotImplementedError

    def imported(self, line: int, saved, values: dict, row: dict) -> None:
        """Called once the row is saved."""

    def held_skills(self, saved) -> Iterable:
        raise NotImplementedError

    def skill_link_parts(self, link) -> tuple:
        raise NotImplementedError

    def skill_set(self, saved, skill: Skill, *parts, details: str | None) -> None:
        raise NotImplementedError

    def skill_remove(self, saved, skill: Skill) -> None:
        raise NotImplementedError

    def flush(self) -> list[tuple[int, list[str]]]:
        """Write what `write` held back for a batch; returns the lines the database refused."""
        return []

    def finish(self, outcomes: dict[int, str]) -> list[tuple[int, list[str]]]:
        """Work that needs every row first; returns the lines it rejects."""
        return []


def _text_column(column, value):
    return col.optional_text(value)


def _levels(name: str, parts: list[str]) -> tuple:
    """`expert:5` after a consultant's skill name: the level (required) and the years (optional)."""
    if len(parts) > 2:
        raise col.CellError(_("write a skill as Name:level:years, e.g. Python:expert:5."))
    level = col.level(name, parts[0]) if parts else None
    if level is None:
        raise col.CellError(
            _("%(skill)s: a level is required after the skill name (e.g. %(skill)s:expert).") % {"skill": name}
        )
    years = col.integer(name, parts[1]) if len(parts) > 1 else None
    if years is not None and years < 0:
        raise col.CellError(_("%(skill)s: years of experience cannot be negative.") % {"skill": name})
    return level, years


def _needs(name: str, parts: list[str]) -> tuple:
    """`required:advanced` after a tender's skill name: the importance (required when left out) and
    the minimum level (optional)."""
    if len(parts) > 2:
        raise col.CellError(_("write a skill need as Name:importance:minimum level, e.g. Python:required:advanced."))
    importance = (col.importance(name, parts[0]) if parts else None) or TenderSkill.Importance.REQUIRED
    minimum = col.level(name, parts[1]) if len(parts) > 1 else None
    return importance, minimum


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]
