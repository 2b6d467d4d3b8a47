"""The Celery application. Its whole periodic schedule lives in `beat_schedule` below."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

app = Celery("talentmatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "nightly-full-recompute": {
        "task": "matching.tasks.matches_recompute_fan_out_task",
        "schedule": crontab(hour=2, minute=0),
        "kwargs": {"chunks": int(os.environ.get("MATCHING_FAN_OUT_CHUNKS", "4"))},
    },
}
