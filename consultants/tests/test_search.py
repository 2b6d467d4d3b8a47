"""Consultant search: PostgreSQL full-text ('french_unaccent', ts_rank) kept current by the database's
triggers, and the SQLite fallback that folds accents in Python (skill words: test_search_skills.py)."""

import pytest
from django.db import connection
from django.urls import reverse

from consultants.models import Consultant, ProficiencyLevel, SkillAlias, SkillCategory
from consultants.search import folded_matches
from consultants.services import (
    consultant_create,
    consultant_search_refresh,
    consultant_skill_remove,
    consultant_skill_set,
    consultant_update,
    skill_update,
)
from consultants.tests.factories import ConsultantFactory, SkillFactory


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source form."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def sqlite_only(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite fallback")


@pytest.fixture
def people(cast):
    """Hélène (by the services, so her search document is written), a colleague who mentions her in
    the bio, and a namesake in the other company."""
    javascript = SkillFactory(name="JavaScript", category=SkillCategory.PROGRAMMING_LANGUAGE)
    SkillAlias.objects.create(skill=javascript, alias="ECMAScript")
    helene = consultant_create(
        company=cast.a.company,
        first_name="Hélène",
        last_name="Lefèvre",
        email="helene@alpha.test",
        title="Développeuse front-end",
        bio="Interfaces accessibles.",
    )
    consultant_skill_set(consultant=helene, skill=javascript, proficiency_level=ProficiencyLevel.EXPERT)
    mentor = consultant_create(
        company=cast.a.company,
        first_name="Marc",
        last_name="Durand",
        email="marc@alpha.test",
        title="Chef de projet",
        bio="A formé Hélène Lefèvre à l'accessibilité.",
    )
    consultant_create(
        company=cast.b.company,
        first_name="Hélène",
        last_name="Lefèvre",
        email="helene@beta.test",
        title="Namesake",
    )
    return {"helene": helene, "mentor": mentor, "javascript": javascript}


def _search(client, user, text: str, **params) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("consultants:consultant-list"), {"q": text, **params})
    assert response.status_code == 200
    return [f"{consultant.full_name} / {consultant.title}" for consultant in response.context["page"]]


@pytest.mark.parametrize("typed", ["Helene Lefevre", "hélène lefèvre", "LEFEVRE", "  helene   LEFEVRE "])
def test_helene_lefevre_is_found_without_accents_nor_case_on_either_database(client, cast, people, typed):
    # Her colleague's biography mentions her too; the namesake belongs to the other company.
    assert sorted(_search(client, cast.a.recruiter, typed)) == [
        "Hélène Lefèvre / Développeuse front-end",
        "Marc Durand / Chef de projet",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("developpeuse", ["Hélène Lefèvre / Développeuse front-end"]),
        ("javascript", ["Hélène Lefèvre / Développeuse front-end"]),
        ("ecmascript", ["Hélène Lefèvre / Développeuse front-end"]),
        ("accessibles", ["Hélène Lefèvre / Développeuse front-end"]),
        ("chef projet", ["Marc Durand / Chef de projet"]),
        ("Lef", ["Hélène Lefèvre / Développeuse front-end", "Marc Durand / Chef de projet"]),
        ("Cobol", []),
    ],
)
def test_the_search_covers_names_title_bio_skills_and_skill_aliases(client, cast, people, typed, expected):
    assert sorted(_search(client, cast.a.recruiter, typed)) == expected


@pytest.mark.parametrize("typed", ["C++ & | ! :* ( ) <-> '\"", "':*", "&&", "\\", "%_"])
def test_no_typed_text_breaks_the_search(client, cast, people, typed):
    assert _search(client, cast.a.recruiter, typed) == []


def test_a_consultant_user_searches_only_their_own_profile(client, cast, people):
    ConsultantFactory(company=cast.a.company, user=cast.a.consultant_user, title="Own")
    assert _search(client, cast.a.consultant_user, "Helene Lefevre") == []


def test_the_folded_fallback_matches_every_word_in_names_title_bio_skills_and_aliases(cast, people):
    scope = Consultant.objects.filter(company=cast.a.company)
    helene, mentor = people["helene"].pk, people["mentor"].pk
    assert sorted(folded_matches(scope, "Helene LEFEVRE")) == sorted([helene, mentor])
    assert folded_matches(scope, "ecmascript DEVELOPPEUSE") == [helene]
    assert folded_matches(scope, "helene cobol") == []


def test_on_sqlite_the_list_falls_back_to_folded_matching_sorted_by_name(client, cast, people, sqlite_only):
    assert consultant_search_refresh() == 0
    assert Consultant.objects.filter(search_vector__isnull=False).count() == 0
    assert _search(client, cast.a.recruiter, "Helene Lefevre") == [
        "Marc Durand / Chef de projet",
        "Hélène Lefèvre / Développeuse front-end",
    ]


# --- PostgreSQL full-text ----------------------------------------------------------------------


@pytest.mark.postgres_only
def test_the_french_unaccent_configuration_and_the_gin_index_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('french_unaccent', 'Hélène Lefèvre développeuses')::text")
        assert cursor.fetchone()[0] == "'developp':3 'helen':1 'lefevr':2"
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'consultants_search_vector_idx'")
        assert cursor.fetchone()[0].endswith("USING gin (search_vector)")


@pytest.mark.postgres_only
def test_a_name_match_ranks_above_a_mention_in_a_biography(client, cast, people):
    client.force_login(cast.a.recruiter)
    response = client.get(reverse("consultants:consultant-list"), {"q": "Helene Lefevre"})
    page = list(response.context["page"])
    assert [consultant.pk for consultant in page] == [people["helene"].pk, people["mentor"].pk]
    assert page[0].rank > page[1].rank > 0


@pytest.mark.postgres_only
def test_an_explicit_sort_overrides_relevance(client, cast, people):
    assert _search(client, cast.a.recruiter, "Helene Lefevre", sort="name") == [
        "Marc Durand / Chef de projet",
        "Hélène Lefèvre / Développeuse front-end",
    ]


@pytest.mark.postgres_only
def test_the_search_document_follows_every_write_of_the_services(client, cast, people):
    helene, javascript = people["helene"], people["javascript"]
    consultant_update(consultant=helene, by=cast.a.recruiter, first_name="Héloïse", title="Architecte")
    assert _search(client, cast.a.recruiter, "heloise architecte") == ["Héloïse Lefèvre / Architecte"]
    assert _search(client, cast.a.recruiter, "helene developpeuse") == []

    skill_update(skill=javascript, name="JavaScript ES2024", category=javascript.category, aliases=["Vanilla"])
    assert _search(client, cast.a.recruiter, "vanilla") == ["Héloïse Lefèvre / Architecte"]
    assert _search(client, cast.a.recruiter, "ecmascript") == []

    consultant_skill_remove(consultant=helene, skill=javascript)
    assert _search(client, cast.a.recruiter, "vanilla") == []


@pytest.mark.postgres_only
def test_a_row_loaded_without_the_services_is_searchable_at_once_and_a_rebuild_changes_nothing(client, cast, people):
    loaded = ConsultantFactory(company=cast.a.company, title="Ingénieure DevOps", user__first_name="Zoé")
    assert _search(client, cast.a.recruiter, "ingenieure") == [f"{loaded.full_name} / Ingénieure DevOps"]
    documents = dict(Consultant.objects.values_list("pk", "search_vector"))
    assert consultant_search_refresh() == Consultant.objects.count()
    assert dict(Consultant.objects.values_list("pk", "search_vector")) == documents
    assert consultant_search_refresh([]) == 0
    assert consultant_search_refresh([loaded.pk, loaded.pk]) == 1
