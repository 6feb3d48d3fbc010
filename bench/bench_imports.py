"""Import speed against the bare parse, and peak memory. Run by hand:

    .venv/bin/python bench/bench_imports.py [--sizes 10000 100000 1000000]

For each size it writes a wage report as .xlsx and .csv (cached in bench/out/), then times
GoodBid's import (inspect, read in a child process, find the header, map, coerce, collect
issues) next to the bare parse of the same file (python-calamine for xlsx, pandas' C engine
for csv), prints the ratio, and the peak resident memory of a fresh process doing the import.
Goal: import at most 1.5x the bare parse at 100k rows; peak under 1 GB at 1M rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def write_reports(rows: int) -> tuple[Path, Path]:
    xlsx, csv = OUT / f"wages-{rows}.xlsx", OUT / f"wages-{rows}.csv"
    if xlsx.exists() and csv.exists():
        return xlsx, csv
    import openpyxl

    OUT.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Wages")
    header = ["Worker", "Job title", "Hourly rate", "Hours", "Pay period end"]
    sheet.append(header)
    lines = [",".join(header)]
    week = dt.date(2024, 7, 7)
    for i in range(rows):
        rate = 18.0 + (i % 9) * 0.25
        sheet.append([f"Worker {i}", "Custodian", rate, 40.0, week])
        lines.append(f"Worker {i},Custodian,{rate:.2f},40,{week.isoformat()}")
    workbook.save(xlsx)
    csv.write_text("\n".join(lines))
    return xlsx, csv


def best_of(function, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def peak_memory_mb(path: Path) -> float:
    """Peak RSS of a fresh process that imports the file (children included)."""
    code = ("import sys, resource; from imports import import_file; "
            f"import_file(open({str(path)!r}, 'rb').read(), {path.name!r}, 'wage'); "
            "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
            "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
            "print(max(own, kids) / 1024)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    return float(result.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    import pandas as pd
    import python_calamine

    from imports import import_file
    from imports.reader import MAX_UPLOAD_BYTES

    print(f"{'rows':>9} {'format':>6} {'bare s':>8} {'import s':>9} {'ratio':>6} "
          f"{'peak MB':>8}")
    for rows in args.sizes:
        xlsx, csv = write_reports(rows)
        repeat = 3 if rows <= 100_000 else 1
        for path in (xlsx, csv):
            content = path.read_bytes()
            if path.suffix == ".xlsx":
                def bare(content=content):
                    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
                    return book.get_sheet_by_index(0).to_python()
            else:
                def bare(content=content):
                    return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
            if len(content) > MAX_UPLOAD_BYTES:
                print(f"{rows:>9,} {path.suffix[1:]:>6} {'':>8} {'over the upload limit':>25}"
                      f" ({len(content) / 1_048_576:.0f} MB > "
                      f"{MAX_UPLOAD_BYTES // 1_048_576} MB)")
                continue
            bare_seconds = best_of(bare, repeat)
            import_seconds = best_of(lambda c=content, n=path.name: import_file(c, n, "wage"),
                                     repeat)
            print(f"{rows:>9,} {path.suffix[1:]:>6} {bare_seconds:>8.2f} {import_seconds:>9.2f}"
                  f" {import_seconds / bare_seconds:>6.1f} {peak_memory_mb(path):>8.0f}")
    print(f"(this process's own peak: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
