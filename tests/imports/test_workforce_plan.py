"""Workforce plans as contractors file them at award: per trade, journey or apprentice, and
month, the estimated hours and the shares committed; read as any upload is, and its template
read back."""

from __future__ import annotations

import datetime as dt
import io
import math

import openpyxl
import pandas as pd
import pytest

from imports.plans import PLAN_COLUMNS, plan_totals, read_plan
from imports.templates import build_template
from tests.support import csv_bytes, xlsx_bytes

HEADER = ["Trade", "Journey or apprentice", "Month", "Estimated hours", "Residents share (%)",
          "People of color share (%)", "Women share (%)"]
WHERE = ("row", "column", "code")


def _rows(frame: pd.DataFrame) -> list[tuple]:
    """The plan's rows as plain values: NaN as None, the month as its last day."""
    return [tuple(None if isinstance(value, float) and math.isnan(value) else
                  value.date() if isinstance(value, pd.Timestamp) else value
                  for value in row) for row in frame.itertuples(index=False)]


def test_a_good_plan_reads_every_row_with_no_issue():
    plan = read_plan(csv_bytes([
        HEADER,
        ["Carpenter", "journey", "2025-03", "320", "51", "40", "12"],
        ["Carpenter", "apprentice", "2025-03", "160", "60", "", "20"],
        ["Electrician", "journey", "2025-04", "0", "", "", ""],
    ]), "plan.csv")

    assert plan.issues.flatten(WHERE) == []
    assert plan.usable and plan.rows_read == 3
    assert tuple(plan.frame.columns) == PLAN_COLUMNS
    assert _rows(plan.frame) == [
        ("Carpenter", "journey", dt.date(2025, 3, 31), 320.0, 51.0, 40.0, 12.0),
        ("Carpenter", "apprentice", dt.date(2025, 3, 31), 160.0, 60.0, None, 20.0),
        ("Electrician", "journey", dt.date(2025, 4, 30), 0.0, None, None, None),
    ]
    assert str(plan.frame["period_end"].dtype) == "datetime64[ns]"
    assert str(plan.frame["estimated_hours"].dtype) == "float64"


def test_a_workbook_with_a_title_excel_dates_and_percent_cells():
    def percent_cells(workbook):
        sheet = workbook.active
        for row in range(4, 6):
            for column in "EFG":
                sheet[f"{column}{row}"].number_format = "0%"

    # As Excel keeps them: a date cell for the month, 0.51 in a cell that shows 51%.
    content = xlsx_bytes([
        ["Workforce plan: Dorchester Library Renovation"],
        ["Contractor: Beacon Builders Inc."],
        HEADER,
        ["Carpenter", "journey", dt.date(2025, 3, 1), 320, 0.51, 0.4, 0.12],
        ["Carpenter", "apprentice", dt.datetime(2025, 3, 15), 160, 1, 0, 0.2],
    ], sheet="Plan", before=percent_cells)
    plan = read_plan(content, "plan.xlsx")

    assert plan.issues.flatten(WHERE) == []
    assert (plan.usable, plan.sheet) == (True, "Plan")
    assert _rows(plan.frame) == [
        ("Carpenter", "journey", dt.date(2025, 3, 31), 320.0, 51.0, 40.0, 12.0),
        ("Carpenter", "apprentice", dt.date(2025, 3, 31), 160.0, 100.0, 0.0, 20.0),
    ]


def test_a_plan_with_spanish_headers_and_values():
    plan = read_plan(csv_bytes([
        ["Oficio", "Oficial o aprendiz", "Mes", "Horas estimadas", "% Residentes",
         "% Personas de color", "% Mujeres"],
        ["Carpintero", "Oficial", "marzo de 2025", "320", "51%", "40%", "12%"],
        ["Carpintero", "aprendiz", "abril 2025", "160", "60%", "", "20%"],
    ]), "plan.csv")

    assert plan.issues.flatten(WHERE) == []
    assert _rows(plan.frame) == [
        ("Carpintero", "journey", dt.date(2025, 3, 31), 320.0, 51.0, 40.0, 12.0),
        ("Carpintero", "apprentice", dt.date(2025, 4, 30), 160.0, 60.0, None, 20.0),
    ]


@pytest.mark.parametrize(
    ("written", "month_end"),
    [("2025-03", dt.date(2025, 3, 31)), ("3/2025", dt.date(2025, 3, 31)),
     ("03/2025", dt.date(2025, 3, 31)), ("March 2025", dt.date(2025, 3, 31)),
     ("Mar-25", dt.date(2025, 3, 31)), ("2025-03-15", dt.date(2025, 3, 31)),
     ("3/15/2025", dt.date(2025, 3, 31)), ("Feb-24", dt.date(2024, 2, 29)),
     ("Feb 2025", dt.date(2025, 2, 28)), ("diciembre de 2025", dt.date(2025, 12, 31)),
     ("45747", dt.date(2025, 3, 31))],  # an Excel serial: 2025-03-31
)
def test_a_month_written_any_way_is_kept_as_its_last_day(written, month_end):
    plan = read_plan(csv_bytes([HEADER, ["Carpenter", "journey", written, "40", "", "", ""]]),
                     "plan.csv")
    assert plan.issues.flatten(WHERE) == []
    assert plan.frame["period_end"].dt.date.tolist() == [month_end]


@pytest.mark.parametrize("written", ["someday", "13/2025", "March 15", "Mar 25", "2025"])
def test_a_month_that_cannot_be_read_refuses_its_row(written):
    plan = read_plan(csv_bytes([
        HEADER,
        ["Carpenter", "journey", "2025-03", "320", "", "", ""],
        ["Carpenter", "journey", written, "320", "", "", ""],
    ]), "plan.csv")

    assert plan.issues.flatten((*WHERE, "value")) == [
        (3, "Month", "import.not-a-month", written)]
    (issue,) = plan.issues.issues
    assert issue.message == f"Row 3, column Month: '{written}' is not a month GoodBid can read."
    assert issue.column_letter == "C" and issue.severity == "error"
    assert not plan.usable
    assert plan.frame["period_end"].dt.date.tolist() == [dt.date(2025, 3, 31)]


@pytest.mark.parametrize(
    ("shares", "read"),
    [
        # Plain numbers above 1: percent points.
        (["51", "40"], [51.0, 40.0]),
        # Every plain number between 0 and 1: fractions, as Excel keeps percent cells.
        (["0.51", "0.4"], [51.0, 40.0]),
        (["0.51", "1"], [51.0, 100.0]),
        (["0", "0.125"], [0.0, 12.5]),
        # A percent sign says so, whatever the rest of the column.
        (["51%", "0.5%"], [51.0, 0.5]),
        (["51%", "0.4"], [51.0, 40.0]),
        (["51", "0.5%"], [51.0, 0.5]),
        (["51", "1"], [51.0, 1.0]),
    ],
)
def test_a_share_is_a_percent_or_a_whole_column_of_fractions(shares, read):
    plan = read_plan(csv_bytes([
        HEADER,
        ["Carpenter", "journey", "2025-03", "320", shares[0], "", ""],
        ["Carpenter", "apprentice", "2025-03", "160", shares[1], "", ""],
    ]), "plan.csv")
    assert plan.issues.flatten(WHERE) == []
    assert plan.frame["residents_share"].tolist() == read


def test_a_fraction_among_percents_is_ambiguous_and_refused():
    plan = read_plan(csv_bytes([
        HEADER,
        ["Carpenter", "journey", "2025-03", "320", "51", "40", ""],
        ["Carpenter", "apprentice", "2025-03", "160", "0.5", "40", ""],
    ]), "plan.csv")

    assert plan.issues.flatten((*WHERE, "value")) == [
        (3, "Residents share (%)", "import.ambiguous-share", "0.5")]
    (issue,) = plan.issues.issues
    assert "could be 0.5 percent, or 50 percent written as a fraction" in issue.message
    assert "50 for 50%, or '0.5%'" in issue.hint
    assert not plan.usable
    assert plan.frame["trade"].tolist() == ["Carpenter"]


@pytest.mark.parametrize("written", ["120", "-5", "101%", "-0.2"])
def test_a_share_outside_0_to_100_is_refused(written):
    plan = read_plan(csv_bytes([
        HEADER,
        ["Carpenter", "journey", "2025-03", "320", "51", "", written],
        ["Carpenter", "apprentice", "2025-03", "160", "60", "", "20"],
    ]), "plan.csv")
    assert plan.issues.flatten((*WHERE, "severity")) == [
        (2, "Women share (%)", "import.share-out-of-range", "error")]
    assert not plan.usable


def test_the_same_trade_class_and_month_twice_is_refused_and_names_the_first_row():
    plan = read_plan(csv_bytes([
        HEADER,
        ["Carpenter", "journey", "2025-03", "320", "51", "", ""],
        ["Carpenter", "apprentice", "2025-03", "160", "51", "", ""],
        # Case, spacing and the way the month is written do not make another row.
        [" carpenter ", "Journeyman", "3/2025", "40", "20", "", ""],
        ["Carpenter", "journey", "2025-04", "320", "51", "", ""],
    ]), "plan.csv")

    assert plan.issues.flatten((*WHERE, "value")) == [
        (4, "Trade", "import.duplicate-plan-row", "carpenter, journey, 2025-03")]
    (issue,) = plan.issues.issues
    assert issue.message == "Row 4: carpenter, journey, 2025-03 is already planned in row 2."
    assert not plan.usable
    assert plan.frame["estimated_hours"].tolist() == [320.0, 160.0, 320.0]


def test_negative_or_missing_hours_and_a_missing_class_are_refused():
    plan = read_plan(csv_bytes([
        HEADER,
        ["Carpenter", "journey", "2025-03", "-40", "", "", ""],
        ["Carpenter", "apprentice", "2025-03", "", "", "", ""],
        ["Carpenter", "", "2025-04", "40", "", "", ""],
        # The level written in the trade ('Carpenter Apprentice') is the class.
        ["Carpenter Apprentice", "", "2025-05", "40", "", "", ""],
        ["Carpenter", "foreman", "2025-06", "40", "", "", ""],
    ]), "plan.csv")

    assert plan.issues.flatten(WHERE) == [
        (2, "Estimated hours", "import.negative-number"),
        (3, "Estimated hours", "import.missing-value"),
        (4, "Journey or apprentice", "import.missing-value"),
        (6, "Journey or apprentice", "import.unknown-worker-class"),
    ]
    assert {issue.severity for issue in plan.issues.issues} == {"error"}
    assert not plan.usable
    assert _rows(plan.frame) == [
        ("Carpenter", "apprentice", dt.date(2025, 5, 31), 40.0, None, None, None)]


def test_a_plan_without_its_hours_column_is_refused_without_raising():
    plan = read_plan(csv_bytes([HEADER[:3], ["Carpenter", "journey", "2025-03"]]), "plan.csv")
    assert [(issue.code, issue.column) for issue in plan.issues.issues] == [
        ("import.missing-column", "Estimated hours")]
    assert not plan.usable and plan.frame.empty
    assert tuple(plan.frame.columns) == PLAN_COLUMNS


def test_a_file_that_is_no_spreadsheet_is_refused_without_raising():
    plan = read_plan(b"%PDF-1.7 a printed plan", "plan.pdf")
    assert [issue.code for issue in plan.issues.issues] == ["import.pdf"]
    assert not plan.usable and plan.frame.empty


def test_plan_totals_weigh_the_shares_by_hours_per_trade_class_and_month():
    plan = read_plan(csv_bytes([
        HEADER,
        ["Carpenter", "journey", "2025-03", "300", "60", "40", ""],
        ["carpenter", "journey", "2025-04", "100", "20", "", ""],
        ["Carpenter", "apprentice", "2025-03", "100", "", "", ""],
        ["Electrician", "journey", "2025-03", "200", "30", "", "10"],
    ]), "plan.csv")
    assert plan.usable
    totals = plan_totals(plan.frame)

    # Carpenter journey: (300 x 60 + 100 x 20) / 400 = 50; people of color only stated on
    # the 300 hours of March: 40; women stated nowhere.
    assert _rows(totals.by_trade) == [
        ("Carpenter", "journey", 400.0, 50.0, 40.0, None),
        ("Carpenter", "apprentice", 100.0, None, None, None),
        ("Electrician", "journey", 200.0, 30.0, None, 10.0),
    ]
    # March: residents (300 x 60 + 200 x 30) / 500 = 48.
    assert _rows(totals.by_month) == [
        (dt.date(2025, 3, 31), 600.0, 48.0, 40.0, 10.0),
        (dt.date(2025, 4, 30), 100.0, 20.0, None, None),
    ]


# -- the template ---------------------------------------------------------------------------

def _report_rows(workbook) -> list[tuple]:
    return [row for row in workbook["Report"].iter_rows(min_row=2, values_only=True)
            if any(value is not None for value in row)]


def test_the_example_template_reads_back_as_a_usable_plan():
    plan = read_plan(build_template("workforce_plan"), "plan.xlsx")
    assert plan.issues.flatten(WHERE) == []
    assert plan.usable
    assert _rows(plan.frame) == [
        ("Carpenter", "journey", dt.date(2025, 3, 31), 320.0, 51.0, 40.0, 12.0),
        ("Carpenter", "apprentice", dt.date(2025, 3, 31), 160.0, 51.0, 40.0, 12.0),
    ]


def test_a_prefilled_template_lists_every_trade_class_and_month_and_reads_back_filled():
    content = build_template("workforce_plan", trades=["Carpenter", "Electrician", "Carpenter"],
                             months=[dt.date(2025, 4, 1), dt.date(2025, 3, 31)])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert [cell.value for cell in workbook["Report"][1]] == HEADER
    listed = _report_rows(workbook)
    assert [(trade, level, month.date()) for trade, level, month, *_ in listed] == [
        (trade, level, month) for trade in ("Carpenter", "Electrician")
        for level in ("journey", "apprentice")
        for month in (dt.date(2025, 3, 31), dt.date(2025, 4, 30))]
    assert all(row[3:] == (None, None, None, None) for row in listed)

    # Unfilled, every row lacks its hours.
    unfilled = read_plan(content, "plan.xlsx")
    assert unfilled.issues.counts == {"import.missing-value": 8}
    assert not unfilled.usable

    sheet = workbook["Report"]
    for row in range(2, 2 + len(listed)):
        sheet[f"D{row}"] = 100 * row
        sheet[f"E{row}"] = 51
        sheet[f"G{row}"] = "12%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), "plan.xlsx")

    assert plan.issues.flatten(WHERE) == []
    assert plan.usable and len(plan.frame) == 8
    assert plan.frame["estimated_hours"].tolist() == [100.0 * row for row in range(2, 10)]
    assert plan.frame["residents_share"].tolist() == [51.0] * 8
    assert plan.frame["people_of_color_share"].isna().all()
    assert plan.frame["women_share"].tolist() == [12.0] * 8
    assert plan.frame["period_end"].dt.date.tolist()[:2] == [dt.date(2025, 3, 31),
                                                            dt.date(2025, 4, 30)]


def test_the_plan_template_explains_its_columns_in_the_vendors_language():
    spanish = {
        "Instructions": "Instrucciones",
        "Estimated hours": "Horas estimadas",
        "the month, for example 2025-03, 3/2025 or March 2025":
            "el mes, por ejemplo 2025-03, 3/2025 o marzo 2025",
        "the hours all your workers of this trade and class will work in the month, for "
        "example 320; write 0 where none are planned": "las horas del mes",
    }
    content = build_template("workforce_plan", lambda msgid: spanish.get(msgid, msgid),
                             trades=["Carpenter"], months=[dt.date(2025, 3, 31)])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Report", "Instrucciones"]
    help_by_column = {row[0]: row[2] for row in workbook["Instrucciones"].iter_rows(
        values_only=True) if row[0] in HEADER}
    # The headers stay the importer's own English words; what to write is translated.
    assert help_by_column["Month"] == "el mes, por ejemplo 2025-03, 3/2025 o marzo 2025"
    assert help_by_column["Estimated hours"] == "las horas del mes"
    assert set(help_by_column) == set(HEADER)
    # Months show as months, and the shares allow 0 to 100 only.
    assert workbook["Report"]["C2"].number_format == "yyyy-mm"
    shares = [rule for rule in workbook["Report"].data_validations.dataValidation
              if str(rule.sqref).startswith("E2")]
    assert [(rule.type, rule.formula1, rule.formula2) for rule in shares] == [
        ("decimal", "0", "100")]


def test_only_a_plan_template_is_prefilled():
    with pytest.raises(ValueError, match="workforce_plan"):
        build_template("workforce", trades=["Carpenter"])
