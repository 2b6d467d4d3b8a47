import datetime

import pytest

from collaborations.tests.factories import CollaborationFactory
from consultants.tests.factories import ConsultantFactory
from history.models import ChangeRecord
from matching.tests.conftest import hire, post_tender  # noqa: F401 - the worker test builds with them
from matching.tests.factories import MatchFactory
from talentmatch.celery import app
from talentmatch.tests.factories import CompanyFactory, UserFactory
from tenders.tests.factories import TenderFactory

TODAY = datetime.date(2030, 3, 4)


@pytest.fixture
def eager_tasks(settings):
    """Tasks queued by the code under test run in-process (the worker tests use a real worker)."""
    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def scene(cast):
    """Company a's tender (created by a second sales person) ranking: consultants of a on the bench, on
    mission, below the threshold; a partner's shared and excluded consultants; company b's own tender."""
    a, b = cast.a, cast.b
    owner = UserFactory(company=a.company, role="sales", email="owner@alpha.test", first_name="Olga", last_name="Owner")
    tender = TenderFactory(
        company=a.company, title="Data platform", start_date=TODAY + datetime.timedelta(days=40), end_date=None
    )
    ChangeRecord.objects.create(
        company=a.company, actor=owner, object_kind="tender", object_id=tender.pk, action="created"
    )
    gamma = CompanyFactory(name="Gamma Partners")
    CollaborationFactory(initiator_company=gamma, partner_company=a.company)
    people = {
        "bench": ConsultantFactory(company=a.company, user__first_name="Bea", user__last_name="Bench"),
        "soon": ConsultantFactory(
            company=a.company,
            availability_status="on_mission",
            availability_date=TODAY + datetime.timedelta(days=20),
            user__last_name="Soon",
        ),
        "busy": ConsultantFactory(
            company=a.company, availability_status="on_mission", availability_date=None, user__last_name="Busy"
        ),
        "weak": ConsultantFactory(company=a.company, user__last_name="Weak"),
        "shared": ConsultantFactory(company=gamma, user__first_name="Paul", user__last_name="Partner"),
        "excluded": ConsultantFactory(company=gamma, sharing_excluded=True, user__last_name="Excluded"),
    }
    scores = {"bench": 0.9, "soon": 0.8, "busy": 0.95, "weak": 0.6, "shared": 0.85, "excluded": 0.97}
    matches = {name: MatchFactory(tender=tender, consultant=people[name], match_score=scores[name]) for name in people}
    tender_b = TenderFactory(company=b.company, title="Beta tender")
    MatchFactory(tender=tender_b, consultant=ConsultantFactory(company=b.company), match_score=0.99)
    return {
        "tender": tender,
        "owner": owner,
        "people": people,
        "matches": matches,
        "gamma": gamma,
        "tender_b": tender_b,
    }
