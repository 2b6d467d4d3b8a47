"""Every page of the navigation, as each role, on a phone (390 px) and a laptop (1366 px): nothing
scrolls sideways, nothing logs an error, axe-core finds no serious or critical violation, and a
screenshot of each page at each width is saved. One browser, one context per role (logged in once),
both widths by resizing the viewport of the page already loaded."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from collaborations.tests.factories import CollaborationFactory
from conftest import PASSWORD
from consultants.tests.factories import ConsultantFactory
from matching.models import Match

# About 60 pages at two widths, 30 to 40 s on an idle machine: the layout does not depend on the
# database, so CI runs it in its PostgreSQL run only (see the `once_in_ci` marker in conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.once_in_ci, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": (390, 844), "laptop": (1366, 900)}

# The menu's entries for each role, by address (talentmatch/access.py decides who sees which).
MENUS = {
    "manager": [
        "/",
        "/consultants/",
        "/tenders/",
        "/matches/",
        "/collaborations/",
        "/skills/",
        "/data/",
        "/privacy/",
        "/company/branding/",
    ],
    "recruiter": ["/", "/consultants/", "/tenders/", "/matches/", "/collaborations/", "/skills/", "/data/"],
    "sales": ["/", "/consultants/", "/tenders/", "/matches/", "/collaborations/", "/skills/", "/data/"],
    "consultant": ["/", "/skills/"],
    "admin": ["/", "/consultants/", "/tenders/", "/matches/", "/skills/", "/data/", "/privacy/", "/admin/"],
}

# axe-core's verdict, reduced to what the suite fails on: serious and critical violations, readable.
RUN_AXE = """async () => {
  const results = await axe.run(document, {
    resultTypes: ["violations"],
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
  });
  return results.violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — `
      + violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(", "));
}"""
OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def _extra_pages(role: str, agency, cast) -> list[str]:
    """Pages one step from the menu that each role works on: a profile, a tender, a match, a
    partner, the import page, the account pages."""
    tender = agency.tenders["portal"]
    match = Match.objects.filter(tender=tender).order_by("-match_score", "pk").first()
    account = [reverse("password_change"), reverse("mfa-settings")]
    if role == "consultant":
        return account
    pages = [
        reverse("consultants:consultant-detail", args=[agency.consultants["Léa"].pk]),
        reverse("tenders:tender-detail", args=[tender.pk]),
        reverse("matching:match-detail", args=[match.pk]),
        *account,
    ]
    if role != "admin":
        pages.append(reverse("collaborations:collaboration-detail", args=[agency.collaboration.pk]))
    if role in ("manager", "admin"):
        pages += [reverse("dataio:data-import"), reverse("skills:proposal-list")]
    return pages


@pytest.fixture
def partners(agency, cast):
    """An active collaboration of the two companies, and the consultant user's own profile."""
    agency.collaboration = CollaborationFactory(
        initiator_company=cast.a.company,
        partner_company=cast.b.company,
        start_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    ConsultantFactory(company=cast.a.company, user=cast.a.consultant_user, title="Développeuse Python")
    return agency


def _sweep(context, role: str, user, pages_after_menu, folder: Path, live_server) -> list[str]:
    problems: list[str] = []
    context.add_init_script(path=AXE)  # through DevTools, which the page's Content-Security-Policy does not govern
    page = context.new_page()
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}"),
    )
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["laptop"], strict=True)))
    page.goto("/login/")
    page.locator("#main input[name=username]").fill(user.email)
    page.locator("#main input[name=password]").fill(PASSWORD)
    page.locator("#main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/**")

    menu = page.locator("nav[aria-label] a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert menu == MENUS[role], role
    for path in [*menu, *pages_after_menu]:
        page.goto(path)
        where = f"{role} {path}"
        slug = path.strip("/").replace("/", "-") or "home"
        for name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            scroll_width, inner_width = page.evaluate(OVERFLOW)
            if scroll_width > inner_width:
                problems.append(f"{where} at {width} px: {scroll_width} px wide")
            # axe at the phone width, where the layout is ours to get right; Django admin's markup is Django's.
            if name == "phone" and not path.startswith("/admin/"):
                problems += [f"{where} at {width} px: {violation}" for violation in page.evaluate(RUN_AXE)]
            page.screenshot(path=folder / f"{role}-{slug}-{width}.jpeg", full_page=True, type="jpeg", quality=70)
        if path == "/":
            _check_the_phone_menu(page, problems, role)
    page.close()
    return problems


def _check_the_phone_menu(page, problems: list[str], role: str) -> None:
    """At 390 px the menu folds behind its button, which opens and closes it."""
    page.set_viewport_size({"width": 390, "height": 844})
    button, first_link = page.locator(".menu-button"), page.locator("nav[aria-label] a").first
    if not (button.is_visible() and first_link.is_hidden()):
        problems.append(f"{role}: on a phone the menu is not folded behind its button")
        return
    button.click()
    if not (first_link.is_visible() and button.get_attribute("aria-expanded") == "true"):
        problems.append(f"{role}: the menu button does not open the menu")
    page.keyboard.press("Escape")
    if first_link.is_visible():
        problems.append(f"{role}: Escape does not close the menu")
    header_height = page.locator(".topbar").bounding_box()["height"]
    if header_height > 80:
        problems.append(f"{role}: the folded top bar is {header_height} px tall")


def test_every_page_of_the_menu_fits_a_phone_and_a_laptop_with_no_error_and_no_serious_axe_violation(
    browser, browser_context_args, partners, cast, live_server, pytestconfig
):
    folder = pytestconfig.rootpath / "test-results" / "screenshots" / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    users = {
        "manager": cast.a.manager,
        "recruiter": cast.a.recruiter,
        "sales": cast.a.sales,
        "consultant": cast.a.consultant_user,
        "admin": cast.admin,
    }
    problems = []
    for role, user in users.items():
        context = browser.new_context(**browser_context_args)
        try:
            problems += _sweep(context, role, user, _extra_pages(role, partners, cast), folder, live_server)
        finally:
            context.close()
    print(f"\nScreenshots of every page at 390 and 1366 px: {folder}")
    assert problems == []
