"""The messy and hostile files issue 11 names, one by one: each gives a report or a clear
rejection a vendor can act on (never a traceback, never a false "valid")."""

from __future__ import annotations

import datetime as dt

import pytest

from imports import ImportRejected, import_file
from rules.check import check_upload
from tests.support import WAGE_HEADER, csv_bytes, xlsx_bytes


def refused(content: bytes, name: str):
    with pytest.raises(ImportRejected) as rejection:
        import_file(content, name, "wage")
    (issue,) = rejection.value.issues
    return issue


def test_a_money_column_mixing_words_and_numbers_flags_the_words():
    content = xlsx_bytes([WAGE_HEADER, ["Ana", "Custodian", 17.9, 40, dt.date(2024, 7, 7)],
                          ["Bo", "Custodian", "eighteen", 40, dt.date(2024, 7, 7)],
                          ["Cy", "Custodian", 18.2, 40, dt.date(2024, 7, 7)]])
    report = check_upload(content, "mixed.xlsx", ["boston-living-wage"])
    assert [(i.row, i.code, i.value) for i in report.issues] == [
        (3, "import.not-a-number", "eighteen")]
    assert [f.scope["worker"] for f in report.findings] == ["Ana"]


def test_dates_with_mixed_time_zones_are_read_as_their_days():
    result = import_file(csv_bytes([
        WAGE_HEADER, ["Ana", "C", "18.20", "40", "2024-07-07T10:00:00-04:00"],
        ["Bo", "C", "18.20", "40", "2024-07-07T23:00:00+09:30"],
        ["Cy", "C", "18.20", "40", "2024-07-07T10:00:00Z"]]), "tz.csv", "wage")
    assert result.frame["period_end"].dt.date.tolist() == [dt.date(2024, 7, 7)] * 3


def test_a_quote_that_never_closes_says_which_row_opens_it():
    issue = refused(b"Worker,Job title,Hourly rate,Hours,Pay period end\n"
                    b"Ana,Custodian,18.20,40,2024-07-07\n"
                    b'"Bo,Custodian,18.20,40,2024-07-07\n', "quote.csv")
    assert (issue.code, issue.row) == ("import.unbalanced-quote", 3)
    assert "never closed" in issue.message and '""' in issue.hint


def test_headers_and_no_worker_rows_is_an_error_never_compliant():
    report = check_upload(csv_bytes([WAGE_HEADER]), "empty.csv", ["boston-living-wage"])
    assert (report.valid, report.exit_code()) == (False, 2)
    assert [i.code for i in report.issues] == ["import.no-rows"]
    assert "no worker rows" in report.issues[0].message


def test_names_that_look_like_formulas_or_hold_control_characters_are_names():
    report = check_upload(csv_bytes([
        WAGE_HEADER, ["=SUM(A1:A2)", "Custodian", "17.90", "40", "2024-07-07"],
        ["+1 Lee", "Custodian", "17.90", "40", "2024-07-07"],
        ["@Bo", "Custodian", "17.90", "40", "2024-07-07"],
        ["Ana\x07 Lopez", "Custodian", "17.90", "40", "2024-07-07"]]), "names.csv",
        ["boston-living-wage"])
    assert report.valid and report.rows_accepted == 4
    assert sorted(f.scope["worker"] for f in report.findings) == [
        "+1 Lee", "=SUM(A1:A2)", "@Bo", "Ana Lopez"]


def test_a_cell_longer_than_excel_allows_is_cut_with_an_issue():
    result = import_file(csv_bytes([WAGE_HEADER, ["A" * 40_000, "C", "18.20", "40",
                                                  "2024-07-07"]]), "long.csv", "wage")
    assert result.issues.flatten(("row", "column_letter", "code")) == [
        (2, "A", "import.cell-too-long")]
    assert len(result.frame["worker"].iloc[0]) == 32_767


@pytest.mark.parametrize(
    ("content", "name", "code", "words"),
    [(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "payroll.pdf", "import.pdf",
      "export the payroll from your payroll system as Excel or CSV"),
     (b"\xff\xd8\xff\xe0\x00\x10JFIF", "photo.jpg", "import.picture", "Excel or CSV"),
     (b"<html><body><table><tr><td>Name</td></tr></table>", "Register.xls",
      "import.web-page", "Excel Workbook (.xlsx)")],
)
def test_a_pdf_a_picture_or_a_web_page_says_what_it_is_and_what_to_upload(content, name,
                                                                           code, words):
    issue = refused(content, name)
    assert issue.code == code
    assert words.lower() in (issue.message + " " + issue.hint).lower()
    assert "%PDF" not in issue.message and "column" not in issue.message


def test_the_hours_a_row_may_hold_follow_a_monthly_period():
    # Boston's compliance data: a month's hours in one row are not an error.
    report = check_upload(csv_bytes([
        ["trade", "period_ending", "worker_hours_this_period", "gender"],
        ["Carpenter", "2024-07-31", "176", "Man"],
        ["Carpenter", "2024-08-31", "184", "Woman"]]), "boston.csv", ["boston-brjp"])
    assert report.valid
    assert not [i for i in report.issues if i.code == "import.too-many-hours"]
