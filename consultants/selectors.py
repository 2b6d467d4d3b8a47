"""Reads for the consultant and skill pages: search, filters, the catalogue, and skill names typed in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf

from consultants.models import (
    PROFICIENCY_RANK,
    Consultant,
    ConsultantSkill,
    Skill,
    SkillAlias,
    SkillCategory,
    reads_french,
    skill_display_name,
)
from consultants.search import catalogue_terms, consultant_search_query, folded_matches, is_ranked
from talentmatch.text import fold

__all__ = ["consultant_search_query", "folded_matches"]  # the search, for the benchmarks and tests

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
    """The catalogue skills that `text` names, through a skill name, its French name or an alias,
    ignoring case and accents.

    A name wins over a French name, which wins over an alias. More than one result means the text is
    ambiguous; none, unknown.
    """
    typed = " ".join((text or "").split())
    if not typed:
        return []
    for lookup in ({"name__iexact": typed}, {"name_fr__iexact": typed}, {"aliases__alias__lower_exact": typed}):
        found = list(Skill.objects.filter(**lookup).distinct())
        if found:
            return found
    key = fold(typed)
    rows = list(Skill.objects.values_list("pk", "name", "name_fr"))
    named = [pk for pk, name, _ in rows if fold(name) == key] or [pk for pk, _, name_fr in rows if fold(name_fr) == key]
    if not named:
        named = [pk for pk, alias in SkillAlias.objects.values_list("skill_id", "alias") if fold(alias) == key]
    return list(Skill.objects.filter(pk__in=named)) if named else []


def skill_aliases() -> list[tuple[str, str]]:
    """Every (alias, skill name) of the catalogue, by alias, for the type-ahead of the skill pickers."""
    return list(SkillAlias.objects.order_by("alias", "skill__name").values_list("alias", "skill__name"))


def skill_names() -> list[str]:
    """Every catalogue name and French name once, for the <datalist> of the skill pickers (both resolve
    through `skill_matches`)."""
    names = set()
    for name, name_fr in Skill.objects.values_list("name", "name_fr"):
        names.update(value for value in (name, name_fr) if value)
    return sorted(names, key=lambda name: (fold(name), name))


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
    free_on: datetime.date | None = None  # on the bench that day (the dashboard's forecast links here)
    created_since: datetime.date | None = None


def consultants_for_list(user, filters: ConsultantFilters) -> QuerySet[Consultant]:
    """The consultants `user` may see that pass `filters`, sorted, with their account and company
    (`attach_skill_names` adds the skills of a page).

    The page costs a fixed number of queries whatever the number of rows. With a search on
    PostgreSQL that has words to rank by, each row carries `rank` (ts_rank) and "relevance" is the
    default order; skill words alone keep the list's order (their holders match alike).
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
    if filters.free_on is not None:
        queryset = queryset.free_on(filters.free_on)
    if filters.created_since is not None:
        queryset = queryset.filter(created_at__date__gte=filters.created_since)

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
        terms = catalogue_terms()
        partner_hits = folded_matches(queryset.exclude(ours), filters.query, private=False, terms=terms) if ours else []
        if connection.vendor == "postgresql":
            search = consultant_search_query(filters.query, terms)
            matched = Q(search_vector=search)
            if ours:
                matched = (ours & matched) | Q(pk__in=partner_hits)
            queryset = queryset.filter(matched)
            if is_ranked(filters.query, terms):
                queryset = queryset.annotate(rank=SearchRank(F("search_vector"), search))
                if filters.sort not in CONSULTANT_SORTS:
                    order = ("-rank", *order)
        else:
            own_hits = folded_matches(queryset.filter(ours), filters.query, terms=terms)
            queryset = queryset.filter(pk__in=own_hits + partner_hits)
    return queryset.with_people().order_by(*order)


LISTED_SKILLS = 6


def attach_skill_names(consultants: list[Consultant]) -> list[Consultant]:
    """Set `consultant.skill_names`, the first LISTED_SKILLS skill names of each in the active
    language (by that name), as the list shows them. One query of names, no model instances."""
    names: dict[int, list[str]] = {consultant.pk: [] for consultant in consultants}
    if names:
        held = ConsultantSkill.objects.filter(consultant_id__in=list(names)).values_list(
            "consultant_id", "skill__name", "skill__name_fr"
        )
        for consultant_id, name, name_fr in held:
            names[consultant_id].append(skill_display_name(name, name_fr))
    for consultant in consultants:
        consultant.skill_names = sorted(names[consultant.pk], key=lambda name: (fold(name), name))[:LISTED_SKILLS]
    return consultants


def skill_choices(user) -> QuerySet[Skill]:
    """The skills `user` may pick, by the name the reader sees (the French one for a French reader)."""
    skills = Skill.objects.visible_to(user).only("pk", "name", "name_fr")
    if not reads_french():
        return skills.order_by("name", "pk")
    return skills.annotate(shown=Coalesce(NullIf("name_fr", Value("")), "name")).order_by("shown", "pk")


def skill_display_names(ids, language: str | None = None) -> dict[int, str]:
    """{skill id: the name a reader of `language` sees (`Skill.display_name`)} for `ids`, in one query."""
    ids = set(ids)
    if not ids:
        return {}
    rows = Skill.objects.filter(pk__in=ids).values_list("pk", "name", "name_fr")
    return {pk: skill_display_name(name, name_fr, language) for pk, name, name_fr in rows}


# --- the skill catalogue -----------------------------------------------------------------------


def skill_catalogue(query: str = "") -> list[tuple[str, list[Skill]]]:
    """The catalogue grouped by category in the categories' order, each skill (by its name in the
    active language) with its aliases and related skills prefetched; `query` keeps the skills whose
    name, French name or an alias contains it (case- and accent-insensitive). Three queries."""
    skills = Skill.objects.prefetch_related(
        Prefetch("aliases", queryset=SkillAlias.objects.order_by("alias")),
        Prefetch("related_skills", queryset=Skill.objects.order_by("name")),
    ).order_by("name", "pk")
    words = fold(query).split()
    groups: dict[str, list[Skill]] = {category: [] for category in SkillCategory.values}
    for skill in skills:
        if words:
            document = fold(" ".join([skill.name, skill.name_fr, *(alias.alias for alias in skill.aliases.all())]))
            if not all(word in document for word in words):
                continue
        groups.setdefault(skill.category, []).append(skill)
    for members in groups.values():
        members.sort(key=lambda skill: (fold(skill.label), skill.pk))  # by the name the page shows
    labels = dict(SkillCategory.choices)
    return [(labels.get(category, category), members) for category, members in groups.items() if members]
