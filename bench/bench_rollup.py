"""A project's roll-up across its contractors at scale: 1M accepted rows from 20 contractors
put together (each hour once), measured, and graded.

Run by hand:  .venv/bin/python bench/bench_rollup.py [--rows 1000000] [--filers 20]

Prints each step's time next to the bare pandas lower bound (one groupby summing hours by
trade and category over the same rows, as bench_rules.py) and the ratio, and what storing the
rows costs: the Parquet file each run keeps (rules.rollup.workforce_rows) and reading every
filer's file back, as the project page does for a month.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import time
from fractions import Fraction

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from rules import get_standard
from rules.rollup import (
    Plan,
    combined,
    contributions,
    distinct_workers,
    grades,
    plan_frame,
    shares,
    workforce_rows,
)

GOAL = 30.0  # the month's roll-up, a dozen groupbys over every row: about 3 s at 1M rows


def filer_frames(rows: int, filers: int, rng: np.random.Generator
                 ) -> list[tuple[int, pd.DataFrame]]:
    """Each filer's accepted rows (a workforce report with worker IDs) over 52 weeks; one
    row in 20 is the same worker, week, trade and class in another filer's report."""
    weeks = pd.date_range("2024-01-07", periods=52, freq="7D").to_numpy()
    trades = np.array([f"Trade {n}" for n in range(20)], dtype=object)
    workers = rng.integers(0, 20_000, rows)
    frame = pd.DataFrame({
        "period_end": weeks[rng.integers(0, len(weeks), rows)],
        "trade": trades[workers % len(trades)],
        "worker_class": np.where(workers % 5 == 0, "apprentice", "journey").astype(object),
        "hours": rng.integers(16, 200, rows) / 4,
        "worker": None,
        "worker_id": np.char.add("W", workers.astype(str)).astype(object),
        "gender": np.array(["woman", "man", "man", "man", "man", "man", None],
                           dtype=object)[rng.integers(0, 7, rows)],
        "person_of_color": pd.array(rng.random(rows) < 0.4, dtype="boolean"),
        "race": None,
        "boston_resident": pd.array(rng.random(rows) < 0.5, dtype="boolean"),
        "zip": None,
        "hourly_rate": None,
    })
    filer = workers % filers
    twice = rng.random(rows) < 0.05
    copies = frame[twice]
    parts = [(int(f), frame[filer == f].reset_index(drop=True)) for f in range(filers)]
    other = (filer[twice] + 1) % filers
    return [(f, pd.concat([part, copies[other == f]], ignore_index=True))
            for f, part in parts]


def timed(step, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--filers", type=int, default=20)
    args = parser.parse_args()
    rng = np.random.default_rng(20241127)
    brjp = get_standard("boston-brjp")
    parts = filer_frames(args.rows, args.filers, rng)
    whole = pd.concat([frame for _, frame in parts], ignore_index=True)
    bound, _ = timed(lambda: whole.groupby(["trade", "gender"], dropna=False)["hours"].sum())
    print(f"{len(whole):,} rows from {args.filers} contractors; lower bound (groupby trade x "
          f"gender, sum hours): {bound:.3f} s")
    print(f"{'step':52} {'seconds':>8} {'x bound':>8}")

    def report(label: str, seconds: float, note: str = "") -> None:
        print(f"{label:52} {seconds:8.3f} {seconds / bound:8.2f}  {note}")

    files = []
    size = 0
    for _, frame in parts:
        buffer = io.BytesIO()
        pq.write_table(workforce_rows(frame), buffer, compression="zstd")
        files.append(buffer.getvalue())
        size += len(files[-1])
    seconds, read = timed(lambda: [(i, pq.read_table(io.BytesIO(b)).to_pandas())
                                   for i, b in enumerate(files)])
    report("read every contractor's stored rows", seconds,
           f"{size / 1_048_576:.1f} MB stored for {len(whole):,} rows")
    seconds, project = timed(lambda: combined(read, "bench"))
    report("put together, each hour once (by worker ID)", seconds,
           f"{project.overlap_count:,} overlaps, {len(project.frame):,} rows counted")
    frame = project.frame
    seconds, measured = timed(lambda: shares(frame.copy(deep=False), brjp))
    report("shares per trade x class and project (BRJP)", seconds, f"{len(measured):,} shares")
    seconds, _ = timed(lambda: contributions(frame))
    report("each contractor's share of each trade", seconds)
    seconds, _ = timed(lambda: distinct_workers(frame.copy(deep=False), brjp))
    report("distinct workers per trade and category", seconds)
    plan = Plan(plan_frame([{"trade": f"Trade {n}", "worker_class": "journey",
                             "period_end": "2024-12-31", "estimated_hours": 2_500_000,
                             "residents_share": 51, "people_of_color_share": 40,
                             "women_share": 12} for n in range(20)]))
    seconds, graded = timed(lambda: grades(frame.copy(deep=False), brjp,
                                           month=dt.date(2024, 12, 31), plan=plan,
                                           grade_after=Fraction(1, 10)))
    report("grade a month (whole project and last 3 months)", seconds,
           f"{graded['grade']}, {len(graded['rows'])} rows")
    total = sum(timed(step, 1)[0] for step in (
        lambda: combined(read, "bench"), lambda: shares(frame.copy(deep=False), brjp),
        lambda: contributions(frame), lambda: distinct_workers(frame.copy(deep=False), brjp)))
    verdict = "ok" if total / bound <= GOAL else "over"
    report("the month's roll-up, all of it", total, f"({verdict}, goal {GOAL:.0f}x)")


if __name__ == "__main__":
    main()
