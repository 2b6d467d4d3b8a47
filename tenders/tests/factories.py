import datetime

import factory

from consultants.tests.factories import SkillFactory
from talentmatch.tests.factories import CompanyFactory
from tenders.models import Tender, TenderSkill, TenderSkillImportance, TenderStatus


class TenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tender

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Mission {n}")
    client_name = "Banque Exemple"
    description = "Refonte d'une application métier."
    start_date = datetime.date(2027, 1, 4)
    end_date = datetime.date(2027, 6, 30)
    status = TenderStatus.OPEN
    location = "Paris"
    budget = 60000.0
    required_consultants = 1


class TenderSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenderSkill

    tender = factory.SubFactory(TenderFactory)
    skill = factory.SubFactory(SkillFactory)
    importance = TenderSkillImportance.REQUIRED
