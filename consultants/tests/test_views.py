"""The recruiter pages of consultants and of the skill catalogue: who may reach them, what they write,
how they refuse bad input, and what they cost in queries."""

import datetime

import pytest
from django.urls import reverse

from consultants.models import Consultant, ConsultantSkill, ProficiencyLevel, Skill, SkillAlias, SkillCategory
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from talentmatch.models import User, UserRole

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source form."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def people(cast):
    """Company a: the consultant user's own profile and a colleague holding Python; company b: one consultant."""
    python = SkillFactory(name="Python")
    javascript = SkillFactory(name="JavaScript")
    SkillAlias.objects.create(skill=javascript, alias="JS")
    own = ConsultantFactory(company=cast.a.company, user=cast.a.consultant_user, title="Own-Profile")
    colleague = ConsultantFactory(
        company=cast.a.company, title="Data engineer", user__first_name="Léa", user__last_name="Colleague"
    )
    ConsultantSkillFactory(consultant=colleague, skill=python, proficiency_level=ProficiencyLevel.ADVANCED)
    other = ConsultantFactory(company=cast.b.company, title="Beta-Consultant")
    ConsultantSkillFactory(consultant=other, skill=python, proficiency_level=ProficiencyLevel.EXPERT)
    return {"own": own, "colleague": colleague, "other": other, "python": python, "javascript": javascript}


def _login(client, user):
    client.force_login(user)
    return client


def _snapshot() -> dict:
    """Every row a consultant page may write (a login's own `last_login` aside)."""
    user_columns = [field.attname for field in User._meta.concrete_fields if field.name != "last_login"]
    return {
        "consultants": list(Consultant.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values(*user_columns)),
        "skills": list(ConsultantSkill.objects.order_by("pk").values()),
    }


def _profile(**overrides) -> dict:
    data = {
        "first_name": "Hélène",
        "last_name": "Lefèvre",
        "email": "helene.lefevre@alpha.test",
        "phone": "+33 6 12 34 56 78",
        "title": "Architecte cloud",
        "experience_years": "12",
        "availability_status": "available",
        "availability_date": "2027-02-01",
        "hourly_rate": "90",
        "daily_rate": "720",
        "bio": "Migrations vers le cloud.",
        "location": "Lyon",
        "remote_work": "on",
        "max_travel_distance": "80",
        "profile_picture_url": "",
    }
    data.update(overrides)
    return data


# --- who may reach which page ------------------------------------------------------------------


PAGE_STATUS = [
    ("consultants:consultant-list", None, {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 200}),
    ("consultants:consultant-create", None, {"manager": 200, "recruiter": 200, "sales": 403, "consultant": 403}),
    ("consultants:consultant-detail", "colleague", {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 404}),
    ("consultants:consultant-detail", "own", {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 200}),
    ("consultants:consultant-edit", "colleague", {"manager": 200, "recruiter": 200, "sales": 403, "consultant": 404}),
    ("consultants:consultant-edit", "own", {"manager": 200, "recruiter": 200, "sales": 403, "consultant": 200}),
    ("skills:skill-list", None, {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 200}),
    ("skills:skill-create", None, {"manager": 200, "recruiter": 403, "sales": 403, "consultant": 403}),
    ("skills:skill-edit", "python", {"manager": 200, "recruiter": 403, "sales": 403, "consultant": 403}),
]
PAGE_CASES = [
    (name, target, role, status) for name, target, statuses in PAGE_STATUS for role, status in statuses.items()
]


@pytest.mark.parametrize(
    ("name", "target", "role", "status"), PAGE_CASES, ids=[f"{n}-{t}-{r}" for n, t, r, _s in PAGE_CASES]
)
def test_each_page_answers_each_role_of_the_company_as_its_capabilities_say(
    client, cast, people, name, target, role, status
):
    url = reverse(name) if target is None else reverse(name, kwargs={"pk": people[target].pk})
    assert _login(client, cast.a.user(role)).get(url).status_code == status


@pytest.mark.parametrize("name", ["consultants:consultant-list", "consultants:consultant-create", "skills:skill-list"])
def test_the_platform_admin_reaches_the_pages(client, cast, people, name):
    assert _login(client, cast.admin).get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["consultants:consultant-skill-add", "consultants:consultant-skill-change", "consultants:consultant-skill-remove"],
)
def test_sales_may_not_touch_skills_in_place(client, cast, people, name):
    kwargs = {"pk": people["colleague"].pk}
    if name != "consultants:consultant-skill-add":
        kwargs["skill_pk"] = people["python"].pk
    before = _snapshot()
    data = {
        "add-skill": "JavaScript",
        "add-proficiency_level": "expert",
        f"skill-{people['python'].pk}-proficiency_level": "expert",
    }
    response = _login(client, cast.a.sales).post(reverse(name, kwargs=kwargs), data, **HTMX)
    assert response.status_code == 403
    assert _snapshot() == before


OTHER_COMPANY_URLS = [
    ("get", "consultants:consultant-detail", False),
    ("get", "consultants:consultant-edit", False),
    ("post", "consultants:consultant-edit", False),
    ("post", "consultants:consultant-skill-add", False),
    ("post", "consultants:consultant-skill-change", True),
    ("post", "consultants:consultant-skill-remove", True),
]


@pytest.mark.parametrize("role", ["manager", "recruiter", "consultant"])
@pytest.mark.parametrize(("method", "name", "with_skill"), OTHER_COMPANY_URLS)
def test_another_companys_consultant_answers_404_and_stays_untouched(
    client, cast, people, role, method, name, with_skill
):
    kwargs = {"pk": people["other"].pk}
    if with_skill:
        kwargs["skill_pk"] = people["python"].pk
    data = {
        **_profile(email="taken-over@alpha.test"),
        "add-skill": "JavaScript",
        "add-proficiency_level": "beginner",
        f"skill-{people['python'].pk}-proficiency_level": "beginner",
    }
    before = _snapshot()
    client = _login(client, cast.a.user(role))
    url = reverse(name, kwargs=kwargs)
    response = client.get(url) if method == "get" else client.post(url, data, **HTMX)
    assert response.status_code == 404
    assert _snapshot() == before


# --- create and edit ---------------------------------------------------------------------------


def test_a_recruiter_creates_a_consultant_of_their_own_company_whatever_the_form_says(client, cast, people):
    data = _profile(company=str(cast.b.company.pk), role="admin", is_staff="on")
    response = _login(client, cast.a.recruiter).post(reverse("consultants:consultant-create"), data)
    created = Consultant.objects.get(user__email="helene.lefevre@alpha.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("consultants:consultant-detail", kwargs={"pk": created.pk})
    assert created.company == cast.a.company
    assert created.user.company == cast.a.company
    assert created.user.role == UserRole.CONSULTANT
    assert created.user.is_staff is False
    assert created.user.has_usable_password() is False
    assert (created.user.first_name, created.user.last_name, created.user.phone) == (
        "Hélène",
        "Lefèvre",
        "+33 6 12 34 56 78",
    )
    assert (created.title, created.experience_years, created.daily_rate, created.hourly_rate) == (
        "Architecte cloud",
        12,
        720.0,
        90.0,
    )
    assert created.availability_date == datetime.date(2027, 2, 1)
    assert created.remote_work is True
    assert Consultant.objects.count() == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "sales@alpha.test", "A user with this e-mail address already exists."),
        ("email", "not-an-address", "Enter a valid email address."),
        ("daily_rate", "-5", "Ensure this value is greater than or equal to 0."),
        ("experience_years", "-1", "Ensure this value is greater than or equal to 0."),
        ("last_name", "", "This field is required."),
        ("availability_status", "sleeping", "Select a valid choice. sleeping is not one of the available choices."),
    ],
)
def test_a_bad_creation_shows_the_error_beside_the_field_keeps_the_input_and_writes_nothing(
    client, cast, people, field, value, message
):
    before = _snapshot()
    response = _login(client, cast.a.recruiter).post(
        reverse("consultants:consultant-create"), _profile(**{field: value}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="id_{field}_error" role="alert">{message}</p>' in content
    assert f'aria-describedby="id_{field}_error"' in content
    assert 'value="Architecte cloud"' in content
    assert _snapshot() == before


def test_the_platform_admin_without_a_company_cannot_create_a_consultant(client, cast, people):
    before = _snapshot()
    response = _login(client, cast.admin).post(reverse("consultants:consultant-create"), _profile())
    assert response.status_code == 200
    assert "Only a member of a company can create consultants." in response.content.decode()
    assert _snapshot() == before


def test_a_recruiter_edits_the_profile_and_the_account_names_but_never_the_company(client, cast, people):
    colleague = people["colleague"]
    data = _profile(company=str(cast.b.company.pk), role="admin", is_staff="on", email="Helene.L@Alpha.test")
    response = _login(client, cast.a.recruiter).post(
        reverse("consultants:consultant-edit", kwargs={"pk": colleague.pk}), data
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    colleague.user.refresh_from_db()
    assert colleague.company == cast.a.company
    assert colleague.user.company == cast.a.company
    assert colleague.user.role == UserRole.CONSULTANT
    assert (colleague.user.first_name, colleague.user.last_name, colleague.user.email) == (
        "Hélène",
        "Lefèvre",
        "helene.l@alpha.test",
    )
    assert (colleague.title, colleague.daily_rate, colleague.location) == ("Architecte cloud", 720.0, "Lyon")


def test_a_consultant_edits_their_own_profile(client, cast, people):
    own = people["own"]
    data = _profile(email=cast.a.consultant_user.email, title="Développeuse senior")
    response = _login(client, cast.a.consultant_user).post(
        reverse("consultants:consultant-edit", kwargs={"pk": own.pk}), data
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Développeuse senior"
    assert own.user.first_name == "Hélène"


def test_editing_a_consultant_without_an_account_gives_them_one_in_their_company(client, cast, people):
    loose = ConsultantFactory(company=cast.a.company, user=None, title="Sans compte")
    response = _login(client, cast.a.recruiter).post(
        reverse("consultants:consultant-edit", kwargs={"pk": loose.pk}), _profile(email="loose@alpha.test")
    )
    assert response.status_code == 302
    loose.refresh_from_db()
    assert (loose.user.email, loose.user.role, loose.user.company) == (
        "loose@alpha.test",
        UserRole.CONSULTANT,
        cast.a.company,
    )
    assert loose.user.has_usable_password() is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "manager@beta.test", "A user with this e-mail address already exists."),
        ("hourly_rate", "-1", "Ensure this value is greater than or equal to 0."),
        ("max_travel_distance", "-10", "Ensure this value is greater than or equal to 0."),
        ("profile_picture_url", "not a url", "Enter a valid URL."),
    ],
)
def test_a_bad_edit_shows_the_error_keeps_the_input_and_changes_nothing(client, cast, people, field, value, message):
    colleague = people["colleague"]
    before = _snapshot()
    response = _login(client, cast.a.manager).post(
        reverse("consultants:consultant-edit", kwargs={"pk": colleague.pk}), _profile(**{field: value})
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="id_{field}_error" role="alert">{message}</p>' in content
    assert f'value="{value}"' in content
    assert "Edit Léa Colleague" in content
    assert _snapshot() == before


def test_the_edit_form_starts_from_the_saved_profile(client, cast, people):
    colleague = people["colleague"]
    content = (
        _login(client, cast.a.recruiter)
        .get(reverse("consultants:consultant-edit", kwargs={"pk": colleague.pk}))
        .content.decode()
    )
    assert 'value="Léa"' in content
    assert f'value="{colleague.user.email}"' in content
    assert 'value="Data engineer"' in content
    assert '<label for="id_first_name">' in content


# --- skills edited in place --------------------------------------------------------------------


def _skill_url(name: str, consultant, skill=None) -> str:
    kwargs = {"pk": consultant.pk}
    if skill is not None:
        kwargs["skill_pk"] = skill.pk
    return reverse(f"consultants:{name}", kwargs=kwargs)


@pytest.mark.parametrize(
    ("typed", "expected"), [("JavaScript", "JavaScript"), ("JS", "JavaScript"), ("javascript", "JavaScript")]
)
def test_a_skill_typed_by_name_or_alias_is_added_and_the_fragment_comes_back(client, cast, people, typed, expected):
    colleague = people["colleague"]
    response = _login(client, cast.a.recruiter).post(
        _skill_url("consultant-skill-add", colleague),
        {"add-skill": typed, "add-proficiency_level": "expert", "add-years_experience": "4"},
        **HTMX,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith("<section")
    assert "<html" not in content
    assert 'id="consultant-skills"' in content
    assert f"{expected} added." in content
    added = ConsultantSkill.objects.get(consultant=colleague, skill__name=expected)
    assert (added.proficiency_level, added.years_experience) == ("expert", 4)
    assert ConsultantSkill.objects.filter(consultant=colleague).count() == 2


def test_a_skill_typed_without_its_accents_is_found(client, cast, people):
    securite = SkillFactory(name="Sécurité réseau", category=SkillCategory.OTHER)
    colleague = people["colleague"]
    _login(client, cast.a.recruiter).post(
        _skill_url("consultant-skill-add", colleague),
        {"add-skill": "  securite   RESEAU ", "add-proficiency_level": "beginner"},
        **HTMX,
    )
    assert ConsultantSkill.objects.filter(consultant=colleague, skill=securite).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"add-skill": "Cobolt", "add-proficiency_level": "expert"}, "skill", "No skill of the catalogue is called"),
        (
            {"add-skill": "python", "add-proficiency_level": "expert"},
            "skill",
            "Python is already among the skills: change its level in the list instead.",
        ),
        (
            {"add-skill": "JavaScript", "add-proficiency_level": "guru"},
            "proficiency_level",
            "Select a valid choice. guru is not one of the available choices.",
        ),
        (
            {"add-skill": "JavaScript", "add-proficiency_level": "expert", "add-years_experience": "-2"},
            "years_experience",
            "Ensure this value is greater than or equal to 0.",
        ),
    ],
)
def test_a_bad_skill_addition_shows_the_error_beside_the_field_keeps_the_input_and_writes_nothing(
    client, cast, people, data, field, message
):
    before = _snapshot()
    response = _login(client, cast.a.recruiter).post(
        _skill_url("consultant-skill-add", people["colleague"]), data, **HTMX
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<p class="field-error" id="id_add-{field}_error" role="alert">{message}' in content
    assert f'aria-describedby="id_add-{field}_error"' in content
    assert f'value="{data["add-skill"]}"' in content
    assert _snapshot() == before


def test_a_skill_level_and_years_are_changed_in_place(client, cast, people):
    colleague, python = people["colleague"], people["python"]
    response = _login(client, cast.a.recruiter).post(
        _skill_url("consultant-skill-change", colleague, python),
        {f"skill-{python.pk}-proficiency_level": "expert", f"skill-{python.pk}-years_experience": "9"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Python saved." in response.content.decode()
    held = ConsultantSkill.objects.get(consultant=colleague, skill=python)
    assert (held.proficiency_level, held.years_experience) == ("expert", 9)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("years_experience", "-3", "Ensure this value is greater than or equal to 0."),
        ("proficiency_level", "wizard", "Select a valid choice. wizard is not one of the available choices."),
    ],
)
def test_a_bad_skill_change_shows_the_error_on_its_row_and_changes_nothing(client, cast, people, field, value, message):
    colleague, python = people["colleague"], people["python"]
    data = {f"skill-{python.pk}-proficiency_level": "expert", f"skill-{python.pk}-years_experience": "1"}
    data[f"skill-{python.pk}-{field}"] = value
    before = _snapshot()
    response = _login(client, cast.a.recruiter).post(
        _skill_url("consultant-skill-change", colleague, python), data, **HTMX
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="id_skill-{python.pk}-{field}_error" role="alert">{message}' in content
    if field == "years_experience":
        assert f'value="{value}"' in content
    assert _snapshot() == before


def test_a_skill_is_removed_in_place(client, cast, people):
    colleague, python = people["colleague"], people["python"]
    response = _login(client, cast.a.recruiter).post(_skill_url("consultant-skill-remove", colleague, python), **HTMX)
    assert response.status_code == 200
    assert "Python removed." in response.content.decode()
    assert ConsultantSkill.objects.filter(consultant=colleague).count() == 0
    assert ConsultantSkill.objects.filter(skill=python).count() == 1


def test_a_skill_the_consultant_does_not_hold_answers_404(client, cast, people):
    before = _snapshot()
    client = _login(client, cast.a.recruiter)
    for name in ("consultant-skill-change", "consultant-skill-remove"):
        response = client.post(_skill_url(name, people["colleague"], people["javascript"]), **HTMX)
        assert response.status_code == 404
    assert _snapshot() == before


def test_without_htmx_an_addition_goes_back_to_the_profile(client, cast, people):
    colleague = people["colleague"]
    response = _login(client, cast.a.recruiter).post(
        _skill_url("consultant-skill-add", colleague), {"add-skill": "JS", "add-proficiency_level": "beginner"}
    )
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("consultants:consultant-detail", kwargs={"pk": colleague.pk}) + "#skills-title"
    )
    assert ConsultantSkill.objects.filter(consultant=colleague).count() == 2


def test_without_htmx_a_bad_addition_shows_the_whole_profile_with_the_error(client, cast, people):
    before = _snapshot()
    response = _login(client, cast.a.recruiter).post(
        _skill_url("consultant-skill-add", people["colleague"]), {"add-skill": "Cobolt", "add-proficiency_level": "x"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content
    assert 'id="id_add-skill_error" role="alert"' in content
    assert _snapshot() == before


def test_a_consultant_edits_the_skills_of_their_own_profile_only(client, cast, people):
    client = _login(client, cast.a.consultant_user)
    own_response = client.post(
        _skill_url("consultant-skill-add", people["own"]),
        {"add-skill": "JS", "add-proficiency_level": "beginner"},
        **HTMX,
    )
    colleague_response = client.post(
        _skill_url("consultant-skill-add", people["colleague"]),
        {"add-skill": "JS", "add-proficiency_level": "beginner"},
        **HTMX,
    )
    assert (own_response.status_code, colleague_response.status_code) == (200, 404)
    assert list(ConsultantSkill.objects.filter(skill=people["javascript"]).values_list("consultant_id", flat=True)) == [
        people["own"].pk
    ]


def test_the_profile_offers_the_catalogue_names_to_pick_from(client, cast, people):
    content = (
        _login(client, cast.a.recruiter)
        .get(reverse("consultants:consultant-detail", kwargs={"pk": people["colleague"].pk}))
        .content.decode()
    )
    assert (
        '<datalist id="skill-catalogue"><option value="JavaScript"></option><option value="Python"></option>' in content
    )
    assert 'list="skill-catalogue"' in content


def test_sales_read_the_skills_without_the_editing_controls(client, cast, people):
    content = (
        _login(client, cast.a.sales)
        .get(reverse("consultants:consultant-detail", kwargs={"pk": people["colleague"].pk}))
        .content.decode()
    )
    assert "<td>Python</td>" in content
    assert "skill-catalogue" not in content
    assert "hx-post" not in content


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
# skill adds its lookup, and the SQLite search fallback three reads (on PostgreSQL the search is in the count).
LIST_QUERY_BUDGET = {"plain": 7, "all": 11}


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
    with django_assert_max_num_queries(6):
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


def test_a_manager_adds_a_skill_with_aliases_and_related_skills(client, cast, catalogue):
    response = _login(client, cast.a.manager).post(
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
    response = _login(client, cast.a.manager).post(reverse("skills:skill-create"), payload)
    assert response.status_code == 200
    content = response.content.decode()
    if field is None:
        assert f'<div class="form-errors" role="alert"><p>{message}</p></div>' in content
    else:
        assert f'id="id_{field}_error" role="alert">{message}' in content
    assert (list(Skill.objects.values()), list(SkillAlias.objects.values())) == before


def test_a_manager_renames_a_skill_keeping_its_old_name_as_an_alias(client, cast, catalogue):
    postgres = catalogue["postgres"]
    response = _login(client, cast.a.manager).post(
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
