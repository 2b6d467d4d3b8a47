"""Dashboard benchmark: gunicorn + PostgreSQL holding seed_bench data (100,000 consultants, 250,000 matches).

Usage, on a copy of the bench database migrated with this branch:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tm_bench_dashboard REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/dashboard_bench.py

As bench/pages_bench.py: a sales user of the 100,000-consultant company, gunicorn with 2 workers and
DEBUG off, and the baseline is the lightest signed-in page (the empty tender form). Requests alternate
baseline / dashboard, so a load change on the machine hits both alike. Two dashboard figures:
- warm: the figures come from the cache (what a user sees within CACHE_SECONDS of the last computation);
- cold: the cache entry is deleted before each request, so every request computes every figure.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

import django  # noqa: E402

django.setup()

import pages_bench  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from matching.dashboard import selectors  # noqa: E402
from talentmatch.cache import cache  # noqa: E402
from talentmatch.models import User  # noqa: E402

PORT = 8777  # not pages_bench's, so that both may run at once
BASE = pages_bench.BASE = f"http://127.0.0.1:{PORT}"
SAMPLES = 60


def pairs(opener, path: str, *, before=None) -> tuple[list[float], list[float]]:
    baseline, page = [], []
    for target in ("/tenders/new/", path):  # warm-up
        if before:
            before()
        opener.open(BASE + target).read()
    for _ in range(SAMPLES):
        for samples, target in ((baseline, "/tenders/new/"), (page, path)):
            if before and target == path:
                before()
            started = time.perf_counter()
            response = opener.open(BASE + target)
            response.read()
            samples.append(time.perf_counter() - started)
            assert response.status == 200, target
    return baseline, page


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("The dashboard benchmark runs on PostgreSQL: set DATABASE_URL.")
    user_id, _ = pages_bench.prepare()
    user = User.objects.get(pk=user_id)
    key = selectors._cache_key(user, timezone.localdate())
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
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
        opener = pages_bench.login()
        warm_base, warm = pairs(opener, "/")
        cold_base, cold = pairs(opener, "/", before=lambda: cache.delete(key))
    finally:
        server.terminate()
        server.wait(timeout=10)
    median = statistics.median
    results = {
        "load_average": os.getloadavg(),
        "warm_baseline_p50_ms": median(warm_base) * 1000,
        "dashboard_warm_p50_ms": median(warm) * 1000,
        "dashboard_warm_over_baseline": median(warm) / median(warm_base),
        "cold_baseline_p50_ms": median(cold_base) * 1000,
        "dashboard_cold_p50_ms": median(cold) * 1000,
        "dashboard_cold_over_baseline": median(cold) / median(cold_base),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
