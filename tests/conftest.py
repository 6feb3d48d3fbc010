from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import openpyxl
import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(request, tmp_path):
    """Uploaded files go to a per-test folder, never into the developer's var/."""
    if "settings" in request.fixturenames or request.node.get_closest_marker("django_db"):
        settings = request.getfixturevalue("settings")
        settings.MEDIA_ROOT = tmp_path / "media"


def csv_bytes(rows: Sequence[Sequence[object]], *, delimiter: str = ",",
              encoding: str = "utf-8") -> bytes:
    return "\n".join(delimiter.join(str(c) for c in row) for row in rows).encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]], *, start: str = "A1",
               sheet: str = "Wages", before: Callable | None = None) -> bytes:
    """A workbook with `rows` written from cell `start` on a sheet named `sheet`."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    if before:
        before(workbook)
    anchor = worksheet[start]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                worksheet.cell(row=anchor.row + r, column=anchor.column + c, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WAGE_HEADER = ["Worker", "Job title", "Hourly rate", "Hours", "Pay period end"]
