"""Fixtures of the tender page tests: English messages and a board of two companies' tenders."""

import pytest

from consultants.models import SkillAlias
from consultants.tests.factories import SkillFactory
from tenders.tests.factories import TenderFactory, TenderSkillFactory


@pytest.fixture
def _english(settings):
    """Messages are asserted in their English source form."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def board(cast):
    """Company a: a tender asking for Python; company b: a tender asking for Python too."""
    python = SkillFactory(name="Python")
    javascript = SkillFactory(name="JavaScript")
    SkillAlias.objects.create(skill=javascript, alias="JS")
    own = TenderFactory(company=cast.a.company, title="Refonte du portail", client_name="Banque Alpha")
    TenderSkillFactory(tender=own, skill=python, importance="required", minimum_level="advanced")
    other = TenderFactory(company=cast.b.company, title="Beta-Tender", client_name="Client Beta")
    TenderSkillFactory(tender=other, skill=python)
    return {"own": own, "other": other, "python": python, "javascript": javascript}
