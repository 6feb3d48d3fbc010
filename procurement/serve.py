"""The web server `make run` starts: gunicorn, a few worker processes, on the embedded default.

Each worker is a process with its own database connection (SQLite in WAL mode takes their
writes in turn, settings.py), so uploads at a filing deadline wait in line instead of failing,
and a check that runs in the request (no broker: Celery runs tasks eagerly) holds up one
worker, not the site. Django's runserver is for debugging, one request at a time.

    python -m procurement.serve [--bind 127.0.0.1:8000] [--workers 3] [--check]

`--check` only says whether the address is free (make run asks before it loads anything).
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys


def command(bind: str, workers: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "procurement.wsgi:application",
            "--bind", bind, "--workers", str(workers),
            # a check of a large file runs in the request on the embedded default
            "--timeout", "180", "--graceful-timeout", "10",
            "--access-logfile", "-"]


def address_taken(bind: str) -> str | None:
    """Why the server could not listen on `bind` (host:port), or None when it can."""
    host, _, port = bind.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        return f"'{port}' is not a port number: give PORT=8001, for example."
    probe = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        probe.bind((host.strip("[]") or "127.0.0.1", int(port)))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return (f"Port {port} is already in use (another GoodBid, or another program). "
                    f"Stop it, or start on another port: make run PORT={int(port) + 1}")
        return f"Cannot listen on {bind}: {error.strerror}."
    finally:
        probe.close()
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve GoodBid with gunicorn.")
    parser.add_argument("--bind", default=os.environ.get("GOODBID_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int,
                        default=int(os.environ.get("GOODBID_WEB_WORKERS",
                                                   str((os.cpu_count() or 1) + 1))))
    parser.add_argument("--check", action="store_true",
                        help="only check that the address is free, and stop")
    args = parser.parse_args()
    taken = address_taken(args.bind)
    if taken:
        sys.exit(taken)
    if args.check:
        return
    print(f"GoodBid on http://{args.bind} ({args.workers} worker processes); Ctrl+C stops it.",
          flush=True)
    argv = command(args.bind, args.workers)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
