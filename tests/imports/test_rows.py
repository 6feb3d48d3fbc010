"""Row-level checks: SSNs, totals rows, shifted CSV rows, duplicates, impossible hours."""

from __future__ import annotations

import pytest

from imports import ImportRejected, import_file
from tests.support import WAGE_HEADER, csv_bytes, xlsx_bytes


def wage(*rows: list[object]):
    return import_file(csv_bytes([WAGE_HEADER, *rows]), "w.csv", "wage")


@pytest.mark.parametrize("where", ["a data cell", "a notes sheet"])
def test_a_full_ssn_anywhere_refuses_the_file_and_is_never_echoed(where):
    rows = [WAGE_HEADER, ["Ana", "Custodian", 18.2, 40, "2024-07-07"]]
    if where == "a data cell":
        rows[1][1] = "SSN 123-45-6789"
        content = xlsx_bytes(rows)
    else:
        def notes(workbook):
            workbook.create_sheet("Notes")["C7"] = "Ana: 123-45-6789 (her own)"
        content = xlsx_bytes(rows, before=notes)
    with pytest.raises(ImportRejected) as rejection:
        import_file(content, "ssn.xlsx", "wage")
    (issue,) = rejection.value.issues
    assert issue.code == "import.full-ssn" and issue.value == "***-**-6789"
    assert "123-45" not in issue.message + issue.hint + issue.value
    assert "last four digits" in issue.hint


def test_last_four_digits_and_dates_are_not_ssns():
    result = wage(["Ana (ID 6789)", "Custodian", "18.20", "40", "2024-07-07"])
    assert result.rows_accepted == 1


def test_a_totals_row_is_excluded_and_reported():
    result = wage(["Ana", "Total Quality Inspector", "18.20", "40", "2024-07-07"],
                  ["Bo", "Custodian", "18.20", "40", "2024-07-07"],
                  ["TOTAL", "", "", "80", ""])
    assert result.rows_accepted == 2 and result.rows_read == 2
    assert result.issues.flatten(("row", "code", "severity")) == [
        (4, "import.totals-row-excluded", "warning")]


def test_a_csv_row_split_by_an_unquoted_comma_is_flagged_not_shifted():
    content = b"Worker,Job title,Hourly rate,Hours,Pay period end\n" \
              b"Ana,Custodian,18.20,40,2024-07-07\n" \
              b"Bo,Custodian,18,20,40,2024-07-07\n"
    result = import_file(content, "w.csv", "wage")
    assert ("import.extra-cells", 3) in [(i.code, i.row) for i in result.issues.issues]
    assert result.frame["worker"].tolist() == ["Ana"]  # Bo's shifted row is not checked


def test_duplicates_and_impossible_hours_in_a_weekly_report():
    result = import_file(csv_bytes([
        [*WAGE_HEADER[:-1], "Week ending"],
        ["Ana", "Custodian", "18.20", "40", "2024-07-07"],
        ["Ana", "Custodian", "18.20", "40", "2024-07-07"],
        ["Ana", "Porter", "18.20", "10", "2024-07-07"],
        ["Bo", "Custodian", "18.20", "200", "2024-07-07"]]), "w.csv", "wage")
    assert result.issues.flatten(("row", "code", "severity")) == [
        (3, "import.duplicate-row", "warning"),
        (5, "import.too-many-hours", "error")]
    assert "more than the 168 hours the period holds" in result.issues.issues[1].message
    assert result.rows_accepted == 3


@pytest.mark.parametrize(
    ("period", "hours", "codes"),
    [("07/01/2024 - 07/14/2024", "300", []),  # two weeks hold 336 hours
     ("07/01/2024 - 07/14/2024", "340", [(3, "import.too-many-hours", "error")]),
     ("07/01/2024 - 07/01/2024", "25", [(3, "import.too-many-hours", "error")])],
)
def test_the_hours_limit_follows_the_length_of_the_period(period, hours, codes):
    result = import_file(csv_bytes([["Pay Period: " + period], WAGE_HEADER[:4],
                                    ["Ana", "Custodian", "18.20", hours]]), "w.csv", "wage")
    assert result.issues.flatten(("row", "code", "severity")) == codes


def test_more_than_a_week_of_hours_with_no_period_length_is_a_warning_not_an_error():
    # Boston's own compliance data has rows of more than 168 hours in a "period_ending".
    result = wage(["Bo", "Custodian", "18.20", "200", "2024-07-07"])
    assert result.issues.flatten(("row", "code", "severity")) == [
        (2, "import.more-than-a-week", "warning")]
    assert result.rows_accepted == 1


def test_sheets_with_columns_of_only_numbers_or_dates_are_scanned_without_error():
    import datetime as dt

    def numbers_only(workbook):
        sheet = workbook.create_sheet("Totals")
        for row in ([1.5, dt.date(2024, 7, 7), True], [2.5, dt.date(2024, 7, 14), False]):
            sheet.append(row)

    content = xlsx_bytes([WAGE_HEADER, ["Ana", "Custodian", 18.2, 40, "2024-07-07"]],
                         before=numbers_only)
    assert import_file(content, "w.xlsx", "wage").rows_accepted == 1
