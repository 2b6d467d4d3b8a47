"""A web import longer than DATAIO_WEB_SYNC_ROWS runs as a task: the page follows its progress (htmx
polling), then shows its report; checked, then imported as checked, like a short file."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from consultants.models import Consultant
from dataio.services import jobs
from dataio.tests.conftest import upload
from dataio.tests.importing import CONSULTANTS_CSV, _state
from talentmatch.celery import app
from talentmatch.models import UserRole


@pytest.fixture
def in_process_tasks(settings):
    """Queued tasks run in the request, as without a broker (the worker test below uses a real one)."""
    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    settings.DATAIO_WEB_SYNC_ROWS = 1
    yield
    app.conf.task_always_eager = previous


def _job(by, *, name: str = "people.csv", dry_run: bool = False, **extra) -> str:
    """A background import of CONSULTANTS_CSV by `by`, booked without queuing its task."""
    return jobs.import_job_start(
        kind="consultants",
        name=name,
        content=CONSULTANTS_CSV,
        by=by,
        dry_run=dry_run,
        language="en",
        queue=False,
        **extra,
    )


def test_a_long_file_is_checked_then_imported_in_the_background_with_its_report_on_the_page(
    client, cast, catalogue, in_process_tasks, django_capture_on_commit_callbacks
):
    client.force_login(cast.a.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "consultants", "people.csv", CONSULTANTS_CSV, action="check")
    assert response.status_code == 302 and response["Location"].startswith("/data/import/jobs/")
    page = client.get(response["Location"])
    report = page.context["report"]
    assert (report.created, report.dry_run, report.ok) == (2, True, True)
    assert "Check passed: nothing has been written yet" in page.content.decode()
    assert Consultant.objects.count() == 0
    token = page.context["token"]
    assert token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dataio:data-import"), {"token": token})
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert page.context["report"].applied
    assert "hx-trigger" not in page.content.decode()  # finished: the polling stops
    assert sorted(Consultant.objects.filter(company=cast.a.company).values_list("user__last_name", flat=True)) == [
        "Bernard",
        "Martin",
    ]
    # The checked file is used once.
    response = client.post(reverse("dataio:data-import"), {"token": token})
    assert "The checked file is no longer available" in response.content.decode()


def test_a_queued_import_shows_its_progress_and_polls_until_its_report(client, cast, catalogue):
    job = _job(cast.a.manager)
    client.force_login(cast.a.manager)
    url = reverse("dataio:import-job", kwargs={"job": job})
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}" hx-trigger="every 1s"' in fragment
    assert "Importing the file — Consultants and their skills" in fragment
    assert "Waiting for its turn…" in fragment
    assert jobs.import_job_run(job_id=job, company_id=cast.a.company.pk, user_id=cast.a.manager.pk) == jobs.FINISHED
    # Run twice (a message delivered again): nothing more happens.
    assert jobs.import_job_run(job_id=job, company_id=cast.a.company.pk, user_id=cast.a.manager.pk) == jobs.FINISHED
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "Imported — Consultants and their skills" in fragment
    assert Consultant.objects.filter(company=cast.a.company).count() == 2


def test_the_progress_of_a_running_import_reads_rows_done_out_of_the_total(client, cast, catalogue):
    job = _job(cast.a.manager, name="f.csv", dry_run=True)
    state = jobs.import_job_state(user=cast.a.manager, job_id=job)
    # Where the worker's progress callback stands after 200 rows of 250.
    jobs._save(cast.a.company.pk, cast.a.manager.pk, job, {**state, "state": jobs.RUNNING, "done": 200, "total": 250})
    client.force_login(cast.a.manager)
    fragment = client.get(reverse("dataio:import-job", kwargs={"job": job}), HTTP_HX_REQUEST="true").content.decode()
    assert '<progress id="import-progress" max="250" value="200"' in fragment
    assert "200 of 250 rows" in fragment and "Checking the file — Consultants and their skills" in fragment
    assert 'hx-trigger="every 1s"' in fragment


def test_a_job_whose_user_may_no_longer_import_fails_and_writes_nothing(client, cast, catalogue):
    before = _state()
    job = _job(cast.a.manager)
    cast.a.manager.role = UserRole.SALES
    cast.a.manager.save()
    assert jobs.import_job_run(job_id=job, company_id=cast.a.company.pk, user_id=cast.a.manager.pk) == jobs.FAILED
    assert _state() == before
    state = jobs.import_job_state(user=cast.a.manager, job_id=job)
    assert (state["state"], state["report"]) == (jobs.FAILED, None)


def test_a_job_is_run_only_under_its_own_company_and_a_failed_one_says_that_nothing_was_written(
    client, cast, catalogue
):
    job = _job(cast.b.manager)
    # Asked for under another company, the job is not there.
    assert jobs.import_job_run(job_id=job, company_id=cast.a.company.pk, user_id=cast.b.manager.pk) == "gone"
    cast.b.manager.is_active = False
    cast.b.manager.save()
    assert jobs.import_job_run(job_id=job, company_id=cast.b.company.pk, user_id=cast.b.manager.pk) == jobs.FAILED
    cast.b.manager.is_active = True
    cast.b.manager.save()
    client.force_login(cast.b.manager)
    page = client.get(reverse("dataio:import-job", kwargs={"job": job})).content.decode()
    assert "The import of this file could not finish, and nothing was written: choose the file again." in page
    assert Consultant.objects.count() == 0


def test_the_web_takes_as_many_rows_as_the_command(settings):
    assert jobs.web_row_limit() == 10_000


def test_a_checked_file_imported_twice_books_one_job(cast, catalogue):
    """Two clicks on "Import this file" (or two tabs) follow the same job: the file is imported once."""
    first, second = _job(cast.a.manager, token="checked-file"), _job(cast.a.manager, token="checked-file")
    assert first == second
    assert _job(cast.a.manager, token="another-file") != first
    assert jobs.import_job_run(job_id=first, company_id=cast.a.company.pk, user_id=cast.a.manager.pk) == jobs.FINISHED
    assert Consultant.objects.filter(company=cast.a.company).count() == 2


def test_a_second_delivery_while_the_first_runs_does_nothing(cast, catalogue):
    job = _job(cast.a.manager)
    # The first delivery holds the job's claim while it imports.
    cache.add(jobs._claim_key(cast.a.company.pk, cast.a.manager.pk, job), 1, 60)
    assert jobs.import_job_run(job_id=job, company_id=cast.a.company.pk, user_id=cast.a.manager.pk) == jobs.RUNNING
    assert Consultant.objects.count() == 0


def test_a_stalled_job_stays_failed_and_a_late_delivery_imports_nothing(client, cast, catalogue):
    job = _job(cast.a.manager)
    state = jobs.import_job_state(user=cast.a.manager, job_id=job)
    stalled = {**state, "updated": state["updated"] - jobs.STALLED_SECONDS - 1}
    cache.set(jobs._state_key(cast.a.company.pk, cast.a.manager.pk, job), stalled, jobs.JOB_SECONDS)
    assert jobs.import_job_state(user=cast.a.manager, job_id=job)["state"] == jobs.FAILED
    assert jobs.import_job_run(job_id=job, company_id=cast.a.company.pk, user_id=cast.a.manager.pk) == jobs.FAILED
    assert Consultant.objects.count() == 0
