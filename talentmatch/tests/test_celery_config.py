"""Celery as configured: JSON only, every task time-limited, retries on transient errors, acks_late
with requeue on a lost worker, a visibility timeout beyond every limit, and the one schedule."""

import pytest
from celery import signals
from celery.schedules import crontab
from django.db import OperationalError, connections

import matching.tasks
from talentmatch.celery import TRANSIENT_ERRORS, app

OUR_APPS = (
    "talentmatch.",
    "consultants.",
    "tenders.",
    "matching.",
    "collaborations.",
    "dataio.",
    "history.",
    "privacy.",
    "notifications.",
)
MAINTENANCE_AND_MATCHING = [
    "matching.tasks.matches_recompute_task",
    "matching.tasks.matches_recompute_tenders_task",
    "matching.tasks.matches_recompute_tender_task",
    "matching.tasks.matches_update_for_consultant_task",
    "matching.tasks.matches_recompute_fan_out_task",
    "talentmatch.tasks.consultants_availability_roll_over_task",
    "talentmatch.tasks.collaborations_expire_task",
    "talentmatch.tasks.database_vacuum_analyze_task",
    "talentmatch.tasks.private_media_clean_up_task",
    "privacy.tasks.retention_apply_task",
    "notifications.tasks.notifications_email_send_task",
    "notifications.tasks.notifications_digest_send_task",
    "notifications.tasks.notifications_look_ahead_task",
    "notifications.tasks.notifications_tender_match_task",
]


def _our_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(OUR_APPS)}


def test_messages_are_json_only():
    assert (app.conf.task_serializer, app.conf.result_serializer, app.conf.accept_content) == ("json", "json", ["json"])


def test_a_worker_reserves_one_message_at_a_time():
    assert app.conf.worker_prefetch_multiplier == 1


def test_every_task_is_time_limited_and_the_broker_waits_longer_than_the_longest_limit():
    tasks = _our_tasks()
    assert set(MAINTENANCE_AND_MATCHING) <= set(tasks)
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit  # the defaults of a task without its own
    for name in MAINTENANCE_AND_MATCHING:
        assert tasks[name].soft_time_limit < tasks[name].time_limit, name
    longest = max(task.time_limit or app.conf.task_time_limit for task in tasks.values())
    assert app.conf.broker_transport_options["visibility_timeout"] > longest


@pytest.mark.parametrize("name", MAINTENANCE_AND_MATCHING, ids=lambda name: name.rsplit(".", 1)[-1])
def test_matching_and_maintenance_tasks_are_run_again_after_a_crash_and_retried_on_transient_errors(name):
    task = _our_tasks()[name]
    assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
    assert tuple(task.autoretry_for) == TRANSIENT_ERRORS
    assert (task.retry_backoff, task.retry_backoff_max, task.retry_jitter, task.max_retries) == (5, 600, True, 5)


def test_a_task_meeting_an_unreachable_database_is_retried_with_growing_delays_then_fails(db, monkeypatch):
    """A real connection refused (nothing listens on port 1), through the real task: five retries.
    (The cache is no such error any more: out of reach, it is a miss, talentmatch/cache.py.)"""
    database = connections["default"]
    where = (
        {"NAME": "/nonexistent/folder/db.sqlite3"} if database.vendor == "sqlite" else {"HOST": "127.0.0.1", "PORT": 1}
    )
    unreachable = database.__class__({**database.settings_dict, **where}, alias="unreachable")

    def recompute_meeting_an_unreachable_database(**kwargs):
        unreachable.ensure_connection()

    monkeypatch.setattr(matching.tasks.services, "matches_recompute", recompute_meeting_an_unreachable_database)
    delays = []

    def on_retry(sender=None, request=None, reason=None, einfo=None, **kwargs):
        retry = getattr(einfo.exception, "exc", einfo.exception)  # celery wraps it with its traceback
        delays.append(retry.when)

    signals.task_retry.connect(on_retry, weak=False)
    propagates = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False  # let the in-process run take its retries as a worker would
    try:
        result = matching.tasks.matches_recompute_tender_task.apply(kwargs={"tender_id": 1})
    finally:
        app.conf.task_eager_propagates = propagates
        signals.task_retry.disconnect(on_retry)
    assert result.state == "FAILURE"
    assert isinstance(result.result, OperationalError)
    assert len(delays) == 5
    # Full jitter: each delay is drawn below 5 s × 2^attempt.
    assert all(0 <= delay <= 5 * 2**attempt for attempt, delay in enumerate(delays))


def test_the_beat_schedule_is_these_jobs_in_paris_time():
    tasks = _our_tasks()
    schedule = app.conf.beat_schedule
    assert app.conf.timezone == "Europe/Paris"
    assert {name: (entry["task"], entry["schedule"]) for name, entry in schedule.items()} == {
        "daily-availability-roll-over": (
            "talentmatch.tasks.consultants_availability_roll_over_task",
            crontab(hour=0, minute=5),
        ),
        "daily-collaboration-expiry": ("talentmatch.tasks.collaborations_expire_task", crontab(hour=0, minute=10)),
        "daily-privacy-retention": ("privacy.tasks.retention_apply_task", crontab(hour=0, minute=20)),
        "nightly-full-recompute": ("matching.tasks.matches_recompute_fan_out_task", crontab(hour=2, minute=0)),
        "nightly-dashboard-snapshots": (
            "matching.dashboard.tasks.dashboard_snapshots_refresh_task",
            crontab(hour=5, minute=30),
        ),
        "daily-notifications-look-ahead": (
            "notifications.tasks.notifications_look_ahead_task",
            crontab(hour=6, minute=30),
        ),
        "daily-notifications-digest": (
            "notifications.tasks.notifications_digest_send_task",
            crontab(hour=7, minute=30),
        ),
        "recompute-watchdog": ("matching.tasks.matches_recompute_watchdog_task", crontab(minute="*")),
        "weekly-vacuum-analyze": (
            "talentmatch.tasks.database_vacuum_analyze_task",
            crontab(hour=3, minute=30, day_of_week="sun"),
        ),
        "weekly-private-files-clean-up": (
            "talentmatch.tasks.private_media_clean_up_task",
            crontab(hour=4, minute=30, day_of_week="sun"),
        ),
    }
    for entry in schedule.values():
        assert entry["task"] in tasks
        assert str(entry["schedule"].tz) == "Europe/Paris"
