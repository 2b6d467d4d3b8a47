"""Page benchmark: gunicorn + PostgreSQL holding seed_bench data (100,000 consultants).

Usage, after bench/matching_bench.py has filled the database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tm_bench .venv/bin/python bench/pages_bench.py

The p50 of the tender page (50 ranked matches) and of the consultant list are compared with the p50
of the lightest signed-in page (the empty tender form: session and user only), served by the same
gunicorn in the same run. Full-text search is timed in-process against a count(*) of the same query,
for a name and for skill words ("C#", "Go"...); `--search-only` times the searches alone.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from consultants.models import Consultant  # noqa: E402
from consultants.selectors import consultant_search_query  # noqa: E402
from consultants.services import consultant_search_refresh  # noqa: E402
from talentmatch.models import Company, User, UserRole  # noqa: E402
from tenders.models import Tender  # noqa: E402

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "bench-sales-password-2026"
SAMPLES = 120


def prepare() -> tuple[int, int]:
    company = Company.objects.filter(name__startswith="Bench ").order_by("pk").first()
    if company is None:
        sys.exit("Run bench/matching_bench.py first: it seeds the bench companies.")
    if Consultant.objects.filter(company=company, search_vector__isnull=True).exists():
        print("building search documents…", file=sys.stderr)
        consultant_search_refresh()
    user, _ = User.objects.get_or_create(
        email="bench.sales@bench.test",
        defaults={"first_name": "Bench", "last_name": "Sales", "role": UserRole.SALES, "company": company},
    )
    user.set_password(PASSWORD)
    user.save()
    tender = Tender.objects.filter(company=company, matches__isnull=False).order_by("pk").first()
    return user.pk, tender.pk


def login():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/login/").read().decode()  # noqa: S310 — our own local server
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": "bench.sales@bench.test", "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{BASE}/login/", data=data, headers={"Referer": f"{BASE}/login/"})  # noqa: S310
    opener.open(request)
    return opener


def timings(opener, path: str) -> list[float]:
    opener.open(BASE + path).read()  # warm-up
    samples = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        response = opener.open(BASE + path)
        response.read()
        samples.append(time.perf_counter() - started)
        assert response.status == 200, path
    return samples


def p(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100)[int(q) - 1]


def search_figures(company_id: int, text: str = "Helene Lefevre") -> dict:
    """The first page of a search against a count(*) of the same query, 40 alternating pairs; the
    page is also timed with the query's resolution of skill words against the catalogue (`built`)."""
    queryset = Consultant.objects.filter(company_id=company_id, search_vector=consultant_search_query(text))
    page_times, built_times, count_times = [], [], []
    for _ in range(40):
        started = time.perf_counter()
        list(queryset.order_by("pk")[:25])
        page_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        query = consultant_search_query(text)
        list(Consultant.objects.filter(company_id=company_id, search_vector=query).order_by("pk")[:25])
        built_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        queryset.count()
        count_times.append(time.perf_counter() - started)
    plan = queryset.explain()
    return {
        "search_p95_ms": p(page_times, 95) * 1000,
        "search_with_resolution_p95_ms": p(built_times, 95) * 1000,
        "count_p95_ms": p(count_times, 95) * 1000,
        "search_over_count": p(page_times, 95) / p(count_times, 95),
        "search_with_resolution_over_count": p(built_times, 95) / p(count_times, 95),
        "matches": queryset.count(),
        "gin_index_used": "consultants_search_vector" in plan or "Bitmap Index Scan" in plan,
        "plan": plan.splitlines()[:6],
    }


# Skill words resolved to the exact lexemes of their holders (consultants.search), alone and with text.
SKILL_SEARCHES = ("C#", "C++", "Go", ".NET", "C", "Go Lefevre")


def search_only() -> None:
    """`--search-only`: the search figures without gunicorn."""
    company = Company.objects.filter(name__startswith="Bench ").order_by("pk").first()
    if company is None:
        sys.exit("Run bench/matching_bench.py first: it seeds the bench companies.")
    results = {"Helene Lefevre": search_figures(company.pk)}
    results.update({text: search_figures(company.pk, text) for text in SKILL_SEARCHES})
    print(json.dumps(results, indent=2))


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("The page benchmark runs on PostgreSQL: set DATABASE_URL.")
    if "--search-only" in sys.argv[1:]:
        search_only()
        return
    _, tender_id = prepare()
    company_id = Tender.objects.get(pk=tender_id).company_id
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # DEBUG off refuses to start without a real key (talentmatch/checks.py): one for this run only.
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    server = subprocess.Popen(  # noqa: S603 — our own gunicorn
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "talentmatch.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=1)  # noqa: S310 — our own local server
                break
            except OSError:
                time.sleep(0.2)
        opener = login()
        baseline = timings(opener, "/tenders/new/")
        tender = timings(opener, f"/tenders/{tender_id}/")
        consultants = timings(opener, "/consultants/")
    finally:
        server.terminate()
        server.wait(timeout=10)
    results = {
        "baseline_p50_ms": p(baseline, 50) * 1000,
        "tender_page_p50_ms": p(tender, 50) * 1000,
        "consultant_list_p50_ms": p(consultants, 50) * 1000,
        "tender_page_over_baseline": p(tender, 50) / p(baseline, 50),
        "consultant_list_over_baseline": p(consultants, 50) / p(baseline, 50),
        **search_figures(company_id),
        "skill_searches": {text: search_figures(company_id, text) for text in SKILL_SEARCHES},
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
