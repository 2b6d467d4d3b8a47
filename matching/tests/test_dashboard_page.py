"""The dashboard's selectors on the database and its page: company scoping, the history rebuilt,
the acceptance rate, the links, and a query count that does not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultants.models import Consultant
from consultants.tests.factories import ConsultantFactory
from history.models import ChangeRecord
from matching.dashboard import selectors
from matching.models import DashboardSnapshot, Match, MatchStatus
from matching.tests.factories import MatchFactory
from matching.tests.test_dashboard_snapshot import eager_tasks  # noqa: F401 - a fixture
from talentmatch.cache import cache
from tenders.tests.factories import TenderFactory

TODAY = datetime.date(2026, 12, 4)  # a Friday


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _consultant(company, created: datetime.date, **fields) -> Consultant:
    consultant = ConsultantFactory(company=company, **fields)
    Consultant.objects.filter(pk=consultant.pk).update(created_at=_at(created))
    return consultant


def test_the_rate_rebuilds_past_availability_from_the_history_and_counts_one_company(cast):
    changed = _consultant(
        cast.a.company,
        datetime.date(2026, 10, 1),
        availability_status="on_mission",
        availability_date=TODAY.replace(day=15),
    )
    record = ChangeRecord.objects.create(
        company=cast.a.company,
        object_kind="consultant",
        object_id=changed.pk,
        action="updated",
        changes={"availability_status": ["available", "on_mission"], "availability_date": [None, "2026-12-15"]},
    )
    ChangeRecord.objects.filter(pk=record.pk).update(created_at=_at(datetime.date(2026, 11, 16)))
    _consultant(cast.a.company, datetime.date(2026, 10, 1), availability_status="partially_available")
    _consultant(cast.b.company, datetime.date(2026, 10, 1), availability_status="available")

    rates = selectors.compute_figures(cast.a.manager, TODAY).rates

    november, december = rates[-2], rates[-1]
    # November: 21 working days; the changed one was available to Friday 13th (10 days), then on
    # mission; the partially available one is half on the bench.
    assert (november.bench_days, november.available_days) == (10 + 10.5, 42.0)
    # December to date (Tuesday 1st to Friday 4th): on mission until the 15th, and half.
    assert (december.bench_days, december.available_days) == (2.0, 8.0)
    assert rates[-4].available_days == 0.0  # September: neither profile existed


def test_the_forecast_weighs_submitted_positionings_by_the_company_acceptance_rate(cast):
    company = cast.a.company
    free = _consultant(company, datetime.date(2026, 1, 5), availability_status="available")
    _consultant(
        company,
        datetime.date(2026, 1, 5),
        availability_status="on_mission",
        availability_date=datetime.date(2026, 12, 16),
    )
    tender = TenderFactory(company=company, start_date=datetime.date(2026, 12, 14), end_date=None)
    MatchFactory(tender=tender, consultant=free, status=MatchStatus.SUBMITTED, submitted_score=0.9)
    # The company's history: 4 accepted and 2 rejected submissions.
    for status in [MatchStatus.ACCEPTED] * 4 + [MatchStatus.REJECTED] * 2:
        MatchFactory(tender=TenderFactory(company=company, status="closed"), status=status, submitted_score=0.85)
    # Another company's history does not count.
    for _ in range(3):
        MatchFactory(tender=TenderFactory(company=cast.b.company), status=MatchStatus.REJECTED, submitted_score=0.9)

    figures = selectors.compute_figures(cast.a.sales, TODAY)

    assert (figures.acceptance.accepted, figures.acceptance.decided, figures.acceptance.is_default) == (4, 6, False)
    # The six decided matches' consultants are available too (the factory's default).
    weeks = figures.forecast
    # The one on mission is free from Wednesday 16th: counted from Monday 21st. The positioning
    # starts on Monday 14th.
    assert [week.people for week in weeks[:4]] == [7, 7, 7, 8]
    assert [week.expected for week in weeks[:2]] == [7, 7]
    assert weeks[2].expected == pytest.approx(7 - 4 / 6)
    assert weeks[3].expected == pytest.approx(8 - 4 / 6)
    assert [week.starting for week in weeks[:4]] == [0, 0, 1, 0]
    assert [(band.band, band.submitted, band.accepted, band.rejected) for band in figures.bands] == [
        ("strong", 7, 4, 2),
        ("fair", 0, 0, 0),
        ("weak", 0, 0, 0),
    ]
    assert (figures.funnel.total, figures.funnel.submitted, figures.funnel.accepted) == (7, 7, 4)


def test_without_enough_decisions_a_positioning_counts_the_default_rate(cast):
    consultant = _consultant(cast.a.company, datetime.date(2026, 1, 5))
    tender = TenderFactory(company=cast.a.company, start_date=TODAY, end_date=None)
    MatchFactory(tender=tender, consultant=consultant, status=MatchStatus.SUBMITTED, submitted_score=0.9)

    figures = selectors.compute_figures(cast.a.manager, TODAY)

    assert figures.acceptance.is_default and figures.acceptance.rate == selectors.DEFAULT_ACCEPTANCE_RATE
    assert figures.forecast[0].expected == 1 - selectors.DEFAULT_ACCEPTANCE_RATE


def test_the_list_a_week_links_to_counts_the_same_consultants(cast, client):
    company = cast.a.company
    for status, day in [
        ("available", None),
        ("partially_available", None),
        ("on_mission", datetime.date(2026, 12, 20)),
        ("on_mission", None),
        ("unavailable", datetime.date(2027, 1, 5)),
        ("unavailable", None),
    ]:
        _consultant(company, datetime.date(2026, 1, 5), availability_status=status, availability_date=day)
    _consultant(company, datetime.date(2026, 1, 5), left_on=datetime.date(2026, 12, 10))

    weeks = selectors.compute_figures(cast.a.recruiter, TODAY).forecast
    client.force_login(cast.a.recruiter)
    for week in weeks[:7]:  # every change of this cast happens within these weeks
        listed = Consultant.objects.visible_to(cast.a.recruiter).free_on(week.day).count()
        assert listed == week.people
        page = client.get(reverse("consultants:consultant-list"), {"free_on": week.day.isoformat()})
        assert page.context["page"].paginator.count == week.people
    # The one who leaves on the 10th is gone by Monday 14th; on mission to the 20th: back the 21st;
    # unavailable to 5 January: back on Monday 11 January.
    assert [week.people for week in weeks[:7]] == [3, 3, 2, 3, 3, 3, 4]


def test_open_tenders_are_counted_by_week_of_their_reply_deadline_with_those_nobody_answered(cast):
    company = cast.a.company

    def tender(deadline, **fields):
        return TenderFactory(company=company, reply_deadline=deadline, **fields)

    answered = tender(datetime.date(2026, 12, 9), start_date=datetime.date(2027, 2, 1))
    MatchFactory(tender=answered, status=MatchStatus.SUBMITTED, submitted_score=0.8)
    tender(datetime.date(2026, 12, 10), start_date=datetime.date(2026, 12, 1))  # started: its deadline counts
    tender(TODAY)  # today: this week
    tender(datetime.date(2026, 12, 3))  # yesterday: passed
    MatchFactory(tender=tender(datetime.date(2026, 11, 20)), status=MatchStatus.SUGGESTED)  # passed, nobody submitted
    tender(None, start_date=datetime.date(2026, 12, 8))  # no deadline: not counted by its start date
    tender(datetime.date(2027, 1, 25))  # the week of Monday 25 January: the 9th, past the 8 weeks shown
    tender(datetime.date(2027, 1, 24))  # Sunday: the 8th week
    tender(datetime.date(2026, 12, 9), status="closed")
    TenderFactory(company=cast.b.company, reply_deadline=datetime.date(2026, 12, 9))

    weeks, passed, unset = selectors.tenders_by_deadline(cast.a.sales, TODAY)

    assert len(weeks) == selectors.DEADLINE_WEEKS == 8
    assert [(week.tenders, week.unanswered) for week in weeks] == [(1, 1), (2, 1), (0, 0), (0, 0)] + [(0, 0)] * 3 + [
        (1, 1)
    ]
    assert (weeks[0].monday, weeks[1].monday, weeks[7].monday) == (
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 7),
        datetime.date(2027, 1, 18),
    )
    assert ((passed.tenders, passed.unanswered), (unset.tenders, unset.unanswered)) == ((2, 2), (1, 1))


def test_the_tender_list_filters_the_deadline_links_of_the_dashboard(cast, client):
    company = cast.a.company
    for title, day in [("Avant", 7), ("Dedans", 8), ("Fin", 14), ("Apres", 15)]:
        TenderFactory(company=company, title=title, reply_deadline=datetime.date(2027, 3, day))
    answered = TenderFactory(company=company, title="Propose", reply_deadline=datetime.date(2027, 3, 9))
    MatchFactory(tender=answered, status=MatchStatus.ACCEPTED, submitted_score=0.8)
    TenderFactory(company=cast.b.company, title="Autre", reply_deadline=datetime.date(2027, 3, 9))
    client.force_login(cast.a.sales)
    week = {"deadline_from": "2027-03-08", "deadline_until": "2027-03-14", "sort": "deadline"}

    listed = client.get(reverse("tenders:tender-list"), week)
    unanswered = client.get(reverse("tenders:tender-list"), {**week, "unanswered": "on"})

    assert [tender.title for tender in listed.context["page"]] == ["Dedans", "Propose", "Fin"]
    assert [tender.title for tender in unanswered.context["page"]] == ["Dedans", "Fin"]


def _page_cast(company, size: int) -> None:
    tender = TenderFactory(company=company, start_date=timezone.localdate())
    for index in range(size):
        consultant = _consultant(company, datetime.date(2026, 1, 5), availability_status="available")
        status = [MatchStatus.SUGGESTED, MatchStatus.SUBMITTED, MatchStatus.ACCEPTED][index % 3]
        MatchFactory(
            tender=tender, consultant=consultant, status=status, submitted_score=None if index % 3 == 0 else 0.7
        )


@pytest.mark.usefixtures("eager_tasks")
@pytest.mark.parametrize("role", ["manager", "recruiter", "sales"])
def test_the_dashboard_costs_the_same_queries_with_3_or_30_consultants(
    cast, client, django_assert_num_queries, django_capture_on_commit_callbacks, role, settings
):
    """Every visit reads the figures from the company's snapshot (QUERIES); the first one of a company,
    with tasks in-process, also computes and stores them (QUERIES_FIRST); a stale one queues a refresh."""
    user = cast.a.user(role)
    lock = f"dashboard:refresh-queued:{cast.a.company.pk}"
    client.force_login(user)
    for size in (3, 27):
        _page_cast(cast.a.company, size)
        DashboardSnapshot.objects.all().delete()
        cache.delete(lock)
        with django_assert_num_queries(QUERIES_FIRST):
            response = client.get(reverse("home"))
        assert response.status_code == 200 and response.context["figures"].funnel.total == {3: 3, 27: 30}[size]
        with django_assert_num_queries(QUERIES):
            client.get(reverse("home"))
    DashboardSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(minutes=5))
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker's: the refresh is queued after the request
    cache.delete(lock)
    with django_capture_on_commit_callbacks() as queued, django_assert_num_queries(QUERIES):
        assert client.get(reverse("home")).context["refreshing"] is True
    assert len(queued) == 1


QUERIES_FIRST = 22  # each includes the top bar's unread notifications count; storing is an update, then an insert
QUERIES = 9


@pytest.mark.usefixtures("eager_tasks")
def test_every_figure_links_to_its_list_and_another_company_sees_none_of_it(cast, client):
    company = cast.a.company
    consultant = _consultant(company, datetime.date(2026, 1, 5), availability_status="available")
    MatchFactory(
        tender=TenderFactory(company=company), consultant=consultant, status=MatchStatus.SUBMITTED, submitted_score=0.9
    )
    ConsultantFactory(company=company, availability_status="on_mission")  # new today, not on the bench
    today = timezone.localdate()
    client.force_login(cast.a.manager)
    page = client.get(reverse("home")).content.decode()

    assert f'href="/consultants/?free_on={today.isoformat()}&amp;sort=availability">1</a>' in page
    assert f'href="/tenders/?created_since={(today - datetime.timedelta(days=1)).isoformat()}">1</a>' in page
    assert f'href="/consultants/?created_since={(today - datetime.timedelta(days=1)).isoformat()}">1</a>' in page
    assert 'href="/matches/#column-submitted">1</a>' in page
    assert "<svg" in page and "<table" in page
    assert "Voir tout (1)" in page  # the bench list's "see all", in French (the default language)

    client.force_login(cast.b.manager)
    other = client.get(reverse("home"))
    assert other.context["figures"].forecast[0].people == 0
    assert other.context["figures"].funnel.total == 0
    assert Match.objects.count() == 1


def test_the_tender_list_filters_the_dashboard_links_to(cast, client):
    company = cast.a.company
    TenderFactory(company=company, title="Avant", start_date=datetime.date(2027, 3, 7))
    TenderFactory(company=company, title="Dedans", start_date=datetime.date(2027, 3, 8))
    TenderFactory(company=company, title="Fin", start_date=datetime.date(2027, 3, 14))
    TenderFactory(company=company, title="Apres", start_date=datetime.date(2027, 3, 15))
    old = TenderFactory(company=company, title="Ancien", start_date=datetime.date(2027, 3, 9))
    TenderFactory._meta.model.objects.filter(pk=old.pk).update(created_at=_at(datetime.date(2026, 1, 5)))
    client.force_login(cast.a.sales)

    week = client.get(reverse("tenders:tender-list"), {"starts_from": "2027-03-08", "starts_until": "2027-03-14"})
    recent = client.get(reverse("tenders:tender-list"), {"created_since": "2026-06-01", "sort": "start"})

    assert sorted(tender.title for tender in week.context["page"]) == ["Ancien", "Dedans", "Fin"]
    assert [tender.title for tender in recent.context["page"]] == ["Avant", "Dedans", "Fin", "Apres"]
