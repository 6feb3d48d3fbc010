"""Intake speed against the bare parse, and peak memory. Run by hand:

    .venv/bin/python bench/bench_imports.py [--sizes 10000 100000 1000000] [--repeat 5]

For each size it writes wage reports (cached in bench/out/): an .xlsx where every ninth
worker is paid $18.00 against the $18.20 floor (one finding per such worker), the same
layout fully compliant, and a .csv of the first. Side by side, best of `--repeat`:

- bare: python-calamine's parse of the workbook in this process (`to_python()` of the sheet),
  or pandas' C parser for the CSV;
- check_file: `manage.py check_file FILE --standard boston-living-wage --format json` as a
  new process, end to end (start-up, reading in the child process, import, rules, the JSON
  written), with Python's bytecode cache on as on any installed machine;
- import: `imports.import_file` in this process (read, find the header, map, parse, lines);

with the ratios to the bare parse and the peak resident memory of the check_file process
(its reading child included). Goals (issue 11): check_file at 100,000 rows at most 2.0x the
bare parse; 1,000,000 rows under 1 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
HEADER = ["Worker", "Job title", "Hourly rate", "Hours", "Pay period end"]


def write_reports(rows: int) -> dict[str, Path]:
    paths = {"xlsx": OUT / f"wages-{rows}.xlsx", "csv": OUT / f"wages-{rows}.csv",
             "compliant xlsx": OUT / f"compliant-{rows}.xlsx"}
    if all(path.exists() for path in paths.values()):
        return paths
    import openpyxl

    OUT.mkdir(parents=True, exist_ok=True)
    week = dt.date(2024, 7, 7)
    for name, base in (("xlsx", 18.0), ("compliant xlsx", 18.25)):
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Wages")
        sheet.append(HEADER)
        for i in range(rows):
            sheet.append([f"Worker {i}", "Custodian", base + (i % 9) * 0.25, 40.0, week])
        workbook.save(paths[name])
    lines = [",".join(HEADER)] + [
        f"Worker {i},Custodian,{18.0 + (i % 9) * 0.25:.2f},40,{week.isoformat()}"
        for i in range(rows)]
    paths["csv"].write_text("\n".join(lines))
    return paths


def best_of(function, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def check_file_run(path: Path) -> tuple[float, float]:
    """Seconds and peak MB of `manage.py check_file` as a new process."""
    env = {key: value for key, value in os.environ.items()
           if key != "PYTHONDONTWRITEBYTECODE"}
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "e = time.perf_counter() - t; "
            "print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    result = subprocess.run(
        [sys.executable, "-c", code, sys.executable, str(ROOT / "manage.py"), "check_file",
         str(path), "--standard", "boston-living-wage", "--format", "json"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    seconds, peak = result.stdout.split()
    return float(seconds), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import pandas as pd
    import python_calamine

    from imports import import_file
    from imports.reader import MAX_UPLOAD_BYTES

    print(f"{'rows':>9} {'file':>15} {'bare s':>7} {'check_file s':>12} {'ratio':>6} "
          f"{'import s':>9} {'ratio':>6} {'peak MB':>8}")
    for rows in args.sizes:
        paths = write_reports(rows)
        repeat = args.repeat if rows <= 100_000 else 1
        for name, path in paths.items():
            content = path.read_bytes()
            if len(content) > MAX_UPLOAD_BYTES:
                print(f"{rows:>9,} {name:>15} {'':>7} over the {MAX_UPLOAD_BYTES >> 20} MB "
                      f"upload limit ({len(content) / 1_048_576:.0f} MB)")
                continue
            if path.suffix == ".xlsx":
                def bare(content=content):
                    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
                    return book.get_sheet_by_index(0).to_python()
            else:
                def bare(content=content):
                    return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
            check_file_run(path)  # once to write the bytecode cache
            bare_seconds = best_of(bare, repeat)
            runs = [check_file_run(path) for _ in range(repeat)]
            cli_seconds = min(seconds for seconds, _ in runs)
            peak = max(mb for _, mb in runs)
            import_seconds = best_of(lambda c=content, n=path.name: import_file(c, n, "wage"),
                                     min(repeat, 3))
            print(f"{rows:>9,} {name:>15} {bare_seconds:>7.2f} {cli_seconds:>12.2f} "
                  f"{cli_seconds / bare_seconds:>6.1f} {import_seconds:>9.2f} "
                  f"{import_seconds / bare_seconds:>6.1f} {peak:>8.0f}")
    print(f"(this process's own peak: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
