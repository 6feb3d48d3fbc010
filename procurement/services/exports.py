"""Spreadsheet exports: a run's issues and findings, and any other report GoodBid offers as
.xlsx and .csv. Formula injection is neutralised in one place, the writers: a cell that starts
with =, +, -, @ (or a tab or carriage return) is written as text with a leading apostrophe,
so a spreadsheet never executes it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from procurement.i18n import localise_report
from procurement.models import EvaluationRun, Submission

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ISSUE_COLUMNS = ("code", "severity", "sheet", "row", "column", "column_letter", "value",
                 "message", "hint")
FINDING_COLUMNS = ("code", "severity", "standard", "standard_version", "source", "scope",
                   "observed", "expected", "unit", "row_count", "rows", "message", "remedy")

# Sheet name -> (column headers, rows of values). Values are written as they are (numbers
# and Decimals as numbers); dicts and lists as JSON.
Tables = dict[str, tuple[Sequence[str], Iterable[Sequence[object]]]]

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> object:
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def tables_csv(tables: Tables) -> bytes:
    """One table is written as it is (headers, then rows); several one after another, each
    under its name and followed by a blank line. With a byte-order mark, so Excel reads
    UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    several = len(tables) > 1
    for name, (columns, rows) in tables.items():
        if several:
            writer.writerow([name])
        writer.writerow([neutralise(column) for column in columns])
        writer.writerows([neutralise(value) for value in row] for row in rows)
        if several:
            writer.writerow([])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _text_cells(sheet: WriteOnlyWorksheet, values: Iterable[object]) -> list[object]:
    """Text stays text: openpyxl would otherwise write a string starting with "=" as a
    formula (neutralised strings never do, but a header or a future caller might)."""
    cells: list[object] = []
    for value in values:
        value = neutralise(value)
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        cells.append(value)
    return cells


def tables_xlsx(tables: Tables) -> bytes:
    """One sheet per table, headers on a frozen first row. Write-only, so a report of tens of
    thousands of lines stays quick and small."""
    workbook = Workbook(write_only=True)
    for name, (columns, rows) in tables.items():
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        sheet.append(_text_cells(sheet, columns))
        for row in rows:
            sheet.append(_text_cells(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _tables(run: EvaluationRun) -> Tables:
    report = localise_report(run.report)
    return {
        "Issues": (ISSUE_COLUMNS, [[issue.get(c) for c in ISSUE_COLUMNS]
                                   for issue in report["issues"]]),
        "Findings": (FINDING_COLUMNS, [[finding.get(c) for c in FINDING_COLUMNS]
                                       for finding in report["findings"]]),
    }


def run_export_csv(run: EvaluationRun) -> bytes:
    return tables_csv(_tables(run))


def run_export_xlsx(run: EvaluationRun) -> bytes:
    return tables_xlsx(_tables(run))


EXPORT_TYPES = {"csv": (CSV_TYPE, run_export_csv), "xlsx": (XLSX_TYPE, run_export_xlsx)}


def submission_export(submission: Submission, fmt: str) -> tuple[bytes, str, str] | None:
    """(content, content type, file name) of the current run's export, or None when there is
    no such format or nothing checked yet."""
    if fmt not in EXPORT_TYPES or submission.current_run is None:
        return None
    content_type, build = EXPORT_TYPES[fmt]
    filename = f"goodbid-submission-{submission.pk}-v{submission.version}.{fmt}"
    return build(submission.current_run), content_type, filename
