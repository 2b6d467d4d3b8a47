"""Each alert reaches exactly the right people of the right company, once; partners' consultants show
only what sharing allows. Plain function calls (the worker tests run the tasks for real)."""

import datetime

import pytest

from collaborations import services as collaborations
from consultants.tests.factories import ConsultantFactory
from dataio.services import data_import
from matching.tests.factories import MatchFactory, PortfolioFactory
from notifications import recipients
from notifications.models import Notification, NotificationPreference
from notifications.services import alerts
from notifications.tests.conftest import TODAY
from talentmatch import events
from tenders.models import Tender
from tenders.tests.factories import TenderFactory

pytestmark = pytest.mark.django_db


def _told() -> list[tuple[str, str, str]]:
    return sorted(Notification.objects.values_list("recipient__email", "kind", "key"))


def test_a_tender_alert_tells_its_creator_and_the_recruiters_of_each_bench_consultant_above_the_threshold_once(
    cast, scene
):
    tender = scene["tender"]
    people = scene["people"]
    told = alerts.tender_match_alert(tender_id=tender.pk, today=TODAY)

    fits = ["bench", "shared", "soon"]  # not on mission without a date, not below 0.75, not excluded
    expected = sorted(
        (email, "tender_match", f"tender-match:{tender.pk}:{people[name].pk}")
        for email in ("owner@alpha.test", "recruiter@alpha.test")
        for name in fits
    )
    assert told == 6
    assert _told() == expected
    assert alerts.tender_match_alert(tender_id=tender.pk, today=TODAY) == 0
    assert _told() == expected
    assert not Notification.objects.exclude(company=cast.a.company).exists()


def test_a_partners_consultant_is_named_by_initials_unless_the_partner_shows_names(cast, scene):
    alerts.tender_match_alert(tender_id=scene["tender"].pk, today=TODAY)
    shared = Notification.objects.get(recipient=cast.a.recruiter, key__endswith=f":{scene['people']['shared'].pk}")
    bench = Notification.objects.get(recipient=cast.a.recruiter, key__endswith=f":{scene['people']['bench'].pk}")
    assert shared.params == {"consultant": "P. P. (Gamma Partners)", "tender": "Data platform", "score": 0.85}
    assert bench.params["consultant"] == "Bea Bench"
    assert shared.link == f"/matches/{scene['matches']['shared'].pk}/"


def test_a_tender_with_an_owner_belongs_to_its_owner_while_they_may_see_tenders(cast):
    tender = TenderFactory(company=cast.a.company, owner=cast.a.manager)
    assert recipients.tender_recipients(tender) == [cast.a.manager]
    type(cast.a.manager).objects.filter(pk=cast.a.manager.pk).update(is_active=False)
    assert recipients.tender_recipients(tender) == [cast.a.sales]


def test_without_a_known_creator_the_tender_belongs_to_the_companys_sales_people(cast):
    tender = TenderFactory(company=cast.a.company)
    assert recipients.tender_recipients(tender) == [cast.a.sales]
    assert [u.email for u in recipients.tender_match_recipients(tender)] == ["recruiter@alpha.test", "sales@alpha.test"]


def test_a_person_who_turned_a_kind_off_is_not_told_of_it(cast, scene):
    NotificationPreference.objects.create(user=cast.a.recruiter, muted_kinds=["tender_match"])
    alerts.tender_match_alert(tender_id=scene["tender"].pk, today=TODAY)
    assert {email for email, _kind, _key in _told()} == {"owner@alpha.test"}


def test_a_closed_tender_tells_nobody(scene):
    scene["tender"].status = "closed"
    scene["tender"].save()
    assert alerts.tender_match_alert(tender_id=scene["tender"].pk, today=TODAY) == 0
    assert _told() == []


def test_consultants_freeing_up_are_announced_at_the_nearest_horizon_once_with_their_best_tenders(cast, scene):
    day = TODAY
    soon = scene["people"]["soon"]  # free in 20 days: the 30-day alert only
    later = ConsultantFactory(
        company=cast.a.company, availability_status="unavailable", availability_date=day + datetime.timedelta(days=45)
    )
    far = ConsultantFactory(
        company=cast.a.company, availability_status="on_mission", availability_date=day + datetime.timedelta(days=91)
    )
    other = TenderFactory(company=cast.a.company, title="Second tender")
    MatchFactory(tender=other, consultant=soon, match_score=0.7)
    ConsultantFactory(
        company=cast.b.company, availability_status="on_mission", availability_date=day + datetime.timedelta(days=10)
    )

    alerts.consultants_freeing_alert(today=day)
    alerts.consultants_freeing_alert(today=day)

    a_keys = {
        f"freeing:{soon.pk}:30:{(day + datetime.timedelta(days=20)).isoformat()}",
        f"freeing:{later.pk}:60:{(day + datetime.timedelta(days=45)).isoformat()}",
    }
    rows = Notification.objects.filter(company=cast.a.company)
    assert sorted(rows.values_list("recipient__email", "key")) == sorted(
        (email, key) for email in ("manager@alpha.test", "recruiter@alpha.test") for key in a_keys
    )
    b_rows = Notification.objects.filter(company=cast.b.company)
    assert sorted(b_rows.values_list("recipient__email", flat=True)) == ["manager@beta.test", "recruiter@beta.test"]
    notice = rows.get(recipient=cast.a.manager, key__startswith=f"freeing:{soon.pk}:")
    assert notice.params["tenders"] == [
        {"tender": "Data platform", "score": 0.8, "company": ""},
        {"tender": "Second tender", "score": 0.7, "company": ""},
    ]
    # The next day only the consultant 91 days away enters the 90-day horizon; the others are not told again.
    assert alerts.consultants_freeing_alert(today=day + datetime.timedelta(days=1)) == 2
    assert Notification.objects.filter(key__startswith=f"freeing:{far.pk}:90:").count() == 2


def test_a_reply_deadline_within_two_days_with_nobody_submitted_tells_the_tender_owner_once(cast, scene):
    def due(days: int | None, company=cast.a.company, **fields):
        deadline = None if days is None else TODAY + datetime.timedelta(days=days)
        return TenderFactory(company=company, reply_deadline=deadline, end_date=None, **fields)

    in_two = due(2, title="Due soon", start_date=TODAY + datetime.timedelta(days=60))
    today = due(0, title="Due today", owner=cast.a.manager)
    submitted = due(1)
    MatchFactory(tender=submitted, status="submitted")
    due(3)  # not yet
    due(-1)  # passed: it was alerted before
    due(1, status="closed")
    due(None, start_date=TODAY + datetime.timedelta(days=1))  # no deadline: its start date is not one
    due(2, company=cast.b.company, title="Beta due")
    beta = Tender.objects.get(title="Beta due")

    # The owner when there is one; else (no creator on record either) the company's sales people.
    assert alerts.reply_deadlines_alert(today=TODAY) == 4
    assert alerts.reply_deadlines_alert(today=TODAY) == 0
    in_two_day, today_day = in_two.reply_deadline.isoformat(), TODAY.isoformat()
    assert sorted(Notification.objects.values_list("recipient__email", "company", "key")) == [
        ("manager@alpha.test", cast.a.company.pk, f"deadline:{today.pk}:{today_day}"),
        ("owner@alpha.test", cast.a.company.pk, f"deadline:{in_two.pk}:{in_two_day}"),
        ("sales@alpha.test", cast.a.company.pk, f"deadline:{in_two.pk}:{in_two_day}"),
        ("sales@beta.test", cast.b.company.pk, f"deadline:{beta.pk}:{in_two_day}"),
    ]
    notice = Notification.objects.get(recipient=cast.a.manager)
    assert (notice.params, notice.link) == ({"tender": "Due today", "date": today_day}, f"/tenders/{today.pk}/")


def test_a_moved_reply_deadline_is_a_new_event_and_a_submission_silences_it(cast, scene):
    tender = TenderFactory(company=cast.a.company, owner=cast.a.sales, reply_deadline=TODAY, end_date=None)
    assert alerts.reply_deadlines_alert(today=TODAY) == 1
    Tender.objects.filter(pk=tender.pk).update(reply_deadline=TODAY + datetime.timedelta(days=2))
    assert alerts.reply_deadlines_alert(today=TODAY) == 1
    MatchFactory(tender=tender, status="accepted")
    assert alerts.reply_deadlines_alert(today=TODAY + datetime.timedelta(days=1)) == 0
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"deadline:{tender.pk}:{TODAY.isoformat()}",
        f"deadline:{tender.pk}:{(TODAY + datetime.timedelta(days=2)).isoformat()}",
    ]


def test_a_collaboration_change_tells_the_managers_of_both_sides_naming_the_other(cast):
    collaboration = collaborations.collaboration_propose(by=cast.a.manager, partner=cast.b.company)
    event = collaboration.events.get()
    change = events.CollaborationChange(
        collaboration.pk, event.pk, events.CollaborationAction.PROPOSED, cast.a.manager.pk
    )
    assert alerts.collaboration_alert(change) == 2
    assert alerts.collaboration_alert(change) == 0
    assert sorted(Notification.objects.values_list("recipient__email", "kind", "params")) == [
        ("manager@alpha.test", "collaboration_proposed", {"company": "Beta Services"}),
        ("manager@beta.test", "collaboration_proposed", {"company": "Alpha Conseil"}),
    ]


def test_the_collaboration_services_announce_after_the_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        collaboration = collaborations.collaboration_propose(by=cast.a.manager, partner=cast.b.company)
    with django_capture_on_commit_callbacks(execute=True):
        collaborations.collaboration_accept(collaboration=collaboration, by=cast.b.manager)
    with django_capture_on_commit_callbacks(execute=True):
        collaborations.collaboration_end(collaboration=collaboration, by=cast.a.manager)
    kinds = sorted(Notification.objects.values_list("recipient__email", "kind"))
    assert kinds == sorted(
        (email, kind)
        for email in ("manager@alpha.test", "manager@beta.test")
        for kind in ("collaboration_proposed", "collaboration_accepted", "collaboration_ended")
    )


def test_a_ready_dossier_tells_only_the_person_who_asked_if_still_of_the_tenders_company(cast):
    portfolio = PortfolioFactory(tender=TenderFactory(company=cast.a.company, title="Cloud move"))
    assert alerts.portfolio_ready_alert(portfolio_id=portfolio.pk, requested_by_id=cast.a.sales.pk) == 1
    assert alerts.portfolio_ready_alert(portfolio_id=portfolio.pk, requested_by_id=cast.a.sales.pk) == 0
    assert alerts.portfolio_ready_alert(portfolio_id=portfolio.pk, requested_by_id=cast.b.sales.pk) == 0
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.params) == (
        cast.a.sales,
        "dossier_ready",
        {"tender": "Cloud move", "version": portfolio.version},
    )


def test_a_saved_import_tells_the_person_who_ran_it(cast, django_capture_on_commit_callbacks):
    content = b"first_name,last_name,email,title\nIna,Import,ina@alpha.test,Dev\n"
    with django_capture_on_commit_callbacks(execute=True):
        report = data_import(
            kind="consultants", name="team.csv", content=content, company=cast.a.company, by=cast.a.manager
        )
    assert report.applied, report
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (cast.a.manager, "import_ready")
    assert notice.params == {"file": "team.csv", "created": 1, "updated": 0, "unchanged": 0}
