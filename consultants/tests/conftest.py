"""Fixtures of the consultant page tests: English messages and the people of two companies."""

import pytest

from consultants.models import ProficiencyLevel, SkillAlias
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory


@pytest.fixture
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
