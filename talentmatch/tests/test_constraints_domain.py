"""The database refuses bad rows of tenders, matches, portfolios, consultants, their skills and CVs, and
of the skill catalogue (see test_constraints.py for how each write is made and checked)."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from consultants.models import Consultant, ConsultantSkill, Resume, Skill, SkillAlias, SkillCategory
from consultants.tests.factories import (
    ConsultantFactory,
    ConsultantSkillFactory,
    ResumeFactory,
)
from matching.models import Match, Portfolio
from matching.tests.factories import MatchFactory, PortfolioFactory
from talentmatch.tests.constraints import assert_insert_refused, assert_update_refused
from talentmatch.tests.factories import CompanyFactory
from tenders.models import Tender, TenderSkill
from tenders.tests.factories import TenderFactory, TenderSkillFactory

pytestmark = pytest.mark.usefixtures("_quick_password_hashing")


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


@pytest.mark.parametrize("days", [-0.5, 5.5, 7])
def test_a_tender_asks_between_zero_and_five_days_on_site_a_week(db, days):
    assert_update_refused("tenders_onsite_days_0_to_5", TenderFactory(), onsite_days_per_week=days)


def test_a_tender_may_ask_zero_to_five_days_on_site_or_set_no_constraint(db):
    rows = Tender.objects.filter(pk=TenderFactory().pk)
    for days in (0, 2.5, 5, None):
        rows.update(onsite_days_per_week=days)
        assert rows.values_list("onsite_days_per_week", flat=True).get() == days


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
