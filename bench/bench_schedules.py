"""Prevailing wage against a 400-classification schedule, next to the flat wage floor.

Run by hand:  .venv/bin/python bench/bench_schedules.py [--lines 100000]

A certified payroll of 100,000 lines (5,000 workers, 8 weeks, 10% apprentices, 20% overtime
lines, each worker in one classification), checked by `rules.prevailing_wage` against a
400-classification schedule and by the wage floor (`rules.wage_floor`) against Boston's flat
rate, with 0%, 1% and 5% of lines underpaid. Prints both times and the ratio. Goal (#16):
under 2x the flat floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rules import get_standard  # noqa: E402
from rules.prevailing_wage import check_prevailing_wage, classification_key  # noqa: E402
from rules.schedules import ApprenticeStep, Classification, Fringe, Schedule  # noqa: E402
from rules.wage_floor import WageFloor  # noqa: E402

CLASSIFICATIONS = 400
GOAL = 2.0


def schedule() -> Schedule:
    titles = [f"Trade {i} {'ABCDEFGHIJ'[i % 10]}" for i in range(CLASSIFICATIONS)]
    return Schedule(
        kind="davis-bacon", number="BENCH0001", modification=1,
        effective_from=dt.date(2024, 1, 1), source="bench",
        classifications=tuple(
            Classification(classification_key(title), title, Decimal("30.00") + i % 20,
                           Fringe(amount=Decimal("10.00")),
                           apprentice_steps=(ApprenticeStep("1", Decimal("50")),
                                             ApprenticeStep("2", Decimal("60"))))
            for i, title in enumerate(titles)))


def payroll(lines: int, share: float, rng: np.random.Generator, titles: list[str]
            ) -> pd.DataFrame:
    workers = rng.integers(0, 5000, lines)
    low = rng.random(lines) < share
    return pd.DataFrame({
        "row": np.arange(2, lines + 2),
        "worker": pd.Series([f"W{w}" for w in workers], dtype="string"),
        "trade": pd.Series(np.array(titles, dtype=object)[workers % len(titles)],
                           dtype="string"),
        "worker_class": np.where(rng.random(lines) < 0.1, "apprentice", "journey")
        .astype(object),
        "apprentice_step": np.where(rng.random(lines) < 0.5, "1", "2").astype(object),
        "earning_type": pd.Series(np.where(rng.random(lines) < 0.2, "overtime", "regular"),
                                  dtype="string"),
        "hours": rng.integers(1, 40, lines).astype("float64"),
        "hourly_rate": pd.array(np.where(low, 15_0000, 80_0000), dtype="Int64"),
        "fringe": pd.array(np.full(lines, 1000_0000), dtype="Int64"),
        "period_end": pd.to_datetime("2024-07-07")
        + pd.to_timedelta(rng.integers(0, 8, lines) * 7, unit="D"),
    })


def payroll_csv(frame: pd.DataFrame) -> bytes:
    """The same lines as a certified payroll file a contractor uploads."""
    out = pd.DataFrame({
        "Worker name": frame["worker"], "Labor classification": frame["trade"],
        "Hourly rate": (frame["hourly_rate"].astype("float64") / 10_000).map("{:.2f}".format),
        "Hours": frame["hours"], "Week ending": frame["period_end"].dt.strftime("%Y-%m-%d"),
        "Fringe benefits": (frame["hours"] * 10).map("{:.2f}".format)})
    return out.to_csv(index=False).encode()


def best_of(runs: int, work):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    wage = schedule()
    titles = [c.title for c in wage.classifications]
    floor = get_standard("boston-living-wage")
    print(f"{args.lines:,} certified payroll lines, {CLASSIFICATIONS} classifications "
          f"(goal: under {GOAL:.0f}x the flat floor)")
    for share in (0.0, 0.01, 0.05):
        frame = payroll(args.lines, share, rng, titles)
        flat, flat_out = best_of(5, lambda f=frame: WageFloor().evaluate(
            f.copy(), floor, columns={}, sheet=None))
        prevailing, outcome = best_of(5, lambda f=frame: check_prevailing_wage(f, wage))
        print(f"{share:4.0%} underpaid: flat floor {flat * 1000:7.1f} ms "
              f"({len(flat_out.findings):,} findings)   schedule {prevailing * 1000:7.1f} ms "
              f"({len(outcome.findings):,} findings)   {prevailing / flat:5.2f}x")
    # The whole check of the file (read, import, rules), as an upload costs it.
    from rules.check import check_upload

    content = payroll_csv(payroll(args.lines, 0.05, rng, titles))
    flat, _ = best_of(2, lambda: check_upload(content, "payroll.csv", ["boston-living-wage"]))
    prevailing, report = best_of(2, lambda: check_upload(content, "payroll.csv", [],
                                                         schedule=wage))
    print(f"whole file, 5% underpaid: flat floor {flat:6.2f} s   schedule {prevailing:6.2f} s "
          f"({len(report.findings):,} findings)   {prevailing / flat:5.2f}x")


if __name__ == "__main__":
    main()
