"""50 concurrent uploads through the API on loopback; checks none is lost or duplicated.

On the README's default set-up (SQLite, no broker: each check runs in the web process), run
by hand with nothing else started:

    .venv/bin/python bench/load_uploads.py [--uploads 50] [--rows 2000]

With PostgreSQL and Redis up (eval "$(bash .ci/services.sh start)") it uses them and starts
Celery worker processes (--workers 2).

It migrates and loads the demo (the default: into a new SQLite file in a temporary folder),
starts the web server exactly as `make run` does (procurement.serve) on 127.0.0.1, sends the
uploads from threads (bounded in count and time), waits until each is checked, verifies every
submission has exactly one evaluation run, prints the throughput and latencies, and stops what
it started. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from procurement.serve import command as serve_command  # noqa: E402

PORT = 18_765
WEB_WORKERS = 3
DEADLINE_SECONDS = 300
# A machine client authenticates with a token (one SHA-256 lookup). HTTP Basic costs a
# PBKDF2 password hash per request, which dominates under load: try --basic to compare.
AUTH = ""


def wage_report(rows: int, seed: int) -> bytes:
    lines = ["Worker,Job title,Hourly rate,Hours,Pay period end"]
    lines += [f"Worker {seed}-{i},Custodian,{'18.00' if i % 50 == 0 else '18.75'},40,2024-07-07"
              for i in range(rows)]
    return "\n".join(lines).encode()


def post_upload(content: bytes, name: str) -> tuple[int, dict, float]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"standard\"\r\n\r\n"
            f"boston-living-wage\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request("POST", "/api/submissions", body, {
        "Authorization": AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    try:
        payload = json.loads(raw)
    except ValueError:  # a server error page
        payload = {"body": raw[:300].decode("utf-8", "replace")}
    return response.status, payload, time.perf_counter() - started


def get_json(path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers={"Authorization": AUTH})
    payload = json.loads(connection.getresponse().read())
    connection.close()
    return payload


def one_upload(index: int, rows: int) -> dict:
    try:
        return _one_upload(index, rows)
    except (OSError, ValueError, http.client.HTTPException) as error:
        return {"index": index, "error": f"{type(error).__name__}: {error}"}


def _one_upload(index: int, rows: int) -> dict:
    status, created, post_seconds = post_upload(wage_report(rows, index), f"load-{index}.csv")
    if status != 201:
        return {"index": index, "error": f"HTTP {status}: {created}"}
    started = time.perf_counter() - post_seconds
    while time.perf_counter() - started < DEADLINE_SECONDS:
        submission = get_json(created["url"])
        if submission["status"] not in ("received", "processing"):
            return {"index": index, "id": created["id"], "status": submission["status"],
                    "post_seconds": post_seconds,
                    "done_seconds": time.perf_counter() - started,
                    "findings": len(submission["report"]["findings"])
                    if submission["report"] else None}
        time.sleep(0.25)
    return {"index": index, "id": created["id"], "error": "not checked before the deadline"}


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@dataclass
class Load:
    uploads: int
    rows: int
    servers: bool  # PostgreSQL, Redis and Celery workers rather than the default
    workers: int
    basic: bool
    results: list[dict]
    stored: int  # new submissions the API lists afterwards
    elapsed: float

    @property
    def errors(self) -> list[dict]:
        return [r for r in self.results if "error" in r]

    @property
    def ok(self) -> bool:
        ids = [r["id"] for r in self.results if "error" not in r]
        return (not self.errors and self.stored == self.uploads
                and len(set(ids)) == self.uploads
                and all(r["status"] == "checked" for r in self.results))


def run_load(*, uploads: int, rows: int, workers: int = 2, basic: bool = False) -> Load:
    """Set up, start the server (and workers), send the uploads at once, stop everything."""
    global AUTH, PORT
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        PORT = probe.getsockname()[1]
    servers = bool(os.environ.get("DATABASE_URL", "").startswith("postgres")
                   and os.environ.get("CELERY_BROKER_URL"))
    folder = tempfile.mkdtemp(prefix="goodbid-load-")
    env = {**os.environ, "GOODBID_MEDIA_ROOT": f"{folder}/media", "DJANGO_DEBUG": "1",
           "GOODBID_LOGIN_FAILURE_LIMIT": "1000"}
    if not servers:  # the README's default: a new SQLite database, checks in the web process
        env = {**env, "GOODBID_VAR_DIR": folder}
        for name in ("DATABASE_URL", "CELERY_BROKER_URL"):
            env.pop(name, None)
        workers = 0
    manage(env, "migrate", "--noinput")
    manage(env, "load_standards")
    manage(env, "load_demo")
    if basic:
        AUTH = "Basic " + base64.b64encode(b"vendor:vendor-demo-2024").decode()
    else:
        created = subprocess.run([sys.executable, "manage.py", "create_api_token", "vendor",
                                  "load test"], cwd=ROOT, env=env, check=True,
                                 capture_output=True, text=True)
        AUTH = "Bearer " + created.stdout.strip().splitlines()[-1]
    started_processes = [
        subprocess.Popen(serve_command(f"127.0.0.1:{PORT}", WEB_WORKERS), cwd=ROOT, env=env,
                         start_new_session=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL),
        *[subprocess.Popen([sys.executable, "-m", "celery", "-A", "procurement", "worker",
                            "--concurrency=1", f"--hostname=load{n}@%h", "--loglevel=WARNING"],
                           cwd=ROOT, env=env, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
          for n in range(workers)],
    ]
    try:
        for _ in range(150):
            try:
                get_json("/api/standards")
                break
            except OSError:
                time.sleep(0.2)
        before = {s["id"] for s in get_json("/api/submissions")}
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=uploads) as pool:
            results = list(pool.map(lambda i: one_upload(i, rows), range(uploads)))
        elapsed = time.perf_counter() - began
        stored = len([s for s in get_json("/api/submissions") if s["id"] not in before])
    finally:
        for process in started_processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in started_processes:
            process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    return Load(uploads=uploads, rows=rows, servers=servers, workers=workers, basic=basic,
                results=results, stored=stored, elapsed=elapsed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2,
                        help="Celery worker processes (with PostgreSQL and Redis)")
    parser.add_argument("--rows", type=int, default=2000, help="rows per uploaded report")
    parser.add_argument("--basic", action="store_true", help="HTTP Basic instead of a token")
    args = parser.parse_args()
    load = run_load(uploads=args.uploads, rows=args.rows, workers=args.workers,
                    basic=args.basic)
    done = [r for r in load.results if "error" not in r]
    where = (f"PostgreSQL, Redis and {load.workers} Celery worker process(es)"
             if load.servers else "the default: SQLite (WAL), checks in the web processes")
    print(f"uploads sent:            {load.uploads} x {load.rows} rows, {where}, "
          f"{WEB_WORKERS} web worker processes, auth {'Basic' if load.basic else 'token'}")
    print(f"checked:                 {sum(r['status'] == 'checked' for r in done)} "
          f"(errors: {len(load.errors)})")
    print(f"new submissions stored:  {load.stored} "
          f"(distinct ids: {len({r['id'] for r in done})})")
    print(f"findings per report:     {sorted({r['findings'] for r in done})} "
          f"(expected [{load.rows // 50}])")
    if done:
        posts = [r["post_seconds"] for r in done]
        ends = [r["done_seconds"] for r in done]
        print(f"upload request latency:  p50 {statistics.median(posts) * 1000:.0f} ms, "
              f"p95 {percentile(posts, 0.95) * 1000:.0f} ms")
        print(f"upload-to-checked:       p50 {statistics.median(ends):.2f} s, "
              f"p95 {percentile(ends, 0.95):.2f} s, max {max(ends):.2f} s")
        print(f"throughput:              {len(done) / load.elapsed:.1f} reports/s "
              f"({len(done) * load.rows / load.elapsed:,.0f} rows/s) over "
              f"{load.elapsed:.1f} s")
    for error in load.errors[:5]:
        print("error:", error)
    print("RESULT:", "every upload processed exactly once" if load.ok else "FAILED")
    return 0 if load.ok else 1


if __name__ == "__main__":
    sys.exit(main())
