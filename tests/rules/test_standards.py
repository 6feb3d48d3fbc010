from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from rules import StandardError, catalogue, get_standard, shipped_standards
from rules.standards import parse_standard

VALID = """
code = "test-wage"
title = "Test wage"
jurisdiction = "test"
program = "Test ordinance"
report_type = "wage"
rules = ["wage-floor"]

[[versions]]
version = "2024"
effective_from = 2024-01-01
source = "Test ordinance s. 1"
[versions.parameters]
hourly_floor = { value = "15.00", unit = "USD/hour" }
"""


def test_shipped_standards_load_and_carry_sources():
    boston = get_standard("boston-living-wage")
    assert [(v.version, str(v.parameters["hourly_floor"].value)) for v in boston.versions] == [
        ("2023-07-01", "17.55"), ("2024-07-01", "18.20")]
    assert all(v.source for s in shipped_standards().values() for v in s.versions)


def test_version_on_a_date():
    boston = get_standard("boston-living-wage")
    assert boston.version_on(dt.date(2024, 6, 30)).version == "2023-07-01"
    assert boston.version_on(dt.date(2024, 7, 1)).version == "2024-07-01"
    assert boston.version_on(dt.date(2023, 6, 30)) is None
    days = pd.Series(pd.to_datetime(["2023-06-30", "2023-07-01", "2024-07-01", "2025-07-01"]))
    assert boston.version_index_for(days).tolist() == [-1, 0, 1, -1]


def test_a_valid_new_standard_is_served_without_code():
    assert parse_standard(VALID).versions[0].parameters["hourly_floor"].decimal() == 15


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('hourly_floor = { value = "15.00", unit = "USD/hour" }', ""),
         "lacks parameter 'hourly_floor'"),
        (lambda t: t.replace('unit = "USD/hour"', 'unit = "USD"'), "expected USD/hour"),
        (lambda t: t.replace('"15.00"', '"fifteen"'), "is not a number"),
        (lambda t: t.replace('"15.00"', '"-1"'), "is negative"),
        (lambda t: t.replace('rules = ["wage-floor"]', 'rules = ["no-such-rule"]'),
         "not a registered rule"),
        (lambda t: t.replace('source = "Test ordinance s. 1"', ""), "source"),
        (lambda t: t + t[t.index("[[versions]]"):].replace('version = "2024"',
                                                           'version = "2024b"'),
         "start the same day"),
        (lambda t: t.replace("effective_from = 2024-01-01",
                             "effective_from = 2024-01-01\neffective_to = 2023-01-01"),
         "before effective_from"),
        (lambda t: t + "\nsurprise = 1\n", "surprise"),
    ],
)
def test_an_invalid_standard_is_refused_with_the_reason(edit, message):
    with pytest.raises(StandardError, match=message):
        parse_standard(edit(VALID), origin="test-wage.toml")


def test_overlapping_versions_are_refused():
    overlapping = VALID.replace("effective_from = 2024-01-01",
                                "effective_from = 2024-01-01\neffective_to = 2024-12-31")
    overlapping += """
[[versions]]
version = "2024-07"
effective_from = 2024-07-01
source = "Test ordinance s. 2"
[versions.parameters]
hourly_floor = { value = "16.00", unit = "USD/hour" }
"""
    with pytest.raises(StandardError, match="overlap"):
        parse_standard(overlapping)


def test_unknown_standard_names_the_known_ones():
    with pytest.raises(StandardError, match="boston-living-wage"):
        get_standard("boston-livng-wage")


def test_catalogue_lists_rules_with_parameters():
    (wage_floor,) = [rule for rule in catalogue() if rule["code"] == "wage-floor"]
    assert wage_floor["parameters"][0]["name"] == "hourly_floor"
    assert "pay period end" in wage_floor["description"]
