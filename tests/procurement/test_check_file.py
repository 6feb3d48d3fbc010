"""`manage.py check_file`: the same check a vendor gets, from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import WAGE_HEADER, csv_bytes, xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]


def run_check_file(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check_file", str(path), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def write(tmp_path):
    def _write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path
    return _write


def test_compliant_file_exits_zero(write):
    path = write("ok.csv", csv_bytes([WAGE_HEADER, ["Ana", "Custodian", "18.20", "40",
                                                    "2024-07-07"]]))
    result = run_check_file(path, "--standard", "boston-living-wage")
    assert result.returncode == 0, result.stderr
    assert "No problems found" in result.stdout


def test_finding_exits_one_and_json_carries_the_report(write):
    path = write("low.xlsx", xlsx_bytes([WAGE_HEADER, ["Ana", "Custodian", 18.19, 40,
                                                       "2024-07-07"]]))
    result = run_check_file(path, "--standard", "boston-living-wage", "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"valid", "rows_read", "rows_accepted", "issues", "findings",
                           "standards_applied"}
    (finding,) = report["findings"]
    assert (finding["observed"], finding["expected"], finding["rows"]) == ("18.19", "18.20", [2])


def test_missing_column_exits_two_and_says_which(write):
    path = write("bad.csv", csv_bytes([["Worker", "Hours", "Pay period end"],
                                       ["Ana", "40", "2024-07-07"]]))
    result = run_check_file(path, "--standard", "boston-living-wage")
    assert result.returncode == 2
    assert "needs a 'Hourly rate' column" in result.stdout


def test_unknown_standard_and_missing_file_exit_two(write, tmp_path):
    path = write("ok.csv", csv_bytes([WAGE_HEADER]))
    unknown = run_check_file(path, "--standard", "boston-living-wag")
    assert unknown.returncode == 2 and "Known standards: boston-living-wage" in unknown.stderr
    missing = run_check_file(tmp_path / "nope.csv", "--standard", "boston-living-wage")
    assert missing.returncode == 2 and "No file at" in missing.stderr
