import factory
from django.utils import timezone

from consultants.tests.factories import ConsultantFactory
from matching.models import Match, MatchStatus, Portfolio, PortfolioStatus
from tenders.tests.factories import TenderFactory


class MatchFactory(factory.django.DjangoModelFactory):
    """A match between a tender and a consultant of the tender's own company."""

    class Meta:
        model = Match

    tender = factory.SubFactory(TenderFactory)
    consultant = factory.SubFactory(ConsultantFactory, company=factory.SelfAttribute("..tender.company"))
    match_score = 0.75
    status = MatchStatus.SUGGESTED


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    tender = factory.SubFactory(TenderFactory)
    consultant = factory.SubFactory(ConsultantFactory, company=factory.SelfAttribute("..tender.company"))
    version = factory.Sequence(lambda n: n + 1)
    status = PortfolioStatus.DRAFT
    generated_date = factory.LazyFunction(timezone.now)
