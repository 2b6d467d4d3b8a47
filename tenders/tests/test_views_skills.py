"""The skill needs of a tender, edited in place on its page."""

import pytest
from django.urls import reverse

from tenders.models import TenderSkill
from tenders.tests.pages import HTMX, _login, _snapshot

# Messages are asserted in their English source form.
pytestmark = pytest.mark.usefixtures("_english")

# --- skill needs edited in place ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["JavaScript", "JS", "javascript"])
def test_a_skill_need_is_added_by_name_or_alias_and_the_fragment_comes_back(client, cast, board, typed):
    own = board["own"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-add", kwargs={"pk": own.pk}),
        {"add-skill": typed, "add-importance": "preferred", "add-minimum_level": "intermediate"},
        **HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section class="card skills-editor" id="tender-skills"')
    assert "<html" not in content
    assert "JavaScript added." in content
    asked = TenderSkill.objects.get(tender=own, skill=board["javascript"])
    assert (asked.importance, asked.minimum_level) == ("preferred", "intermediate")
    assert TenderSkill.objects.filter(tender=own).count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"add-skill": "Cobolt", "add-importance": "required"}, "skill", "No skill of the catalogue is called"),
        (
            {"add-skill": "PYTHON", "add-importance": "required"},
            "skill",
            "The tender already asks for Python: change it in the list instead.",
        ),
        (
            {"add-skill": "JS", "add-importance": "vital"},
            "importance",
            "Select a valid choice. vital is not one of the available choices.",
        ),
        (
            {"add-skill": "JS", "add-importance": "required", "add-minimum_level": "god"},
            "minimum_level",
            "Select a valid choice. god is not one of the available choices.",
        ),
    ],
)
def test_a_bad_skill_need_shows_the_error_beside_the_field_keeps_the_input_and_writes_nothing(
    client, cast, board, data, field, message
):
    before = _snapshot()
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-add", kwargs={"pk": board["own"].pk}), data, **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="field-error" id="id_add-{field}_error" role="alert">{message}' in content
    assert f'value="{data["add-skill"]}"' in content
    assert _snapshot() == before


def test_importance_and_minimum_level_are_changed_in_place(client, cast, board):
    own, python = board["own"], board["python"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-change", kwargs={"pk": own.pk, "skill_pk": python.pk}),
        {f"skill-{python.pk}-importance": "nice_to_have", f"skill-{python.pk}-minimum_level": ""},
        **HTMX,
    )
    assert "Python saved." in response.content.decode()
    asked = TenderSkill.objects.get(tender=own, skill=python)
    assert (asked.importance, asked.minimum_level) == ("nice_to_have", None)


def test_a_bad_change_shows_the_error_on_its_row_and_changes_nothing(client, cast, board):
    own, python = board["own"], board["python"]
    before = _snapshot()
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-change", kwargs={"pk": own.pk, "skill_pk": python.pk}),
        {f"skill-{python.pk}-importance": "required", f"skill-{python.pk}-minimum_level": "god"},
        **HTMX,
    )
    content = response.content.decode()
    assert f'id="id_skill-{python.pk}-minimum_level_error" role="alert">Select a valid choice.' in content
    assert _snapshot() == before


def test_a_skill_need_is_removed_in_place(client, cast, board):
    own, python = board["own"], board["python"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-remove", kwargs={"pk": own.pk, "skill_pk": python.pk}), **HTMX
    )
    assert "Python removed." in response.content.decode()
    assert TenderSkill.objects.filter(tender=own).count() == 0
    assert TenderSkill.objects.count() == 1


def test_without_htmx_an_addition_goes_back_to_the_detail(client, cast, board):
    own = board["own"]
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-skill-add", kwargs={"pk": own.pk}), {"add-skill": "JS", "add-importance": "required"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tenders:tender-detail", kwargs={"pk": own.pk}) + "#needs-title"
    assert TenderSkill.objects.filter(tender=own).count() == 2
