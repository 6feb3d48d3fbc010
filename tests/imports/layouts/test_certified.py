"""Certified payroll forms and portal uploads, as vendors upload them: the U.S. DOL WH-347 (the
Rev. Dec. 2008 form and the January 2025 revision), the Massachusetts Weekly Certified Payroll
Report Form, and the B2Gnow and LCPtracker payroll uploads (imports/layouts/*.toml name the
sources). Every fixture is the same week ending 2025-06-14, checked against the Boston Living
Wage ($18.20 from 2024-07-01): Okafor is paid $17.90 straight time, $0.30 short, so 40 hours
owe $12.00; where she also worked 4 overtime hours at 1.5 x $17.90 = $26.85, those owe
1.5 x $0.30 x 4 = $1.80 of overtime premium (reported beside the back pay, never added).
Rivera's overtime at $67.50 (1.5 x $45.00) and Chen's apprentice rate of $24.10 are above the
floor."""

from __future__ import annotations

import csv
import io

import pytest

from imports import import_file
from rules.check import check_upload
from tests.imports.layouts import (
    FIXTURES,
    check_fixture,
    facts_of,
    findings_of,
    grid_to_xlsx,
    read_fixture,
)

CERTIFIED_CODES = ("wh347-2008", "wh347-2025", "ma-weekly-certified-payroll", "b2gnow-upload",
                   "lcptracker-upload")
WEEK = "2025-06-14"
HEADER_BLOCK = {"employer": "Harbor Point Builders LLC",
                "address": "155 Dorchester Ave, Boston, MA 02127", "payroll_number": "7",
                "contract": "PFD-2025-0142", "period_end": WEEK}


def _grid(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((FIXTURES / name).read_text(encoding="utf-8"))))


def _check_workbook(content: bytes) -> dict:
    return check_upload(content, "payroll.xlsx", ["boston-living-wage"]).to_dict()


def _overtime_never_below_the_floor(report: dict) -> None:
    """The $26.85 overtime rate is under 1.5 x $18.20 = $27.30, but an overtime rate is never
    compared with the floor: the only rate reported as paid is the straight-time $17.90."""
    assert [f["observed"] for f in report["findings"]] == ["17.90"]
    assert "26.85" not in " ".join(f["message"] + f["remedy"] for f in report["findings"])


def _workers(result) -> list[tuple]:
    """(worker, trade, journey or apprentice) per worker, in the file's order."""
    frame = result.frame.drop_duplicates("worker")
    return list(zip(frame["worker"], frame["trade"], frame["worker_class"], strict=True))


def _lines(result) -> list[tuple]:
    """(worker, kind of pay, hours) per line, hours summed over a worker's rows."""
    totals = result.frame.groupby(["worker", "earning_type"], sort=False)["hours"].sum()
    return [(worker, kind, float(hours)) for (worker, kind), hours in totals.items()]


# -- WH-347, Rev. Dec. 2008 ---------------------------------------------------------------

def test_wh347_2008_reads_the_o_line_above_the_s_line():
    report = check_fixture("wh347-2008.xlsx.csv")
    assert report["layout"]["code"] == "wh347-2008"
    assert report["layout"]["label"] == "WH-347 Payroll (Rev. Dec. 2008)"
    assert facts_of(report) == {
        **HEADER_BLOCK,
        "project": "Fairmount Branch Library Renovation, 1 Example St, Boston, MA 02136"}
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (6, 6, True)
    # Okafor: S line 40 h at $17.90 -> $0.30 x 40 = $12.00; O line 4 h at $26.85 (1.5 x
    # $17.90) -> 1.5 x $0.30 x 4 = $1.80 of overtime premium.
    assert findings_of(report) == [("Grace Okafor (ID xxx-xx-3307)", WEEK, "12.00", "1.80")]
    assert report["back_pay"] == {"back_pay": "12.00", "overtime_back_pay": "1.80"}
    _overtime_never_below_the_floor(report)
    assert [i["code"] for i in report["issues"]] == []


def test_wh347_2008_with_the_name_merged_over_both_lines_as_in_a_real_workbook():
    merged = ["A6:A8", "B6:B8", "C6:C8", "D6:D8", "E6:K6", "L6:L8", "M6:M8", "N6:N8",
              "O6:T6", "U6:U8"]
    for top in (9, 11, 13):  # each worker's O line over their S line
        merged += [f"{column}{top}:{column}{top + 1}"
                   for column in ("A", "B", "C", "N", "O", "P", "Q", "R", "S", "T", "U")]
    report = _check_workbook(grid_to_xlsx(_grid("wh347-2008.xlsx.csv"), merged=merged))
    assert report["layout"]["code"] == "wh347-2008"
    assert facts_of(report)["period_end"] == WEEK
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (6, 6, True)
    assert findings_of(report) == [("Grace Okafor (ID xxx-xx-3307)", WEEK, "12.00", "1.80")]
    _overtime_never_below_the_floor(report)
    assert [i["code"] for i in report["issues"]] == []


def test_wh347_2008_as_certified_payroll_gives_trade_and_level_per_worker():
    result = read_fixture("wh347-2008.xlsx.csv", "certified_payroll")
    assert result.layout.code == "wh347-2008"
    assert result.issues.flatten(("row", "code")) == []
    # No apprentice column on this form: the level is in the classification, and a
    # classification without one ("Carpenter") is journey level.
    assert _workers(result) == [("Marco A. Rivera", "Carpenter", "journey"),
                                ("Grace Okafor", "Laborer", "journey"),
                                ("CHEN, DANIEL J.", "Electrician", "apprentice")]


def test_wh347_2008_as_certified_payroll_has_overtime_lines_only_where_overtime_was_worked():
    result = read_fixture("wh347-2008.xlsx.csv", "certified_payroll")
    # The gross merged over both lines sits on the O line; Chen's O line has no hours, so it
    # is no overtime line (his $771.20 is the entry's gross, not overtime pay).
    assert _lines(result) == [("Marco A. Rivera", "overtime", 6.0),
                              ("Marco A. Rivera", "regular", 40.0),
                              ("Grace Okafor", "overtime", 4.0),
                              ("Grace Okafor", "regular", 40.0),
                              ("CHEN, DANIEL J.", "regular", 32.0)]


# -- WH-347, Rev. January 2025 ------------------------------------------------------------

def test_wh347_2025_reads_the_st_line_above_the_ot_line():
    report = check_fixture("wh347-2025.xlsx.csv")
    assert report["layout"]["code"] == "wh347-2025"
    assert report["layout"]["label"] == ("WH-347 Davis-Bacon and Related Acts Weekly Certified "
                                         "Payroll Form (Rev. January 2025)")
    # Label rows over value rows in the header block.
    assert facts_of(report) == {**HEADER_BLOCK, "project": "Fairmount Branch Library Renovation",
                                "location": "1 Example St, Boston, MA 02136",
                                "wage_determination": "MA20250001 Mod. 2"}
    # Six lines; Chen's OT line is empty and is no line.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (5, 5, True)
    assert findings_of(report) == [("Okafor, Grace (ID 3307)", WEEK, "12.00", "1.80")]
    assert report["back_pay"] == {"back_pay": "12.00", "overtime_back_pay": "1.80"}
    _overtime_never_below_the_floor(report)
    assert [i["code"] for i in report["issues"]] == []


def test_wh347_2025_with_entries_merged_over_both_lines_as_in_a_real_workbook():
    merged = ["I11:O11", "V11:Y11"]
    for top in (14, 16, 18):  # each entry's ST line over its OT line
        merged += [f"{column}{top}:{column}{top + 1}"
                   for column in ("A", "B", "C", "D", "E", "F", "G", "R", "S", "T", "U", "V",
                                  "W", "X", "Y", "Z")]
    report = _check_workbook(grid_to_xlsx(_grid("wh347-2025.xlsx.csv"), merged=merged))
    assert report["layout"]["code"] == "wh347-2025"
    assert facts_of(report)["period_end"] == WEEK
    assert findings_of(report) == [("Okafor, Grace (ID 3307)", WEEK, "12.00", "1.80")]
    _overtime_never_below_the_floor(report)
    assert [i["code"] for i in report["issues"]] == []


def test_wh347_2025_as_certified_payroll_reads_ra_2_as_apprentice():
    result = read_fixture("wh347-2025.xlsx.csv", "certified_payroll")
    assert result.layout.code == "wh347-2025"
    assert result.issues.flatten(("row", "code")) == []
    assert _workers(result) == [("Rivera, Marco A", "Carpenter", "journey"),
                                ("Okafor, Grace", "Laborer", "journey"),
                                ("Chen, Daniel J", "Electrician", "apprentice")]
    assert _lines(result) == [("Rivera, Marco A", "regular", 40.0),
                              ("Rivera, Marco A", "overtime", 6.0),
                              ("Okafor, Grace", "regular", 40.0),
                              ("Okafor, Grace", "overtime", 4.0),
                              ("Chen, Daniel J", "regular", 32.0)]


# -- Massachusetts Weekly Certified Payroll Report Form ------------------------------------

def test_ma_weekly_certified_payroll_reads_the_form():
    report = check_fixture("ma-weekly-certified-payroll.xlsx.csv")
    assert report["layout"]["code"] == "ma-weekly-certified-payroll"
    assert report["layout"]["label"] == "Massachusetts Weekly Certified Payroll Report Form"
    assert facts_of(report) == {**HEADER_BLOCK, "project": "Fairmount Branch Library Renovation",
                                "location": "1 Example St, Boston, MA 02136",
                                "wage_determination": "20250312-029"}
    # Two header rows (day names, "All Other Hours" and the fringe funds under the labels);
    # six lines, Okafor's lower line empty.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (5, 5, True)
    # The worker is the name on the first line of the cell, not the home address after it.
    assert findings_of(report) == [("Grace Okafor", WEEK, "12.00", None)]
    assert [f["observed"] for f in report["findings"]] == ["17.90"]
    assert [i["code"] for i in report["issues"]] == []


def test_ma_weekly_certified_payroll_as_certified_payroll_gives_trade_and_level():
    result = read_fixture("ma-weekly-certified-payroll.xlsx.csv", "certified_payroll")
    assert result.layout.code == "ma-weekly-certified-payroll"
    assert result.issues.flatten(("row", "code")) == []
    # "Electrician Apprentice Step 2 (50%)": trade Electrician, apprentice; a classification
    # without a level is journey level.
    assert _workers(result) == [("Marco A. Rivera", "Carpenter", "journey"),
                                ("Grace Okafor", "Laborer", "journey"),
                                ("Daniel J. Chen", "Electrician", "apprentice")]


def test_ma_weekly_certified_payroll_as_certified_payroll_reads_the_lower_line():
    result = read_fixture("ma-weekly-certified-payroll.xlsx.csv", "certified_payroll")
    # Rivera's overtime is the lower line's days (Thu 2, Sat 4) out of his 46 project hours;
    # Chen's lower line is 8 hours on other jobs, no line of this project.
    assert _lines(result) == [("Marco A. Rivera", "regular", 40.0),
                              ("Marco A. Rivera", "overtime", 6.0),
                              ("Grace Okafor", "regular", 40.0),
                              ("Daniel J. Chen", "regular", 32.0)]


# -- B2Gnow and LCPtracker uploads ----------------------------------------------------------

def test_b2gnow_upload_reads_straight_time_and_overtime_columns():
    report = check_fixture("b2gnow-upload.csv")
    assert report["layout"]["code"] == "b2gnow-upload"
    assert report["layout"]["label"] == "B2Gnow Certified Payroll Upload"
    assert facts_of(report) == {}  # the week ending is a column of every row
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (3, 3, True)
    # "Fringe Rate" is never the rate paid.
    assert findings_of(report) == [("Okafor, Grace (ID XXX-XX-3307)", WEEK, "12.00", "1.80")]
    _overtime_never_below_the_floor(report)
    assert [i["code"] for i in report["issues"]] == []


def test_b2gnow_upload_as_certified_payroll_reads_trade_and_classification():
    result = read_fixture("b2gnow-upload.csv", "certified_payroll")
    assert result.layout.code == "b2gnow-upload"
    # "Apprentice 2nd Period" in the Classification column is an apprentice.
    assert result.issues.flatten(("row", "code")) == []
    assert _workers(result) == [("Rivera, Marco", "Carpenter", "journey"),
                                ("Okafor, Grace", "Laborer", "journey"),
                                ("Chen, Daniel", "Electrician", "apprentice")]


def test_lcptracker_upload_adds_up_the_days_of_the_week():
    report = check_fixture("lcptracker-upload.csv")
    assert report["layout"]["code"] == "lcptracker-upload"
    assert report["layout"]["label"] == "LCPtracker Payroll Upload"
    assert facts_of(report) == {}  # the week end date is a column of every row
    # One row per worker per work date; "Wage %" (an apprentice's share of the journey
    # rate, blank for journeymen) is never the rate paid.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (16, 16, True)
    assert findings_of(report) == [("Okafor, Grace (ID E1077)", WEEK, "12.00", "1.80")]
    _overtime_never_below_the_floor(report)
    assert [i["code"] for i in report["issues"]] == []


def test_lcptracker_upload_as_certified_payroll_reads_craft_and_class():
    result = read_fixture("lcptracker-upload.csv", "certified_payroll")
    assert result.layout.code == "lcptracker-upload"
    assert result.issues.flatten(("row", "code")) == []
    assert _workers(result) == [("Rivera, Marco", "Carpenter", "journey"),
                                ("Okafor, Grace", "Laborer", "journey"),
                                ("Chen, Daniel", "Electrician", "apprentice")]
    assert _lines(result) == [("Rivera, Marco", "regular", 40.0),
                              ("Rivera, Marco", "overtime", 6.0),
                              ("Okafor, Grace", "regular", 40.0),
                              ("Okafor, Grace", "overtime", 4.0),
                              ("Chen, Daniel", "regular", 32.0)]


# -- what is not one of these ---------------------------------------------------------------

@pytest.mark.parametrize("header", [
    ["Name", "Hours", "Rate", "Week Ending"],
    ["Employee", "Work Classification", "Total Hours", "Rate of Pay", "Gross Amount Earned",
     "Week Ending"],
    ["Last Name", "First Name", "Trade", "Classification", "ST Hours", "OT Hours", "ST Rate",
     "Week Ending Date"],
])
def test_a_vendors_own_sheet_is_not_taken_for_a_certified_form_or_upload(header):
    row = {"Name": "Okafor, Grace", "Employee": "Okafor, Grace", "Last Name": "Okafor",
           "First Name": "Grace", "Work Classification": "Laborer", "Trade": "Laborer",
           "Classification": "Journeyman", "Hours": "40", "Total Hours": "40",
           "ST Hours": "40", "OT Hours": "0", "Rate": "17.90", "Rate of Pay": "17.90",
           "ST Rate": "17.90", "Gross Amount Earned": "716.00", "Week Ending": "06/14/2025",
           "Week Ending Date": "06/14/2025"}
    content = "\n".join([",".join(header), ",".join(row[h] for h in header)]).encode()
    result = import_file(content, "own.csv", "wage")
    assert result.layout is None or result.layout.code not in CERTIFIED_CODES
