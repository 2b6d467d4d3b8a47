"""The nightly recompute's fan-out on real workers: CPU seconds of 4 chunks on 2 workers against one
worker doing the same company's full recompute.

Usage (a disposable copy of the bench database, in the steady state; its own Redis database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tm_bench_copy REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/fanout_bench.py [--rounds 3] [--chunks 4] [--workers 2]

Each round starts fresh solo workers (cold warm pools: a real night), waits until they are idle, and
reads their CPU time (user + system, threads included, from /proc) before and after the work:

- **one process**: one worker runs `matches_recompute_task(company_id=…)`;
- **fan-out**: `matches_recompute_fan_out(chunks=…)` queues the chunks; the workers share them.

This machine has two cores: CPU seconds, not wall time, say whether more machines would divide the
work (wall times are printed too). The ratio's target is ≤ 1.15.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from matching.models import RecomputeRun, RecomputeRunStatus  # noqa: E402
from matching.services import matches_recompute_fan_out  # noqa: E402
from matching.services.recompute import fan_out_groups, fan_out_weights  # noqa: E402
from matching.services.scheduling import RECOMPUTE_TASK, task  # noqa: E402
from tenders.models import Tender  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def start_workers(count: int, folder: Path) -> list[subprocess.Popen]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "talentmatch.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    workers = []
    for number in range(count):
        log = (folder / f"worker-{number}.log").open("wb")
        command = [sys.executable, "-m", "celery", "-A", "talentmatch", "worker", "--pool=solo", "--concurrency=1"]
        command += ["-n", f"bench{number}@%h", "--without-gossip", "--without-mingle", "--loglevel=WARNING"]
        workers.append(
            subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        )
    return workers


def settle(workers: list[subprocess.Popen]) -> list[float]:
    """Wait until the workers have started and gone idle; their CPU time then."""
    previous = None
    while True:
        time.sleep(1.0)
        if any(worker.poll() is not None for worker in workers):
            sys.exit("a worker stopped: see var/fanout-bench/worker-*.log")
        now = [cpu_seconds(worker.pid) for worker in workers]
        if previous is not None and all(b - a < 0.02 for a, b in zip(previous, now, strict=True)):
            return now
        previous = now


def wait_done(task_ids: list[str], workers: list[subprocess.Popen], timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = RecomputeRun.objects.filter(task_id__in=task_ids, status=RecomputeRunStatus.DONE).count()
        failed = RecomputeRun.objects.filter(task_id__in=task_ids, status=RecomputeRunStatus.FAILED).count()
        if failed:
            sys.exit(f"{failed} recompute run(s) failed: see the worker logs")
        if done == len(task_ids):
            return
        time.sleep(0.5)
        if any(worker.poll() is not None for worker in workers):
            sys.exit("a worker stopped: see var/fanout-bench/worker-*.log")
    sys.exit("timed out waiting for the recompute runs")


def run(workers_count: int, queue_work, folder: Path) -> tuple[float, float]:
    workers = start_workers(workers_count, folder)
    try:
        before = settle(workers)
        started = time.monotonic()
        task_ids = queue_work()
        wait_done(task_ids, workers)
        wall = time.monotonic() - started
        after = settle(workers)
        return sum(b - a for a, b in zip(before, after, strict=True)), wall
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)


def main() -> None:
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("The fan-out benchmark needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL.")
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    chunks = int(sys.argv[sys.argv.index("--chunks") + 1]) if "--chunks" in sys.argv else 4
    workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
    company_ids = sorted(set(Tender.objects.values_list("company_id", flat=True)))
    if len(company_ids) != 1:
        sys.exit("Use a database with the tenders of one company (the 100k bench company alone).")
    ids, weights = fan_out_weights()
    sizes = [len(group) for group in fan_out_groups(ids, weights, chunks)]
    folder = ROOT / "var" / "fanout-bench"
    folder.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    results = {"chunks": sizes, "workers": workers, "rounds": [], "load_average_start": load}
    for number in range(rounds):
        one_cpu, one_wall = run(1, lambda: [task(RECOMPUTE_TASK).delay(company_id=company_ids[0]).id], folder)
        fan_cpu, fan_wall = run(workers, lambda: matches_recompute_fan_out(chunks=chunks), folder)
        result = {
            "one_cpu_s": one_cpu,
            "one_wall_s": one_wall,
            "fan_out_cpu_s": fan_cpu,
            "fan_out_wall_s": fan_wall,
            "cpu_ratio": fan_cpu / one_cpu,
        }
        results["rounds"].append(result)
        print(f"round {number + 1}: {json.dumps(result)}", file=sys.stderr)
    ratios = [r["cpu_ratio"] for r in results["rounds"]]
    results.update(cpu_ratio_min=min(ratios), cpu_ratio_median=statistics.median(ratios))
    results["load_average_end"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
