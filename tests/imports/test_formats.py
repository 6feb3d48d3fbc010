"""File formats vendors really send: .xlsm, .ods, UTF-16 and tab-separated CSV, merged
header cells."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd

from imports import import_file
from imports.safety import without_macros
from tests.support import ROW, WAGE_HEADER, csv_bytes, with_macro, xlsx_bytes


def test_an_xlsm_is_read_and_its_macros_are_not_kept():
    xlsm = with_macro(xlsx_bytes([WAGE_HEADER, ROW]))
    assert import_file(xlsm, "wages.xlsm", "wage").rows_accepted == 1
    stored = without_macros(xlsm)
    names = zipfile.ZipFile(io.BytesIO(stored)).namelist()
    assert "xl/vbaProject.bin" not in names
    assert b"vbaProject" not in zipfile.ZipFile(io.BytesIO(stored)).read(
        "xl/_rels/workbook.xml.rels")
    assert import_file(stored, "wages.xlsm", "wage").rows_accepted == 1
    plain = xlsx_bytes([WAGE_HEADER, ROW])
    assert without_macros(plain) is plain


def test_an_ods_spreadsheet_is_read():
    buffer = io.BytesIO()
    pd.DataFrame([ROW], columns=WAGE_HEADER).to_excel(buffer, engine="odf", index=False,
                                                      sheet_name="Salaires")
    result = import_file(buffer.getvalue(), "wages.ods", "wage")
    assert (result.sheet, result.frame["worker"].tolist()) == ("Salaires", ["Chloé Martin"])


def test_utf16_and_tab_separated_csv_keep_accents():
    content = csv_bytes([WAGE_HEADER, ROW], delimiter="\t", encoding="utf-16")
    result = import_file(content, "wages.txt", "wage")
    assert result.frame["worker"].tolist() == ["Chloé Martin"]
    assert result.frame["hourly_rate"].tolist() == [182000]


def test_merged_header_cells_over_two_rows():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Worker", "Job title", "Pay", None, "Pay period end"])
    sheet.append([None, None, "Hourly rate", "Hours", None])
    sheet.append(["Ana", "Custodian", 18.2, 40, "2024-07-07"])
    for cells in ("A1:A2", "B1:B2", "C1:D1", "E1:E2"):
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_file(buffer.getvalue(), "merged.xlsx", "wage")
    assert result.rows_accepted == 1
    assert {f: result.columns[f].letter for f in ("worker", "hourly_rate", "period_end")} == {
        "worker": "A", "hourly_rate": "C", "period_end": "E"}
