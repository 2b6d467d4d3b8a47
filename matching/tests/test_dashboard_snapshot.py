"""The dashboard's figures precomputed per company: what each role is shown equals what it would
compute live, a stale snapshot is shown and refreshed once, and the nightly task refreshes every company."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultants.tests.factories import ConsultantFactory
from matching.dashboard import selectors, snapshot
from matching.dashboard.tasks import dashboard_snapshots_refresh_task
from matching.models import DashboardSnapshot, MatchStatus
from matching.tests.factories import MatchFactory
from talentmatch.cache import cache
from talentmatch.celery import app
from tenders.tests.factories import TenderFactory

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def eager_tasks(settings):
    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _lock(company) -> str:
    return f"dashboard:refresh-queued:{company.pk}"


def _cast(company) -> None:
    free = ConsultantFactory(company=company, availability_status="available")
    ConsultantFactory(company=company, availability_status="on_mission", availability_date=TODAY.replace(day=20))
    ConsultantFactory(company=company, availability_status="partially_available")
    tender = TenderFactory(company=company, reply_deadline=TODAY.replace(day=9), start_date=TODAY.replace(day=14))
    MatchFactory(tender=tender, consultant=free, status=MatchStatus.SUBMITTED, submitted_score=0.9)
    MatchFactory(tender=tender, status=MatchStatus.SUGGESTED)
    closed = TenderFactory(company=company, status="closed")
    MatchFactory(tender=closed, status=MatchStatus.ACCEPTED, submitted_score=0.6)


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales"])
def test_each_role_is_shown_from_the_snapshot_exactly_what_it_would_compute_live(cast, role):
    _cast(cast.a.company)
    _cast(cast.b.company)
    user = cast.a.user(role)

    stored = snapshot.dashboard_snapshot_refresh(company_id=cast.a.company.pk, today=TODAY)
    row = DashboardSnapshot.objects.get(company=cast.a.company)
    shown = snapshot.for_role(snapshot.figures_from_json(row.figures, row.computed_at), user)
    live = selectors.compute_figures(user, TODAY)

    assert shown == snapshot.for_role(stored, user)
    assert shown.computed_at == stored.computed_at
    live.computed_at = shown.computed_at
    assert shown == live
    assert (shown.funnel.total, shown.forecast[0].people, shown.deadline_weeks[1].tenders) == (3, 4, 1)


def test_a_role_without_a_capability_is_not_shown_its_section(cast):
    _cast(cast.a.company)
    figures = snapshot.dashboard_snapshot_refresh(company_id=cast.a.company.pk, today=TODAY)
    consultant = cast.a.consultant_user  # no MATCH_VIEW nor TENDER_VIEW (the page redirects them; the rule still holds)

    shown = snapshot.for_role(figures, consultant)

    assert (shown.funnel, shown.bands, shown.acceptance, shown.deadline_weeks) == (None, None, None, None)
    assert set(shown.new) == {"consultants"}
    assert figures.funnel is not None  # the stored figures are left whole


def test_a_stale_snapshot_is_shown_as_of_its_time_and_refreshed_once(
    cast, client, eager_tasks, django_capture_on_commit_callbacks, settings
):
    company = cast.a.company
    cache.delete(_lock(company))
    client.force_login(cast.a.manager)
    ConsultantFactory(company=company, availability_status="available")
    first = client.get(reverse("home"))  # tasks in-process: the first refresh runs at once
    assert first.context["figures"].forecast[0].people == 1
    assert DashboardSnapshot.objects.filter(company=company).count() == 1

    ConsultantFactory(company=company, availability_status="available")
    fresh = client.get(reverse("home"))  # within a minute: the snapshot as it is, nothing queued
    assert (fresh.context["figures"].forecast[0].people, fresh.context["refreshing"]) == (1, False)
    assert "Chiffres arrêtés à" in fresh.content.decode()

    computed = timezone.now() - datetime.timedelta(seconds=snapshot.REFRESH_SECONDS + 1)
    DashboardSnapshot.objects.update(computed_at=computed)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as with a worker: queued after the request (run here in-process)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        stale = client.get(reverse("home"))  # queued once the request commits (here run at once)
    assert (stale.context["figures"].forecast[0].people, stale.context["refreshing"]) == (1, True)
    assert "en cours de calcul" in stale.content.decode()
    assert len(queued) == 1
    refreshed_at = DashboardSnapshot.objects.get(company=company).computed_at
    assert refreshed_at > computed
    # Stale again within the minute: shown as being recomputed, but the refresh is queued once a minute.
    DashboardSnapshot.objects.update(computed_at=computed)
    with django_capture_on_commit_callbacks(execute=True) as queued_again:
        again = client.get(reverse("home"))
    assert (len(queued_again), again.context["refreshing"]) == (0, True)
    DashboardSnapshot.objects.update(computed_at=refreshed_at)

    refreshed = client.get(reverse("home"))
    assert (refreshed.context["figures"].forecast[0].people, refreshed.context["refreshing"]) == (2, False)
    assert DashboardSnapshot.objects.get(company=company).computed_at > computed


def test_a_snapshot_of_yesterday_is_stale_and_says_its_day(cast, client, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    company = cast.a.company
    cache.delete(_lock(company))
    snapshot.dashboard_snapshot_refresh(company_id=company.pk, today=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(cast.a.sales)

    with django_capture_on_commit_callbacks() as queued:
        page = client.get(reverse("home"))

    assert (page.context["refreshing"], page.context["stale_day"], len(queued)) == (True, True, 1)
    assert "Chiffres arrêtés le " in page.content.decode()


def test_the_nightly_task_refreshes_every_active_company_and_twice_is_harmless(
    cast, eager_tasks, django_capture_on_commit_callbacks
):
    _cast(cast.a.company)
    for company in (cast.a.company, cast.b.company):
        cache.delete(_lock(company))
    with django_capture_on_commit_callbacks(execute=True):
        assert dashboard_snapshots_refresh_task.delay().get() == 2
    rows = dict(DashboardSnapshot.objects.values_list("company_id", "figures"))
    assert set(rows) == {cast.a.company.pk, cast.b.company.pk}
    assert rows[cast.a.company.pk]["funnel"]["total"] == 3
    assert rows[cast.b.company.pk]["funnel"]["total"] == 0

    for company in (cast.a.company, cast.b.company):
        cache.delete(_lock(company))
    with django_capture_on_commit_callbacks(execute=True):
        dashboard_snapshots_refresh_task.delay().get()
    assert DashboardSnapshot.objects.count() == 2


def test_with_a_worker_a_first_visit_queues_the_first_figures_and_says_so(
    cast, client, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    company = cast.a.company
    cache.delete(_lock(company))
    ConsultantFactory(company=company, availability_status="available")
    client.force_login(cast.a.recruiter)

    with django_capture_on_commit_callbacks() as queued:
        pending = client.get(reverse("home"))

    assert (pending.status_code, pending.context["figures"], pending.context["refreshing"], len(queued)) == (
        200,
        None,
        True,
        1,
    )
    text = pending.content.decode()
    assert "Les chiffres sont calculés pour la première fois" in text
    assert 'id="forecast-title"' not in text and 'id="bench-title"' in text  # the lists are live
    snapshot.dashboard_snapshot_refresh(company_id=company.pk)  # what the queued task does on a worker
    assert client.get(reverse("home")).context["figures"].forecast[0].people == 1


def test_a_refresh_never_puts_older_figures_over_newer_ones(cast):
    """A slow refresh (the nightly one) that finishes after a quicker one started later keeps the newer."""
    snapshot.dashboard_snapshot_refresh(company_id=cast.a.company.pk)
    later = timezone.now() + datetime.timedelta(minutes=5)
    DashboardSnapshot.objects.filter(company_id=cast.a.company.pk).update(computed_at=later)
    snapshot.dashboard_snapshot_refresh(company_id=cast.a.company.pk)
    assert DashboardSnapshot.objects.get(company_id=cast.a.company.pk).computed_at == later
    DashboardSnapshot.objects.filter(company_id=cast.a.company.pk).update(
        computed_at=later - datetime.timedelta(hours=1)
    )
    snapshot.dashboard_snapshot_refresh(company_id=cast.a.company.pk)
    assert DashboardSnapshot.objects.get(company_id=cast.a.company.pk).computed_at > later - datetime.timedelta(hours=1)
    assert DashboardSnapshot.objects.count() == 1
