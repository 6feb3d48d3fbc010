"""The wage report as vendors really send it, and issues in the vendor's coordinates."""

from __future__ import annotations

import datetime as dt

import pytest

from imports import ImportRejected, import_file
from tests.support import WAGE_HEADER, csv_bytes, xlsx_bytes


def test_csv_rows_are_numbered_as_excel_shows_them():
    result = import_file(csv_bytes([
        WAGE_HEADER,
        ["Ana Lopez", "Custodian", "$18.20", "40", "2024-07-07"],
        ["Bo Chen", "Porter", "18,20", "40", "2024-07-07"],
        ["Cy Diaz", "Guard", "eighteen", "40", "7/7/2024"],
        ["Di Eze", "Guard", "18.20/hr", "", "July 7, 2024"],
    ], delimiter=";"), "wages.csv", "wage")

    assert result.issues.flatten(("row", "column", "column_letter", "code", "value")) == [
        (3, "Hourly rate", "C", "import.decimal-comma", "18,20"),
        (4, "Hourly rate", "C", "import.not-a-number", "eighteen"),
        (5, "Hours", "D", "import.missing-value", ""),
    ]
    assert result.rows_read == 4
    assert result.frame["row"].tolist() == [2]
    decimal_comma = result.issues.issues[0]
    assert "write it with a decimal point: 18.20" in decimal_comma.hint.lower()


def test_xlsx_with_title_rows_and_offset_columns_keeps_excel_coordinates():
    content = xlsx_bytes([
        ["Harbor Facility Services: payroll, July 2024"],
        [],
        ["Employee Name", "Rate of Pay", "Hours Worked", "Week Ending"],
        ["Ana Lopez", 18.2, 40, dt.date(2024, 7, 7)],
        ["Bo Chen", "abc", 40, dt.date(2024, 7, 7)],
    ], start="B2", sheet="July")

    result = import_file(content, "july.xlsx", "wage")

    assert result.sheet == "July"
    assert result.header_row == 4
    assert {name: (ref.header, ref.letter) for name, ref in result.columns.items()} == {
        "worker": ("Employee Name", "B"), "hourly_rate": ("Rate of Pay", "C"),
        "hours": ("Hours Worked", "D"), "period_end": ("Week Ending", "E")}
    assert result.issues.flatten(("sheet", "row", "column_letter", "code")) == [
        ("July", 6, "C", "import.not-a-number")]
    assert result.frame["hourly_rate"].tolist() == [182000]


def test_missing_required_column_stops_with_what_to_add():
    with pytest.raises(ImportRejected) as rejection:
        import_file(csv_bytes([["Worker", "Hours", "Pay period end"],
                               ["Ana", "40", "2024-07-07"]]), "w.csv", "wage")
    (issue,) = rejection.value.issues
    assert issue.code == "import.missing-column"
    assert issue.column == "Hourly rate"
    assert "'Hourly rate'" in issue.hint and "'Rate of pay'" in issue.hint


def test_windows_1252_names_keep_their_accents():
    content = csv_bytes([WAGE_HEADER, ["Chloé Martin", "Guard", "19.50", "40", "2024-07-07"]],
                        encoding="cp1252")
    assert import_file(content, "w.csv", "wage").frame["worker"].tolist() == ["Chloé Martin"]


def test_blank_rows_are_skipped_and_not_counted():
    result = import_file(csv_bytes([WAGE_HEADER, ["Ana", "", "18.20", "40", "2024-07-07"],
                                    ["", "", "", "", ""],
                                    ["Bo", "", "18.20", "40", "2024-07-07"]]), "w.csv", "wage")
    assert (result.rows_read, result.frame["row"].tolist()) == (2, [2, 4])


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "import.empty-file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "import.unsupported-format"),
        (b"PK\x03\x04garbage-not-a-real-zip", "import.damaged-file"),
        (b"\x00\x01\x02binary\x00", "import.unsupported-format"),
    ],
)
def test_unreadable_files_are_refused_with_a_code(content, code):
    with pytest.raises(ImportRejected) as rejection:
        import_file(content, "upload.xlsx", "wage")
    assert [i.code for i in rejection.value.issues] == [code]
