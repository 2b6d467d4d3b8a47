"""A real Chromium (Debian's /usr/bin/chromium, never a Playwright download) driven by pytest-playwright
against pytest-django's live server, with a small French agency built for each test."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import environ
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect, sync_playwright

from conftest import PASSWORD
from consultants.models import Consultant, Skill, SkillCategory
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory
from matching.services import matches_recompute
from talentmatch.celery import app
from talentmatch.models import User
from tenders.models import Tender
from tenders.tests.factories import TenderFactory, TenderSkillFactory

CHROMIUM = Path("/usr/bin/chromium")

# Bounded waits, generous for a loaded CI machine: an assertion waits up to this long, never longer.
expect.set_options(timeout=15_000)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]

# Reports a Content-Security-Policy violation the way Chromium reports other page errors: on the console.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""


@pytest.fixture(scope="package")
def _chromium():
    """Skip without Chromium, unless TALENTMATCH_REQUIRE_BROWSER is set (CI): then fail."""
    if CHROMIUM.is_file():
        return
    if environ.Env().bool("TALENTMATCH_REQUIRE_BROWSER", default=False):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM} and TALENTMATCH_REQUIRE_BROWSER is set: "
            "install it with `apt-get install chromium`."
        )
    pytest.skip(f"No Chromium at {CHROMIUM}")


# pytest-playwright starts Playwright once per session; these overrides keep it to this package instead.
# Between two calls its sync API leaves its event loop marked as running in the main thread, where
# Django then refuses every query as "async unsafe" although nothing runs concurrently. The flag
# that lifts this check is set only while Playwright is alive, so tests after the package keep it.


@pytest.fixture(scope="package")
def playwright(_chromium):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as driver:
            yield driver


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def browser(browser_type, browser_type_launch_args):
    browser = browser_type.launch(
        **{**browser_type_launch_args, "executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}
    )
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args(live_server):
    """French first, as the demo's users read it; relative URLs go to the live server."""
    return {"base_url": live_server.url, "locale": "fr-FR", "viewport": {"width": 1280, "height": 900}}


def _aborted_by_navigation(request) -> bool:
    """A static file (the favicon, a stylesheet) whose load a navigation cut short: not a fault."""
    return request.failure == "net::ERR_ABORTED" and "/static/" in request.url


@pytest.fixture
def page_problems(page: Page) -> list[str]:
    """Every console error, uncaught exception, CSP violation, failed request and 4xx/5xx response
    of the page, as readable lines; a test ends by asserting there is none."""
    problems: list[str] = []
    # base.html declares no icon, so Chromium asks for /favicon.ico and logs the 404 as a console error.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "requestfailed",
        lambda request: (
            _aborted_by_navigation(request) or problems.append(f"request failed: {request.url} {request.failure}")
        ),
    )
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}"),
    )
    return problems


@pytest.fixture
def screenshot(page: Page, pytestconfig):
    """Save a full-page screenshot as test-results/screenshots/<name>.png."""
    folder = pytestconfig.rootpath / "test-results" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def _tasks_in_process(settings):
    """Whatever a page queues runs in-process, so that no test leaves messages on a shared broker."""
    previous = app.conf.task_always_eager  # read first: Celery loads its configuration lazily
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@dataclass
class Agency:
    """A small ESN (the cast's company a) with its sales person, consultants, tenders and suggestions."""

    sales: User
    skills: dict[str, Skill]
    consultants: dict[str, Consultant]
    tenders: dict[str, Tender]


# (first name, last name, title, city, daily rate, {skill: level}); four of the six know Python.
TEAM = (
    ("Léa", "Moreau", "Développeuse Python senior", "Lyon", 620.0, {"Python": "expert", "Django": "advanced",
     "PostgreSQL": "advanced"}),
    ("Maxime", "Fournier", "Data engineer", "Villeurbanne", 580.0, {"Python": "advanced", "PostgreSQL": "expert"}),
    ("Inès", "Dubois", "Développeuse full stack", "Lyon", 540.0, {"Python": "intermediate", "React": "advanced"}),
    ("Thomas", "Petit", "Ingénieur DevOps", "Grenoble", 600.0, {"Docker": "expert", "Python": "beginner"}),
    ("Hugo", "Bernard", "Développeur Java", "Lyon", 560.0, {"Java": "expert", "Docker": "intermediate"}),
    ("Sarah", "Roux", "Développeuse front-end", "Saint-Étienne", 500.0, {"React": "expert"}),
)  # fmt: skip

SKILL_CATEGORIES = {
    "Python": SkillCategory.PROGRAMMING_LANGUAGE,
    "Java": SkillCategory.PROGRAMMING_LANGUAGE,
    "Django": SkillCategory.FRAMEWORK,
    "React": SkillCategory.FRAMEWORK,
    "PostgreSQL": SkillCategory.DATABASE,
    "Docker": SkillCategory.DEVOPS,
}


@pytest.fixture
def agency(cast, _tasks_in_process) -> Agency:
    """Built with factories and ranked by `matches_recompute` (the full demo takes seconds per test);
    company b gets a Python consultant and tender of its own, which company a must never see."""
    skills = {name: SkillFactory(name=name, category=category) for name, category in SKILL_CATEGORIES.items()}
    consultants = {}
    for first_name, last_name, title, city, rate, levels in TEAM:
        consultant = ConsultantFactory(
            company=cast.a.company,
            user__first_name=first_name,
            user__last_name=last_name,
            title=title,
            location=city,
            daily_rate=rate,
        )
        for name, level in levels.items():
            ConsultantSkillFactory(consultant=consultant, skill=skills[name], proficiency_level=level)
        consultants[first_name] = consultant
    start = timezone.localdate() + datetime.timedelta(days=21)
    tenders = {
        "portal": TenderFactory(
            company=cast.a.company,
            title="Portail patient en Django",
            client_name="Hospices de Fourvière",
            location="Lyon",
            start_date=start,
            end_date=start + datetime.timedelta(days=180),
            budget=150000.0,
        ),
        "java": TenderFactory(
            company=cast.a.company,
            title="Conteneurisation des applications Java",
            client_name="Transports du Rhône",
            location="Lyon",
            start_date=start,
            end_date=start + datetime.timedelta(days=120),
        ),
    }
    for name, importance in (("Python", "required"), ("Django", "required"), ("PostgreSQL", "preferred")):
        TenderSkillFactory(tender=tenders["portal"], skill=skills[name], importance=importance)
    TenderSkillFactory(tender=tenders["portal"], skill=skills["React"], importance="nice_to_have")
    for name in ("Java", "Docker"):
        TenderSkillFactory(tender=tenders["java"], skill=skills[name])
    outsider = ConsultantFactory(company=cast.b.company, user__first_name="Paul", user__last_name="Lefèvre")
    ConsultantSkillFactory(consultant=outsider, skill=skills["Python"])
    TenderSkillFactory(tender__company=cast.b.company, tender__title="Mission de Beta", skill=skills["Python"])
    matches_recompute()
    return Agency(cast.a.sales, skills, consultants, tenders)


@pytest.fixture
def log_in(page: Page, live_server):
    """Log in through the login form; returns once the dashboard has loaded."""

    def log_in(user: User) -> None:
        page.goto("/login/")
        page.locator("#main input[name=username]").fill(user.email)
        page.locator("#main input[name=password]").fill(PASSWORD)
        page.locator("#main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")

    return log_in
