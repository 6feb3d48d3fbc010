"""Spreadsheet exports: a run's issues and findings, and any other report GoodBid offers as
.xlsx and .csv. Formula injection is neutralised in one place, the writers: a cell that starts
with =, +, -, @ (or a tab or carriage return) is written as text with a leading apostrophe,
so a spreadsheet never executes it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from imports.codes import issue_title
from procurement.i18n import localise_all, localise_report
from procurement.models import EvaluationRun, Submission
from procurement.services.errors import ServiceError
from procurement.services.findings import findings_total, run_finding_batches
from procurement.services.remedy import BackPayLedger, back_pay_ledger

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# (key, header, translated where written). The code stays for programs; people read the
# problem's title, the message and the hint.
ISSUE_COLUMNS = (
    ("title", gettext_noop("Problem")),
    ("severity", gettext_noop("Severity")),
    ("sheet", gettext_noop("Sheet")),
    ("row", gettext_noop("Row")),
    ("column", gettext_noop("Column")),
    ("column_letter", gettext_noop("Column letter")),
    ("value", gettext_noop("Value")),
    ("message", gettext_noop("What is wrong")),
    ("hint", gettext_noop("How to fix")),
    ("code", gettext_noop("Code")),
)
FINDING_COLUMNS = (
    ("severity", gettext_noop("Severity")),
    ("worker", gettext_noop("Worker")),
    ("period_end", gettext_noop("Pay period end")),
    ("message", gettext_noop("Finding")),
    ("observed", gettext_noop("Observed")),
    ("expected", gettext_noop("Required")),
    ("unit", gettext_noop("Unit")),
    ("back_pay", gettext_noop("Back pay (USD)")),
    ("overtime_back_pay", gettext_noop("Overtime premium owed (USD)")),
    ("row_count", gettext_noop("Rows")),
    ("rows", gettext_noop("Row numbers")),
    ("remedy", gettext_noop("What would fix it")),
    ("standard", gettext_noop("Standard")),
    ("standard_version", gettext_noop("Version")),
    ("source", gettext_noop("Source")),
    ("code", gettext_noop("Code")),
)
BACK_PAY_COLUMNS = (
    gettext_noop("Worker"),
    gettext_noop("Pay periods"),
    gettext_noop("Back pay owed (USD)"),
    gettext_noop("Shown paid (USD)"),
    gettext_noop("Still owed (USD)"),
    gettext_noop("State"),
)

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


def tables_csv_chunks(tables: Tables, rows_per_chunk: int = 2_000) -> Iterator[bytes]:
    """The CSV a chunk at a time, for a response that streams: one table is written as it is
    (headers, then rows); several one after another, each under its name and followed by a
    blank line. With a byte-order mark, so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    several = len(tables) > 1

    def flush() -> bytes:
        chunk = buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        return chunk

    for name, (columns, rows) in tables.items():
        if several:
            writer.writerow([name])
        writer.writerow([neutralise(column) for column in columns])
        for count, row in enumerate(rows, 1):
            writer.writerow([neutralise(value) for value in row])
            if count % rows_per_chunk == 0:
                yield flush()
        if several:
            writer.writerow([])
    yield flush()


def tables_csv(tables: Tables) -> bytes:
    """The whole CSV at once (tables_csv_chunks)."""
    return b"".join(tables_csv_chunks(tables))


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


def _amount(value: object) -> Decimal | None:
    """A figure as a number the spreadsheet can add up."""
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except ArithmeticError:
        return None


def _finding_row(finding: dict) -> list[object]:
    scope, figures = finding.get("scope") or {}, finding.get("figures") or {}
    values = {**finding, "worker": scope.get("worker"), "period_end": scope.get("period_end"),
              "severity": _(finding.get("severity") or ""),
              "back_pay": _amount(figures.get("back_pay")),
              "overtime_back_pay": _amount(figures.get("overtime_back_pay")),
              "observed": _amount(finding.get("observed")) or finding.get("observed"),
              "unit": _(finding.get("unit") or "")}
    return [values.get(key) for key, _label in FINDING_COLUMNS]


def _issue_row(issue: dict) -> list[object]:
    values = {**issue, "title": _(issue_title(issue["code"])),
              "severity": _(issue.get("severity") or "")}
    return [values.get(key) for key, _label in ISSUE_COLUMNS]


STATE_WORDS = {"paid": gettext_noop("Paid"),
               "waiting": gettext_noop("Payment recorded, waiting for the city to confirm"),
               "owed": gettext_noop("Back pay still to be shown paid")}


def _back_pay_rows(ledger: BackPayLedger) -> list[list[object]]:
    rows: list[list[object]] = [
        [w.worker, ", ".join(w.periods), w.owed, w.shown_paid, w.outstanding,
         _(STATE_WORDS[w.state])] for w in ledger.workers]
    rows.append([_("Total"), "", ledger.owed, ledger.shown_paid, ledger.outstanding, ""])
    return rows


def _tables(run: EvaluationRun, ledger: BackPayLedger | None = None) -> Tables:
    report = localise_report(run.report)
    tables = {
        _("Issues"): ([_(label) for _key, label in ISSUE_COLUMNS],
                      (_issue_row(issue) for issue in report["issues"])),
        _("Findings"): ([_(label) for _key, label in FINDING_COLUMNS],
                        (_finding_row(finding) for batch in run_finding_batches(run)
                         for finding in localise_all(batch))),
    }
    if ledger is not None and ledger.workers:
        tables[_("Back pay")] = ([_(label) for label in BACK_PAY_COLUMNS],
                                 _back_pay_rows(ledger))
    return tables


def run_export_csv(run: EvaluationRun, ledger: BackPayLedger | None = None
                   ) -> Iterator[bytes]:
    """Streamed: every finding, a batch at a time, never the whole file in memory."""
    return tables_csv_chunks(_tables(run, ledger))


def run_export_xlsx(run: EvaluationRun, ledger: BackPayLedger | None = None) -> bytes:
    return tables_xlsx(_tables(run, ledger))


EXPORT_TYPES = {"csv": (CSV_TYPE, run_export_csv), "xlsx": (XLSX_TYPE, run_export_xlsx)}
# A workbook is written whole before it is sent: past this many findings it would outlast
# the server's timeout (bench/bench_findings_store.py), so those reports export as .csv,
# which streams.
XLSX_MAX_FINDINGS = 50_000


def submission_export(submission: Submission, fmt: str
                      ) -> tuple[bytes | Iterator[bytes], str, str] | None:
    """(content, content type, file name) of the current run's export, or None when there is
    no such format or nothing checked yet. A CSV's content is an iterator of chunks, for a
    response that streams it."""
    if fmt not in EXPORT_TYPES or submission.current_run is None:
        return None
    total = findings_total(submission.current_run)
    if fmt == "xlsx" and total > XLSX_MAX_FINDINGS:
        raise ServiceError(
            "export.too-large-for-xlsx",
            _("This report has %(total)s findings; a workbook holds up to %(limit)s to stay "
              "quick to make. Download the .csv instead: it lists every finding and opens in "
              "any spreadsheet program.") % {"total": f"{total:,}",
                                             "limit": f"{XLSX_MAX_FINDINGS:,}"},
            status=413)
    content_type, build = EXPORT_TYPES[fmt]
    filename = f"goodbid-submission-{submission.pk}-v{submission.version}.{fmt}"
    return (build(submission.current_run, back_pay_ledger(submission=submission)),
            content_type, filename)
