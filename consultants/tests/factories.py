import factory

from consultants.models import (
    AvailabilityStatus,
    Consultant,
    ConsultantSkill,
    ProficiencyLevel,
    Resume,
    Skill,
    SkillCategory,
)
from talentmatch.models import UserRole
from talentmatch.tests.factories import CompanyFactory, UserFactory
from talentmatch.text import name_sort_key


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name", "category")

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = SkillCategory.PROGRAMMING_LANGUAGE


class ConsultantFactory(factory.django.DjangoModelFactory):
    """A consultant whose user account belongs to the same company."""

    class Meta:
        model = Consultant

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(
        UserFactory,
        company=factory.SelfAttribute("..company"),
        role=UserRole.CONSULTANT,
        # A raw value: UserFactory's Password transformer hashes it (None: an unusable password, as
        # consultant_create gives); a Password declaration here would be hashed as an object instead.
        password=None,
    )
    # What consultant_create writes: the account's folded "last first" name, the list's order.
    sort_name = factory.LazyAttribute(lambda o: name_sort_key(o.user.first_name, o.user.last_name) if o.user else None)
    title = "Développeur Python"
    experience_years = 5
    availability_status = AvailabilityStatus.AVAILABLE
    daily_rate = 550.0
    location = "Lyon"
    max_travel_distance = 50


class ConsultantSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultantSkill

    consultant = factory.SubFactory(ConsultantFactory)
    skill = factory.SubFactory(SkillFactory)
    proficiency_level = ProficiencyLevel.ADVANCED
    years_experience = 3


class ResumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resume

    consultant = factory.SubFactory(ConsultantFactory)
    file_path = factory.Sequence(lambda n: f"resumes/{n}.pdf")
    file_type = "pdf"
    version = factory.Sequence(lambda n: n + 1)
