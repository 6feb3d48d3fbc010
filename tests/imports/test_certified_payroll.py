"""Certified payroll in the WH-347 style: the 2025 revision and the earlier form."""

from __future__ import annotations

import datetime as dt

import pytest

from imports import ImportRejected, import_file
from tests.support import csv_bytes, xlsx_bytes

FORM_2025 = ["1A Worker Entry No.", "1B Last Name", "1C First Name", "1D Middle Initial",
             "1E Worker Identifying No.", "2 Journeyworker / Registered Apprentice",
             "3 Labor Classification", "5 Total Hours Worked for the Week",
             "6A Hourly Wage Rate Paid (ST)", "6A Hourly Wage Rate Paid (OT)",
             "6B Total Fringe Benefit Credit", "7A Gross Amount Earned (this project)"]


def test_2025_form_with_the_week_ending_in_the_header_area():
    content = xlsx_bytes([
        ["Certified payroll", None, None, "Payroll No.", 7],
        ["Project Name", "Dorchester Library", None, "Week Ending Date", dt.date(2025, 3, 9)],
        [],
        FORM_2025,
        [1, "Lopez", "Ana", "M", "6789", "J", "Carpenter", 40, 45.0, 67.5, 496.0, 1800.0],
        [2, "Chen", "Bo", None, "W-017", "RA 2", "Carpenter", 32, 27.0, None, 120.0, 864.0],
    ], sheet="WH-347")

    result = import_file(content, "wh347.xlsx", "certified_payroll")

    assert result.issues.flatten(("row", "code")) == []
    frame = result.frame
    # One straight-time line per worker: the OT rate alone, with no OT hours, is no line.
    assert frame["worker"].tolist() == ["Lopez, Ana M", "Chen, Bo"]
    assert frame["worker_id"].tolist() == ["6789", "W-017"]
    assert frame["earning_type"].tolist() == ["regular", "regular"]
    assert frame["worker_class"].tolist() == ["journey", "apprentice"]
    assert frame["hourly_rate"].tolist() == [450000, 270000]
    assert frame["hours"].tolist() == [40, 32]
    assert frame["period_end"].dt.date.tolist() == [dt.date(2025, 3, 9)] * 2
    assert result.columns["hourly_rate"].letter == "I"
    assert [(f.name, f.value, f.row) for f in result.facts if f.name == "period_end"] == [
        ("period_end", "2025-03-09", 2)]


def test_earlier_form_with_name_and_id_in_one_column():
    result = import_file(csv_bytes([
        ["Name and Individual Identifying Number of Worker", "Work Classification",
         "Total Hours", "Rate of Pay", "Gross Amount Earned", "Week Ending"],
        ["Ana Lopez (6789)", "Laborer", "40", "$38.50", '"$1,540.00"', "3/9/2025"],
    ]), "old.csv", "certified_payroll")
    assert result.issues.flatten(("row", "code")) == []
    # The one column for the name and the identifying number gives both.
    assert (result.frame["worker"].tolist(), result.frame["worker_id"].tolist(),
            result.frame["amount"].tolist()) == (["Ana Lopez"], ["6789"], [15400000])


def test_without_a_week_ending_anywhere_the_vendor_is_told_where_to_put_it():
    with pytest.raises(ImportRejected) as rejection:
        import_file(csv_bytes([FORM_2025, [1, "Lopez", "Ana", "", "6789", "J", "Carpenter",
                                           "40", "45", "", "", ""]]), "x.csv",
                    "certified_payroll")
    (issue,) = rejection.value.issues
    assert issue.code == "import.no-period"
    assert "--period-end" in issue.hint and "Pay period" in issue.hint


def test_a_full_ssn_in_the_identifying_number_refuses_the_form():
    with pytest.raises(ImportRejected) as rejection:
        import_file(csv_bytes([FORM_2025 + ["Week ending"],
                               [1, "Lopez", "Ana", "", "123-45-6789", "J", "Carpenter", "40",
                                "45", "", "", "", "2025-03-09"]]), "x.csv", "certified_payroll")
    assert rejection.value.issues[0].code == "import.full-ssn"


def test_more_than_24_hours_in_a_day_is_flagged():
    header = ["Last Name", "First Name", "Labor Classification", "Mon ST", "Mon OT",
              "Tuesday", "Monthly rate", "Total Hours", "Rate of Pay", "Week Ending"]
    result = import_file(csv_bytes([
        header,
        ["Lopez", "Ana", "Carpenter", "8", "2", "8", "7800", "18", "45", "2025-03-09"],
        ["Chen", "Bo", "Carpenter", "20", "6", "8", "7800", "34", "45", "2025-03-09"],
    ]), "days.csv", "certified_payroll")
    assert result.issues.flatten(("row", "column_letter", "code", "value")) == [
        (3, "D", "import.too-many-hours-in-a-day", "26")]
    assert result.frame["worker"].tolist() == ["Lopez, Ana"]
