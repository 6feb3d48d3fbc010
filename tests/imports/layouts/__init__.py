"""Fixtures of payroll-system exports, one per shipped layout (imports/layouts/), each built
from the system's public documentation (the layout file names its sources), and the helpers
their tests share."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl

from imports import import_file
from rules.check import check_upload

FIXTURES = Path(__file__).parent
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def fixture_bytes(name: str) -> bytes:
    """A fixture as a vendor uploads it: a .csv as it is; a '.xlsx.csv' (an export that is a
    workbook, written down as its cells) as a workbook, numbers typed as Excel types them."""
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    if not name.endswith(".xlsx.csv"):
        return text.encode("utf-8")
    return grid_to_xlsx(list(csv.reader(io.StringIO(text))))


def grid_to_xlsx(rows: list[list[str]], sheet: str = "Sheet1",
                 merged: list[str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value == "":
                continue
            cell = worksheet.cell(row=r, column=c)
            cell.value = float(value) if _NUMBER.match(value) else value
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
    for area in merged or []:
        worksheet.merge_cells(area)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_fixture(name: str, standard: str = "boston-living-wage", *,
                  period_end: dt.date | None = None, layout: str | None = None) -> dict:
    """The check report of a fixture, as `check_file --format json` prints it."""
    filename = name.removesuffix(".csv") if name.endswith(".xlsx.csv") else name
    return check_upload(fixture_bytes(name), filename, [standard], layout=layout,
                        period_end=period_end).to_dict()


def findings_of(report: dict) -> list[tuple]:
    """(worker, period end, back pay, overtime back pay) per finding, in the report's order."""
    return [(f["scope"]["worker"], f["scope"]["period_end"], f["figures"]["back_pay"],
             f["figures"].get("overtime_back_pay")) for f in report["findings"]]


def facts_of(report: dict) -> dict[str, str]:
    return {fact["name"]: fact["value"] for fact in report["facts"]}


def read_fixture(name: str, report_type: str = "wage", **options):
    filename = name.removesuffix(".csv") if name.endswith(".xlsx.csv") else name
    return import_file(fixture_bytes(name), filename, report_type, **options)
