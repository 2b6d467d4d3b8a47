"""The consultant list (filters, sorting, paging, query counts) and the skill catalogue pages."""

import datetime

import pytest
from django.urls import reverse

from consultants.models import Skill, SkillAlias, SkillCategory
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from consultants.tests.pages import HTMX, _login

# Messages are asserted in their English source form.
pytestmark = pytest.mark.usefixtures("_english")


# --- the list ----------------------------------------------------------------------------------


def _names(response) -> list[str]:
    return [consultant.full_name for consultant in response.context["page"]]


@pytest.fixture
def roster(cast):
    """Four consultants of company a with distinct rates, places, dates and skills, one of company b."""
    python = SkillFactory(name="Python")
    java = SkillFactory(name="Java")

    def hire(first, last, **fields):
        skills = fields.pop("skills", {})
        consultant = ConsultantFactory(company=cast.a.company, user__first_name=first, user__last_name=last, **fields)
        for skill, level in skills.items():
            ConsultantSkillFactory(consultant=consultant, skill=skill, proficiency_level=level)
        return consultant

    hire(
        "Alice",
        "Martin",
        daily_rate=500,
        location="Lyon",
        remote_work=True,
        availability_date=datetime.date(2027, 3, 1),
        skills={python: "expert"},
    )
    hire(
        "Bruno",
        "Durand",
        daily_rate=650,
        location="Paris",
        availability_status="on_mission",
        availability_date=datetime.date(2027, 1, 1),
        skills={python: "beginner", java: "advanced"},
    )
    hire("Chloé", "Bernard", daily_rate=800, location="Lyon 3e", remote_work=True, skills={java: "expert"})
    hire("Denis", "Petit", daily_rate=None, location="Nantes")
    ConsultantFactory(company=cast.b.company, user__first_name="Other", user__last_name="Company", daily_rate=100)
    return {"python": python, "java": java}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Chloé Bernard", "Bruno Durand", "Alice Martin", "Denis Petit"]),
        ({"skill": "python"}, ["Bruno Durand", "Alice Martin"]),
        ({"skill": "python", "minimum_level": "advanced"}, ["Alice Martin"]),
        ({"skill": "java", "minimum_level": "expert"}, ["Chloé Bernard"]),
        ({"availability_status": "on_mission"}, ["Bruno Durand"]),
        ({"city": "lyon"}, ["Chloé Bernard", "Alice Martin"]),
        ({"remote": "on"}, ["Chloé Bernard", "Alice Martin"]),
        ({"rate_min": "600"}, ["Chloé Bernard", "Bruno Durand"]),
        ({"rate_max": "650"}, ["Bruno Durand", "Alice Martin"]),
        ({"rate_min": "550", "rate_max": "700"}, ["Bruno Durand"]),
        ({"sort": "rate"}, ["Alice Martin", "Bruno Durand", "Chloé Bernard", "Denis Petit"]),
        ({"sort": "-rate"}, ["Chloé Bernard", "Bruno Durand", "Alice Martin", "Denis Petit"]),
        ({"sort": "availability"}, ["Chloé Bernard", "Denis Petit", "Bruno Durand", "Alice Martin"]),
        ({"q": "bruno"}, ["Bruno Durand"]),
        ({"q": "chloe"}, ["Chloé Bernard"]),
        ({"q": "java", "sort": "name"}, ["Chloé Bernard", "Bruno Durand"]),
    ],
)
def test_the_list_filters_and_sorts_within_the_company(client, cast, roster, params, expected):
    from consultants.services import consultant_search_refresh

    consultant_search_refresh()
    if "skill" in params:
        params = {**params, "skill": str(roster[params["skill"]].pk)}
    response = _login(client, cast.a.recruiter).get(reverse("consultants:consultant-list"), params)
    assert response.status_code == 200
    assert _names(response) == expected


def test_a_rate_range_upside_down_is_refused_beside_the_field(client, cast, roster):
    response = _login(client, cast.a.recruiter).get(
        reverse("consultants:consultant-list"), {"rate_min": "700", "rate_max": "600"}
    )
    content = response.content.decode()
    assert 'id="id_rate_max_error" role="alert">The upper bound cannot be below the lower bound.</p>' in content
    assert _names(response) == ["Chloé Bernard"]


def test_the_list_pages_by_25_and_keeps_the_filters_in_the_page_links(client, cast):
    for index in range(30):
        ConsultantFactory(company=cast.a.company, user__last_name=f"Name{index:02d}", location="Lyon")
    client = _login(client, cast.a.recruiter)
    first = client.get(reverse("consultants:consultant-list"), {"city": "Lyon"})
    second = client.get(reverse("consultants:consultant-list"), {"city": "Lyon", "page": "2"})
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5
    assert 'href="?city=Lyon&amp;page=2"' in first.content.decode()


def test_the_list_answers_htmx_with_the_results_fragment(client, cast, roster):
    response = _login(client, cast.a.recruiter).get(reverse("consultants:consultant-list"), {"city": "Paris"}, **HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="consultant-results"')
    assert "<html" not in content
    assert _names(response) == ["Bruno Durand"]


def _hire_many(company, count: int, skills: list[Skill]) -> None:
    for index in range(count):
        consultant = ConsultantFactory(company=company, user__last_name=f"Bulk{index:03d}")
        for skill in skills:
            ConsultantSkillFactory(consultant=consultant, skill=skill)


# Session, user, company (page header), count, page, skills prefetch, skill filter choices; a chosen
# skill adds its lookup, the search the catalogue's skill words (a fingerprint, and the terms when it
# changed), and the SQLite search fallback three reads (on PostgreSQL the search is in the count).
# Each includes the top bar's unread notifications count and the saved searches menu (one query each).
LIST_QUERY_BUDGET = {"plain": 9, "all": 15}


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize(
    ("variant", "params"),
    [("plain", {}), ("all", {"q": "bulk", "skill": "first", "minimum_level": "beginner", "sort": "rate"})],
)
def test_the_list_query_count_does_not_grow_with_the_rows(
    client, cast, django_assert_max_num_queries, rows, variant, params
):
    skills = [SkillFactory(), SkillFactory(), SkillFactory()]
    _hire_many(cast.a.company, rows, skills)
    from consultants.services import consultant_search_refresh

    consultant_search_refresh()
    if "skill" in params:
        params = {**params, "skill": str(skills[0].pk)}
    client = _login(client, cast.a.recruiter)
    with django_assert_max_num_queries(LIST_QUERY_BUDGET[variant]):
        response = client.get(reverse("consultants:consultant-list"), params)
    assert len(response.context["page"]) == min(rows, 25)
    assert response.content.decode().count('<span class="tag">') == 3 * min(rows, 25)


# --- the skill catalogue -----------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    python = SkillFactory(name="Python", category=SkillCategory.PROGRAMMING_LANGUAGE)
    django = SkillFactory(name="Django", category=SkillCategory.FRAMEWORK)
    postgres = SkillFactory(name="PostgreSQL", category=SkillCategory.DATABASE)
    SkillAlias.objects.create(skill=postgres, alias="Postgres")
    django.related_skills.add(python)
    return {"python": python, "django": django, "postgres": postgres}


def test_the_catalogue_lists_skills_by_category_with_aliases_and_related_skills(
    client, cast, catalogue, django_assert_max_num_queries
):
    client = _login(client, cast.a.consultant_user)
    with django_assert_max_num_queries(7):  # the top bar's unread notifications count included
        response = client.get(reverse("skills:skill-list"))
    groups = [(label, [skill.name for skill in skills]) for label, skills in response.context["groups"]]
    assert [(str(label), names) for label, names in groups] == [
        ("Programming language", ["Python"]),
        ("Framework", ["Django"]),
        ("Database", ["PostgreSQL"]),
    ]
    content = response.content.decode()
    assert '<span class="tag">Postgres</span>' in content
    assert f'<a class="tag" href="/skills/#skill-{catalogue["python"].pk}">Python</a>' in content
    assert "New skill" not in content


@pytest.mark.parametrize(("query", "expected"), [("postgres", ["PostgreSQL"]), ("DJANGO", ["Django"]), ("zzz", [])])
def test_the_catalogue_search_looks_at_names_and_aliases(client, cast, catalogue, query, expected):
    response = _login(client, cast.a.sales).get(reverse("skills:skill-list"), {"q": query}, **HTMX)
    assert [skill.name for _label, skills in response.context["groups"] for skill in skills] == expected
    assert response.content.decode().lstrip().startswith('<div id="skill-groups"')


def test_the_platform_admin_adds_a_skill_with_aliases_and_related_skills(client, cast, catalogue):
    response = _login(client, cast.admin).post(
        reverse("skills:skill-create"),
        {
            "name": "FastAPI",
            "category": "framework",
            "description": "Typed Python APIs.",
            "aliases": "fast api\n\nFast-API\n",
            "related_skills": [str(catalogue["python"].pk), str(catalogue["django"].pk)],
        },
    )
    skill = Skill.objects.get(name="FastAPI")
    assert response.status_code == 302
    assert sorted(skill.aliases.values_list("alias", flat=True)) == ["Fast-API", "fast api"]
    assert sorted(skill.related_skills.values_list("name", flat=True)) == ["Django", "Python"]
    assert list(catalogue["python"].related_skills.order_by("name").values_list("name", flat=True)) == [
        "Django",
        "FastAPI",
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"aliases": "Postgres"}, "aliases", "“Postgres” is already an alias of PostgreSQL."),
        ({"aliases": "Django"}, "aliases", "“Django” is the name of a skill, it cannot be an alias."),
        ({"name": "Postgres"}, "name", "This name is already an alias of another skill."),
        (
            {"name": "Python", "category": "programming_language"},
            None,
            "Skill with this Name and Category already exists.",
        ),
        ({"category": "magic"}, "category", "Select a valid choice. magic is not one of the available choices."),
    ],
)
def test_a_bad_skill_is_refused_with_the_reason_and_nothing_is_written(client, cast, catalogue, data, field, message):
    before = (list(Skill.objects.values()), list(SkillAlias.objects.values()))
    payload = {"name": "Flask", "category": "framework", "description": "", "aliases": "", **data}
    response = _login(client, cast.admin).post(reverse("skills:skill-create"), payload)
    assert response.status_code == 200
    content = response.content.decode()
    if field is None:
        assert f'<div class="form-errors" role="alert"><p>{message}</p></div>' in content
    else:
        assert f'id="id_{field}_error" role="alert">{message}' in content
    assert (list(Skill.objects.values()), list(SkillAlias.objects.values())) == before


def test_the_platform_admin_renames_a_skill_keeping_its_old_name_as_an_alias(client, cast, catalogue):
    postgres = catalogue["postgres"]
    response = _login(client, cast.admin).post(
        reverse("skills:skill-edit", kwargs={"pk": postgres.pk}),
        {"name": "PostgreSQL 16", "category": "database", "aliases": "Postgres\nPostgreSQL\nPG"},
    )
    assert response.status_code == 302
    postgres.refresh_from_db()
    assert postgres.name == "PostgreSQL 16"
    assert sorted(postgres.aliases.values_list("alias", flat=True)) == ["PG", "PostgreSQL", "Postgres"]
    assert postgres.related_skills.count() == 0


def test_a_recruiter_may_not_write_the_catalogue(client, cast, catalogue):
    before = list(Skill.objects.values())
    client = _login(client, cast.a.recruiter)
    create = client.post(reverse("skills:skill-create"), {"name": "Flask", "category": "framework"})
    edit = client.post(
        reverse("skills:skill-edit", kwargs={"pk": catalogue["python"].pk}), {"name": "Py", "category": "framework"}
    )
    assert (create.status_code, edit.status_code) == (403, 403)
    assert list(Skill.objects.values()) == before
