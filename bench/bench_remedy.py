"""What the back-pay ledger adds to reading a report: a report of 100,000 wage rows with 30%
underpaid (about 30,000 findings), and two versions of it.

Run by hand:  .venv/bin/python bench/bench_remedy.py [--rows 100000] [--share 0.3]

Prints the time to total the back pay owed per worker over the versions
(`procurement.services.remedy.owed_and_shown_paid`, pure, no database) next to the time the
page already spends decoding the stored report (orjson.loads), and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import orjson

from rules import check_upload

WAGE_HEADER = ["Worker", "Job title", "Hourly rate", "Hours", "Pay period end"]


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode()


def report_bytes(rows: int, share: float, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    weeks = [(dt.date(2024, 7, 7) + dt.timedelta(days=7 * w)).isoformat() for w in range(12)]
    low = rng.random(rows) < share
    lines = [[f"Worker {n % (rows // 12 + 1)}", "Custodian",
              "17.90" if low[n] else "18.50", "40", weeks[n % 12]] for n in range(rows)]
    report = check_upload(csv_bytes([WAGE_HEADER, *lines]), "wages.csv",
                          ["boston-living-wage"])
    return orjson.dumps(report.to_dict(findings_as_objects=True))


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    import os

    import django  # noqa: TID251 (the ledger lives in procurement.services)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    django.setup()
    from procurement.services.remedy import owed_and_shown_paid

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--share", type=float, default=0.3)
    args = parser.parse_args()
    versions = [report_bytes(args.rows, args.share, seed) for seed in (1, 2)]
    findings = sum(len(orjson.loads(v)["findings"]) for v in versions)
    decode = best_of(3, lambda: [orjson.loads(v) for v in versions])
    decoded = [orjson.loads(v) for v in versions]
    ledger = best_of(3, lambda: owed_and_shown_paid(decoded))
    owed, _paid = owed_and_shown_paid(decoded)
    print(f"{args.rows:,} rows x 2 versions, {findings:,} findings, "
          f"{len({w for w, _ in owed}):,} workers owed")
    print(f"decode the stored reports (baseline)  {decode * 1000:8.1f} ms")
    print(f"back pay owed per worker (ledger)     {ledger * 1000:8.1f} ms   "
          f"{ledger / decode:4.2f}x the decode")


if __name__ == "__main__":
    main()
