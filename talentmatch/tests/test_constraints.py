"""The database itself refuses bad rows: one test per constraint declared in a model's Meta.

Every bad write goes straight to the database (`objects.create` / `.update`, no form, no
`full_clean`) inside its own atomic block, and must fail with an IntegrityError that names the
expected constraint, leaving the table as it was.
"""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import UniqueConstraint

from collaborations.models import Collaboration, CollaborationEvent, CollaborationSharing
from collaborations.tests.factories import CollaborationFactory
from consultants.models import Consultant, ConsultantSkill, Resume, Skill, SkillAlias, SkillCategory
from consultants.tests.factories import (
    ConsultantFactory,
    ConsultantSkillFactory,
    ResumeFactory,
    SkillFactory,
)
from matching.models import Match, MatchEvent, Portfolio
from matching.tests.factories import MatchFactory, PortfolioFactory
from talentmatch.models import User, UserRole
from talentmatch.tests.factories import CompanyFactory, UserFactory
from tenders.models import Tender, TenderSkill
from tenders.tests.factories import TenderFactory, TenderSkillFactory

PROJECT_APPS = ["talentmatch", "consultants", "tenders", "matching", "collaborations"]

# Every constraint this module drives into an IntegrityError; the guard test below compares it
# with what the models declare, so a new constraint cannot go untested.
EXERCISED_CONSTRAINTS = {
    "users_role_valid",
    "users_email_ci_key",
    "users_company_required_unless_admin",
    "skills_name_category_key",
    "skills_category_valid",
    "skill_aliases_alias_ci_key",
    "consultants_availability_status_valid",
    "consultants_experience_years_not_negative",
    "consultants_hourly_rate_not_negative",
    "consultants_daily_rate_not_negative",
    "consultants_max_travel_distance_not_negative",
    "consultant_skills_consultant_skill_key",
    "consultant_skills_proficiency_level_valid",
    "consultant_skills_years_experience_not_negative",
    "resumes_consultant_version_key",
    "resumes_version_positive",
    "tenders_status_valid",
    "tenders_budget_not_negative",
    "tenders_required_consultants_min_1",
    "tenders_end_after_start",
    "tender_skills_tender_skill_key",
    "tender_skills_importance_valid",
    "tender_skills_minimum_level_valid",
    "matches_consultant_tender_key",
    "matches_status_valid",
    "matches_score_0_1",
    "matches_submitted_score_0_1",
    "match_events_from_status_valid",
    "match_events_to_status_valid",
    "portfolios_consultant_tender_version_key",
    "portfolios_status_valid",
    "portfolios_version_positive",
    "collaborations_status_valid",
    "collaborations_distinct_companies",
    "collaborations_pair_key",
    "collaborations_end_after_start",
    "collaboration_events_from_status_valid",
    "collaboration_events_to_status_valid",
    "resumes_status_valid",
    "portfolios_generation_valid",
    "portfolios_language_valid",
    "collaboration_sharing_side_key",
    "collaboration_sharing_mode_valid",
}


def _declared_constraints() -> dict:
    return {
        constraint.name: (model, constraint)
        for app_label in PROJECT_APPS
        for model in apps.get_app_config(app_label).get_models()
        for constraint in model._meta.constraints
    }


def _named_in_error(name: str) -> str:
    """What the database's error message says about the constraint `name`.

    PostgreSQL always names the constraint; SQLite names CHECK constraints and expression indexes
    but reports a plain UNIQUE constraint by its columns ("skills.name, skills.category").
    """
    model, constraint = _declared_constraints()[name]
    if connection.vendor == "sqlite" and isinstance(constraint, UniqueConstraint) and constraint.fields:
        table = model._meta.db_table
        return ", ".join(f"{table}.{model._meta.get_field(field).column}" for field in constraint.fields)
    return name


def assert_insert_refused(name: str, write) -> None:
    """`write` must fail on the constraint `name` and add no row to its table."""
    model = _declared_constraints()[name][0]
    before = model.objects.count()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    assert _named_in_error(name) in str(error.value)
    assert model.objects.count() == before


def assert_update_refused(name: str, instance, **values) -> None:
    """Updating `instance` with `values` must fail on the constraint `name` and change nothing."""
    model = type(instance)
    rows = model.objects.filter(pk=instance.pk)
    before = list(rows.values(*values))
    count = model.objects.count()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        rows.update(**values)
    assert _named_in_error(name) in str(error.value)
    assert list(rows.values(*values)) == before
    assert model.objects.count() == count


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Hashing is not under test here, and Argon2's deliberate cost would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_constraint_declared_by_a_model_is_exercised_by_this_module():
    assert set(_declared_constraints()) == EXERCISED_CONSTRAINTS
    # Each name must also be used by a test below, not only listed in the set above.
    source = Path(__file__).read_text()
    assert [name for name in sorted(EXERCISED_CONSTRAINTS) if source.count(f'"{name}"') < 2] == []


# --- Enum CHECK constraints -------------------------------------------------------------------


def _collaboration_event() -> CollaborationEvent:
    return CollaborationEvent.objects.create(collaboration=CollaborationFactory(), to_status="pending")


def _collaboration_sharing() -> CollaborationSharing:
    collaboration = CollaborationFactory()
    return CollaborationSharing.objects.create(collaboration=collaboration, company=collaboration.partner_company)


def _match_event() -> MatchEvent:
    return MatchEvent.objects.create(match=MatchFactory(), from_status="suggested", to_status="submitted")


ENUM_CHECKS = [
    ("users_role_valid", UserFactory, "role"),
    ("skills_category_valid", SkillFactory, "category"),
    ("consultants_availability_status_valid", ConsultantFactory, "availability_status"),
    ("consultant_skills_proficiency_level_valid", ConsultantSkillFactory, "proficiency_level"),
    ("tenders_status_valid", TenderFactory, "status"),
    ("tender_skills_importance_valid", TenderSkillFactory, "importance"),
    ("tender_skills_minimum_level_valid", TenderSkillFactory, "minimum_level"),
    ("matches_status_valid", MatchFactory, "status"),
    ("match_events_from_status_valid", _match_event, "from_status"),
    ("match_events_to_status_valid", _match_event, "to_status"),
    ("portfolios_status_valid", PortfolioFactory, "status"),
    ("portfolios_generation_valid", PortfolioFactory, "generation"),
    ("resumes_status_valid", ResumeFactory, "status"),
    ("collaborations_status_valid", CollaborationFactory, "status"),
    ("collaboration_events_from_status_valid", lambda: _collaboration_event(), "from_status"),
    ("collaboration_events_to_status_valid", lambda: _collaboration_event(), "to_status"),
    ("collaboration_sharing_mode_valid", lambda: _collaboration_sharing(), "mode"),
]
ENUM_IDS = [name for name, _, _ in ENUM_CHECKS]


@pytest.mark.parametrize(("name", "factory", "field"), ENUM_CHECKS, ids=ENUM_IDS)
def test_database_refuses_a_value_outside_the_enum(db, name, factory, field):
    assert_update_refused(name, factory(), **{field: "unknown"})


@pytest.mark.parametrize(("name", "factory", "field"), ENUM_CHECKS, ids=ENUM_IDS)
def test_database_accepts_every_documented_enum_value(db, name, factory, field):
    instance = factory()
    model = type(instance)
    for value in model._meta.get_field(field).choices:
        model.objects.filter(pk=instance.pk).update(**{field: value[0]})
        assert model.objects.values_list(field, flat=True).get(pk=instance.pk) == value[0]


def test_a_portfolio_language_is_french_or_english(db):
    """Two letters wide, so the generic "unknown" value cannot be used: German is refused instead."""
    portfolio = PortfolioFactory()
    assert_update_refused("portfolios_language_valid", portfolio, language="de")
    for language in ("fr", "en"):
        Portfolio.objects.filter(pk=portfolio.pk).update(language=language)
        assert Portfolio.objects.values_list("language", flat=True).get(pk=portfolio.pk) == language


def test_a_tender_skill_may_leave_its_minimum_level_empty(db):
    tender_skill = TenderSkillFactory(minimum_level="expert")
    TenderSkill.objects.filter(pk=tender_skill.pk).update(minimum_level=None)
    assert TenderSkill.objects.values_list("minimum_level", flat=True).get(pk=tender_skill.pk) is None


# --- Not-negative CHECK constraints -----------------------------------------------------------

NOT_NEGATIVE_CHECKS = [
    ("consultants_experience_years_not_negative", ConsultantFactory, "experience_years", -1),
    ("consultants_hourly_rate_not_negative", ConsultantFactory, "hourly_rate", -0.5),
    ("consultants_daily_rate_not_negative", ConsultantFactory, "daily_rate", -1.0),
    ("consultants_max_travel_distance_not_negative", ConsultantFactory, "max_travel_distance", -10),
    ("consultant_skills_years_experience_not_negative", ConsultantSkillFactory, "years_experience", -1),
    ("tenders_budget_not_negative", TenderFactory, "budget", -0.01),
]
NOT_NEGATIVE_IDS = [name for name, _, _, _ in NOT_NEGATIVE_CHECKS]


@pytest.mark.parametrize(("name", "factory", "field", "negative"), NOT_NEGATIVE_CHECKS, ids=NOT_NEGATIVE_IDS)
def test_database_refuses_a_negative_number(db, name, factory, field, negative):
    assert_update_refused(name, factory(), **{field: negative})


@pytest.mark.parametrize(("name", "factory", "field", "negative"), NOT_NEGATIVE_CHECKS, ids=NOT_NEGATIVE_IDS)
def test_database_accepts_zero_and_empty_where_negatives_are_refused(db, name, factory, field, negative):
    instance = factory()
    rows = type(instance).objects.filter(pk=instance.pk)
    rows.update(**{field: 0})
    assert rows.values_list(field, flat=True).get() == 0
    rows.update(**{field: None})
    assert rows.values_list(field, flat=True).get() is None


# --- Tenders ----------------------------------------------------------------------------------


@pytest.mark.parametrize("required", [0, -1])
def test_a_tender_needs_at_least_one_consultant(db, required):
    assert_update_refused("tenders_required_consultants_min_1", TenderFactory(), required_consultants=required)


def test_a_tender_created_for_no_consultant_is_refused(db):
    company = CompanyFactory()
    assert_insert_refused(
        "tenders_required_consultants_min_1",
        lambda: Tender.objects.create(
            company=company, title="Zero", client_name="Client", description="Nobody needed.", required_consultants=0
        ),
    )


def test_a_tender_cannot_end_before_it_starts(db):
    tender = TenderFactory(start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 6, 30))
    assert_update_refused("tenders_end_after_start", tender, end_date=datetime.date(2027, 2, 28))


def test_a_tender_may_end_the_day_it_starts_or_leave_either_date_open(db):
    tender = TenderFactory(start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 1))
    rows = Tender.objects.filter(pk=tender.pk)
    rows.update(start_date=None, end_date=datetime.date(2020, 1, 1))
    rows.update(start_date=datetime.date(2030, 1, 1), end_date=None)
    assert rows.values_list("start_date", "end_date").get() == (datetime.date(2030, 1, 1), None)


def test_a_skill_is_asked_only_once_by_a_tender(db):
    existing = TenderSkillFactory()
    assert_insert_refused(
        "tender_skills_tender_skill_key",
        lambda: TenderSkill.objects.create(tender=existing.tender, skill=existing.skill, importance="preferred"),
    )


def test_two_tenders_may_ask_for_the_same_skill(db):
    existing = TenderSkillFactory()
    TenderSkill.objects.create(tender=TenderFactory(), skill=existing.skill, importance="required")
    assert TenderSkill.objects.filter(skill=existing.skill).count() == 2


# --- Matches and portfolios -------------------------------------------------------------------


@pytest.mark.parametrize("score", [-0.01, 1.01, 2.0])
def test_a_match_score_outside_zero_to_one_is_refused(db, score):
    assert_update_refused("matches_score_0_1", MatchFactory(match_score=0.5), match_score=score)


def test_a_match_score_may_be_exactly_zero_or_one(db):
    match = MatchFactory(match_score=0.5)
    rows = Match.objects.filter(pk=match.pk)
    rows.update(match_score=0.0)
    assert rows.values_list("match_score", flat=True).get() == 0.0
    rows.update(match_score=1.0)
    assert rows.values_list("match_score", flat=True).get() == 1.0


@pytest.mark.parametrize("score", [-0.5, 1.5])
def test_a_submitted_score_outside_zero_to_one_is_refused(db, score):
    assert_update_refused("matches_submitted_score_0_1", MatchFactory(), submitted_score=score)


def test_a_submitted_score_may_be_empty_zero_or_one(db):
    rows = Match.objects.filter(pk=MatchFactory().pk)
    assert rows.values_list("submitted_score", flat=True).get() is None
    for score in (0.0, 1.0):
        rows.update(submitted_score=score)
        assert rows.values_list("submitted_score", flat=True).get() == score


def test_a_consultant_is_matched_only_once_with_a_tender(db):
    existing = MatchFactory()
    assert_insert_refused(
        "matches_consultant_tender_key",
        lambda: Match.objects.create(consultant=existing.consultant, tender=existing.tender, match_score=0.1),
    )


@pytest.mark.parametrize("version", [0, -1])
def test_a_portfolio_version_starts_at_one(db, version):
    assert_update_refused("portfolios_version_positive", PortfolioFactory(version=1), version=version)


def test_a_portfolio_version_is_unique_per_consultant_and_tender(db):
    existing = PortfolioFactory(version=1)
    assert_insert_refused(
        "portfolios_consultant_tender_version_key",
        lambda: Portfolio.objects.create(consultant=existing.consultant, tender=existing.tender, version=1),
    )


def test_a_new_portfolio_version_for_the_same_consultant_and_tender_is_accepted(db):
    existing = PortfolioFactory(version=1)
    Portfolio.objects.create(consultant=existing.consultant, tender=existing.tender, version=2)
    assert Portfolio.objects.filter(consultant=existing.consultant, tender=existing.tender).count() == 2


# --- Consultants, their skills and CVs --------------------------------------------------------


def test_a_consultant_holds_a_skill_only_once(db):
    existing = ConsultantSkillFactory()
    assert_insert_refused(
        "consultant_skills_consultant_skill_key",
        lambda: ConsultantSkill.objects.create(
            consultant=existing.consultant, skill=existing.skill, proficiency_level="expert"
        ),
    )


def test_two_consultants_may_hold_the_same_skill(db):
    existing = ConsultantSkillFactory()
    other = ConsultantFactory(company=existing.consultant.company)
    ConsultantSkill.objects.create(consultant=other, skill=existing.skill, proficiency_level="beginner")
    assert ConsultantSkill.objects.filter(skill=existing.skill).count() == 2


@pytest.mark.parametrize("version", [0, -3])
def test_a_cv_version_starts_at_one(db, version):
    assert_update_refused("resumes_version_positive", ResumeFactory(version=1), version=version)


def test_a_cv_version_is_unique_per_consultant(db):
    existing = ResumeFactory(version=1)
    assert_insert_refused(
        "resumes_consultant_version_key",
        lambda: Resume.objects.create(
            consultant=existing.consultant, file_path="resumes/other.pdf", file_type="pdf", version=1
        ),
    )


def test_a_user_has_at_most_one_consultant_profile(db):
    existing = ConsultantFactory()
    before = Consultant.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultant.objects.create(user=existing.user, company=existing.company, title="Second profile")
    assert Consultant.objects.count() == before


# --- The skill catalogue ----------------------------------------------------------------------


def test_a_skill_name_is_unique_within_its_category(db):
    Skill.objects.create(name="Python", category=SkillCategory.PROGRAMMING_LANGUAGE)
    assert_insert_refused(
        "skills_name_category_key",
        lambda: Skill.objects.create(name="Python", category=SkillCategory.PROGRAMMING_LANGUAGE),
    )


def test_the_same_skill_name_is_allowed_in_another_category(db):
    Skill.objects.create(name="Kubernetes", category=SkillCategory.DEVOPS)
    Skill.objects.create(name="Kubernetes", category=SkillCategory.CLOUD)
    assert sorted(Skill.objects.filter(name="Kubernetes").values_list("category", flat=True)) == ["cloud", "devops"]


def test_a_skill_alias_is_unique_whatever_its_case(db):
    skill = Skill.objects.create(name="JavaScript", category=SkillCategory.PROGRAMMING_LANGUAGE)
    SkillAlias.objects.create(skill=skill, alias="JS")
    assert_insert_refused("skill_aliases_alias_ci_key", lambda: SkillAlias.objects.create(skill=skill, alias="js"))


# --- Users ------------------------------------------------------------------------------------


def test_an_email_address_is_unique_whatever_its_case(db):
    existing = UserFactory(email="camille.martin@alpha.test")
    assert_insert_refused(
        "users_email_ci_key",
        lambda: User.objects.create(
            email="Camille.Martin@Alpha.TEST",
            first_name="C",
            last_name="M",
            role=UserRole.SALES,
            company=existing.company,
        ),
    )


def test_the_same_email_address_twice_is_refused(db):
    existing = UserFactory(email="same@alpha.test")
    before = User.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(
            email="same@alpha.test", first_name="A", last_name="B", role="sales", company=existing.company
        )
    assert User.objects.count() == before


@pytest.mark.parametrize("role", [UserRole.MANAGER, UserRole.RECRUITER, UserRole.SALES, UserRole.CONSULTANT])
def test_only_the_platform_admin_may_belong_to_no_company(db, role):
    assert_insert_refused(
        "users_company_required_unless_admin",
        lambda: User.objects.create(email=f"{role}@nowhere.test", first_name="N", last_name="O", role=role),
    )


def test_a_member_cannot_be_detached_from_their_company(db):
    assert_update_refused("users_company_required_unless_admin", UserFactory(role=UserRole.MANAGER), company=None)


def test_the_platform_admin_belongs_to_no_company(db):
    admin = User.objects.create(email="root@platform.test", first_name="R", last_name="T", role=UserRole.ADMIN)
    assert User.objects.get(pk=admin.pk).company_id is None


# --- Collaborations ---------------------------------------------------------------------------


def test_a_company_cannot_collaborate_with_itself(db):
    company = CompanyFactory()
    assert_insert_refused(
        "collaborations_distinct_companies",
        lambda: Collaboration.objects.create(initiator_company=company, partner_company=company, status="active"),
    )


@pytest.mark.parametrize("direction", ["same", "reversed"])
def test_two_companies_have_at_most_one_collaboration_whoever_initiated_it(db, direction):
    existing = CollaborationFactory()
    initiator, partner = existing.initiator_company, existing.partner_company
    if direction == "reversed":
        initiator, partner = partner, initiator
    assert_insert_refused(
        "collaborations_pair_key",
        lambda: Collaboration.objects.create(initiator_company=initiator, partner_company=partner, status="pending"),
    )


def test_a_company_may_collaborate_with_several_partners(db):
    existing = CollaborationFactory()
    third = CompanyFactory()
    Collaboration.objects.create(initiator_company=third, partner_company=existing.initiator_company)
    Collaboration.objects.create(initiator_company=existing.partner_company, partner_company=third)
    assert Collaboration.objects.count() == 3


def test_a_collaboration_cannot_end_before_it_starts(db):
    collaboration = CollaborationFactory(start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31))
    assert_update_refused("collaborations_end_after_start", collaboration, end_date=datetime.date(2025, 12, 31))


def test_a_collaboration_may_end_the_day_it_starts_or_stay_open_ended(db):
    collaboration = CollaborationFactory(start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 1, 1))
    rows = Collaboration.objects.filter(pk=collaboration.pk)
    rows.update(end_date=None)
    assert rows.values_list("start_date", "end_date").get() == (datetime.date(2026, 1, 1), None)


def test_each_side_of_a_collaboration_has_one_row_of_sharing_settings(db):
    existing = _collaboration_sharing()
    assert_insert_refused(
        "collaboration_sharing_side_key",
        lambda: CollaborationSharing.objects.create(
            collaboration=existing.collaboration, company=existing.company, mode="selection"
        ),
    )


def test_both_sides_of_a_collaboration_may_set_their_sharing(db):
    existing = _collaboration_sharing()
    collaboration = existing.collaboration
    CollaborationSharing.objects.create(collaboration=collaboration, company=collaboration.initiator_company)
    assert CollaborationSharing.objects.filter(collaboration=collaboration).count() == 2
