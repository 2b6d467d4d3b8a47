import factory

from collaborations.models import Collaboration, CollaborationStatus
from talentmatch.tests.factories import CompanyFactory


class CollaborationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaboration

    initiator_company = factory.SubFactory(CompanyFactory)
    partner_company = factory.SubFactory(CompanyFactory)
    status = CollaborationStatus.ACTIVE
