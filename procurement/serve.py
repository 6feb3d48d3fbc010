"""The web server `make run` starts: gunicorn, a few worker processes, on the embedded default.

Each worker is a process with its own database connection (SQLite in WAL mode takes their
writes in turn, settings.py), so uploads at a filing deadline wait in line instead of failing,
and a check that runs in the request (no broker: Celery runs tasks eagerly) holds up one
worker, not the site. Django's runserver is for debugging, one request at a time.

    python -m procurement.serve [--bind 127.0.0.1:8000] [--workers 3]
"""

from __future__ import annotations

import argparse
import os
import sys


def command(bind: str, workers: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "procurement.wsgi:application",
            "--bind", bind, "--workers", str(workers),
            # a check of a large file runs in the request on the embedded default
            "--timeout", "180", "--graceful-timeout", "10",
            "--access-logfile", "-"]


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve GoodBid with gunicorn.")
    parser.add_argument("--bind", default=os.environ.get("GOODBID_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int,
                        default=int(os.environ.get("GOODBID_WEB_WORKERS",
                                                   str((os.cpu_count() or 1) + 1))))
    args = parser.parse_args()
    print(f"GoodBid on http://{args.bind} ({args.workers} worker processes); Ctrl+C stops it.",
          flush=True)
    argv = command(args.bind, args.workers)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
