"""Layouts are data: every shipped file is valid and names its sources, a city adds one
without code, and a vendor's own choice of column wins over every built-in name."""

from __future__ import annotations

import datetime as dt

import pytest

from imports import import_file, import_table, read_table
from imports.layouts import LayoutError, get_layout, layouts, load_layout
from imports.report_types import GROUP_CHOICES, REPORT_TYPES
from tests.support import csv_bytes

FIELDS = {f.name for t in REPORT_TYPES.values() for f in t.fields} | set(GROUP_CHOICES) | {
    f"{kind}:{measure}" for kind in ("regular", "overtime", "double_time", "holiday",
                                     "paid_leave", "sick", "bonus", "tips", "salary")
    for measure in ("hours", "rate", "amount")}


@pytest.mark.parametrize("layout", layouts(), ids=lambda layout: layout.code)
def test_every_shipped_layout_is_valid_and_cites_its_public_sources(layout):
    assert layout.source.count("http") >= 1 or "github" in layout.source.lower()
    assert set(layout.columns) <= FIELDS, set(layout.columns) - FIELDS
    assert set(layout.report_types) <= set(REPORT_TYPES)
    assert layout.minimum <= len(layout.identifying_headers)


def test_the_shipped_layouts_cover_the_systems_vendors_use():
    systems = {layout.system for layout in layouts()}
    assert {"ADP Workforce Now", "RUN Powered by ADP", "Paychex Flex", "Gusto",
            "QuickBooks Online Payroll", "Square", "Toast", "Homebase",
            "When I Work"} <= systems
    codes = {layout.code for layout in layouts()}
    assert {"wh347-2008", "wh347-2025", "ma-weekly-certified-payroll", "lcptracker-upload",
            "b2gnow-upload"} <= codes


CITY_LAYOUT = """
code = "harbor-timekeeper"
label = "Harbor Timekeeper export"
system = "Harbor Timekeeper"
report_types = ["wage"]
source = "https://example.org/harbor-timekeeper/export (the vendor's manual, page 12)"

[identify]
headers = ["Tech Name", "Billable Hrs", "Base Wage", "Wk End"]
minimum = 3

[columns]
worker = ["Tech Name"]
hours = ["Billable Hrs"]
hourly_rate = ["Base Wage"]
period_end = ["Wk End"]
"""
CITY_FILE = csv_bytes([["Tech Name", "Billable Hrs", "Base Wage", "Wk End"],
                       ["Ana Lopez", "40", "17.90", "2024-07-07"]])


def test_a_city_adds_a_layout_without_code(tmp_path, monkeypatch):
    (tmp_path / "harbor.toml").write_text(CITY_LAYOUT)
    monkeypatch.setenv("GOODBID_LAYOUTS_DIR", str(tmp_path))
    result = import_file(CITY_FILE, "export.csv", "wage")
    assert (result.layout.label, result.rows_accepted) == ("Harbor Timekeeper export", 1)
    assert result.frame["hourly_rate"].tolist() == [179000]


def test_a_layout_named_on_the_command_line_is_used_and_an_unknown_one_is_refused():
    content = csv_bytes([["Employee", "Job Title", "Regular Hours", "Hourly Rate"],
                         ["Ana Lopez", "Cook", "40", "17.90"]])
    assert import_file(content, "x.csv", "wage", period_end=dt.date(2024, 7, 7)).layout is None
    result = import_file(content, "x.csv", "wage", layout="toast-payroll-export",
                         period_end=dt.date(2024, 7, 7))
    assert (result.layout.code, result.rows_accepted) == ("toast-payroll-export", 1)
    with pytest.raises(LayoutError, match="Known layouts: .*gusto-payroll-journal"):
        get_layout("nonesuch")


def test_a_layout_file_with_a_mistake_says_which_file_and_what(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text(CITY_LAYOUT.replace("minimum = 3", "minimum = 9"))
    with pytest.raises(LayoutError, match="broken.toml: 'identify.minimum'"):
        load_layout(broken)


def test_the_vendors_choice_wins_over_a_built_in_name():
    content = csv_bytes([["Name", "Rate", "Wage Paid", "Hours", "Week ending"],
                         ["Ana Lopez", "25.00", "17.90", "40", "2024-07-07"]])
    # "Rate" is a built-in name for the hourly rate; this vendor's rate is "Wage Paid".
    assert import_file(content, "w.csv", "wage").frame["hourly_rate"].tolist() == [250000]
    result = import_table(read_table(content, "w.csv"), "wage",
                          mapping={"Rate": "ignore", "Wage Paid": "hourly_rate"})
    assert result.frame["hourly_rate"].tolist() == [179000]
    assert result.columns["hourly_rate"].header == "Wage Paid"


def test_a_semicolon_file_written_with_decimal_commas_is_read_with_one_notice():
    content = csv_bytes([["Worker", "Hourly rate", "Hours", "Pay period end"],
                         ["Ana", "17,90", "40", "2024-07-07"],
                         ["Bo", "18,25", "37,5", "2024-07-07"]], delimiter=";")
    result = import_file(content, "w.csv", "wage")
    assert result.frame["hourly_rate"].tolist() == [179000, 182500]
    assert result.frame["hours"].tolist() == [40.0, 37.5]
    assert result.issues.flatten(("code", "severity")) == [
        ("import.decimal-comma-read", "warning")]


@pytest.mark.parametrize(
    ("dates", "read"),
    [(["13/07/2024", "07/07/2024"], [dt.date(2024, 7, 13), dt.date(2024, 7, 7)]),
     (["07/13/2024", "07/07/2024"], [dt.date(2024, 7, 13), dt.date(2024, 7, 7)]),
     (["07/08/2024", "07/08/2024"], [dt.date(2024, 7, 8)] * 2)],
    ids=["day-first-settled-by-a-day-above-12", "month-first", "month-first-by-default"])
def test_day_first_dates_are_read_when_the_file_settles_it(dates, read):
    content = csv_bytes([["Worker", "Hourly rate", "Hours", "Pay period end"],
                         ["Ana", "18.20", "40", dates[0]], ["Bo", "18.20", "40", dates[1]]])
    result = import_file(content, "w.csv", "wage")
    assert result.frame["period_end"].dt.date.tolist() == read
