"""Exports of a run's issues and findings. Formula injection is neutralised: a cell that starts
with =, +, -, @ (or a tab or carriage return) is written as text with a leading apostrophe, so
a spreadsheet never executes it."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook

from procurement.i18n import localise_report
from procurement.models import EvaluationRun, Submission

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ISSUE_COLUMNS = ("code", "severity", "sheet", "row", "column", "column_letter", "value",
                 "message", "hint")
FINDING_COLUMNS = ("code", "severity", "standard", "standard_version", "source", "scope",
                   "observed", "expected", "unit", "row_count", "rows", "message", "remedy")


def neutralise(value: object) -> object:
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _tables(run: EvaluationRun) -> dict[str, tuple[tuple[str, ...], list[list[object]]]]:
    report = localise_report(run.report)
    return {
        "Issues": (ISSUE_COLUMNS, [[neutralise(issue.get(c)) for c in ISSUE_COLUMNS]
                                   for issue in report["issues"]]),
        "Findings": (FINDING_COLUMNS, [[neutralise(finding.get(c)) for c in FINDING_COLUMNS]
                                       for finding in report["findings"]]),
    }


def run_export_csv(run: EvaluationRun) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for name, (columns, rows) in _tables(run).items():
        writer.writerow([f"{name}"])
        writer.writerow(columns)
        writer.writerows(rows)
        writer.writerow([])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def run_export_xlsx(run: EvaluationRun) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (columns, rows) in _tables(run).items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(columns))
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.data_type = "s"
        sheet.freeze_panes = "A2"
        # openpyxl turns any string starting with "=" into a formula; force text cells.
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", run_export_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             run_export_xlsx),
}


def submission_export(submission: Submission, fmt: str) -> tuple[bytes, str, str] | None:
    """(content, content type, file name) of the current run's export, or None when there is
    no such format or nothing checked yet."""
    if fmt not in EXPORT_TYPES or submission.current_run is None:
        return None
    content_type, build = EXPORT_TYPES[fmt]
    filename = f"goodbid-submission-{submission.pk}-v{submission.version}.{fmt}"
    return build(submission.current_run), content_type, filename
