"""What a hostile upload costs: time and peak memory (the process and its reading child) of
the check's read (imports.reader.read_table, then macros_removed) for the files of the
denial-of-service reports, beside an ordinary payroll of the same size.

    .venv/bin/python bench/hostile.py

Each file is read in a fresh process, so the peak memory is that file's alone."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def macro_bomb() -> bytes:
    """A 1 MB .xlsm: a VBA project beside a sheet that unpacks to 1 GB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"><Override '
                         'PartName="/xl/vbaProject.bin" ContentType="application/'
                         'vnd.ms-office.vbaProject"/></Types>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\0" * 1000)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * (1 << 20)
            for _ in range(1024):
                sheet.write(block)
    return out.getvalue()


def wide_line_csv(size: int) -> bytes:
    """One line of `size` bytes of "a," (a cell every two bytes)."""
    return b"a," * (size // 2)


def ordinary_csv(size: int) -> bytes:
    lines = ["Worker,Job title,Hourly rate,Hours,Pay period end"]
    line = "Worker {i},Custodian,18.75,40,2024-07-07"
    i = 0
    total = len(lines[0])
    while total < size:
        lines.append(line.format(i=i))
        total += len(lines[-1]) + 1
        i += 1
    return "\n".join(lines).encode()


MEASURE = """
import resource, sys, time
from imports.issues import ImportRejected
from imports.reader import macros_removed, read_table
content = sys.stdin.buffer.read()
name = sys.argv[1]
started = time.perf_counter()
try:
    read_table(content, name)
    macros_removed(content, name)
    outcome = "read"
except ImportRejected as rejection:
    outcome = rejection.issues[0].code
elapsed = time.perf_counter() - started
print(__import__("json").dumps({"seconds": elapsed, "outcome": outcome,
    "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measure(content: bytes, name: str) -> dict:
    result = subprocess.run([sys.executable, "-c", MEASURE, name], input=content, cwd=ROOT,
                            capture_output=True, timeout=600, check=True)
    return json.loads(result.stdout)


def main() -> None:
    cases = [
        ("macro workbook over a 1 GB sheet (.xlsm)", macro_bomb(), "payroll.xlsm"),
        ("the same bytes as .xlsx", macro_bomb(), "payroll.xlsx"),
        ("ordinary payroll CSV, 1 MB", ordinary_csv(1 << 20), "payroll.csv"),
        ("one line of 'a,', 256 KB", wide_line_csv(256 << 10), "payroll.csv"),
        ("one line of 'a,', 1 MB", wide_line_csv(1 << 20), "payroll.csv"),
        ("one line of 'a,', 4 MB", wide_line_csv(4 << 20), "payroll.csv"),
        ("ordinary payroll CSV, 4 MB", ordinary_csv(4 << 20), "payroll.csv"),
    ]
    print(f"{'file':42} {'size':>8} {'seconds':>8} {'parent MB':>10} {'child MB':>9}  outcome")
    for label, content, name in cases:
        figures = measure(content, name)
        print(f"{label:42} {len(content) / 1024:>6.0f}KB {figures['seconds']:>8.2f} "
              f"{figures['parent_mb']:>10.0f} {figures['child_mb']:>9.0f}  {figures['outcome']}")


if __name__ == "__main__":
    main()
