"""The notification tasks: thin, keyword arguments, time-limited, safe to run twice (each alert has
its event key, each e-mail its mark), hence acknowledged late."""

from celery import shared_task

from notifications.services import alerts, mail, saved_searches
from talentmatch.celery import RETRY_ON_TRANSIENT_ERRORS

ONCE_DONE = {"acks_late": True, "reject_on_worker_lost": True, **RETRY_ON_TRANSIENT_ERRORS}


@shared_task(**ONCE_DONE, time_limit=120, soft_time_limit=100)
def notifications_email_send_task(*, user_id: int) -> int:
    """Mail a person who chose immediate e-mail the notifications not yet mailed."""
    return mail.notifications_email_send(user_id=user_id)


@shared_task(**ONCE_DONE, time_limit=1800, soft_time_limit=1700)
def notifications_digest_send_task() -> dict[str, int]:
    """Daily: one digest to each person on the digest with notifications neither read nor mailed."""
    return mail.notifications_digest_send()


@shared_task(**ONCE_DONE, time_limit=1800, soft_time_limit=1700)
def notifications_look_ahead_task() -> dict[str, int]:
    """Daily: consultants freeing up in 90, 60 and 30 days, tenders due in 2 days with nobody
    submitted, and the saved searches with new results."""
    return {
        "freeing": alerts.consultants_freeing_alert(),
        "deadlines": alerts.reply_deadlines_alert(),
        "saved_searches": saved_searches.saved_searches_alert(),
    }


@shared_task(**ONCE_DONE, time_limit=600, soft_time_limit=570)
def notifications_tender_match_task(*, tender_id: int) -> int:
    """The tender-match alert of one tender (what the recompute announces, run again by hand or in tests)."""
    return alerts.tender_match_alert(tender_id=tender_id)
