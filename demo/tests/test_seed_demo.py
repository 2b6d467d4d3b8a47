import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from collaborations.models import Collaboration, CollaborationStatus
from consultants.catalogue import CATALOGUE
from consultants.models import AvailabilityStatus, Consultant, ConsultantSkill, Skill, SkillAlias
from demo import demo_data
from talentmatch.models import Company, User, UserRole
from tenders.models import Tender, TenderSkill, TenderStatus

MODELS = (
    Company,
    User,
    Skill,
    SkillAlias,
    Skill.related_skills.through,
    Collaboration,
    Consultant,
    ConsultantSkill,
    Tender,
    TenderSkill,
)


def _seed(*arguments: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *arguments, stdout=out)
    return out.getvalue()


# Argon2 is deliberately slow; the demo logins authenticate just the same with a fast hasher.
FAST_HASHING = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """One first run shared by the module (it takes seconds); each test's own writes are rolled back,
    and the seeded rows are deleted once the module is done."""
    with django_db_blocker.unblock(), FAST_HASHING:
        output = _seed()
    yield output
    with django_db_blocker.unblock():
        for model in (TenderSkill, Tender, ConsultantSkill, Consultant, Collaboration, User, Skill, Company):
            model.objects.all().delete()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHING.options["PASSWORD_HASHERS"]


def _dump() -> dict:
    """Every column of every row the command may write, timestamps included; not the consultants'
    search document, which the database rewrites with every change of their skills."""
    return {
        model._meta.db_table: list(
            model.objects.order_by("pk").values(
                *(field.attname for field in model._meta.concrete_fields if field.name != "search_vector")
            )
        )
        for model in MODELS
    }


def _printed_logins(output: str) -> dict[str, list[str]]:
    rows = [re.split(r" {2,}", line.strip()) for line in output.splitlines() if "@" in line]
    return {row[0]: row for row in rows}


def _expected_logins() -> list[tuple[str, str, str, str | None]]:
    """(e-mail, password, role, company name) of every demo login."""
    logins = [
        (user.email, user.password, user.role, user.company.name if user.company else None) for user in demo_data.STAFF
    ]
    for spec in demo_data.build_consultants(timezone.localdate()):
        if spec.has_demo_login:
            password = demo_data.DEMO_PASSWORDS[UserRole.CONSULTANT]
            logins.append((spec.email, password, UserRole.CONSULTANT, spec.company.name))
    return logins


def test_seed_demo_twice_leaves_exactly_the_same_rows(first_run, db):
    counts = {table: len(rows) for table, rows in _dump().items()}
    before = _dump()

    _seed()

    assert {table: len(rows) for table, rows in _dump().items()} == counts
    assert _dump() == before


def test_seed_demo_creates_three_companies_their_people_and_their_tenders(first_run, db):

    companies = {company.name: company for company in Company.objects.all()}
    assert sorted(companies) == [
        "Garonne Digital Services",
        "Mistral Conseil Numérique",
        "Vauban Ingénierie Logicielle",
    ]
    assert Counter(User.objects.values_list("role", flat=True)) == {
        UserRole.ADMIN: 1,
        UserRole.MANAGER: 3,
        UserRole.RECRUITER: 3,
        UserRole.SALES: 3,
        UserRole.CONSULTANT: 60,
    }
    assert Counter(Consultant.objects.values_list("company__name", flat=True)) == dict.fromkeys(companies, 20)
    assert Counter(Tender.objects.values_list("company__name", flat=True)) == dict.fromkeys(companies, 5)
    assert Counter(Tender.objects.values_list("status", flat=True)) == {
        TenderStatus.OPEN: 10,
        TenderStatus.IN_PROGRESS: 4,
        TenderStatus.CLOSED: 1,
    }
    assert Skill.objects.count() == len(CATALOGUE)
    assert ConsultantSkill.objects.count() == sum(
        len(spec.skills) for spec in demo_data.build_consultants(timezone.localdate())
    )
    assert TenderSkill.objects.count() == sum(len(spec.needs) for spec in demo_data.TENDERS)


def test_every_consultant_declares_five_to_twelve_skills_and_every_tender_four_to_ten(first_run, db):

    per_consultant = Counter(ConsultantSkill.objects.values_list("consultant_id", flat=True))
    per_tender = Counter(TenderSkill.objects.values_list("tender_id", flat=True))
    assert len(per_consultant) == 60
    assert min(per_consultant.values()) >= 5
    assert max(per_consultant.values()) <= 12
    assert len(per_tender) == 15
    assert min(per_tender.values()) >= 4
    assert max(per_tender.values()) <= 10
    assert TenderSkill.objects.filter(minimum_level__isnull=False).count() == sum(
        1 for spec in demo_data.TENDERS for need in spec.needs if need.minimum_level
    )


def test_consultant_profiles_have_demo_ranges_and_a_mix_of_availability(first_run, db):
    today = timezone.localdate()

    consultants = Consultant.objects.all()
    assert all(350 <= consultant.daily_rate <= 950 for consultant in consultants)
    assert {consultant.location for consultant in consultants} <= set(demo_data.CITIES)
    assert Counter(consultants.values_list("availability_status", flat=True)) == {
        AvailabilityStatus.AVAILABLE: 18,
        AvailabilityStatus.PARTIALLY_AVAILABLE: 6,
        AvailabilityStatus.ON_MISSION: 30,
        AvailabilityStatus.UNAVAILABLE: 6,
    }
    assert not ConsultantSkill.objects.filter(years_experience__gt=F("consultant__experience_years")).exists()
    assert not ConsultantSkill.objects.filter(years_experience__lt=1).exists()
    on_mission = consultants.filter(availability_status=AvailabilityStatus.ON_MISSION)
    assert on_mission.filter(availability_date__gt=today).count() == 30
    assert on_mission.filter(availability_date__lte=today + datetime.timedelta(days=30)).count() == 12


def test_consultant_emails_are_the_ascii_folded_name_at_the_company_domain(first_run, db):

    emails = set(User.objects.filter(role=UserRole.CONSULTANT).values_list("email", flat=True))
    assert all(email.isascii() for email in emails)
    assert {
        "helene.lefevre@mistral-conseil.test",
        "raphael.leboeuf@mistral-conseil.test",
        "aurelien.dasilva@vauban-ingenierie.test",
        "jean-baptiste.aubert@garonne-digital.test",
        "hugo.legoff@garonne-digital.test",
    } <= emails
    lefevre = Consultant.objects.get(user__email="helene.lefevre@mistral-conseil.test")
    assert (lefevre.user.first_name, lefevre.user.last_name, lefevre.company.name) == (
        "Hélène",
        "Lefèvre",
        "Mistral Conseil Numérique",
    )


def test_every_printed_demo_login_authenticates_with_its_role_and_company(first_run, db):
    output = first_run

    printed = _printed_logins(output)
    expected = _expected_logins()
    assert len(printed) == len(expected) == 13
    assert {role for _email, _password, role, _company in expected} == set(UserRole.values)
    for email, password, role, company in expected:
        assert printed[email][-1] == password
        user = authenticate(username=email, password=password)
        assert user is not None, email
        assert user.role == role
        assert (user.company.name if user.company else None) == company
    assert demo_data.DEMO_URL in output


def test_the_logins_are_printed_with_the_address_the_server_is_started_on(first_run, db):
    output = _seed("--url", "http://0.0.0.0:8123/")

    assert output.count("http://0.0.0.0:8123/") == 1
    assert demo_data.DEMO_URL not in output


def test_a_demo_password_changed_by_hand_is_restored_by_the_next_run(first_run, db):
    manager = User.objects.get(email="claire.vidal@mistral-conseil.test")
    manager.set_password("something-else-entirely")
    manager.save()

    _seed()

    assert authenticate(username=manager.email, password="demo-manager-2026") == manager
    assert authenticate(username=manager.email, password="something-else-entirely") is None


def test_exactly_one_active_collaboration_joins_two_of_the_three_companies(first_run, db):
    today = timezone.localdate()

    collaboration = Collaboration.objects.get()
    assert collaboration.status == CollaborationStatus.ACTIVE
    assert collaboration.start_date < today
    assert collaboration.end_date is None
    assert {collaboration.initiator_company.name, collaboration.partner_company.name} == {
        "Mistral Conseil Numérique",
        "Vauban Ingénierie Logicielle",
    }


def test_the_demo_collaboration_is_proposed_and_accepted_by_the_two_managers_like_in_the_app(first_run, db):
    collaboration = Collaboration.objects.get()

    assert list(collaboration.events.order_by("pk").values_list("from_status", "to_status", "by__email")) == [
        (None, CollaborationStatus.PENDING, "claire.vidal@mistral-conseil.test"),
        (CollaborationStatus.PENDING, CollaborationStatus.ACTIVE, "pascal.renaud@vauban-ingenierie.test"),
    ]


def test_a_partly_deleted_demo_is_completed_and_the_rest_left_untouched(first_run, db):
    tender = Tender.objects.get(title="Application mobile de banque au quotidien")
    TenderSkill.objects.filter(tender=tender, skill__name="Swift").delete()
    ConsultantSkill.objects.filter(consultant__user__email="leonie.barbier@garonne-digital.test").first().delete()
    before = _dump()

    _seed()

    after = _dump()
    for table in ("tender_skills", "consultant_skills"):
        assert len(after[table]) == len(before[table]) + 1
        assert after[table][:-1] == before[table]
    assert {table: rows for table, rows in after.items() if table not in ("tender_skills", "consultant_skills")} == {
        table: rows for table, rows in before.items() if table not in ("tender_skills", "consultant_skills")
    }
    assert TenderSkill.objects.filter(tender=tender, skill__name="Swift").count() == 1


def test_a_run_on_a_later_day_finds_the_tenders_dated_from_the_first_run(first_run, db):
    # As if the first run had happened three days ago: its rows carry that day's dates.
    three_days = datetime.timedelta(days=3)
    Company.objects.update(created_at=F("created_at") - three_days)
    Tender.objects.update(start_date=F("start_date") - three_days, end_date=F("end_date") - three_days)
    before = _dump()

    _seed()

    assert _dump() == before
    assert Tender.objects.count() == 15
