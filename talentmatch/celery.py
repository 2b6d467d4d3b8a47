"""The Celery application. Its whole periodic schedule lives in `beat_schedule` below."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

app = Celery("talentmatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}
