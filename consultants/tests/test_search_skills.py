"""Skill words in the consultant search: "C#", "C++", ".NET", "Go", "C" find exactly their holders on
both databases, and on PostgreSQL the search document follows every write — services, admin, the ORM
straight (bulk_create, QuerySet.update) and raw SQL — through the database's triggers."""

import pytest
from django.db import connection
from django.urls import reverse

from consultants.models import Consultant, ConsultantSkill, ProficiencyLevel, Skill, SkillAlias, SkillCategory
from consultants.search import parse_query, text_search_query
from consultants.selectors import skill_matches, skill_names
from consultants.tests.factories import ConsultantFactory, SkillFactory
from talentmatch.models import User
from talentmatch.tests.test_admin_writes import _post

LANGUAGE, FRAMEWORK = SkillCategory.PROGRAMMING_LANGUAGE, SkillCategory.FRAMEWORK
# Each person and what they hold; nobody's name, title or bio names a skill but Hugo's.
HOLDINGS = {
    "Amélie": ["C#"],
    "Bruno": ["C++"],
    "Chloé": ["C"],
    "David": [".NET"],
    "Emma": ["Go"],
    "Farid": ["R", "JavaScript"],
    "Gaëlle": ["Node.js"],
    "Inès": ["Java"],
}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def skills(db):
    catalogue = {
        "C#": (LANGUAGE, ["CSharp"]),
        "C++": (LANGUAGE, ["CPP"]),
        "C": (LANGUAGE, []),
        ".NET": (FRAMEWORK, ["dotnet"]),
        "Go": (LANGUAGE, ["Golang"]),
        "R": (LANGUAGE, []),
        "JavaScript": (LANGUAGE, ["JS"]),
        "Node.js": (FRAMEWORK, ["Node"]),
        "Java": (LANGUAGE, []),
    }
    created = {}
    for name, (category, aliases) in catalogue.items():
        created[name] = SkillFactory(name=name, category=category)
        SkillAlias.objects.bulk_create([SkillAlias(skill=created[name], alias=alias) for alias in aliases])
    return created


@pytest.fixture
def holders(cast, skills):
    """The people of HOLDINGS in company A, written straight through the ORM (factories and
    bulk_create, no service), plus Hugo, who holds nothing but writes C# and Java in his profile."""
    people = {
        first: ConsultantFactory(
            company=cast.a.company, user__first_name=first, user__last_name="Martin", title="Consultant", bio="Fiable."
        )
        for first in HOLDINGS
    }
    people["Hugo"] = ConsultantFactory(
        company=cast.a.company,
        user__first_name="Hugo",
        user__last_name="Martin",
        title="Développeur Java",
        bio="Curieux de C#, de Go et de .NET.",
    )
    ConsultantSkill.objects.bulk_create(
        ConsultantSkill(consultant=people[first], skill=skills[name], proficiency_level=ProficiencyLevel.ADVANCED)
        for first, names in HOLDINGS.items()
        for name in names
    )
    return people


def _found(client, user, text: str) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("consultants:consultant-list"), {"q": text})
    assert response.status_code == 200
    return sorted(consultant.user.first_name for consultant in response.context["page"])


# What is typed, and whom it finds among the people of `holders`.
SKILL_SEARCHES = {
    "C#": ["Amélie"],
    "c#": ["Amélie"],
    "csharp": ["Amélie"],
    "C++": ["Bruno"],
    "C": ["Chloé"],
    ".NET": ["David"],
    "dotnet": ["David"],
    "Go": ["Emma"],
    "golang": ["Emma"],
    "R": ["Farid"],
    "JS": ["Farid"],
    "Node.js": ["Gaëlle"],
    "(Node.js).": ["Gaëlle"],
    # A plain word of three letters or more is also found in the text: Hugo's title says Java.
    "Java": ["Hugo", "Inès"],
    "JavaScript": ["Farid"],
    # A skill word and other words: every part must match.
    "R Farid": ["Farid"],
    "farid r js": ["Farid"],
    "C# Bruno": [],
    "Martin C++": ["Bruno"],
    "C# Rust": [],
}


def test_a_skill_word_finds_exactly_the_holders_of_that_skill_on_either_database(client, cast, holders):
    found = {typed: _found(client, cast.a.recruiter, typed) for typed in SKILL_SEARCHES}
    assert found == SKILL_SEARCHES


def test_skill_words_are_the_longest_catalogue_names_and_the_rest_stays_text():
    terms = {"spring": {1}, "spring boot": {2}, "c#": {3}, "node.js": {4}, "go": {5}}
    parsed = parse_query('Spring Boot "C#" developpeur Node.js. go-live', terms)
    assert [(word.typed, set(word.skill_ids), word.text) for word in parsed.skills] == [
        ("Spring Boot", {2}, "Spring Boot"),
        ("C#", {3}, ""),
        ("Node.js", {4}, ""),
    ]
    assert parsed.rest == "developpeur go-live"
    assert parse_query("  ", terms).skills == ()


def test_a_skill_word_does_not_reach_another_company(client, cast, holders, skills):
    other = ConsultantFactory(company=cast.b.company, user__first_name="Zoé", title="Consultant")
    ConsultantSkill.objects.create(consultant=other, skill=skills["C#"], proficiency_level=ProficiencyLevel.EXPERT)
    assert _found(client, cast.a.recruiter, "C#") == ["Amélie"]
    assert _found(client, cast.b.recruiter, "C#") == ["Zoé"]


def test_writes_straight_through_the_orm_and_raw_sql_are_searchable_at_once(client, cast, holders, skills):
    recruiter, amelie, bruno = cast.a.recruiter, holders["Amélie"], holders["Bruno"]
    # QuerySet.update of a profile, of an account, of a held skill; a delete.
    Consultant.objects.filter(pk=amelie.pk).update(bio="Spécialiste des microcontrôleurs.")
    assert _found(client, recruiter, "microcontroleurs") == ["Amélie"]
    User.objects.filter(pk=bruno.user_id).update(first_name="Barnabé")
    assert _found(client, recruiter, "barnabe") == ["Barnabé"]
    ConsultantSkill.objects.filter(consultant=bruno).update(skill=skills["C#"])
    assert (_found(client, recruiter, "C#"), _found(client, recruiter, "C++")) == (["Amélie", "Barnabé"], [])
    ConsultantSkill.objects.filter(consultant=amelie).delete()
    assert _found(client, recruiter, "C#") == ["Barnabé"]
    # Raw SQL: a skill held, a title written.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO consultant_skills (consultant_id, skill_id, proficiency_level, created_at, updated_at)"
            " VALUES (%s, %s, 'expert', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            [holders["Chloé"].pk, skills["C++"].pk],
        )
        cursor.execute("UPDATE consultants SET title = 'Architecte logiciel' WHERE id = %s", [holders["David"].pk])
    assert _found(client, recruiter, "C++") == ["Chloé"]
    assert _found(client, recruiter, "architecte") == ["David"]


@pytest.mark.postgres_only
def test_the_catalogue_words_in_the_documents_follow_a_skill_renamed_or_aliased_through_the_orm(holders, skills):
    def documents_with(text: str) -> list[int]:
        return sorted(Consultant.objects.filter(search_vector=text_search_query(text)).values_list("pk", flat=True))

    farid = holders["Farid"].pk
    Skill.objects.filter(pk=skills["JavaScript"].pk).update(name="ECMAScript")
    assert documents_with("ecmascript") == [farid]
    SkillAlias.objects.create(skill=skills["R"], alias="GNU S")
    assert documents_with("gnu") == [farid]
    SkillAlias.objects.filter(alias="GNU S").delete()
    assert documents_with("gnu") == []


@pytest.mark.postgres_only
def test_an_admin_edit_of_a_biography_is_searchable_at_once(client, cast, holders):
    emma = holders["Emma"]
    client.force_login(cast.admin)
    url = reverse("admin:consultants_consultant_change", args=[emma.pk])
    response = _post(client, url, {"bio": "Experte en ordonnancement temps réel."})
    assert response.status_code == 302
    assert _found(client, cast.a.recruiter, "ordonnancement") == ["Emma"]
    assert _found(client, cast.a.recruiter, "fiable Go") == []
    assert _found(client, cast.a.recruiter, "temps reel Go") == ["Emma"]


def test_a_french_name_is_shown_on_french_pages_found_by_the_search_and_the_pickers(client, cast, holders, skills):
    solving = SkillFactory(
        name="Problem solving",
        category=SkillCategory.SOFT_SKILL,
        description="Finding workable solutions.",
        name_fr="Résolution de problèmes",
        description_fr="Trouver des solutions applicables.",
    )
    ConsultantSkill.objects.create(consultant=holders["Inès"], skill=solving, proficiency_level=ProficiencyLevel.EXPERT)
    assert _found(client, cast.a.recruiter, "resolution de problemes") == ["Inès"]
    assert skill_matches("Résolution de problèmes") == [solving]
    assert "Résolution de problèmes" in skill_names() and "Problem solving" in skill_names()

    french = client.get(reverse("skills:skill-list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'Résolution de problèmes <span class="muted" lang="en">(Problem solving)</span>' in french
    assert "Trouver des solutions applicables." in french and "Finding workable solutions." not in french
    english = client.get(reverse("skills:skill-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Problem solving<br>" in english and "Résolution de problèmes" not in english
