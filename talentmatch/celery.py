"""The Celery application. Its whole periodic schedule lives in `beat_schedule` below.

Serialisation (JSON only), default time limits, prefetching and the broker's visibility timeout are
settings (`CELERY_*` in talentmatch/settings.py); each task declares its own time limits too.
"""

import os

from celery import Celery, signals
from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import InterfaceError, OperationalError
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from talentmatch.checks import refuse_public_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

app = Celery("talentmatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.celeryd_init.connect
@signals.beat_init.connect
def _refuse_public_secret_key(**kwargs) -> None:
    """A worker or beat does not start on a published key with DEBUG off (talentmatch/checks.py).
    SystemExit, since Celery logs and ignores the exceptions of signal receivers."""
    try:
        refuse_public_secret_key()
    except ImproperlyConfigured as error:
        raise SystemExit(str(error)) from None


# Errors that say "the database or Redis is unreachable for a moment", not "this task is wrong".
# django-redis reports Redis connection and timeout errors from the cache as ConnectionInterrupted.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError, ConnectionInterrupted)

# Task options: retry on a transient error after 5 s, 10 s, 20 s… (at most 10 min, jittered so
# that tasks failing together do not come back together), then give up after 6 attempts.
RETRY_ON_TRANSIENT_ERRORS = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}

# One schedule, in CELERY_TIMEZONE (Europe/Paris). The daily jobs run before the nightly recompute;
# the weekly ones on Sunday after it, clear of the 02:00–03:00 hour that daylight saving time
# skips or repeats (every job is idempotent anyway, so a repeated run is harmless).
app.conf.beat_schedule = {
    "daily-availability-roll-over": {
        "task": "talentmatch.tasks.consultants_availability_roll_over_task",
        "schedule": crontab(hour=0, minute=5),
    },
    "daily-collaboration-expiry": {
        "task": "talentmatch.tasks.collaborations_expire_task",
        "schedule": crontab(hour=0, minute=10),
    },
    "daily-privacy-retention": {
        "task": "privacy.tasks.retention_apply_task",
        "schedule": crontab(hour=0, minute=20),
    },
    # After the nightly recompute: each company's dashboard figures of the new day, before anyone looks.
    "nightly-dashboard-snapshots": {
        "task": "matching.dashboard.tasks.dashboard_snapshots_refresh_task",
        "schedule": crontab(hour=5, minute=30),
    },
    # After the nightly recompute, so that the look-ahead's best tenders come from fresh rankings;
    # the digest follows at the start of the working day, with what the look-ahead found.
    "daily-notifications-look-ahead": {
        "task": "notifications.tasks.notifications_look_ahead_task",
        "schedule": crontab(hour=6, minute=30),
    },
    "daily-notifications-digest": {
        "task": "notifications.tasks.notifications_digest_send_task",
        "schedule": crontab(hour=7, minute=30),
    },
    "nightly-full-recompute": {
        "task": "matching.tasks.matches_recompute_fan_out_task",
        "schedule": crontab(hour=2, minute=0),
        "kwargs": {"chunks": settings.MATCHING_FAN_OUT_CHUNKS},
    },
    # Interrupted recompute work (a worker killed mid-run) is queued again within minutes.
    "recompute-watchdog": {
        "task": "matching.tasks.matches_recompute_watchdog_task",
        "schedule": crontab(minute="*"),
    },
    "weekly-vacuum-analyze": {
        "task": "talentmatch.tasks.database_vacuum_analyze_task",
        "schedule": crontab(hour=3, minute=30, day_of_week="sun"),
    },
    "weekly-private-files-clean-up": {
        "task": "talentmatch.tasks.private_media_clean_up_task",
        "schedule": crontab(hour=4, minute=30, day_of_week="sun"),
    },
}
