"""Timesheet and hours exports: Homebase's timesheets download, When I Work's timesheets export
and a Gusto hours report (imports/layouts/homebase-timesheets.toml, when-i-work-timesheets.toml
and gusto-hours.toml name the sources)."""

from __future__ import annotations

import datetime as dt

from rules.check import check_upload
from tests.imports.layouts import check_fixture, facts_of, findings_of, read_fixture

WEEK_END = dt.date(2024, 7, 14)


def hours_by_line(name: str, **options) -> dict[tuple[str, str], float]:
    """Hours per worker and kind of pay, as GoodBid read them from a fixture."""
    frame = read_fixture(name, **options).frame
    sums = frame.groupby(["worker", "earning_type"])["hours"].sum()
    return {key: round(float(hours), 2) for key, hours in sums.items()}


# -- Homebase ------------------------------------------------------------------------------

def test_homebase_timesheets_are_read_per_shift_with_the_payroll_period_above_the_table():
    report = check_fixture("homebase-timesheets.csv")
    assert report["layout"]["code"] == "homebase-timesheets"
    assert report["layout"]["label"] == "Homebase Timesheets"
    # "Payroll Period,07/08/2024 To 07/14/2024" on the second line.
    assert facts_of(report) == {"period_start": "2024-07-08", "period_end": "2024-07-14"}
    # 12 shifts; the three "Totals for <Name>" rows and the final "Totals" row are left out,
    # the rows of hyphens are no workers.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (12, 12, True)
    # Ana Lopez: 30 hours at $17.90 against $18.20: $0.30 x 30 = $9.00. Marcus Reed's 5 OT
    # hours (Homebase's own split of his fifth 9-hour shift) are never compared with the floor.
    assert findings_of(report) == [("Ana Lopez (ID 1001)", "2024-07-14", "9.00", None)]
    assert report["back_pay"] == {"back_pay": "9.00", "overtime_back_pay": "0.00"}
    assert [i["code"] for i in report["issues"]] == ["import.totals-row-excluded"]
    assert report["issue_counts"] == {"import.totals-row-excluded": 4}


def test_homebase_regular_and_overtime_hours_are_homebase_own_split():
    assert hours_by_line("homebase-timesheets.csv") == {
        ("Ana Lopez", "regular"): 30.0,
        ("Marcus Reed", "regular"): 40.0, ("Marcus Reed", "overtime"): 5.0,
        ("Priya Shah", "regular"): 19.75,
    }


def test_homebase_blocks_with_repeated_headers_and_the_name_on_the_first_shift_only():
    """The reported variant: the header repeats above each employee's block and the name is
    written on the block's first shift only. It must read exactly as the plain export."""
    report = check_fixture("homebase-timesheets-blocks.csv")
    assert report["layout"]["code"] == "homebase-timesheets"
    assert facts_of(report) == {"period_start": "2024-07-08", "period_end": "2024-07-14"}
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (12, 12, True)
    assert findings_of(report) == [("Ana Lopez (ID 1001)", "2024-07-14", "9.00", None)]
    assert report["issue_counts"] == {"import.totals-row-excluded": 4}
    assert hours_by_line("homebase-timesheets-blocks.csv") == \
        hours_by_line("homebase-timesheets.csv")


def test_a_vendor_sheet_with_some_homebase_column_names_is_not_read_as_homebase():
    own = (b"Pay period,07/08/2024 - 07/14/2024\n"
           b"Name,Payroll ID,Role,Wage rate,Regular hours,OT hours,Total paid hours\n"
           b"Ana Lopez,1001,Laborer,17.90,30.00,0.00,30.00\n"
           b"Marcus Reed,1002,Carpenter,32.00,40.00,5.00,45.00\n")
    report = check_upload(own, "hours.csv", ["boston-living-wage"]).to_dict()
    assert report["layout"] is None
    assert findings_of(report) == [("Ana Lopez (ID 1001)", "2024-07-14", "9.00", None)]


# -- When I Work ---------------------------------------------------------------------------

def test_when_i_work_timesheets_are_read_per_time_entry_with_the_period_the_vendor_gives():
    report = check_fixture("when-i-work-timesheets.csv", period_end=WEEK_END)
    assert report["layout"]["code"] == "when-i-work-timesheets"
    assert report["layout"]["label"] == "When I Work Timesheets"
    assert facts_of(report) == {"period_end": "2024-07-14"}
    # 15 time entries (a lunch clock-out makes two entries that day); no totals rows.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (15, 15, True)
    # Ana Lopez: 5 + 3 + 5 + 3 + 8 + 6 = 30 hours at $17.90: $0.30 x 30 = $9.00. Marcus
    # Reed's 45 hours at $32.00 and Priya Shah's at $28.50 are above the floor.
    assert findings_of(report) == [("Lopez, Ana (ID 1001)", "2024-07-14", "9.00", None)]
    assert report["issues"] == []


def test_when_i_work_length_is_the_hours_of_each_entry():
    assert hours_by_line("when-i-work-timesheets.csv", period_end=WEEK_END) == {
        ("Lopez, Ana", "regular"): 30.0, ("Reed, Marcus", "regular"): 45.0,
        ("Shah, Priya", "regular"): 19.75,
    }


def test_when_i_work_timesheets_without_a_period_are_refused_with_no_period():
    report = check_fixture("when-i-work-timesheets.csv")
    assert report["rejected"] is True
    assert report["findings"] == []
    assert [i["code"] for i in report["issues"]] == ["import.no-period"]


def test_a_vendor_timesheet_with_common_column_names_is_not_read_as_when_i_work():
    own = (b"Date,First Name,Last Name,Position,Start Time,End Time,Hourly Rate,Total,"
           b"Employee ID\n"
           b"07/08/2024,Ana,Lopez,Laborer,7:00 AM,3:00 PM,17.90,143.20,1001\n")
    report = check_upload(own, "hours.csv", ["boston-living-wage"],
                          period_end=WEEK_END).to_dict()
    assert report["layout"] is None


# -- Gusto hours report --------------------------------------------------------------------

def test_gusto_hours_report_has_no_rate_and_the_vendor_is_told_so():
    report = check_fixture("gusto-hours.csv")
    assert report["rejected"] is True
    assert report["findings"] == []
    assert [(i["code"], i["column"], i["row"]) for i in report["issues"]] == [
        ("import.missing-column", "Hourly rate", 1)]


def test_gusto_hours_report_says_what_it_was_read_as_when_refused():
    """The vendor should see that the file was recognised as Gusto's hours report (and so
    that it is the wrong Gusto report), not only that a column is missing."""
    report = check_fixture("gusto-hours.csv")
    assert report["rejected"] is True
    assert report["layout"] is not None
    assert report["layout"]["code"] == "gusto-hours"
    assert report["layout"]["label"] == "Gusto Hours Report"
