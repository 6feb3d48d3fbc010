"""The downloadable templates: instructions, dropdowns, frozen header; they import cleanly."""

from __future__ import annotations

import io

import openpyxl
import pytest

from imports import REPORT_TYPES, import_file
from imports.templates import build_template


@pytest.mark.parametrize("report_type", list(REPORT_TYPES))
def test_a_filled_template_imports_with_zero_issues(report_type):
    content = build_template(report_type)
    result = import_file(content, f"{report_type}.xlsx", report_type)
    assert result.issues.flatten(("row", "column", "code")) == []
    assert (result.sheet, result.rows_read, result.rows_accepted) == ("Report", 2, 2)


def test_workforce_template_has_dropdowns_instructions_and_a_frozen_header():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template("workforce")))
    assert workbook.sheetnames == ["Report", "Instructions"]
    report = workbook["Report"]
    assert report.freeze_panes == "A2"
    headers = [cell.value for cell in report[1]]
    lists = {rule.formula1: str(rule.sqref) for rule in report.data_validations.dataValidation
             if rule.type == "list"}
    gender = headers.index("Gender") + 1
    assert lists['"Woman,Man,Non-binary"'].startswith(
        openpyxl.utils.get_column_letter(gender) + "2")
    assert {'"journey,apprentice"', '"t,f"'} <= set(lists)
    instructions = [row[0].value for row in workbook["Instructions"].iter_rows()]
    assert "Home ZIP" in instructions and "Trade" in instructions
    zip_column = openpyxl.utils.get_column_letter(headers.index("Home ZIP") + 1)
    assert report[f"{zip_column}2"].number_format == "@"
