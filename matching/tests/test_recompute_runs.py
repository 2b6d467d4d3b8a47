"""The recompute runs' bookkeeping (matching/services/runs.py): a delivery records its run, a copy
of finished or requeued work does nothing, a redelivery takes its run over, and the watchdog queues
each silent run again exactly once. The real-worker drill is test_recompute_kill_drill.py."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from matching.models import RecomputeRun, RecomputeRunStatus
from matching.services.runs import (
    recompute_run_beat,
    recompute_run_finish,
    recompute_run_start,
    recompute_runs_requeue_stale,
)
from talentmatch.celery import app

TASK = "matching.tasks.matches_recompute_tenders_task"

pytestmark = pytest.mark.django_db


def _start(task_id: str = "t1", **kwargs) -> RecomputeRun | None:
    return recompute_run_start(task_id=task_id, task_name=TASK, kwargs={"tender_ids": [1]}, queue="q", **kwargs)


def test_interrupted_work_starts_again_within_ten_minutes_with_the_defaults():
    beat_every = app.conf.beat_schedule["recompute-watchdog"]["schedule"]
    assert str(beat_every) == str(type(beat_every)(minute="*"))  # every minute
    worst = settings.MATCHING_RUN_STALE_SECONDS + settings.MATCHING_RUN_HEARTBEAT_SECONDS + 60
    assert worst <= 5 * 60 < 10 * 60
    assert settings.MATCHING_RUN_HEARTBEAT_SECONDS * 3 <= settings.MATCHING_RUN_STALE_SECONDS


def test_a_delivery_records_its_run_and_a_copy_of_finished_work_does_nothing():
    run = _start(worker="w1")
    assert (run.status, run.attempts, run.queue, run.kwargs) == ("running", 1, "q", {"tender_ids": [1]})
    assert recompute_run_beat(run_id=run.pk) is True
    recompute_run_finish(run_id=run.pk, status=RecomputeRunStatus.DONE)
    assert recompute_run_beat(run_id=run.pk) is False
    assert _start() is None
    assert RecomputeRun.objects.get().attempts == 1


@pytest.mark.parametrize("status", [RecomputeRunStatus.RUNNING, RecomputeRunStatus.FAILED])
def test_a_redelivery_of_a_running_or_failed_run_takes_it_over(status):
    run = _start(worker="w1")
    RecomputeRun.objects.filter(pk=run.pk).update(status=status)
    again = _start(worker="w2")
    assert (again.pk, again.status, again.attempts, again.worker) == (run.pk, "running", 2, "w2")


def test_the_watchdog_queues_each_silent_run_once_and_leaves_beating_ones(django_capture_on_commit_callbacks):
    silent, beating = _start("silent"), _start("beating")
    RecomputeRun.objects.filter(pk=silent.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [new_id] = recompute_runs_requeue_stale()
        assert recompute_runs_requeue_stale() == []  # a second pass finds nothing left to queue
    assert len(callbacks) == 1
    silent.refresh_from_db()
    assert (silent.status, silent.requeued_as) == (RecomputeRunStatus.REQUEUED, new_id)
    assert RecomputeRun.objects.get(pk=beating.pk).status == RecomputeRunStatus.RUNNING
    # The old message, delivered again later, does nothing; the finish of a late survivor keeps "requeued".
    assert _start("silent") is None
    recompute_run_finish(run_id=silent.pk, status=RecomputeRunStatus.DONE)
    assert RecomputeRun.objects.get(pk=silent.pk).status == RecomputeRunStatus.REQUEUED


def test_the_watchdog_deletes_runs_finished_more_than_a_day_ago():
    old, recent = _start("old"), _start("recent")
    for run, age in ((old, datetime.timedelta(days=2)), (recent, datetime.timedelta(hours=2))):
        RecomputeRun.objects.filter(pk=run.pk).update(status="done", finished_at=timezone.now() - age)
    recompute_runs_requeue_stale()
    assert list(RecomputeRun.objects.values_list("task_id", flat=True)) == ["recent"]


def test_an_eager_task_keeps_no_run(cast):
    from matching.tasks import matches_recompute_tenders_task

    assert matches_recompute_tenders_task.apply(kwargs={"tender_ids": []}).get().startswith("tenders 0")
    assert RecomputeRun.objects.count() == 0
