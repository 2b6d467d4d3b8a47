"""The recruiter pages of consultants: who may reach them, what they write and how they refuse bad input."""

import datetime

import pytest
from django.urls import reverse

from consultants.models import Consultant
from consultants.tests.factories import ConsultantFactory
from consultants.tests.pages import HTMX, _login, _profile, _snapshot
from talentmatch.models import UserRole

# Messages are asserted in their English source form.
pytestmark = pytest.mark.usefixtures("_english")


# --- who may reach which page ------------------------------------------------------------------


PAGE_STATUS = [
    ("consultants:consultant-list", None, {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 200}),
    ("consultants:consultant-create", None, {"manager": 200, "recruiter": 200, "sales": 403, "consultant": 403}),
    ("consultants:consultant-detail", "colleague", {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 404}),
    ("consultants:consultant-detail", "own", {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 200}),
    ("consultants:consultant-edit", "colleague", {"manager": 200, "recruiter": 200, "sales": 403, "consultant": 404}),
    ("consultants:consultant-edit", "own", {"manager": 200, "recruiter": 200, "sales": 403, "consultant": 200}),
    ("skills:skill-list", None, {"manager": 200, "recruiter": 200, "sales": 200, "consultant": 200}),
    # The shared catalogue is the platform admin's (consultants/tests/test_skill_proposals.py).
    ("skills:skill-create", None, {"manager": 403, "recruiter": 403, "sales": 403, "consultant": 403}),
    ("skills:skill-edit", "python", {"manager": 403, "recruiter": 403, "sales": 403, "consultant": 403}),
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
        ("email", "sales@alpha.test", "This e-mail address is not available: use another one."),
        ("email", "not-an-address", "Enter a valid email address."),
        ("daily_rate", "-5", "A daily rate lies between 0 and 5,000 €."),
        ("daily_rate", "50000", "A daily rate lies between 0 and 5,000 €."),
        ("experience_years", "-1", "Years of experience lie between 0 and 60."),
        ("experience_years", "200", "Years of experience lie between 0 and 60."),
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
        ("email", "manager@beta.test", "This e-mail address is not available: use another one."),
        ("hourly_rate", "-1", "An hourly rate lies between 0 and 700 €."),
        ("hourly_rate", "701", "An hourly rate lies between 0 and 700 €."),
        ("experience_years", "61", "Years of experience lie between 0 and 60."),
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


def test_a_profile_saved_before_the_ranges_keeps_its_value_and_its_page_until_someone_edits_it(client, cast, people):
    colleague = people["colleague"]
    Consultant.objects.filter(pk=colleague.pk).update(experience_years=200)
    client = _login(client, cast.a.manager)

    assert client.get(reverse("consultants:consultant-detail", kwargs={"pk": colleague.pk})).status_code == 200
    form = client.get(reverse("consultants:consultant-edit", kwargs={"pk": colleague.pk})).content.decode()
    assert 'name="experience_years" value="200" min="0" max="60"' in form
    Consultant.objects.get(pk=colleague.pk).save()
    assert Consultant.objects.get(pk=colleague.pk).experience_years == 200
