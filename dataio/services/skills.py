"""Importing the skill catalogue with aliases and related skills."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.models import Skill
from consultants.selectors import fold
from consultants.services import skill_create, skill_update
from dataio import columns as col
from dataio.services.base import UNCHANGED, UPDATED, Importer, RowRejected, SkillIndex, _messages, _same, _text_column


class SkillImporter(Importer):
    kind = col.SKILLS
    repeated = gettext_lazy("Same skill as line %(line)s.")
    parsers = {"name": _text_column, "category": col.category, "description": _text_column}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.index = SkillIndex()
        position = self.header.index("name")
        self.file_names = {fold(col.text(cells[position])) for _line, cells in kwargs["sheet"].rows}
        self.related: dict[int, tuple[Skill, list[str]]] = {}

    def row_errors(self, values: dict, row: dict) -> list[str]:
        return [
            _("related: unknown skill “%(name)s”.") % {"name": name}
            for name in (col.items(row["related"]) if "related" in row else [])
            if not self.index.find(name) and fold(name) not in self.file_names
        ]

    def natural_key(self, values: dict, row: dict) -> tuple | None:
        name, category = values.get("name"), values.get("category")
        return (fold(name), category) if name and category else None

    def lookup(self, values: dict) -> Skill | None:
        return self._existing(values["name"], values["category"])

    def create(self, values: dict, row: dict) -> Skill:
        skill = skill_create(
            name=values["name"],
            category=values["category"],
            description=values.get("description"),
            aliases=_aliases(row) or [],
        )
        self.index.add(skill, list(skill.aliases.values_list("alias", flat=True)))
        return skill

    def changes(self, saved: Skill, values: dict, row: dict) -> dict:
        name, aliases = values["name"], _aliases(row)
        current_aliases = list(self.index.alias_texts.get(saved.pk, []))
        new_aliases = current_aliases if aliases is None else list(aliases)
        if fold(name) != fold(saved.name) and fold(name) not in {fold(alias) for alias in new_aliases}:
            new_aliases.append(name)  # the row named the skill by this alias: it stays one
        description = values.get("description", saved.description)
        if not _same(description, saved.description) or sorted(new_aliases) != sorted(current_aliases):
            return {"description": description, "aliases": new_aliases}
        return {}

    def update(self, saved: Skill, changes: dict) -> Skill:
        skill = skill_update(
            skill=saved,
            name=saved.name,
            category=saved.category,
            description=changes["description"],
            aliases=changes["aliases"],
            related=list(saved.related_skills.all()),
        )
        self.index.add(skill, list(skill.aliases.values_list("alias", flat=True)))
        return skill

    def imported(self, line: int, saved: Skill, values: dict, row: dict) -> None:
        if "related" in row:
            self.related[line] = (saved, col.items(row["related"]))

    def _existing(self, name: str, category: str) -> Skill | None:
        key = fold(name)
        for pk in sorted(self.index.names.get(key, ())):
            if self.index.skills[pk].category == category:
                return self.index.skills[pk]
        aliased = [self.index.skills[pk] for pk in sorted(self.index.aliases.get(key, ()))]
        if aliased:
            skill = aliased[0]
            if skill.category != category:
                raise RowRejected(
                    [
                        _("“%(name)s” is an alias of %(skill)s, a skill of category %(category)s.")
                        % {"name": name, "skill": skill.name, "category": skill.category}
                    ]
                )
            return skill
        return None

    def finish(self, outcomes: dict[int, str]) -> list[tuple[int, list[str]]]:
        """Related skills are set once every row's skill exists, since a row may name a later one.

        The relation is symmetrical, so a skill of the file is also related to the file's skills
        that name it: an empty cell on one side never undoes the other side's row.
        """
        rejected = []
        wanted: dict[int, set[int]] = {}
        for line, (skill, names) in sorted(self.related.items()):
            try:
                others = {self.index.one(name) for name in names}
            except col.CellError as error:
                rejected.append((line, [f"related: {error}"]))
                continue
            if skill in others:
                rejected.append((line, [_("related: a skill cannot be related to itself.")]))
                continue
            wanted[skill.pk] = {other.pk for other in others}
        if rejected:
            return rejected
        for skill_id, others in list(wanted.items()):
            for other in others:
                if other in wanted:
                    wanted[other].add(skill_id)
        for line, (skill, _names) in sorted(self.related.items()):
            skill.refresh_from_db()
            if set(skill.related_skills.values_list("pk", flat=True)) == wanted[skill.pk]:
                continue
            try:
                with transaction.atomic():
                    skill_update(
                        skill=skill,
                        name=skill.name,
                        category=skill.category,
                        description=skill.description,
                        aliases=list(skill.aliases.values_list("alias", flat=True)),
                        related=list(Skill.objects.filter(pk__in=wanted[skill.pk])),
                    )
            except ValidationError as error:
                rejected.append((line, _messages(error)))
                continue
            if outcomes.get(line) == UNCHANGED:
                outcomes[line] = UPDATED
        return rejected


def _aliases(row: dict) -> list[str] | None:
    """The aliases cell's entries; None when the file has no aliases column (the aliases stay)."""
    return col.items(row["aliases"]) if "aliases" in row else None
