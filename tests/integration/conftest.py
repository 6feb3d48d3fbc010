"""The production path for real: PostgreSQL, a Redis broker and Celery worker processes.

Runs when GOODBID_INTEGRATION=1 with DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)
set, as `.ci/run` does after `.ci/services.sh start`; skipped otherwise.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.support import VISIBILITY_TIMEOUT

ROOT = Path(__file__).resolve().parents[2]
ENABLED = os.environ.get("GOODBID_INTEGRATION") == "1"


def pytest_collection_modifyitems(config, items):
    if ENABLED:
        missing = [v for v in ("DATABASE_URL", "CELERY_BROKER_URL") if not os.environ.get(v)]
        if missing or not os.environ["DATABASE_URL"].startswith("postgres"):
            raise pytest.UsageError(f"GOODBID_INTEGRATION=1 needs PostgreSQL and Redis: set "
                                    f"{', '.join(missing) or 'a postgres DATABASE_URL'} "
                                    f"(eval \"$(bash .ci/services.sh start)\")")
        return
    skip = pytest.mark.skip(reason="integration suite: GOODBID_INTEGRATION=1 with PostgreSQL "
                                   "and Redis (see .ci/services.sh)")
    for item in items:
        if "tests/integration/" in str(item.fspath):
            item.add_marker(skip)


class Worker:
    """A real `celery worker` process, in its own process group so it can be killed whole."""

    def __init__(self, env: dict[str, str], log: Path, name: str) -> None:
        self.log = log
        self.handle = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "procurement", "worker", "--loglevel=INFO",
             "--concurrency=1", "--pool=prefork", f"--hostname={name}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=self.handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_for_log("ready.")

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log.read_text()[-3000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"worker never logged {text!r}: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children: no shutdown, no acknowledgement."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.handle.close()


@pytest.fixture
def start_worker(transactional_db, settings, tmp_path):
    """Start worker processes that share this test's database, media folder and broker."""
    from django.db import connection

    from procurement.celery import app

    database = connection.settings_dict
    url = (f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
           f"{database['NAME']}")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DATABASE_URL": url, "GOODBID_MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "GOODBID_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
                "GOODBID_UNACKED_RESTORE_INTERVAL": "0.2",
                "DJANGO_SETTINGS_MODULE": "procurement.settings",
                "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "integration-" * 6})
    app.conf.task_always_eager = False  # this process only queues; the workers check
    app.connection_for_write().default_channel.client.flushdb()
    workers: list[Worker] = []

    def _start(name: str = "w1") -> Worker:
        worker = Worker(env, tmp_path / f"{name}.log", name)
        workers.append(worker)
        return worker

    yield _start
    for worker in workers:
        worker.stop()
    app.conf.task_always_eager = True
