"""The database itself refuses bad rows: one test per constraint declared in a model's Meta.

Every bad write goes straight to the database (`objects.create` / `.update`, no form, no
`full_clean`) inside its own atomic block, and must fail with an IntegrityError that names the
expected constraint, leaving the table as it was.
"""

from pathlib import Path

import pytest

from collaborations.models import CollaborationEvent
from collaborations.tests.factories import CollaborationFactory
from consultants.tests.factories import (
    ConsultantFactory,
    ConsultantSkillFactory,
    ResumeFactory,
    SkillFactory,
)
from matching.models import MatchEvent, Portfolio
from matching.tests.factories import MatchFactory, PortfolioFactory
from talentmatch.tests.constraints import _collaboration_sharing, _declared_constraints, assert_update_refused
from talentmatch.tests.factories import UserFactory
from tenders.models import TenderSkill
from tenders.tests.factories import TenderFactory, TenderSkillFactory

pytestmark = pytest.mark.usefixtures("_quick_password_hashing")

# Every constraint the test_constraints*.py modules drive into an IntegrityError; the guard test below
# compares it with what the models declare, so a new constraint cannot go untested.
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
    "tenders_onsite_days_0_to_5",
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
    "invitations_one_pending_per_user",
    "invitations_accepted_or_revoked_not_both",
    "invitations_send_count_positive",
    "skill_proposals_status_valid",
    "skill_proposals_category_valid",
    "match_recompute_runs_status_valid",
    # test_constraints_career.py: careers, the send log, rejection reasons.
    "matches_rejection_reason_valid",
    "match_sends_version_positive",
    "match_sends_file_format_valid",
    "match_sends_anonymisation_valid",
    "match_sends_delivery_valid",
    "consultant_experiences_dates_ordered",
    "consultant_education_years_ordered",
    "consultant_certifications_dates_ordered",
    "consultant_languages_language_key",
    "consultant_languages_level_valid",
}


def test_every_constraint_declared_by_a_model_is_exercised_by_this_module():
    assert set(_declared_constraints()) == EXERCISED_CONSTRAINTS
    # Each name must also be used by a test below, not only listed in the set above.
    # The tests live in the test_constraints*.py modules, this one included.
    source = "".join(path.read_text() for path in sorted(Path(__file__).parent.glob("test_constraints*.py")))
    assert [name for name in sorted(EXERCISED_CONSTRAINTS) if source.count(f'"{name}"') < 2] == []


# --- Enum CHECK constraints -------------------------------------------------------------------


def _collaboration_event() -> CollaborationEvent:
    return CollaborationEvent.objects.create(collaboration=CollaborationFactory(), to_status="pending")


def _match_event() -> MatchEvent:
    return MatchEvent.objects.create(match=MatchFactory(), from_status="suggested", to_status="submitted")


def _skill_proposal():
    from consultants.models import SkillProposal
    from talentmatch.tests.factories import CompanyFactory

    return SkillProposal.objects.create(company=CompanyFactory(), name="Proposed", category="other")


def _recompute_run():
    from matching.models import RecomputeRun

    return RecomputeRun.objects.create(task_id="constraint-run", task_name="matching.tasks.any")


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
    ("skill_proposals_status_valid", lambda: _skill_proposal(), "status"),
    ("skill_proposals_category_valid", lambda: _skill_proposal(), "category"),
    ("match_recompute_runs_status_valid", lambda: _recompute_run(), "status"),
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
