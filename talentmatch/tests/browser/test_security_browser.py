"""The Content-Security-Policy and the XSS corpus in a real Chromium: the main pages of each staff
role load with no CSP violation (nor any other console error), and with every free-text column
full of the XSS payloads no dialog ever opens and no injected handler runs."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from consultants.models import Consultant
from matching.models import Match
from talentmatch.tests.sweep_rows import every_row, fill_text
from talentmatch.tests.test_security_xss import ATTACKS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation, kept on the page so that the test can read them back (besides the console).
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"}`);
});
"""


def _main_pages(agency, role: str = "sales") -> list[str]:
    """The pages a staff member works on (the edit forms their role may open)."""
    tender = agency.tenders["portal"]
    consultant = agency.consultants["Léa"]
    match = Match.objects.filter(tender=tender).order_by("-match_score", "pk").first()
    urls = [
        reverse("home"),
        reverse("consultants:consultant-list"),
        reverse("consultants:consultant-list") + "?q=python",
        reverse("consultants:consultant-detail", args=[consultant.pk]),
        reverse("tenders:tender-list"),
        reverse("tenders:tender-detail", args=[tender.pk]),
        reverse("matching:match-board"),
        reverse("matching:match-detail", args=[match.pk]),
        reverse("skills:skill-list"),
        reverse("password_change"),
    ]
    if role in ("manager", "recruiter"):
        urls.append(reverse("consultants:consultant-edit", args=[consultant.pk]))
    if role in ("manager", "sales"):
        urls.append(reverse("tenders:tender-edit", args=[tender.pk]))
    return urls


def _real_problems(problems: list[str]) -> list[str]:
    # Moving on to the next page may cancel the icon's request: a navigation race, not a fault.
    return [problem for problem in problems if not problem.endswith("favicon.svg net::ERR_ABORTED")]


def _visit(page: Page, urls: list[str]) -> list[str]:
    violations = []
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        violations += [f"{url}: {violation}" for violation in page.evaluate("window.cspViolations")]
    return violations


@pytest.fixture
def csp_page(page: Page, page_problems) -> Page:
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return page


def test_the_main_pages_of_each_staff_role_load_without_any_csp_violation(
    agency, cast, log_in, csp_page, page_problems, live_server
):
    csp_page.goto("/login/")
    assert csp_page.evaluate("window.cspViolations") == []
    for user in (cast.a.manager, agency.sales, cast.a.recruiter):
        log_in(user)
        assert _visit(csp_page, _main_pages(agency, user.role)) == []
        # An htmx exchange too: the board's filter and the ranking's explanation load in place.
        csp_page.goto(reverse("tenders:tender-detail", args=[agency.tenders["portal"].pk]))
        csp_page.locator("details.explanation summary").first.click()
        csp_page.wait_for_load_state("networkidle")
        assert csp_page.evaluate("window.cspViolations") == []
        csp_page.context.clear_cookies()
    assert _real_problems(page_problems) == []


def _corpus_value(model, column, pk):
    """As many payloads of the corpus as the column holds (e-mails stay: the test logs in with them)."""
    if column.name == "email":
        return None
    suffix = f" #{model._meta.model_name}{pk}"  # some columns are unique
    chosen = []
    for payload in ATTACKS.values():
        candidate = " ".join([*chosen, payload]) + suffix
        if column.max_length and len(candidate) > column.max_length:
            continue
        chosen.append(payload)
    return " ".join(chosen) + suffix if chosen else None


def test_with_the_xss_corpus_in_every_text_column_no_dialog_opens_and_no_handler_runs(
    agency, cast, log_in, csp_page, page_problems
):
    dialogs: list[str] = []
    csp_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(agency.sales)  # before the corpus lands in the users' names
    counts = fill_text(every_row(), _corpus_value)
    assert counts["written"] >= 100
    consultant = Consultant.objects.get(pk=agency.consultants["Léa"].pk)
    assert "<script>alert(1)</script>" in consultant.title

    # Stored payloads on every main page, and reflected ones through the search box.
    searches = [f"{reverse('consultants:consultant-list')}?{urlencode({'q': payload})}" for payload in ATTACKS.values()]
    violations = _visit(csp_page, [*_main_pages(agency), *searches])
    assert dialogs == []
    # An injected inline handler or script would be blocked by the policy and reported: none was
    # even created, since the markup came out escaped.
    assert violations == []
    assert _real_problems(page_problems) == []


def test_the_instruments_would_catch_an_injected_script(live_server, csp_page):
    """The two probes above are not blind: an inline script under our policy is reported as a
    violation (and blocked), and the same script without the policy opens a dialog."""
    client = Client()
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    dialogs: list[str] = []
    csp_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    html = "<!doctype html><title>probe</title><script>alert('injected')</script>"

    def serve(headers):
        return lambda route: route.fulfill(status=200, content_type="text/html", headers=headers, body=html)

    csp_page.route(f"{live_server.url}/probe-with-policy", serve({"Content-Security-Policy": policy}))
    csp_page.route(f"{live_server.url}/probe-without", serve({}))
    csp_page.goto(f"{live_server.url}/probe-with-policy")
    assert csp_page.evaluate("window.cspViolations") == ["script-src-elem inline"]
    assert dialogs == []
    csp_page.goto(f"{live_server.url}/probe-without")
    assert dialogs == ["injected"]


def test_an_htmx_swap_after_the_user_resized_a_text_box_sets_no_inline_style(agency, log_in, csp_page, page_problems):
    """Resizing a textarea leaves a style attribute; htmx would copy it onto the swapped-in card
    (an inline style the policy blocks) unless base.html's htmx-config leaves style out of the
    attributes it settles."""
    best = Match.objects.visible_to(agency.sales).order_by("-match_score", "pk").first()
    log_in(agency.sales)
    csp_page.goto(reverse("matching:match-board"))
    csp_page.evaluate("document.querySelectorAll('textarea').forEach((box) => { box.style.height = '6rem'; })")
    csp_page.locator(f"#match-{best.pk}").get_by_role("button", name="Proposer au client").click()
    expect(csp_page.locator(f"#match-{best.pk} .status")).to_have_text("Proposé au client")
    best.refresh_from_db()
    assert best.status == "submitted"
    assert csp_page.evaluate("window.cspViolations") == []
    assert _real_problems(page_problems) == []
