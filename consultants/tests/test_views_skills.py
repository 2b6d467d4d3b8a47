"""The skills of a consultant, edited in place on the profile."""

import pytest
from django.urls import reverse

from consultants.models import ConsultantSkill, SkillCategory
from consultants.tests.factories import SkillFactory
from consultants.tests.pages import HTMX, _login, _snapshot

# Messages are asserted in their English source form.
pytestmark = pytest.mark.usefixtures("_english")


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
            "Years of experience lie between 0 and 60.",
        ),
        (
            {"add-skill": "JavaScript", "add-proficiency_level": "expert", "add-years_experience": "200"},
            "years_experience",
            "Years of experience lie between 0 and 60.",
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
        ("years_experience", "-3", "Years of experience lie between 0 and 60."),
        ("years_experience", "61", "Years of experience lie between 0 and 60."),
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
