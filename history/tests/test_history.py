import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultants.services import consultant_create, consultant_skill_set, consultant_update
from consultants.tests.factories import ConsultantFactory, SkillFactory
from history.models import ChangeRecord
from history.selectors import history_for
from history.services import ChangeAction, diff, record_change, register_action, snapshot
from tenders.services import tender_create, tender_status_set, tender_update
from tenders.tests.factories import TenderFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _records(obj):
    kind = obj._meta.model_name
    return list(
        ChangeRecord.objects.filter(object_kind=kind, object_id=obj.pk)
        .order_by("pk")
        .values_list("actor__email", "action", "subject", "changes")
    )


def test_editing_a_profile_on_the_web_records_the_author_and_only_the_changed_fields(client, cast):
    consultant = ConsultantFactory(company=cast.a.company, daily_rate=550.0, location="Lyon")
    client.force_login(cast.a.recruiter)
    form = {
        "first_name": consultant.user.first_name,
        "last_name": consultant.user.last_name,
        "email": consultant.user.email,
        "phone": "",
        "title": consultant.title,
        "experience_years": 5,
        "availability_status": "on_mission",
        "availability_date": "2027-02-01",
        "daily_rate": 600,
        "location": "Lyon",
        "max_travel_distance": 50,
    }
    response = client.post(reverse("consultants:consultant-edit", args=[consultant.pk]), form)
    assert response.status_code == 302
    assert _records(consultant) == [
        (
            "recruiter@alpha.test",
            "updated",
            "",
            {
                "availability_status": ["available", "on_mission"],
                "availability_date": [None, "2027-02-01"],
                "daily_rate": [550.0, 600.0],
            },
        )
    ]
    page = client.get(reverse("consultants:consultant-detail", args=[consultant.pk])).content.decode()
    assert "Recruiter Alpha Conseil" in page
    assert "Daily rate (€) : 550 → 600" in page
    assert "Availability : Available → On mission" in page


def test_skill_changes_on_the_web_are_recorded_with_the_skill_and_its_level(client, cast):
    consultant = ConsultantFactory(company=cast.a.company)
    python = SkillFactory(name="Python")
    client.force_login(cast.a.manager)
    url = reverse("consultants:consultant-skill-add", args=[consultant.pk])
    client.post(url, {"add-skill": "Python", "add-proficiency_level": "advanced", "add-years_experience": 3})
    change = reverse("consultants:consultant-skill-change", args=[consultant.pk, python.pk])
    client.post(change, {f"skill-{python.pk}-proficiency_level": "expert", f"skill-{python.pk}-years_experience": 3})
    client.post(reverse("consultants:consultant-skill-remove", args=[consultant.pk, python.pk]))
    assert _records(consultant) == [
        (
            "manager@alpha.test",
            "skill_added",
            "Python",
            {"proficiency_level": [None, "advanced"], "years_experience": [None, 3]},
        ),
        ("manager@alpha.test", "skill_changed", "Python", {"proficiency_level": ["advanced", "expert"]}),
        ("manager@alpha.test", "skill_removed", "Python", {}),
    ]
    page = client.get(reverse("consultants:consultant-detail", args=[consultant.pk])).content.decode()
    assert "Skill changed — Python" in page
    assert "Level : Advanced → Expert" in page


def test_tender_creation_update_and_status_are_recorded(cast):
    tender = tender_create(
        company=cast.a.company, by=cast.a.sales, title="Portail", client_name="Banque", description="Refonte"
    )
    tender_update(tender=tender, by=cast.a.sales, budget=50000.0, start_date=datetime.date(2027, 1, 4))
    tender_update(tender=tender, by=cast.a.sales, budget=50000.0)  # nothing changes: nothing recorded
    tender_status_set(tender=tender, status="closed", by=cast.a.manager)
    assert _records(tender) == [
        (
            "sales@alpha.test",
            "created",
            "",
            {
                "title": [None, "Portail"],
                "client_name": [None, "Banque"],
                "description": [None, "Refonte"],
                "status": [None, "open"],
                "remote_work": [None, False],
                "required_consultants": [None, 1],
            },
        ),
        ("sales@alpha.test", "updated", "", {"start_date": [None, "2027-01-04"], "budget": [None, 50000.0]}),
        ("manager@alpha.test", "updated", "", {"status": ["open", "closed"]}),
    ]


def test_the_tender_page_shows_its_history(client, cast):
    tender = TenderFactory(company=cast.a.company)
    tender_status_set(tender=tender, status="in_progress", by=cast.a.sales)
    client.force_login(cast.a.recruiter)
    page = client.get(reverse("tenders:tender-detail", args=[tender.pk])).content.decode()
    assert "Sales Alpha Conseil" in page
    assert "Status : Open → In progress" in page


def test_history_rows_never_cross_companies(cast):
    consultant_a = consultant_create(
        company=cast.a.company, first_name="A", last_name="A", email="a@example.com", title="Dev", by=cast.a.manager
    )
    consultant_b = consultant_create(
        company=cast.b.company, first_name="B", last_name="B", email="b@example.com", title="Dev", by=cast.b.manager
    )
    assert [record.company_id for record in ChangeRecord.objects.order_by("pk")] == [
        cast.a.company.pk,
        cast.b.company.pk,
    ]
    assert len(history_for(consultant_a, cast.a.recruiter)) == 1
    assert history_for(consultant_a, cast.b.manager) == []
    assert history_for(consultant_b, cast.a.manager) == []
    assert list(ChangeRecord.objects.visible_to(cast.b.sales).values_list("object_id", flat=True)) == [consultant_b.pk]
    assert ChangeRecord.objects.visible_to(cast.admin).count() == 2


def test_a_consultant_sees_the_history_of_their_own_profile_only(cast):
    own = ConsultantFactory(company=cast.a.company, user=cast.a.consultant_user)
    colleague = ConsultantFactory(company=cast.a.company)
    consultant_update(consultant=own, by=cast.a.consultant_user, title="Lead dev")
    consultant_update(consultant=colleague, by=cast.a.manager, title="PMO")
    assert [record.changes for record in history_for(own, cast.a.consultant_user)] == [
        {"title": ["Développeur Python", "Lead dev"]}
    ]
    assert history_for(colleague, cast.a.consultant_user) == []


@pytest.mark.parametrize("changes", [3, 30])
def test_the_history_costs_one_query_on_the_profile_page_whatever_its_length(client, cast, changes):
    consultant = ConsultantFactory(company=cast.a.company)
    skill = SkillFactory(name="Python")
    for number in range(changes):
        consultant_skill_set(
            consultant=consultant, skill=skill, proficiency_level="advanced", years_experience=number, by=cast.a.manager
        )
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:consultant-detail", args=[consultant.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len([query for query in captured.captured_queries if "change_records" in query["sql"]]) == 1
    page = response.content.decode()
    assert (page.count("Skill added — Python"), page.count("Skill changed — Python")) == (1, changes - 1)


def test_record_change_is_generic_and_skips_empty_updates(cast):
    register_action("shared", "Shared with a partner")
    tender = TenderFactory(company=cast.a.company)
    assert record_change(obj=tender, action=ChangeAction.UPDATED, changes={}) is None
    before = snapshot(tender, ["title", "budget"])
    tender.title = "Renamed"
    assert diff(before, snapshot(tender, ["title", "budget"])) == {"title": [before["title"], "Renamed"]}
    # Something two companies share is recorded on each side, each in its own company.
    for side in (cast.a, cast.b):
        record_change(
            kind="collaboration", object_id=7, company=side.company, actor=side.manager, action="shared", changes={}
        )
    rows = ChangeRecord.objects.filter(object_kind="collaboration").order_by("pk")
    assert [(row.company_id, row.actor_id, row.action) for row in rows] == [
        (cast.a.company.pk, cast.a.manager.pk, "shared"),
        (cast.b.company.pk, cast.b.manager.pk, "shared"),
    ]
