"""Pipeline board benchmark: gunicorn + PostgreSQL holding seed_bench data (250,000 matches).

Usage, after bench/matching_bench.py has filled the database (and `manage.py migrate` on this branch):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tm_bench REDIS_URL=redis://127.0.0.1:6379/12 \
        .venv/bin/python bench/board_bench.py

The board's first page (`/matches/`) and a "see more" page of its suggestions column are timed in
alternation with `/readyz`, the one-query page (`SELECT 1`, plus its cache and broker pings), and a
tender page for reference, served by the same gunicorn in the same run; the p50 ratios are printed,
and beside them the CPU time the gunicorn workers spend per request (user + system, read from /proc
before and after each request, as bench/compare_pages.py does), which the load that other processes put
on the machine barely changes. `--runs` repeats the whole run (3 by default) and gives min and median.
For a pipeline that is not only suggestions, 1 match in 100 is put in "submitted", 1 in 400
"accepted" and 1 in 250 "rejected" (with a reason code) before the run, and back in "suggested"
after. The header counts are cached (matching/board/counts.py): the cost of computing them afresh
is measured in-process apart.
"""

from __future__ import annotations

import argparse
import contextlib
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402

from bench import pages_bench  # noqa: E402
from bench.pages_bench import PASSWORD, login, p  # noqa: E402
from matching.board.counts import board_stats  # noqa: E402
from matching.board.selectors import BoardFilters, _digest, _filtered  # noqa: E402
from matching.models import Match  # noqa: E402
from matching.selectors import page_links  # noqa: E402
from talentmatch.models import Company, User, UserRole  # noqa: E402

SAMPLES = 120
TICKS = os.sysconf("SC_CLK_TCK")
PORT = 8793  # neither pages_bench's nor the other bench scripts', so that they may run side by side
BASE = pages_bench.BASE = f"http://127.0.0.1:{PORT}"  # pages_bench.login() reads its module's BASE
REASONS = ["price", "availability", "client_choice", "profile", "other"]


def _every(modulo: int, rest: int = 0) -> Q:
    return Q(pk__in=Match.objects.annotate(rest=F("pk") % modulo).filter(rest=rest).values("pk"))


def spread_pipeline(company_id: int) -> dict[str, int]:
    """Put a deterministic sample of the company's suggestions in the other columns."""
    ours = Match.objects.filter(tender__company_id=company_id, status="suggested")
    moved = {"accepted": ours.filter(_every(400)).update(status="accepted"), "rejected": 0}
    for index, reason in enumerate(REASONS):  # 1 in 250, the reasons in turn
        moved["rejected"] += ours.filter(_every(1250, index * 250)).update(status="rejected", rejection_reason=reason)
    moved["submitted"] = ours.filter(_every(100)).update(status="submitted")
    with connection.cursor() as cursor:  # as autovacuum would, before the planner meets the new columns
        cursor.execute("ANALYZE matches")
    return moved


def restore_pipeline(company_id: int) -> int:
    return (
        Match.objects.filter(tender__company_id=company_id)
        .exclude(status="suggested")
        .update(status="suggested", rejection_reason="")
    )


class Workers:
    """The CPU time (user + system, seconds) the gunicorn workers have used so far, from /proc."""

    def __init__(self, master: int):
        self.master = master

    def cpu(self) -> float:
        total = 0
        for child in Path(f"/proc/{self.master}/task/{self.master}/children").read_text().split():
            with contextlib.suppress(FileNotFoundError):  # a worker that just restarted
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / TICKS


@contextlib.contextmanager
def served():
    """The app under gunicorn (2 workers, DEBUG off), as bench/pages_bench.py serves it; yields its Workers."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"  # beside the Python that runs the benchmark
    command = [str(gunicorn), "talentmatch.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}"]
    server = subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env)  # noqa: S603 — our own gunicorn
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=1)  # noqa: S310 — our own local server
                break
            except OSError:
                time.sleep(0.2)
        yield Workers(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: do not lose the figures for a slow exit
            server.kill()
            server.wait()


def timed(opener, path: str, workers: Workers | None = None) -> tuple[float, float]:
    """(wall seconds, worker CPU seconds) of one request; the CPU is 0 without `workers`."""
    cpu_before = workers.cpu() if workers else 0.0
    started = time.perf_counter()
    response = opener.open(BASE + path)
    response.read()
    elapsed = time.perf_counter() - started
    assert response.status == 200, path
    return elapsed, (workers.cpu() - cpu_before if workers else 0.0)


def fresh_counts_ms(user: User) -> float:
    """The header counts computed afresh (what a cache miss costs), p50 of 10, in-process."""
    links = page_links(user)
    filters = BoardFilters()
    samples = []
    for _ in range(10):
        queryset = _filtered(user, filters, links)
        started = time.perf_counter()
        board_stats(user, queryset, digest=_digest(filters, links) + str(time.time_ns()))
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def one_run(user: User, company: Company, samples_count: int) -> dict:
    """One run: a fresh gunicorn, a warm-up of each page, then `samples_count` rounds in alternation."""
    with served() as workers:
        opener = login()
        tender = Match.objects.filter(tender__company=company).order_by("tender_id").first().tender_id
        paths = {
            "readyz": "/readyz",
            "board": "/matches/",
            "see_more": "/matches/column/suggested/?page=2",
            "tender_page": f"/tenders/{tender}/",  # a reference: pages_bench's tender page, paged now
        }
        for path in paths.values():
            timed(opener, path)  # warm-up: the first board fills the card and count caches
        walls: dict[str, list[float]] = {name: [] for name in paths}
        cpus: dict[str, list[float]] = {name: [] for name in paths}
        for _ in range(samples_count):  # alternating, so that the machine's load falls on all alike
            for name, path in paths.items():
                wall, cpu = timed(opener, path, workers)
                walls[name].append(wall)
                cpus[name].append(cpu)
    # CPU ticks are 1/TICKS s: a mean over the samples, not a percentile, is what they resolve.
    cpu_ms = {name: statistics.mean(values) * 1000 for name, values in cpus.items()}
    wall_ms = {name: p(values, 50) * 1000 for name, values in walls.items()}
    return {
        **{f"{name}_p50_ms": value for name, value in wall_ms.items()},
        **{f"{name}_cpu_ms": value for name, value in cpu_ms.items()},
        **{f"{name}_over_readyz": wall_ms[name] / wall_ms["readyz"] for name in paths if name != "readyz"},
        **{f"{name}_over_readyz_cpu": cpu_ms[name] / cpu_ms["readyz"] for name in paths if name != "readyz"},
        "load_average": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=SAMPLES, help="requests per page and run")
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The board benchmark runs on PostgreSQL: set DATABASE_URL.")
    company = Company.objects.filter(name__startswith="Bench ").order_by("pk").first()
    if company is None:
        sys.exit("Run bench/matching_bench.py first: it seeds the bench companies.")
    user, _ = User.objects.get_or_create(
        email="bench.sales@bench.test",
        defaults={"first_name": "Bench", "last_name": "Sales", "role": UserRole.SALES, "company": company},
    )
    user.set_password(PASSWORD)
    user.save()
    if Match.objects.filter(tender__company=company).exclude(status="suggested").exists():
        sys.exit("The bench company's pipeline holds more than suggestions: restore it first.")
    moved = spread_pipeline(company.pk)
    counts = dict(Match.objects.filter(tender__company=company).values_list("status").annotate(n=Count("pk")))
    try:
        runs = [one_run(user, company, arguments.samples) for _ in range(arguments.runs)]
        fresh = fresh_counts_ms(user)
    finally:
        restore_pipeline(company.pk)
    summary = {}
    for measure in ("board_over_readyz", "board_over_readyz_cpu", "see_more_over_readyz", "tender_page_over_readyz"):
        values = [run[measure] for run in runs]
        summary[measure] = {"min": min(values), "median": statistics.median(values)}
    results = {
        "matches": sum(counts.values()),
        "by_status": counts,
        "moved_for_the_run": moved,
        "samples_per_page_and_run": arguments.samples,
        "runs": runs,
        "summary": summary,
        "fresh_counts_p50_ms": fresh,
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
