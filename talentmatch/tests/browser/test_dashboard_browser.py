"""The dashboard in Chromium at a phone's and a laptop's width: no horizontal overflow, and no serious
or critical axe-core violation (charts and their tables opened)."""

import datetime
from pathlib import Path

import pytest

from consultants.tests.factories import ConsultantFactory
from matching.dashboard import snapshot
from matching.models import MatchStatus
from matching.tests.factories import MatchFactory
from tenders.tests.factories import TenderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SERIOUS = """async () => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}"""


def test_the_dashboard_fits_a_phone_and_a_laptop_and_passes_axe(cast, page, log_in, page_problems, screenshot):
    company = cast.a.company
    today = datetime.date.today()
    tender = TenderFactory(
        company=company,
        start_date=today + datetime.timedelta(days=30),
        reply_deadline=today + datetime.timedelta(days=9),
        title="Refonte du SI RH",
    )
    # Due tomorrow with nobody submitted (marked in the list), passed, and without a deadline.
    TenderFactory(company=company, reply_deadline=today + datetime.timedelta(days=1), title="Migration cloud")
    TenderFactory(company=company, reply_deadline=today - datetime.timedelta(days=3), title="Audit sécurité")
    TenderFactory(company=company, reply_deadline=None, title="Tierce maintenance applicative")
    for index, status in enumerate(["available", "partially_available", "on_mission", "unavailable"]):
        consultant = ConsultantFactory(
            company=company, availability_status=status, availability_date=today + datetime.timedelta(days=7 * index)
        )
        score = 0.7 + index / 20
        MatchFactory(tender=tender, consultant=consultant, status=MatchStatus.SUBMITTED, submitted_score=score)
    snapshot.dashboard_snapshot_refresh(company_id=company.pk)  # what a worker does on the first visit
    log_in(cast.a.manager)

    found = {}
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        # Evaluated through DevTools: the page's CSP allows no inline script tag.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
        found[width] = {
            "overflow": page.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
            "violations": page.evaluate(SERIOUS),
        }
        screenshot(f"dashboard-{width}")

    assert found == {width: {"overflow": 0, "violations": []} for width in (1366, 390)}
    assert page.locator("svg.chart").count() == 5
    assert page.locator("#tenders-title + ul .tag-warn").count() == 3
    assert page_problems == []
