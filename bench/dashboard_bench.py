"""Dashboard benchmark: gunicorn + PostgreSQL holding seed_bench data (100,000 consultants, 250,000 matches).

Usage, on a copy of the bench database migrated with this branch (the script writes to it: see below):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tm_bench_dash REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/dashboard_bench.py [--runs 3]

As bench/pages_bench.py: a sales user of the 100,000-consultant company, and the baseline is the page
benchmark's, the lightest signed-in page (the empty tender form: the session and the user, 2 queries).
Gunicorn runs one sync worker (`DEBUG` off, Redis cache, its own key prefix) so that the CPU time that
worker spends per request can be read from /proc, beside the wall time. Requests alternate baseline /
dashboard. Three dashboard cases:
- fresh: the company's snapshot is under a minute old (every visit but those below);
- stale: before each request the snapshot is made older than a minute and the refresh lock dropped, so
  each request also queues a refresh (no worker consumes them here; the queue is emptied afterwards);
- first: before each request the snapshot is deleted (and the lock dropped), as on a company's first
  visit: the page queues the first computation and says so, with the lists.
No request computes a figure: the refresh itself, a worker's work (the old "cold" request, which
computed every figure), is timed in-process. Before the runs the script gives the
copy's open tenders reply deadlines and puts a few matches in submitted / accepted / rejected (once:
the copy keeps them), so that every section has figures.
"""

from __future__ import annotations

import argparse
import datetime
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
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")
KEY_PREFIX = os.environ["CACHE_KEY_PREFIX"] = f"dashbench_{secrets.token_hex(4)}"  # the server's and ours

import django  # noqa: E402

django.setup()

import pages_bench  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from matching.dashboard import selectors, snapshot  # noqa: E402
from matching.models import DashboardSnapshot, Match, MatchStatus  # noqa: E402
from talentmatch.cache import cache  # noqa: E402
from talentmatch.models import User  # noqa: E402
from tenders.models import Tender  # noqa: E402

PORT = 8779
BASE = f"http://127.0.0.1:{PORT}"
TICKS = os.sysconf("SC_CLK_TCK")
SAMPLES = {"fresh": 60, "stale": 60, "first": 60}


def give_the_copy_figures(company_id: int) -> None:
    """Reply deadlines 14 days before the start (the seed has none) and 1 match in 100 submitted, 1 in 400
    accepted, 1 in 250 rejected, as bench/board_bench.py does; only once."""
    tenders = Tender.objects.filter(company_id=company_id, reply_deadline__isnull=True, start_date__isnull=False)
    tenders.update(reply_deadline=F("start_date") - datetime.timedelta(days=14))
    matches = Match.objects.filter(tender__company_id=company_id)
    if matches.exclude(status=MatchStatus.SUGGESTED).exists():
        return
    ids = list(matches.order_by("pk").values_list("pk", flat=True))
    for status, step in ((MatchStatus.SUBMITTED, 100), (MatchStatus.ACCEPTED, 400), (MatchStatus.REJECTED, 250)):
        chosen = ids[step // 2 :: step]
        Match.objects.filter(pk__in=chosen, status=MatchStatus.SUGGESTED).update(
            status=status, submitted_score=F("match_score")
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE matches; ANALYZE tenders")


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def worker_pid(server: subprocess.Popen) -> int:
    for _ in range(50):
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker")


def login():
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{BASE}/login/").read().decode()  # noqa: S310 — our own local server
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": "bench.sales@bench.test", "password": pages_bench.PASSWORD, "csrfmiddlewaretoken": token}
    )
    request = urllib.request.Request(f"{BASE}/login/", data=data.encode(), headers={"Referer": f"{BASE}/login/"})  # noqa: S310
    opener.open(request)
    return opener


def timed(opener, pid: int, path: str) -> tuple[float, int]:
    ticks = cpu_ticks(pid)
    started = time.perf_counter()
    response = opener.open(BASE + path)  # noqa: S310 — our own local server
    body = response.read()
    wall = time.perf_counter() - started
    assert response.status == 200 and (path != "/" or b"data-computed-at" in body), path
    return wall, cpu_ticks(pid) - ticks


def pairs(opener, pid: int, samples: int, before) -> dict:
    base_wall, page_wall, base_cpu, page_cpu = [], [], 0, 0
    for _ in range(samples):
        wall, cpu = timed(opener, pid, "/tenders/new/")
        base_wall.append(wall)
        base_cpu += cpu
        before()
        wall, cpu = timed(opener, pid, "/")
        page_wall.append(wall)
        page_cpu += cpu
    median = statistics.median
    return {
        "samples": samples,
        "baseline_p50_ms": median(base_wall) * 1000,
        "dashboard_p50_ms": median(page_wall) * 1000,
        "wall_ratio": median(page_wall) / median(base_wall),
        "baseline_cpu_ms": base_cpu / samples / TICKS * 1000,
        "dashboard_cpu_ms": page_cpu / samples / TICKS * 1000,
        "cpu_ratio": page_cpu / base_cpu if base_cpu else None,
    }


def in_process(company_id: int, user: User) -> dict:
    """The refresh (a worker's work) and its parts, 5 times each, p50 in ms."""
    today = timezone.localdate()
    viewer = snapshot.company_viewer(company_id)
    parts = {
        "refresh (every figure, stored)": lambda: snapshot.dashboard_snapshot_refresh(company_id=company_id),
        "matches: funnel, bands, new suggestions": lambda: selectors.funnel_and_bands(viewer),
        "consultants: states over 12 months": lambda: selectors.consultant_states(viewer, today),
        "tenders by reply deadline": lambda: selectors.tenders_by_deadline(viewer, today),
        "snapshot read and decoded (the page's part)": lambda: selectors.dashboard_figures(user, today),
    }
    found = {}
    for name, call in parts.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        found[name] = statistics.median(times) * 1000
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("The dashboard benchmark runs on PostgreSQL and Redis: set DATABASE_URL and REDIS_URL.")
    user_id, _ = pages_bench.prepare()
    user = User.objects.get(pk=user_id)
    company_id = user.company_id
    give_the_copy_figures(company_id)
    snapshot.dashboard_snapshot_refresh(company_id=company_id)
    env = {
        **os.environ,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    command = [str(ROOT / ".venv/bin/gunicorn"), "talentmatch.wsgi", "-w", "1", "-b", f"127.0.0.1:{PORT}"]
    server = subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env)  # noqa: S603 — our own gunicorn
    import redis  # noqa: PLC0415 — the bench's own Redis client, to empty the queue it fills

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    rows = DashboardSnapshot.objects.filter(company_id=company_id)

    def fresh() -> None:
        pass

    def stale() -> None:
        rows.update(computed_at=timezone.now() - datetime.timedelta(seconds=snapshot.REFRESH_SECONDS + 5))
        cache.delete(f"dashboard:refresh-queued:{company_id}")

    def first() -> None:
        rows.delete()
        cache.delete(f"dashboard:refresh-queued:{company_id}")

    results = {"runs": []}
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=1)  # noqa: S310 — our own local server
                break
            except OSError:
                time.sleep(0.2)
        pid = worker_pid(server)
        opener = login()
        for target in ("/tenders/new/", "/"):  # warm-up
            opener.open(BASE + target).read()  # noqa: S310
        for run in range(args.runs):
            snapshot.dashboard_snapshot_refresh(company_id=company_id)
            measured = {"load_average_start": os.getloadavg()}
            for name, before in (("fresh", fresh), ("stale", stale), ("first", first)):
                measured[name] = pairs(opener, pid, SAMPLES[name], before)
                snapshot.dashboard_snapshot_refresh(company_id=company_id)
            measured["load_average_end"] = os.getloadavg()
            results["runs"].append(measured)
            print(json.dumps({"run": run + 1, **measured}, indent=1), file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=10)
        broker.delete("celery")  # the refreshes the stale case queued, never consumed here
    results["in_process_p50_ms"] = in_process(company_id, user)
    results["in_process_load_average"] = os.getloadavg()
    summary = {}
    for name in SAMPLES:
        for measure in ("wall_ratio", "cpu_ratio"):
            values = sorted(run[name][measure] for run in results["runs"])
            summary[f"{name}_{measure}"] = {"min": values[0], "median": statistics.median(values), "max": values[-1]}
    results["summary"] = summary
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
