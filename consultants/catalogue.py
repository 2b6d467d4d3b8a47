"""The curated skill catalogue, read from consultants/data/skill_catalogue.tsv, and the service that
loads it into the database.

Every name is unique across the catalogue, every alias is unique case-insensitively and never
another skill's name, and related skills name other entries; `catalogue_problems` checks all of it.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from consultants.cache import catalogue_invalidate
from consultants.models import Skill, SkillAlias, SkillCategory


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    category: str
    description: str
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    # French pages show these instead of name and description; the name only where French differs.
    name_fr: str = ""
    description_fr: str = ""


FRENCH_FIELDS = ("name_fr", "description_fr")
CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "skill_catalogue.tsv"
# Aliases and related skills are lists inside one TSV cell, separated by this.
LIST_SEPARATOR = "|"


def _cell_list(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip())


def catalogue_read(path: Path = CATALOGUE_FILE) -> tuple[CatalogueEntry, ...]:
    """The entries of a catalogue TSV file (columns category, name, description, aliases, related, and
    the optional name_fr, description_fr), in file order; the file is read as it is,
    `catalogue_problems` says whether it may be loaded."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple(
            CatalogueEntry(
                name=row["name"].strip(),
                category=row["category"].strip(),
                description=row["description"].strip(),
                aliases=_cell_list(row["aliases"]),
                related=_cell_list(row["related"]),
                name_fr=(row.get("name_fr") or "").strip(),
                description_fr=(row.get("description_fr") or "").strip(),
            )
            for row in rows
        )


CATALOGUE: tuple[CatalogueEntry, ...] = catalogue_read()


def catalogue_problems(entries=CATALOGUE) -> list[str]:
    """Every inconsistency in the catalogue data; an empty list means it may be loaded."""
    problems = []
    names = {}
    for entry in entries:
        if entry.category not in SkillCategory.values:
            problems.append(f"{entry.name}: unknown category {entry.category!r}")
        if entry.name.lower() in names:
            problems.append(f"{entry.name}: duplicate name")
        names[entry.name.lower()] = entry.name
        if entry.name_fr.lower() == entry.name.lower():
            problems.append(f"{entry.name}: French name {entry.name_fr!r} is the name itself, leave it empty")
    seen_aliases = {}
    for entry in entries:
        for alias in entry.aliases:
            key = alias.lower()
            if key in names:
                problems.append(f"{entry.name}: alias {alias!r} is the name of {names[key]}")
            elif key in seen_aliases:
                problems.append(f"{entry.name}: alias {alias!r} is already an alias of {seen_aliases[key]}")
            seen_aliases[key] = entry.name
        for related in entry.related:
            if related not in names.values():
                problems.append(f"{entry.name}: related skill {related!r} is not in the catalogue")
            elif related == entry.name:
                problems.append(f"{entry.name}: related to itself")
    problems.extend(_french_name_problems(entries, names, seen_aliases))
    return problems


def _french_name_problems(entries, names: dict[str, str], aliases: dict[str, str]) -> list[str]:
    """A French name may repeat its own skill's alias, never another skill's name, alias or French name."""
    problems = []
    french: dict[str, str] = {}
    for entry in entries:
        key = entry.name_fr.lower()
        if not key:
            continue
        other = names.get(key) or (aliases.get(key) if aliases.get(key) != entry.name else None) or french.get(key)
        if other and other != entry.name:
            problems.append(f"{entry.name}: French name {entry.name_fr!r} also names {other}")
        french[key] = entry.name
    return problems


@dataclass(frozen=True)
class SyncResult:
    skills_created: int = 0
    skills_updated: int = 0
    aliases_created: int = 0
    aliases_skipped: int = 0
    relations_created: int = 0
    # Catalogue skills whose description or French texts in the database differ from the catalogue's, kept.
    differing: tuple[str, ...] = ()
    # Catalogue skills whose description or French texts were replaced by the catalogue's.
    overwritten: tuple[str, ...] = ()

    @property
    def changed_anything(self) -> bool:
        return bool(self.skills_created or self.skills_updated or self.aliases_created or self.relations_created)


def _texts_to_write(skill: Skill, entry: CatalogueEntry, *, overwrite: bool, overwritten: list, differing: list):
    """The text fields of `skill` set to the catalogue's: a French text the database lacks is added
    (that is no edit); a text that differs from the catalogue's is replaced with `overwrite` (the skill
    named in `overwritten`), kept without (named in `differing`)."""
    missing = [field for field in FRENCH_FIELDS if not getattr(skill, field) and getattr(entry, field)]
    edited = [
        field
        for field in ("description", *FRENCH_FIELDS)
        if field not in missing and (getattr(skill, field) or "") != getattr(entry, field)
    ]
    if edited and not overwrite:
        differing.append(entry.name)
        edited = []
    elif edited:
        overwritten.append(entry.name)
    for field in missing + edited:
        setattr(skill, field, getattr(entry, field))
    return missing + edited


@transaction.atomic
def skill_catalogue_sync(*, entries=CATALOGUE, overwrite: bool = True) -> SyncResult:
    """Bring the database up to the catalogue: safe to run again, it only adds and, with `overwrite`,
    corrects.

    Skills are matched by (name, category); a missing French name or description is added; a skill
    whose description, French name or French description differs gets the catalogue's with `overwrite`
    (named in `overwritten`), keeps its own without (named in `differing`). Aliases are matched
    case-insensitively, and one already held by another skill is left there and counted as skipped;
    related-skill links are added in both directions. Nothing is ever deleted.
    """
    problems = catalogue_problems(entries)
    if problems:
        raise ValueError("Inconsistent skill catalogue: " + "; ".join(problems))

    existing = {
        (skill.name, skill.category): skill for skill in Skill.objects.filter(name__in=[e.name for e in entries])
    }
    skills_by_name: dict[str, Skill] = {}
    new_skills = []
    overwritten, differing = [], []
    written: list[Skill] = []
    written_fields: set[str] = set()
    now = timezone.now()
    for entry in entries:
        skill = existing.get((entry.name, entry.category))
        if skill is None:
            skill = Skill(
                name=entry.name,
                category=entry.category,
                description=entry.description,
                name_fr=entry.name_fr,
                description_fr=entry.description_fr,
            )
            # (name, category) is known to be free from the rows read above and the choices are checked
            # field by field, which spares two validation queries per skill on a first load.
            skill.full_clean(validate_unique=False, validate_constraints=False)
            new_skills.append(skill)
        else:
            changed = _texts_to_write(skill, entry, overwrite=overwrite, overwritten=overwritten, differing=differing)
            if changed:
                skill.clean_fields()
                skill.updated_at = now
                written.append(skill)
                written_fields.update(changed)
        skills_by_name[entry.name] = skill
    # One statement per 500 skills: a first load of the French texts writes the whole catalogue.
    Skill.objects.bulk_update(written, fields=sorted(written_fields | {"updated_at"}), batch_size=500)
    updated = len(written)
    Skill.objects.bulk_create(new_skills)

    # Lower-cased in Python: SQLite's lower() leaves "É" as it is, which would make "Écoute active" new again.
    alias_owner = {alias.lower(): skill_id for alias, skill_id in SkillAlias.objects.values_list("alias", "skill_id")}
    new_aliases = []
    skipped = 0
    for entry in entries:
        skill = skills_by_name[entry.name]
        for alias in entry.aliases:
            owner = alias_owner.get(alias.lower())
            if owner is None:
                new_alias = SkillAlias(skill=skill, alias=alias)
                new_alias.clean_fields(exclude=["skill"])
                new_aliases.append(new_alias)
                alias_owner[alias.lower()] = skill.pk
            elif owner != skill.pk:
                skipped += 1
    SkillAlias.objects.bulk_create(new_aliases)

    Relation = Skill.related_skills.through
    linked = set(Relation.objects.values_list("from_skill_id", "to_skill_id"))
    new_links = []
    for entry in entries:
        skill = skills_by_name[entry.name]
        for related_name in entry.related:
            other = skills_by_name[related_name]
            if (skill.pk, other.pk) in linked:
                continue
            # The relation is symmetrical: both directions are stored and counted as one link.
            for pair in ((skill.pk, other.pk), (other.pk, skill.pk)):
                if pair not in linked:
                    linked.add(pair)
                    new_links.append(Relation(from_skill_id=pair[0], to_skill_id=pair[1]))
    Relation.objects.bulk_create(new_links)
    if new_skills or updated or new_aliases or new_links:
        catalogue_invalidate()  # skill names, aliases and relations are part of every cached consultant page

    return SyncResult(
        skills_created=len(new_skills),
        skills_updated=updated,
        aliases_created=len(new_aliases),
        aliases_skipped=skipped,
        relations_created=len({frozenset((link.from_skill_id, link.to_skill_id)) for link in new_links}),
        differing=tuple(differing),
        overwritten=tuple(overwritten),
    )
