"""Reads for the consultant and skill pages: search, filters, the catalogue, and skill names typed in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, When

from consultants.models import (
    PROFICIENCY_RANK,
    Consultant,
    ConsultantSkill,
    Skill,
    SkillAlias,
    SkillCategory,
)
from talentmatch.text import fold

SEARCH_CONFIG = "french_unaccent"
MAX_SEARCH_TERMS = 12

CONSULTANT_SORTS = {
    # `sort_name` is the folded "last first" of the consultant's account (indexed with the company).
    "name": (F("sort_name").asc(nulls_last=True), "pk"),
    "rate": (F("daily_rate").asc(nulls_last=True), "pk"),
    "-rate": (F("daily_rate").desc(nulls_last=True), "pk"),
    # No date means available now, so those come first.
    "availability": (F("availability_date").asc(nulls_first=True), "pk"),
}


# --- skills typed in ---------------------------------------------------------------------------


def skill_matches(text: str) -> list[Skill]:
    """The catalogue skills that `text` names, through a skill name or an alias, ignoring case and accents.

    A name wins over an alias. More than one result means the text is ambiguous; none, unknown.
    """
    typed = " ".join((text or "").split())
    if not typed:
        return []
    by_name = list(Skill.objects.filter(name__iexact=typed))
    if by_name:
        return by_name
    by_alias = list(Skill.objects.filter(aliases__alias__iexact=typed).distinct())
    if by_alias:
        return by_alias
    key = fold(typed)
    named = [pk for pk, name in Skill.objects.values_list("pk", "name") if fold(name) == key]
    if not named:
        named = [pk for pk, alias in SkillAlias.objects.values_list("skill_id", "alias") if fold(alias) == key]
    return list(Skill.objects.filter(pk__in=named)) if named else []


def skill_aliases() -> list[tuple[str, str]]:
    """Every (alias, skill name) of the catalogue, by alias, for the type-ahead of the skill pickers."""
    return list(SkillAlias.objects.order_by("alias", "skill__name").values_list("alias", "skill__name"))


def skill_names() -> list[str]:
    """Every catalogue name once, for the <datalist> of the skill pickers."""
    return list(Skill.objects.order_by("name").values_list("name", flat=True).distinct())


# --- the consultant list -----------------------------------------------------------------------


@dataclass
class ConsultantFilters:
    query: str = ""
    skill: Skill | None = None
    minimum_level: str = ""
    availability_status: str = ""
    city: str = ""
    remote_only: bool = False
    rate_min: Decimal | None = None
    rate_max: Decimal | None = None
    sort: str = ""
    origin: str = ""  # "" our consultants, "partners" those shared with us, "all" both


def consultants_for_list(user, filters: ConsultantFilters) -> QuerySet[Consultant]:
    """The consultants `user` may see that pass `filters`, sorted, with their account and company
    (`attach_skill_names` adds the skills of a page).

    The page costs a fixed number of queries whatever the number of rows. With a search on
    PostgreSQL each row carries `rank` (ts_rank) and "relevance" is the default order.
    """
    queryset = Consultant.objects.visible_to(user)
    if filters.origin == "partners":
        queryset = Consultant.objects.shared_with(user)
    elif filters.origin == "all":
        queryset = queryset | Consultant.objects.shared_with(user)
    if filters.skill is not None:
        levels = [
            level for level, rank in PROFICIENCY_RANK.items() if rank >= PROFICIENCY_RANK.get(filters.minimum_level, 1)
        ]
        queryset = queryset.filter(
            Exists(
                ConsultantSkill.objects.filter(
                    consultant=OuterRef("pk"), skill=filters.skill, proficiency_level__in=levels
                )
            )
        )
    if filters.availability_status:
        queryset = queryset.filter(availability_status=filters.availability_status)
    if filters.city:
        queryset = queryset.filter(location__icontains=filters.city.strip())
    if filters.remote_only:
        queryset = queryset.filter(remote_work=True)
    if filters.rate_min is not None:
        queryset = queryset.filter(daily_rate__gte=filters.rate_min)
    if filters.rate_max is not None:
        queryset = queryset.filter(daily_rate__lte=filters.rate_max)

    order = CONSULTANT_SORTS.get(filters.sort, CONSULTANT_SORTS["name"])
    if filters.origin and order is CONSULTANT_SORTS["name"]:
        # By name for our own rows; a partner's rows follow by title, so that their order never hints
        # at the names the partner keeps to itself.
        own_name = Case(When(company_id=user.company_id, then=F("sort_name")), default=None)
        order = (own_name.asc(nulls_last=True), "title", "pk")
    if filters.query.strip():
        # A partner's consultant is found only by what its limited profile shows (title, skills), never
        # by the names or biography the partner keeps to itself.
        ours = Q(company_id=user.company_id) if filters.origin and user.company_id is not None else Q()
        partner_hits = _folded_matches(queryset.exclude(ours), filters.query, private=False) if ours else []
        if connection.vendor == "postgresql":
            search = consultant_search_query(filters.query)
            matched = Q(search_vector=search)
            if ours:
                matched = (ours & matched) | Q(pk__in=partner_hits)
            queryset = queryset.filter(matched).annotate(rank=SearchRank(F("search_vector"), search))
            if filters.sort not in CONSULTANT_SORTS:
                order = ("-rank", *order)
        else:
            queryset = queryset.filter(pk__in=_folded_matches(queryset.filter(ours), filters.query) + partner_hits)
    return queryset.with_people().order_by(*order)


LISTED_SKILLS = 6


def attach_skill_names(consultants: list[Consultant]) -> list[Consultant]:
    """Set `consultant.skill_names`, the first LISTED_SKILLS skill names of each (by name), as the
    list shows them. One query of names, no model instances."""
    names: dict[int, list[str]] = {consultant.pk: [] for consultant in consultants}
    if names:
        held = (
            ConsultantSkill.objects.filter(consultant_id__in=list(names))
            .order_by("consultant_id", "skill__name")
            .values_list("consultant_id", "skill__name")
        )
        for consultant_id, name in held:
            if len(names[consultant_id]) < LISTED_SKILLS:
                names[consultant_id].append(name)
    for consultant in consultants:
        consultant.skill_names = names[consultant.pk]
    return consultants


def consultant_search_query(text: str) -> SearchQuery:
    """What was typed, as whole words (web-search syntax) or as word prefixes ("Lef" finds Lefèvre).

    The prefix form is built from letters and digits only, so nothing typed can reach the tsquery syntax.
    """
    words = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    terms = re.findall(r"[^\W_]+", text)[:MAX_SEARCH_TERMS]
    if not terms:
        return words
    prefixes = SearchQuery(" & ".join(f"{term}:*" for term in terms), config=SEARCH_CONFIG, search_type="raw")
    return words | prefixes


def _folded_matches(queryset: QuerySet[Consultant], text: str, *, private: bool = True) -> list[int]:
    """SQLite: ids whose names, title, bio, skills or skill aliases contain every typed word, ignoring
    case and accents (without `private`, names and bio are left out). Three queries whatever the rows."""
    words = fold(text).split()
    documents = {
        pk: [first, last, title, bio] if private else [title]
        for pk, first, last, title, bio in queryset.order_by().values_list(
            "pk", "user__first_name", "user__last_name", "title", "bio"
        )
    }
    held = (
        ConsultantSkill.objects.filter(consultant_id__in=list(documents))
        .order_by()
        .values_list("consultant_id", "skill_id")
    )
    skills_of: dict[int, list[int]] = {}
    for consultant_id, skill_id in held:
        skills_of.setdefault(consultant_id, []).append(skill_id)
    wanted = {skill_id for ids in skills_of.values() for skill_id in ids}
    words_of_skill: dict[int, list[str]] = {}
    for skill_id, name, alias in Skill.objects.filter(pk__in=wanted).values_list("pk", "name", "aliases__alias"):
        words_of_skill.setdefault(skill_id, [name]).append(alias or "")
    found = []
    for pk, parts in documents.items():
        for skill_id in skills_of.get(pk, []):
            parts.extend(words_of_skill.get(skill_id, []))
        document = fold(" ".join(part or "" for part in parts))
        if all(word in document for word in words):
            found.append(pk)
    return found


# --- the skill catalogue -----------------------------------------------------------------------


def skill_catalogue(query: str = "") -> list[tuple[str, list[Skill]]]:
    """The catalogue grouped by category in the categories' order, each skill with its aliases and
    related skills prefetched; `query` keeps the skills whose name or an alias contains it
    (case- and accent-insensitive). Three queries."""
    skills = Skill.objects.prefetch_related(
        Prefetch("aliases", queryset=SkillAlias.objects.order_by("alias")),
        Prefetch("related_skills", queryset=Skill.objects.order_by("name")),
    ).order_by("name", "pk")
    words = fold(query).split()
    groups: dict[str, list[Skill]] = {category: [] for category in SkillCategory.values}
    for skill in skills:
        if words:
            document = fold(" ".join([skill.name, *(alias.alias for alias in skill.aliases.all())]))
            if not all(word in document for word in words):
                continue
        groups.setdefault(skill.category, []).append(skill)
    labels = dict(SkillCategory.choices)
    return [(labels.get(category, category), members) for category, members in groups.items() if members]
