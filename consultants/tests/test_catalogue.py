from collections import Counter

import pytest

from consultants.catalogue import CATALOGUE, CatalogueEntry, SyncResult, catalogue_problems, skill_catalogue_sync
from consultants.models import Skill, SkillAlias, SkillCategory

Relation = Skill.related_skills.through


def _dump():
    return {
        "skills": list(Skill.objects.order_by("pk").values()),
        "aliases": list(SkillAlias.objects.order_by("pk").values()),
        "relations": sorted(Relation.objects.values_list("from_skill_id", "to_skill_id")),
    }


def _alias_owner(alias: str) -> str:
    return SkillAlias.objects.select_related("skill").get(alias__iexact=alias).skill.name


def _related(name: str) -> set[str]:
    return set(Skill.objects.get(name=name).related_skills.values_list("name", flat=True))


def test_catalogue_data_has_no_problem():
    assert catalogue_problems() == []


def test_catalogue_has_over_600_skills_covering_all_eight_categories():
    categories = Counter(entry.category for entry in CATALOGUE)
    assert len(CATALOGUE) >= 600
    assert set(categories) == set(SkillCategory.values)
    assert min(categories.values()) >= 15


def test_every_catalogue_entry_has_a_description_in_english_and_in_french():
    assert [entry.name for entry in CATALOGUE if not entry.description.strip()] == []
    assert [entry.name for entry in CATALOGUE if not entry.description_fr.strip()] == []
    assert [entry.name for entry in CATALOGUE if entry.description_fr == entry.description] == []


@pytest.mark.parametrize(
    "name",
    [
        "Cisco IOS",
        "Fortinet",
        "Palo Alto Networks",
        "SAP FI/CO",
        "DAX",
        "FreeRTOS",
        "AUTOSAR",
        "DO-178C",
        "MLflow",
        "Kubeflow",
        "Bicep",
        "WordPress",
        "JCL",
        "Microsoft Power Apps",
        "Cucumber",
        "Business analysis",
    ],
)
def test_the_catalogue_holds_the_skills_french_esns_staff_for_each_with_aliases_or_related_skills(name):
    entry = next(entry for entry in CATALOGUE if entry.name == name)
    assert entry.related and entry.description_fr


def test_a_french_name_may_repeat_its_own_alias_but_never_name_another_skill():
    entries = (
        CatalogueEntry("Rigour", SkillCategory.SOFT_SKILL, "Care.", ("Rigueur",), name_fr="Rigueur"),
        CatalogueEntry("Autonomy", SkillCategory.SOFT_SKILL, "Initiative.", ("Autonomie",), name_fr="rigueur"),
        CatalogueEntry("Empathy", SkillCategory.SOFT_SKILL, "Care.", (), name_fr="Autonomie"),
        CatalogueEntry("Teamwork", SkillCategory.SOFT_SKILL, "Together.", (), name_fr="teamwork"),
    )
    assert catalogue_problems(entries) == [
        "Teamwork: French name 'teamwork' is the name itself, leave it empty",
        "Autonomy: French name 'rigueur' also names Rigour",
        "Empathy: French name 'Autonomie' also names Autonomy",
    ]


def test_aliases_are_unique_case_insensitively_and_never_a_skill_name():
    aliases = [alias.lower() for entry in CATALOGUE for alias in entry.aliases]
    names = {entry.name.lower() for entry in CATALOGUE}
    assert len(aliases) == len(set(aliases))
    assert names.isdisjoint(aliases)


def test_problems_name_a_duplicate_alias_an_alias_that_is_a_name_and_an_unknown_related_skill():
    entries = (
        CatalogueEntry("Java", SkillCategory.PROGRAMMING_LANGUAGE, "JVM language.", ("JDK",), ("Kotlin",)),
        CatalogueEntry("Scala", SkillCategory.PROGRAMMING_LANGUAGE, "JVM language.", ("jdk", "JAVA")),
    )
    assert catalogue_problems(entries) == [
        "Java: related skill 'Kotlin' is not in the catalogue",
        "Scala: alias 'jdk' is already an alias of Java",
        "Scala: alias 'JAVA' is the name of Java",
    ]


def test_sync_loads_every_skill_alias_and_link(db):
    result = skill_catalogue_sync()

    pairs = {frozenset((entry.name, related)) for entry in CATALOGUE for related in entry.related}
    assert result == SyncResult(
        skills_created=len(CATALOGUE),
        aliases_created=sum(len(entry.aliases) for entry in CATALOGUE),
        relations_created=len(pairs),
    )
    assert Skill.objects.count() == len(CATALOGUE)
    assert SkillAlias.objects.count() == sum(len(entry.aliases) for entry in CATALOGUE)
    assert Relation.objects.count() == 2 * len(pairs)
    javascript = Skill.objects.get(name="JavaScript")
    assert javascript.category == SkillCategory.PROGRAMMING_LANGUAGE
    assert javascript.description == "The language of the web browser, also run on servers through Node.js."


def test_related_links_are_stored_in_both_directions(db):
    skill_catalogue_sync()

    links = set(Relation.objects.values_list("from_skill_id", "to_skill_id"))
    assert {(to, source) for source, to in links} == links
    assert "JavaScript" in _related("TypeScript") and "TypeScript" in _related("JavaScript")
    assert {"MariaDB", "PostgreSQL"} <= _related("MySQL")
    assert "MySQL" in _related("MariaDB") and "MySQL" in _related("PostgreSQL")
    assert {"Flask", "FastAPI"} <= _related("Django")
    assert {"Azure", "GCP"} <= _related("AWS")
    assert "AWS" in _related("GCP") and "AWS" in _related("Azure")


@pytest.mark.parametrize(
    ("alias", "skill"),
    [
        ("js", "JavaScript"),
        ("ECMAScript", "JavaScript"),
        ("POSTGRES", "PostgreSQL"),
        ("psql", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("CSharp", "C#"),
        ("golang", "Go"),
        ("Gestion de projet", "Project management"),
        ("travail en équipe", "Teamwork"),
    ],
)
def test_common_aliases_find_their_canonical_skill(db, alias, skill):
    skill_catalogue_sync()
    assert _alias_owner(alias) == skill


def test_second_sync_changes_nothing(db):
    skill_catalogue_sync()
    before = _dump()

    assert skill_catalogue_sync() == SyncResult()
    assert _dump() == before


def test_sync_corrects_a_description_and_leaves_an_alias_held_by_another_skill(db):
    javascript = Skill.objects.create(name="JavaScript", category=SkillCategory.PROGRAMMING_LANGUAGE, description="x")
    in_house = Skill.objects.create(name="JScript maison", category=SkillCategory.OTHER)
    SkillAlias.objects.create(skill=in_house, alias="Js")

    result = skill_catalogue_sync()

    assert result.skills_created == len(CATALOGUE) - 1
    assert result.skills_updated == 1
    assert result.aliases_skipped == 1
    assert result.aliases_created == sum(len(entry.aliases) for entry in CATALOGUE) - 1
    javascript.refresh_from_db()
    assert javascript.description == "The language of the web browser, also run on servers through Node.js."
    assert _alias_owner("JS") == "JScript maison"
    assert Skill.objects.count() == len(CATALOGUE) + 1


def test_a_same_named_skill_of_another_category_stays_apart(db):
    other_go = Skill.objects.create(name="Go", category=SkillCategory.OTHER, description="The board game.")

    skill_catalogue_sync()

    assert sorted(Skill.objects.filter(name="Go").values_list("category", flat=True)) == [
        SkillCategory.OTHER,
        SkillCategory.PROGRAMMING_LANGUAGE,
    ]
    other_go.refresh_from_db()
    assert other_go.description == "The board game."
    assert other_go.related_skills.count() == 0


def test_an_inconsistent_catalogue_is_refused_and_nothing_is_written(db):
    entries = (CatalogueEntry("Java", SkillCategory.PROGRAMMING_LANGUAGE, "JVM language.", ("JDK",), ("Kotlin",)),)

    with pytest.raises(ValueError, match="related skill 'Kotlin' is not in the catalogue"):
        skill_catalogue_sync(entries=entries)

    assert Skill.objects.count() == 0
    assert SkillAlias.objects.count() == 0
