"""`manage.py check_file` applies any shipped standard, named once or several times."""

from __future__ import annotations

import json

import pytest

from tests.rules.support import run
from tests.support import WAGE_HEADER, csv_bytes


def test_list_standards_spells_out_each_county():
    code, out, _ = run("--list-standards")
    assert code == 0
    assert "mdhr-workforce-goals:hennepin" in out and "boston-brjp" in out
    assert "\nmdhr-workforce-goals " not in f"\n{out}"


def test_two_standards_apply_each_in_its_own_period(tmp_path):
    # The week ending 2025-07-06: Boston's rate for it is not on file yet; San Francisco's
    # nonprofit floor of $21.55 (from 2025-07-01) is.
    path = tmp_path / "wages.csv"
    path.write_bytes(csv_bytes([WAGE_HEADER, ["Ana Lopez", "Custodian", "21.54", "40",
                                              "2025-07-06"]]))
    code, out, _ = run(str(path), "--standard", "sf-minimum-compensation",
                       "--standard", "boston-living-wage", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [(f["standard"], f["expected"]) for f in report["findings"]] == [
        ("sf-minimum-compensation", "21.55")]
    assert [i["code"] for i in report["issues"]] == ["standard.no-version-in-force"]
    assert "no Boston Living Wage rate is on file" in report["issues"][0]["message"]


@pytest.mark.parametrize(("standard", "message"), [
    ("mdhr-workforce-goals", "name the county as 'mdhr-workforce-goals:<county>'"),
    ("mdhr-workforce-goals:cook", "'cook' is not a county"),
])
def test_a_standard_by_county_without_a_known_county_exits_two(tmp_path, standard, message):
    path = tmp_path / "hours.csv"
    path.write_bytes(b"x")
    code, _, err = run(str(path), "--standard", standard)
    assert code == 2 and message in err


def test_no_file_or_no_standard_says_what_to_give():
    code, _, err = run()
    assert code == 2 and "at least one --standard CODE" in err
