"""A scene for the collaboration tests: company a's tender asking for Kotlin, one Kotlin consultant in
each company, and company b's consultant carrying personal data that a partner must never see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from collaborations.models import Collaboration, CollaborationStatus
from consultants.models import AvailabilityStatus, Consultant, Skill
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, ResumeFactory, SkillFactory
from tenders.models import Tender
from tenders.tests.factories import TenderFactory, TenderSkillFactory

# What only b's shared consultant carries and a partner never reads (unless b shows names: the names).
FIRST_NAME = "Gwendoline"
LAST_NAME = "Zabulon-Quimper"
EMAIL = "gwendoline.zq@beta-private.test"
PHONE = "+33 6 98 76 54 32"
BIO = "Bio-Secret-Marker: internal appraisal"
CV_FILE = "resumes/cv-secret-marker.pdf"
HIDDEN = [
    FIRST_NAME,
    "Zabulon",
    "Quimper",
    EMAIL,
    "beta-private",
    "98 76 54 32",
    "Bio-Secret-Marker",
    "cv-secret-marker",
]
# What the limited profile shows.
TITLE = "Architecte Kotlin senior"
CITY = "Saint-Nazaire"
DAILY_RATE = 733.0


def today() -> datetime.date:
    from collaborations.sharing import today as sharing_today

    return sharing_today()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


@dataclass
class Scene:
    cast: object
    skill: Skill
    tender_a: Tender
    tender_b: Tender
    own_a: Consultant  # a's available Kotlin consultant
    shared: Consultant  # b's available Kotlin consultant, with hidden data


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def hire(company, skill, *, level="expert", years=7, **fields) -> Consultant:
    consultant = ConsultantFactory(company=company, **fields)
    ConsultantSkillFactory(consultant=consultant, skill=skill, proficiency_level=level, years_experience=years)
    return consultant


@pytest.fixture
def scene(cast) -> Scene:
    skill = SkillFactory(name="Kotlin")
    tender_a = TenderFactory(company=cast.a.company, title="Alpha Kotlin mission", location="Lyon")
    TenderSkillFactory(tender=tender_a, skill=skill, importance="required")
    tender_b = TenderFactory(company=cast.b.company, title="Beta Kotlin mission", location="Lyon")
    TenderSkillFactory(tender=tender_b, skill=skill, importance="required")
    own_a = hire(cast.a.company, skill, title="Alpha Kotlin dev", user__last_name="Alphonse")
    shared = hire(
        cast.b.company,
        skill,
        title=TITLE,
        location=CITY,
        daily_rate=DAILY_RATE,
        bio=BIO,
        availability_status=AvailabilityStatus.AVAILABLE,
        user__first_name=FIRST_NAME,
        user__last_name=LAST_NAME,
        user__email=EMAIL,
        user__phone=PHONE,
    )
    ResumeFactory(consultant=shared, file_path=CV_FILE)
    return Scene(cast, skill, tender_a, tender_b, own_a, shared)


def collaborate(initiator, partner, status=CollaborationStatus.ACTIVE, start=None, end=None) -> Collaboration:
    return Collaboration.objects.create(
        initiator_company=initiator, partner_company=partner, status=status, start_date=start, end_date=end
    )


@pytest.fixture
def partnership(scene) -> Collaboration:
    """An active, open-ended collaboration proposed by a and accepted by b."""
    return collaborate(scene.cast.a.company, scene.cast.b.company)
