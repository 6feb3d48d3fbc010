"""A contract's report is for one reporting period: the period follows the file's pay dates,
and rows outside the period it is filed for are told, row by row."""

from __future__ import annotations

import datetime as dt

from rules import check_upload
from rules.check import ReportingPeriods
from tests.support import WAGE_HEADER, csv_bytes

QUARTERS = tuple((dt.date(y, m, 1), dt.date(y, m + 2, 30 if m + 2 in (6, 9) else 31))
                 for y in (2024, 2025) for m in (1, 4, 7, 10))


def check(*days: str, chosen: str | None = None):
    rows = [["Ana Lopez", "Custodian", "18.20", "40", day] for day in days]
    periods = ReportingPeriods(QUARTERS, dt.date.fromisoformat(chosen) if chosen else None)
    return check_upload(csv_bytes([WAGE_HEADER, *rows]), "wages.csv", ["boston-living-wage"],
                        periods=periods)


def test_a_july_2024_payroll_is_proposed_for_july_to_september_2024():
    report = check("2024-07-07", "2024-07-14")

    assert report.reporting_period == {"start": "2024-07-01", "end": "2024-09-30",
                                       "proposed": True, "best_end": "2024-09-30"}
    assert report.pay_dates == {"first": "2024-07-07", "last": "2024-07-14"}
    assert report.valid


def test_filed_for_a_later_period_each_row_outside_is_an_error_naming_the_right_period():
    report = check("2024-07-07", "2024-07-14", chosen="2025-06-30")

    outside = [i for i in report.issues if i.code == "period.other-period"]
    assert [(i.row, i.severity) for i in outside] == [(2, "error"), (3, "error")]
    assert "2025-04-01 to 2025-06-30" in outside[0].message
    assert "Change the report's period to 2024-09-30" in outside[0].hint
    assert not report.valid  # it cannot be signed for April-June 2025
    assert report.reporting_period["proposed"] is False


def test_rows_split_across_periods_propose_the_period_holding_most_of_them():
    report = check("2024-06-30", "2024-07-07", "2024-07-14")

    assert report.reporting_period["end"] == "2024-09-30"
    assert [(i.row, i.value, i.severity) for i in report.issues
            if i.code == "period.outside"] == [(2, "2024-06-30", "warning")]
    assert report.valid  # a week across the quarter's edge is told, not refused


def test_pay_dates_in_no_period_of_the_contract_propose_none():
    report = check("2023-07-09")

    assert report.reporting_period == {"start": None, "end": None, "proposed": True,
                                       "best_end": None}
    assert not [i for i in report.issues if i.code == "period.outside"]
