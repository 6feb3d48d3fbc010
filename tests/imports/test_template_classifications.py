"""The certified payroll template offers the contract's wage schedule classifications in its
'Labor classification' column: from a hidden sheet (a schedule's titles are far beyond Excel's
255-character inline list), warning rather than refusing a title not on the schedule."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from imports import REPORT_TYPES, import_file
from imports.templates import (
    MAX_CLASSIFICATION_LENGTH,
    MAX_CLASSIFICATIONS,
    build_template,
    classification_titles,
)

SCHEDULE = ["CARPENTER (2) Commercial Building", "ELECTRICIAN (Low Voltage Wiring)",
            "LABORER: Mason Tender"]
WARNING = ("A classification not on the contract's wage schedule needs a conformance request "
           "from the contracting agency.")


def _workbook(report_type: str = "certified_payroll", **kwargs) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_template(report_type, **kwargs)))


def _column(workbook: openpyxl.Workbook, header: str) -> str:
    headers = [cell.value for cell in workbook["Report"][1]]
    return get_column_letter(headers.index(header) + 1)


def _rules_on(workbook: openpyxl.Workbook, header: str) -> list:
    column = _column(workbook, header)
    return [rule for rule in workbook["Report"].data_validations.dataValidation
            if str(rule.sqref) == f"{column}2:{column}1000"]


def _listed(workbook: openpyxl.Workbook, formula: str) -> list[str]:
    """The titles a list validation's range formula ('Sheet'!$A$1:$A$3) points at."""
    sheet_name, cells = formula.rsplit("!", 1)
    if sheet_name.startswith("'"):
        sheet_name = sheet_name[1:-1].replace("''", "'")
    return [row[0].value for row in workbook[sheet_name][cells.replace("$", "")]]


def _instructions(workbook: openpyxl.Workbook, sheet: str = "Instructions") -> list[str]:
    return [row[0].value for row in workbook[sheet].iter_rows() if row[0].value]


def test_the_classification_column_offers_the_schedule_and_warns_off_it():
    workbook = _workbook(classifications=SCHEDULE)
    [rule] = _rules_on(workbook, "Labor classification")
    assert (rule.type, rule.errorStyle, rule.showErrorMessage) == ("list", "warning", True)
    assert (rule.errorTitle, rule.error) == ("Labor classification", WARNING)
    assert rule.formula1 == "'Classifications'!$A$1:$A$3"
    assert _listed(workbook, rule.formula1) == SCHEDULE
    assert workbook.sheetnames == ["Report", "Instructions", "Classifications"]
    assert workbook["Classifications"].sheet_state == "hidden"
    assert ("The 'Labor classification' dropdown lists the classifications of the wage "
            "schedule named for the contract. A classification not on it needs a conformance "
            "request from the contracting agency.") in _instructions(workbook)


@pytest.mark.parametrize("classifications", [(), [], ["", "   "]])
def test_without_classifications_the_template_is_as_before(classifications):
    workbook = _workbook(classifications=classifications)
    before = _workbook()
    assert workbook.sheetnames == before.sheetnames == ["Report", "Instructions"]
    assert _rules_on(workbook, "Labor classification") == []
    assert _instructions(workbook) == _instructions(before)
    assert not any("dropdown" in line for line in _instructions(workbook))
    assert workbook["Instructions"]["A5"].value == "Column"
    assert workbook["Instructions"]["A5"].font.bold


def test_the_column_headings_stay_bold_below_the_added_line():
    instructions = _workbook(classifications=SCHEDULE)["Instructions"]
    assert (instructions["A6"].value, instructions["A6"].font.bold) == ("Column", True)


def test_150_long_titles_go_through_a_range_not_an_inline_list():
    titles = [f"{trade} ({grade}) Commercial Building, Heavy and Highway Construction"
              for trade in ("CARPENTER", "ELECTRICIAN (Low Voltage Wiring)", "LABORER")
              for grade in range(50)]
    assert len(titles) == 150 and sum(map(len, titles)) > 10 * 255
    workbook = _workbook(classifications=titles)
    [rule] = _rules_on(workbook, "Labor classification")
    assert rule.formula1 == "'Classifications'!$A$1:$A$150"
    assert _listed(workbook, rule.formula1) == titles
    assert (rule.type, rule.errorStyle) == ("list", "warning")


def test_titles_are_stripped_deduplicated_in_order_and_bounded():
    assert classification_titles([" CARPENTER ", "ELECTRICIAN", "", "CARPENTER", "  ",
                                  "LABORER\x07"]) == ["CARPENTER", "ELECTRICIAN", "LABORER"]
    assert classification_titles(["X" * 300]) == ["X" * MAX_CLASSIFICATION_LENGTH]
    many = [f"CLASSIFICATION {n}" for n in range(MAX_CLASSIFICATIONS + 500)]
    assert classification_titles(many) == many[:MAX_CLASSIFICATIONS]
    workbook = _workbook(classifications=many)
    [rule] = _rules_on(workbook, "Labor classification")
    assert rule.formula1 == f"'Classifications'!$A$1:$A${MAX_CLASSIFICATIONS}"


def test_a_title_that_looks_like_a_formula_stays_text():
    workbook = _workbook(classifications=["=HYPERLINK(\"http://x\")", "+1"])
    [rule] = _rules_on(workbook, "Labor classification")
    assert _listed(workbook, rule.formula1) == ["=HYPERLINK(\"http://x\")", "+1"]
    assert workbook["Classifications"]["A1"].data_type == "s"


def test_the_words_and_the_sheet_name_are_translated_and_the_name_is_quoted():
    spanish = {"Classifications": "Lista d'oficios", "Instructions": "Instrucciones",
               WARNING: "Pida conformidad."}
    workbook = _workbook(translate=lambda text: spanish.get(text, text),
                         classifications=SCHEDULE)
    [rule] = _rules_on(workbook, "Labor classification")
    assert rule.formula1 == "'Lista d''oficios'!$A$1:$A$3"
    assert _listed(workbook, rule.formula1) == SCHEDULE
    assert rule.error == "Pida conformidad."
    assert workbook.sheetnames == ["Report", "Instrucciones", "Lista d'oficios"]


def test_a_wage_report_offers_them_in_its_job_title_column():
    workbook = _workbook("wage", classifications=SCHEDULE)
    [rule] = _rules_on(workbook, "Job title")
    assert _listed(workbook, rule.formula1) == SCHEDULE


@pytest.mark.parametrize("report_type", list(REPORT_TYPES))
def test_a_filled_template_with_classifications_imports_with_zero_issues(report_type):
    content = build_template(report_type, classifications=SCHEDULE)
    result = import_file(content, f"{report_type}.xlsx", report_type)
    assert result.issues.flatten(("row", "column", "code")) == []
    assert (result.sheet, result.rows_read, result.rows_accepted) == ("Report", 2, 2)
