"""The alerts: what each event tells whom (notifications.recipients decides who, within one company).

The event handlers answer talentmatch.events (subscribed in NotificationsConfig.ready); the look-ahead
alerts run from the daily beat tasks. Each event has a key, so whoever hears of it hears once, however
often a task runs. A partner's consultant is shown as the partner's sharing allows: initials unless
the partner shows names, never their e-mail or anything their limited profile leaves out."""

from __future__ import annotations

import datetime
import logging
import uuid
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from collaborations.models import Collaboration, CollaborationEvent
from collaborations.sharing import display_name
from consultants.models import AvailabilityStatus, Consultant
from matching.models import Match, MatchStatus, Portfolio
from matching.selectors import consultant_at_partners
from notifications import recipients
from notifications.models import NotificationKind as Kind
from notifications.services import Message, notify
from talentmatch import events, tenancy
from talentmatch.models import User
from tenders.models import Tender

logger = logging.getLogger(__name__)

FREEING_HORIZONS = (30, 60, 90)  # days ahead; a consultant is told of at the nearest one they are within
BEST_TENDERS = 3
DEADLINE_DAYS = 2


def _after_commit(handler):
    """Run an event handler once the announcing write commits, and never let a failing alert undo
    or break that write: the error is logged and the alert is lost."""

    @wraps(handler)
    def run(*args):
        def safely():
            try:
                handler(*args)
            except Exception:  # noqa: BLE001 - an alert never breaks the write it follows
                logger.exception("notifications: %s failed", handler.__name__)

        transaction.on_commit(safely)

    return run


# --- a tender's ranking -------------------------------------------------------------------------


def _consultant_label(consultant: Consultant, tender_company_id: int, links: list[tenancy.Link]) -> str:
    if consultant.company_id == tender_company_id:
        return consultant.full_name or consultant.title
    link = next((link for link in links if link.sharer_id == consultant.company_id), None)
    shown = display_name(consultant, bool(link and link.show_names))
    return f"{shown} ({link.sharer_name if link else ''})"


def tender_match_alert(*, tender_id: int, today: datetime.date | None = None) -> int:
    """Tell the tender's owner and recruiters of each consultant on the bench (available, partially, or
    free within 30 days) whom its ranking scores at least NOTIFICATIONS_MATCH_THRESHOLD, once per
    consultant and tender. A partner's consultant counts only while the partner shares them."""
    tender = Tender.objects.open().filter(pk=tender_id).first()
    if tender is None:
        return 0
    day = today or tenancy.today()
    links = tenancy.links_to(tender.company_id, day)
    matches = (
        Match.objects.filter(
            tender=tender, status=MatchStatus.SUGGESTED, match_score__gte=settings.NOTIFICATIONS_MATCH_THRESHOLD
        )
        .filter(tenancy.available_soon_q(day, prefix="consultant__"))
        .filter(tenancy.current_match_q(links))
        .filter(consultant__erased_at__isnull=True, consultant__left_on__isnull=True)
        .select_related("consultant__user")
        .order_by("-match_score", "consultant_id")
    )
    people = None
    told = 0
    for match in matches:
        people = recipients.tender_match_recipients(tender) if people is None else people
        message = Message(
            kind=Kind.TENDER_MATCH,
            key=f"tender-match:{tender.pk}:{match.consultant_id}",
            params={
                "consultant": _consultant_label(match.consultant, tender.company_id, links),
                "tender": tender.title,
                "score": round(match.match_score, 4),
            },
            link=reverse("matching:match-detail", kwargs={"pk": match.pk}),
            target=match,
        )
        told += len(notify(recipients=people, company_id=tender.company_id, message=message))
    return told


@_after_commit
def on_tender_ranked(tender_ids: list[int]) -> None:
    for tender_id in tender_ids:
        tender_match_alert(tender_id=tender_id)


# --- consultants freeing up, and tenders due ----------------------------------------------------


def _best_tenders(consultant: Consultant) -> list[dict]:
    """The consultant's best matches on open tenders: their company's, and partners' while shared."""
    own = list(
        Match.objects.filter(consultant=consultant, tender__company_id=consultant.company_id)
        .filter(tender__status__in=Tender.MATCHABLE_STATUSES)
        .select_related("tender")
        .order_by("-match_score", "tender_id")[:BEST_TENDERS]
    )
    partners = [m for m in consultant_at_partners(consultant) if m.tender.status in Tender.MATCHABLE_STATUSES]
    best = sorted(own + partners, key=lambda m: (-m.match_score, m.tender_id))[:BEST_TENDERS]
    return [
        {
            "tender": match.tender.title,
            "score": round(match.match_score, 4),
            "company": "" if match.tender.company_id == consultant.company_id else match.tender.company.name,
        }
        for match in best
    ]


def consultants_freeing_alert(*, today: datetime.date | None = None) -> int:
    """Tell the managers and recruiters of each consultant on mission or unavailable who frees up within
    90, 60 or 30 days, at the nearest of them, with the best open tenders for them. Once per consultant,
    horizon and availability date (a new date is a new event)."""
    day = today or tenancy.today()
    consultants = (
        Consultant.objects.filter(
            availability_status__in=[AvailabilityStatus.ON_MISSION, AvailabilityStatus.UNAVAILABLE],
            availability_date__gt=day,
            availability_date__lte=day + datetime.timedelta(days=max(FREEING_HORIZONS)),
            erased_at__isnull=True,
            left_on__isnull=True,
            company__is_active=True,
        )
        .select_related("user")
        .order_by("company_id", "pk")
    )
    people: dict[int, list[User]] = {}
    told = 0
    for consultant in consultants:
        days = (consultant.availability_date - day).days
        horizon = min(h for h in FREEING_HORIZONS if days <= h)
        if consultant.company_id not in people:
            people[consultant.company_id] = recipients.managers_and_recruiters(consultant.company_id)
        message = Message(
            kind=Kind.CONSULTANT_FREEING,
            key=f"freeing:{consultant.pk}:{horizon}:{consultant.availability_date.isoformat()}",
            params={
                "consultant": consultant.full_name or consultant.title,
                "date": consultant.availability_date.isoformat(),
                "horizon": horizon,
                "tenders": _best_tenders(consultant),
            },
            link=reverse("consultants:consultant-detail", kwargs={"pk": consultant.pk}),
            target=consultant,
        )
        told += len(notify(recipients=people[consultant.company_id], company_id=consultant.company_id, message=message))
    return told


def reply_deadlines_alert(*, today: datetime.date | None = None) -> int:
    """Tell the owner (or else the creator, or else the sales people) of each open tender whose reply
    deadline is today or within 2 days with nobody submitted yet, once per deadline (a moved deadline
    is a new event). A tender without a reply deadline is not alerted: its start date is not one."""
    day = today or tenancy.today()
    put_forward = Match.objects.filter(tender=OuterRef("pk"), status__in=[MatchStatus.SUBMITTED, MatchStatus.ACCEPTED])
    tenders = (
        Tender.objects.open()
        .filter(reply_deadline__gte=day, reply_deadline__lte=day + datetime.timedelta(days=DEADLINE_DAYS))
        .filter(company__is_active=True)
        .exclude(Exists(put_forward))
        .order_by("reply_deadline", "pk")
    )
    told = 0
    for tender in tenders:
        message = Message(
            kind=Kind.REPLY_DEADLINE,
            key=f"deadline:{tender.pk}:{tender.reply_deadline.isoformat()}",
            params={"tender": tender.title, "date": tender.reply_deadline.isoformat()},
            link=reverse("tenders:tender-detail", kwargs={"pk": tender.pk}),
            target=tender,
        )
        people = recipients.tender_recipients(tender)
        told += len(notify(recipients=people, company_id=tender.company_id, message=message))
    return told


# --- collaborations, dossiers, imports ----------------------------------------------------------

COLLABORATION_KINDS = {
    events.CollaborationAction.PROPOSED: Kind.COLLABORATION_PROPOSED,
    events.CollaborationAction.ACCEPTED: Kind.COLLABORATION_ACCEPTED,
    events.CollaborationAction.ENDED: Kind.COLLABORATION_ENDED,
}


def collaboration_alert(change: events.CollaborationChange) -> int:
    """Tell the managers of both companies, each naming the other side, once per recorded change."""
    collaboration = (
        Collaboration.objects.select_related("initiator_company", "partner_company")
        .filter(pk=change.collaboration_id)
        .first()
    )
    if collaboration is None or not CollaborationEvent.objects.filter(pk=change.event_id).exists():
        return 0
    told = 0
    for side in (collaboration.initiator_company, collaboration.partner_company):
        message = Message(
            kind=COLLABORATION_KINDS[change.action],
            key=f"collaboration:{change.event_id}",
            params={"company": collaboration.other_side(side.pk).name},
            link=reverse("collaborations:collaboration-detail", kwargs={"pk": collaboration.pk}),
            target=collaboration,
        )
        told += len(notify(recipients=recipients.managers(side.pk), company_id=side.pk, message=message))
    return told


def portfolio_ready_alert(*, portfolio_id: int, requested_by_id: int) -> int:
    """Tell the person who asked for a dossier that it is ready, if they still belong to the company
    whose tender it answers."""
    portfolio = Portfolio.objects.select_related("tender").filter(pk=portfolio_id).first()
    person = User.objects.filter(pk=requested_by_id).first()
    if portfolio is None or person is None:
        return 0
    match = Match.objects.filter(tender_id=portfolio.tender_id, consultant_id=portfolio.consultant_id).first()
    link = (
        reverse("matching:match-detail", kwargs={"pk": match.pk})
        if match
        else reverse("tenders:tender-detail", kwargs={"pk": portfolio.tender_id})
    )
    message = Message(
        kind=Kind.DOSSIER_READY,
        key=f"dossier:{portfolio.pk}",
        params={"tender": portfolio.tender.title, "version": portfolio.version},
        link=link,
        target=portfolio,
    )
    return len(notify(recipients=[person], company_id=portfolio.tender.company_id, message=message))


def import_ready_alert(finished: events.ImportFinished) -> int:
    """Tell the person who ran an import that it is saved, with its counts."""
    person = User.objects.filter(pk=finished.by_id).first()
    if person is None:
        return 0
    message = Message(
        kind=Kind.IMPORT_READY,
        key=f"import:{uuid.uuid4().hex}",  # every import is an event of its own
        params={
            "file": finished.file_name,
            "created": finished.created,
            "updated": finished.updated,
            "unchanged": finished.unchanged,
        },
        link=reverse("dataio:data-home"),
    )
    return len(notify(recipients=[person], company_id=finished.company_id, message=message))


@_after_commit
def on_collaboration_changed(change: events.CollaborationChange) -> None:
    collaboration_alert(change)


@_after_commit
def on_portfolio_ready(portfolio_id: int, requested_by_id: int) -> None:
    portfolio_ready_alert(portfolio_id=portfolio_id, requested_by_id=requested_by_id)


@_after_commit
def on_import_finished(finished: events.ImportFinished) -> None:
    import_ready_alert(finished)


def subscribe() -> None:
    """Subscribe the alerts to the domain events (called once, at app ready)."""
    events.subscribe(events.Event.TENDER_RANKED, on_tender_ranked)
    events.subscribe(events.Event.COLLABORATION_CHANGED, on_collaboration_changed)
    events.subscribe(events.Event.PORTFOLIO_READY, on_portfolio_ready)
    events.subscribe(events.Event.IMPORT_FINISHED, on_import_finished)
