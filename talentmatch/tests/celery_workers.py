"""A real Celery worker process on the real Redis broker, for the tests about tasks.

The worker gets a queue of its own (so that two runs on one machine never take each other's
messages) and pytest-django's test database, and is stopped, its queue emptied, whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from talentmatch.celery import app

WAIT_SECONDS = 120  # an upper bound for a worker to start and run its tasks, not a timing assertion
# A worker does not start on a public key with DEBUG off (talentmatch/checks.py): one per test run.
WORKER_SECRET_KEY = "test-worker-key-" + uuid.uuid4().hex


def database_url() -> str:
    """The URL of pytest-django's test database, for a worker process."""
    database = connection.settings_dict
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(database['NAME'], safe='')}"


@dataclass
class Worker:
    queue: str
    log: Path
    process: subprocess.Popen

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until(self, done: Callable[[], bool], seconds: float = WAIT_SECONDS) -> None:
        """Poll `done` until it holds; fail with the worker's log if the worker dies or time runs out."""
        deadline = time.monotonic() + seconds
        while not done():
            assert self.process.poll() is None, self.text()[-3000:]
            assert time.monotonic() < deadline, self.text()[-3000:]
            time.sleep(0.5)


@contextlib.contextmanager
def celery_worker(folder: Path, *, name: str, env: dict[str, str] | None = None) -> Iterator[Worker]:
    """A solo worker consuming a fresh queue, its log in `folder`, with `env` on top of the test's."""
    queue = f"test-{name}-{uuid.uuid4().hex}"
    log = folder / "worker.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_SETTINGS_MODULE": "talentmatch.settings",
        "DJANGO_SECRET_KEY": WORKER_SECRET_KEY,
        **(env or {}),
    }
    command = [sys.executable, "-m", "celery", "-A", "talentmatch", "worker", "--pool=solo", "--concurrency=1"]
    command += ["-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 — our own worker
            command, cwd=settings.BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield Worker(queue, log, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        with app.connection_for_write() as broker:
            # The Redis transport keeps a queue's messages under its name and its bindings apart.
            broker.default_channel.client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
