"""A background import in a real Chromium: the page polls its job, shows the rows done out of the
total while it runs, then swaps in the report without a reload."""

import pytest
from playwright.sync_api import expect

from consultants.models import Consultant
from consultants.tests.factories import SkillFactory
from dataio.services import jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_import_page_follows_a_background_import_until_its_report(cast, log_in, page, page_problems):
    SkillFactory(name="Python")
    content = (
        "first_name,last_name,email,title,skills\r\n"
        + "".join(f"Anne{n},Lenoir{n},anne{n}@example.com,Développeuse,Python:expert\r\n" for n in range(300))
    ).encode()
    job = jobs.import_job_start(
        kind="consultants",
        name="équipe.csv",
        content=content,
        by=cast.a.manager,
        dry_run=False,
        language="fr",
        queue=False,
    )
    log_in(cast.a.manager)
    page.goto(f"/data/import/jobs/{job}/")
    expect(page.locator("#job-title")).to_have_text("Import du fichier — Consultants et leurs compétences")
    expect(page.get_by_role("status")).to_have_text("En attente de son tour…")

    # Where the worker stands after 200 rows of 300, then the worker's whole run.
    state = jobs.import_job_state(user=cast.a.manager, job_id=job)
    jobs._save(cast.a.company.pk, cast.a.manager.pk, job, {**state, "state": jobs.RUNNING, "done": 200, "total": 300})
    expect(page.get_by_role("status")).to_have_text("200 lignes sur 300")
    expect(page.locator("#import-progress")).to_have_attribute("value", "200")
    assert jobs.import_job_run(job_id=job, company_id=cast.a.company.pk, user_id=cast.a.manager.pk) == jobs.FINISHED

    expect(page.locator("#report-title")).to_have_text("Importé — Consultants et leurs compétences")
    expect(page.locator("#import-job")).not_to_have_attribute("hx-trigger", "every 1s")
    assert Consultant.objects.filter(company=cast.a.company).count() == 300
    assert page_problems == []
