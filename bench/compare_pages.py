"""Two checkouts of the app, same pages, same data: which one serves them with less CPU?

Usage (each checkout with its own copy of the seed_bench database, seeded with the same seed and
already prepared by bench/pages_bench.py, which gives the bench sales user its password):

    .venv/bin/python bench/compare_pages.py \
        --before /path/to/old/checkout postgres://postgres@127.0.0.1:5432/tm_bench_old \
        --after  /path/to/new/checkout postgres://postgres@127.0.0.1:5432/tm_bench_new

Both run as gunicorn with one sync worker (`DEBUG` off, Redis cache, own key prefix), side by side.
In each round, each page is requested ROUNDS times on one server, then on the other, alternating
which goes first. What is compared is the CPU time the worker process spends per request (user +
system, read from /proc), which another process on the machine barely changes, unlike the wall
time; the wall p50 is printed too. The figures are medians over the rounds. It needs no Django:
it only speaks HTTP to the two servers and reads /proc.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

EMAIL = "bench.sales@bench.test"
PASSWORD = "bench-sales-password-2026"  # set by bench/pages_bench.py's prepare()
TICKS = os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(self, name: str, root: Path, database_url: str, port: int):
        self.name, self.root, self.base = name, root, f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12"),
            "CACHE_KEY_PREFIX": f"compare_{name}_{secrets.token_hex(4)}",
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        }
        command = [str(root / ".venv/bin/gunicorn"), "talentmatch.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen([*command, "--log-level", "warning"], cwd=root, env=env)  # noqa: S603
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=1)  # noqa: S310 — our own server
                break
            except OSError:
                time.sleep(0.2)
        self.worker = self._worker_pid()
        self.opener = self._login()

    def _worker_pid(self) -> int:
        for _ in range(50):
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            if children:
                return int(children[0])
            time.sleep(0.1)
        raise RuntimeError(f"{self.name}: no gunicorn worker")

    def _login(self):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"{self.base}/login/").read().decode()  # noqa: S310
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(  # noqa: S310
            f"{self.base}/login/", data=data.encode(), headers={"Referer": f"{self.base}/login/"}
        )
        landed = opener.open(request).geturl()
        if "/login/" in landed:
            raise RuntimeError(f"{self.name}: the bench user could not log in (run bench/pages_bench.py once)")
        return opener

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.worker}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def measure(self, path: str, count: int) -> tuple[float, float]:
        """(CPU seconds per request, wall p50 seconds) over `count` requests, after one warm-up."""
        self.opener.open(self.base + path).read()
        walls = []
        cpu_before = self.cpu()
        for _ in range(count):
            started = time.perf_counter()
            response = self.opener.open(self.base + path)
            response.read()
            walls.append(time.perf_counter() - started)
            if response.status != 200 or "/login/" in response.geturl():
                raise RuntimeError(f"{self.name}: {path} answered {response.status} at {response.geturl()}")
        return (self.cpu() - cpu_before) / count, statistics.median(walls)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", nargs=2, metavar=("CHECKOUT", "DATABASE_URL"), required=True)
    parser.add_argument("--after", nargs=2, metavar=("CHECKOUT", "DATABASE_URL"), required=True)
    parser.add_argument("--tender", type=int, required=True, help="a tender of the bench company with matches")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=60, help="requests per page, server and round")
    arguments = parser.parse_args()
    pages = {"baseline (empty tender form)": "/tenders/new/", "tender page": f"/tenders/{arguments.tender}/"}
    pages["consultant list"] = "/consultants/"
    servers = [
        Server("before", Path(arguments.before[0]).resolve(), arguments.before[1], 8771),
        Server("after", Path(arguments.after[0]).resolve(), arguments.after[1], 8772),
    ]
    samples = {(server.name, page): [] for server in servers for page in pages}
    try:
        for round_number in range(arguments.rounds):
            order = servers if round_number % 2 == 0 else servers[::-1]
            for page, path in pages.items():
                for server in order:
                    samples[server.name, page].append(server.measure(path, arguments.requests))
    finally:
        for server in servers:
            server.stop()
    results = {}
    for page in pages:
        before = [cpu for cpu, _ in samples["before", page]]
        after = [cpu for cpu, _ in samples["after", page]]
        results[page] = {
            "before_cpu_ms": statistics.median(before) * 1000,
            "after_cpu_ms": statistics.median(after) * 1000,
            "after_over_before_cpu": statistics.median(after) / statistics.median(before),
            # Each round's two servers ran minutes apart at most: the ratio within a round cancels most
            # of the load another process puts on the machine.
            "paired_ratio_median": statistics.median(a / b for a, b in zip(after, before, strict=True)),
            "before_wall_p50_ms": statistics.median(wall for _, wall in samples["before", page]) * 1000,
            "after_wall_p50_ms": statistics.median(wall for _, wall in samples["after", page]) * 1000,
            "rounds_cpu_ms": {
                "before": [round(x * 1000, 2) for x in before],
                "after": [round(x * 1000, 2) for x in after],
            },
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
