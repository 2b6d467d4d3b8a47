"""Load test: 50 users on gunicorn + PostgreSQL holding seed_bench data (100,000 consultants).

Usage, after bench/matching_bench.py has filled the database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tm_bench REDIS_URL=redis://127.0.0.1:6379/8 \
        .venv/bin/python bench/load_bench.py [--users 50] [--seconds 60]

It gives 50 sales accounts of the bench company a password and each one a dedicated match of its
own (put in "submitted"), serves the app with gunicorn on loopback, and runs bench/locustfile.py
headless. Afterwards the dedicated matches go back to "suggested" and their move events are
deleted, so that the bench data is what it was; the row count of every table is compared before
and after. Results: bench/results-load.json (requests/s, p50/p95/p99 per endpoint, errors).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402

from consultants.models import Consultant, Skill  # noqa: E402
from consultants.services import consultant_search_refresh  # noqa: E402
from matching.models import Match, MatchEvent, MatchStatus  # noqa: E402
from talentmatch.models import Company, User, UserRole  # noqa: E402
from tenders.models import Tender  # noqa: E402

PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "bench-load-password-2026"
GUNICORN_WORKERS = 4
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results-load.json"


def prepare(users: int) -> dict:
    company = Company.objects.filter(name__startswith="Bench ").order_by("pk").first()
    if company is None:
        sys.exit("Run bench/matching_bench.py first: it seeds the bench companies.")
    if Consultant.objects.filter(company=company, search_vector__isnull=True).exists():
        print("building search documents…", file=sys.stderr)
        consultant_search_refresh()
    accounts = []
    for number in range(1, users + 1):
        user, created = User.objects.get_or_create(
            email=f"bench.load{number:02d}@bench.test",
            defaults={
                "first_name": "Load",
                "last_name": f"Sales {number:02d}",
                "role": UserRole.SALES,
                "company": company,
            },
        )
        if created or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        accounts.append(user)
    restore_leftovers()
    # One dedicated match per user: the last-ranked suggestion of one of the company's last tenders.
    tenders = list(Tender.objects.filter(company=company, matches__isnull=False).distinct().order_by("-pk")[:users])
    plan_users = []
    with transaction.atomic():
        for user, tender in zip(accounts, tenders, strict=True):
            match = (
                Match.objects.filter(tender=tender, status=MatchStatus.SUGGESTED)
                .order_by("match_score", "-consultant_id")
                .first()
            )
            Match.objects.filter(pk=match.pk).update(
                status=MatchStatus.SUBMITTED, submitted_score=F("match_score"), owner=user
            )
            plan_users.append({"email": user.email, "user_id": user.pk, "match_id": match.pk})
    tender_ids = list(
        Tender.objects.filter(company=company, matches__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    skills = list(Skill.objects.order_by("name").values_list("name", flat=True))
    names = list(
        User.objects.filter(company=company, role=UserRole.CONSULTANT)
        .order_by("pk")
        .values_list("first_name", "last_name")[:2000:100]
    )
    search_terms = (
        skills[:: max(1, len(skills) // 12)]
        + [last for _first, last in names]
        + [f"{first} {last}" for first, last in names[:8]]
    )
    return {
        "company_id": company.pk,
        "password": PASSWORD,
        "users": plan_users,
        "tender_ids": tender_ids,
        "search_terms": search_terms,
    }


def restore(plan: dict) -> int:
    """The dedicated matches back to "suggested", their events of this run deleted."""
    match_ids = [user["match_id"] for user in plan["users"]]
    user_ids = [user["user_id"] for user in plan["users"]]
    with transaction.atomic():
        deleted, _ = MatchEvent.objects.filter(match_id__in=match_ids, by_id__in=user_ids).delete()
        Match.objects.filter(pk__in=match_ids).update(status=MatchStatus.SUGGESTED, submitted_score=None, owner=None)
    return deleted


def restore_leftovers() -> None:
    """Matches left in the pipeline by an interrupted run go back to "suggested"."""
    load_users = User.objects.filter(email__startswith="bench.load")
    with transaction.atomic():
        MatchEvent.objects.filter(by__in=load_users).delete()
        Match.objects.filter(owner__in=load_users).update(
            status=MatchStatus.SUGGESTED, submitted_score=None, owner=None
        )


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 — names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] if len(samples) > 1 else samples[0]


ONE_QUERY_PAGE = "baseline: /readyz (1 query)"
LIGHT_PAGE = "baseline: empty tender form"


def _figures(rows: list, wall: float) -> dict:
    times = [row[3] for row in rows]
    return {
        "requests": len(rows),
        "errors": sum(1 for row in rows if not row[4]),
        "requests_per_second": round(len(rows) / wall, 2),
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "p99_ms": round(percentile(times, 99), 1),
        "max_ms": round(max(times), 1),
    }


def summarise(raw: list) -> dict:
    """Overall and per-endpoint figures, for the whole run and for the part after every user
    had logged in (the logins, Argon2 hashes, load the first seconds)."""
    started = min(row[2] for row in raw)
    ended = max(row[2] + row[3] / 1000 for row in raw)
    logged_in = max(row[2] + row[3] / 1000 for row in raw if row[1] == "login")
    summary = {}
    for part, rows, wall in (
        ("whole_run", raw, ended - started),
        ("after_logins", [row for row in raw if row[2] >= logged_in], ended - logged_in),
    ):
        endpoints = {
            name: _figures([row for row in rows if row[1] == name], wall) for name in sorted({row[1] for row in rows})
        }
        for figures in endpoints.values():
            for baseline in (ONE_QUERY_PAGE, LIGHT_PAGE):
                if baseline in endpoints:
                    key = "p50_over_" + ("one_query_page" if baseline == ONE_QUERY_PAGE else "light_page")
                    figures[key] = round(figures["p50_ms"] / endpoints[baseline]["p50_ms"], 2)
        summary[part] = {"seconds": round(wall, 1), **_figures(rows, wall), "endpoints": endpoints}
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=10)
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The load test runs on PostgreSQL: set DATABASE_URL.")
    OUT.mkdir(parents=True, exist_ok=True)
    plan = prepare(arguments.users)
    before = table_counts()
    plan_file = OUT / "load-plan.json"
    raw_file = OUT / "load-raw.json"
    plan_file.write_text(json.dumps(plan))
    raw_file.unlink(missing_ok=True)
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        # DEBUG off refuses to start without a real key (talentmatch/checks.py): one for this run only.
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    server_log = tempfile.NamedTemporaryFile(prefix="load-gunicorn-", suffix=".log", dir=OUT, delete=False)  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 — our own gunicorn
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "talentmatch.wsgi",
            "--workers",
            str(GUNICORN_WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    load_before = os.getloadavg()
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=1)  # noqa: S310 — our own local server
                break
            except OSError:
                time.sleep(0.2)
        locust = subprocess.run(  # noqa: S603 — our own scenario
            [
                str(ROOT / ".venv/bin/locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(arguments.users),
                "--spawn-rate",
                str(arguments.spawn_rate),
                "--run-time",
                f"{arguments.seconds}s",
                "--host",
                BASE,
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "LOAD_PLAN": str(plan_file), "LOAD_RAW": str(raw_file)},
            check=False,
        )
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
        events_deleted = restore(plan)
    after = table_counts()
    changed = {table: (before[table], after.get(table)) for table in before if before[table] != after.get(table)}
    raw = json.loads(raw_file.read_text())
    results = {
        "users": arguments.users,
        "gunicorn_workers": GUNICORN_WORKERS,
        "cpus": os.cpu_count(),
        "load_average_1min_before_and_at_end": [round(load_before[0], 2), round(load_after[0], 2)],
        "locust_exit_code": locust.returncode,
        "requested_seconds": arguments.seconds,
        **summarise(raw),
        "move_events_deleted_after_the_run": events_deleted,
        "tables_whose_row_count_changed": changed,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
