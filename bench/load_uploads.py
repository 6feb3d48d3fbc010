"""50 concurrent uploads through the API on loopback; checks none is lost or duplicated.

Run by hand with PostgreSQL and Redis up (eval "$(bash .ci/services.sh start)"):

    .venv/bin/python bench/load_uploads.py [--uploads 50] [--workers 2] [--rows 2000]

It migrates and loads the demo into DATABASE_URL, starts gunicorn on 127.0.0.1 and Celery
worker processes, sends the uploads from threads (bounded in count and time), waits until
each is checked, verifies every submission has exactly one evaluation run, prints the
throughput and latencies, and stops what it started. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 18_765
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
    payload = json.loads(response.read())
    connection.close()
    return response.status, payload, time.perf_counter() - started


def get_json(path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers={"Authorization": AUTH})
    payload = json.loads(connection.getresponse().read())
    connection.close()
    return payload


def one_upload(index: int, rows: int) -> dict:
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
                   stdout=subprocess.DEVNULL)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--rows", type=int, default=2000, help="rows per uploaded report")
    parser.add_argument("--basic", action="store_true", help="HTTP Basic instead of a token")
    args = parser.parse_args()
    global AUTH
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or \
            not os.environ.get("CELERY_BROKER_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis): "
                 'eval "$(bash .ci/services.sh start)"')
    media = tempfile.mkdtemp(prefix="goodbid-load-")
    env = {**os.environ, "GOODBID_MEDIA_ROOT": media, "DJANGO_DEBUG": "1",
           "GOODBID_LOGIN_FAILURE_LIMIT": "1000"}
    manage(env, "migrate", "--noinput")
    manage(env, "load_standards")
    manage(env, "load_demo")
    if args.basic:
        AUTH = "Basic " + base64.b64encode(b"vendor:vendor-demo-2024").decode()
    else:
        created = subprocess.run([sys.executable, "manage.py", "create_api_token", "vendor",
                                  "load test"], cwd=ROOT, env=env, check=True,
                                 capture_output=True, text=True)
        AUTH = "Bearer " + created.stdout.strip().splitlines()[-1]
    started_processes = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "procurement.wsgi:application",
                          "--bind", f"127.0.0.1:{PORT}", "--workers", "3", "--threads", "4",
                          "--timeout", "120"], cwd=ROOT, env=env, start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        *[subprocess.Popen([sys.executable, "-m", "celery", "-A", "procurement", "worker",
                            "--concurrency=1", f"--hostname=load{n}@%h", "--loglevel=WARNING"],
                           cwd=ROOT, env=env, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
          for n in range(args.workers)],
    ]
    try:
        for _ in range(100):
            try:
                get_json("/api/standards")
                break
            except OSError:
                time.sleep(0.2)
        before = {s["id"] for s in get_json("/api/submissions")}
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.uploads) as pool:
            results = list(pool.map(lambda i: one_upload(i, args.rows), range(args.uploads)))
        elapsed = time.perf_counter() - began
        after = [s for s in get_json("/api/submissions") if s["id"] not in before]
    finally:
        for process in started_processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in started_processes:
            process.wait(timeout=30)

    errors = [r for r in results if "error" in r]
    done = [r for r in results if "error" not in r]
    ids = [r["id"] for r in done]
    print(f"uploads sent:            {args.uploads} x {args.rows} rows, "
          f"{args.workers} Celery worker process(es), gunicorn 3x4, "
          f"auth {'Basic' if args.basic else 'token'}")
    print(f"checked:                 {sum(r['status'] == 'checked' for r in done)} "
          f"(errors: {len(errors)})")
    print(f"new submissions stored:  {len(after)} (distinct ids: {len(set(ids))})")
    print(f"findings per report:     {sorted({r['findings'] for r in done})} "
          f"(expected [{args.rows // 50}])")
    if done:
        posts = [r["post_seconds"] for r in done]
        ends = [r["done_seconds"] for r in done]
        print(f"upload request latency:  p50 {statistics.median(posts) * 1000:.0f} ms, "
              f"p95 {percentile(posts, 0.95) * 1000:.0f} ms")
        print(f"upload-to-checked:       p50 {statistics.median(ends):.2f} s, "
              f"p95 {percentile(ends, 0.95):.2f} s, max {max(ends):.2f} s")
        print(f"throughput:              {len(done) / elapsed:.1f} reports/s "
              f"({len(done) * args.rows / elapsed:,.0f} rows/s) over {elapsed:.1f} s")
    for error in errors[:5]:
        print("error:", error)
    ok = (not errors and len(after) == args.uploads and len(set(ids)) == args.uploads
          and all(r["status"] == "checked" for r in done))
    print("RESULT:", "every upload processed exactly once" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
