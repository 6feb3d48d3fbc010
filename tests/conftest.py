from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import openpyxl
import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files go to a per-test folder, never into the developer's var/; passwords are
    hashed with a fast hasher (the demo users are created for every test that needs them)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    # A request a test made in Spanish leaves the thread's language active (LocaleMiddleware
    # does not reset it): the next test starts in the default language, as a new request would.
    from django.utils import translation

    translation.deactivate()


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
