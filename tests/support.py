"""Plain helpers and data the tests share (fixtures live in conftest.py): files built in
code, the wage reports from procurement/demo, and clients that sign in."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "procurement" / "demo"
# Harbor's July 2024 wage report: one rate below the living wage, one written "18,20".
LOW_WAGES = (DEMO_DIR / "wage_report_july_2024.csv").read_bytes()
COMPLIANT = (DEMO_DIR / "wage_report_compliant.csv").read_bytes()
LICENSING_FIXTURES = ROOT / "tests" / "licensing" / "fixtures"

# Every user the factories build signs in with this password.
PASSWORD = "factory-password-2024"

WAGE_HEADER = ["Worker", "Job title", "Hourly rate", "Hours", "Pay period end"]


def compliant_for(period_end: dt.date) -> bytes:
    """The compliant report with its pay periods in the reporting period ending `period_end`
    (Dinh Nguyen's week before July 2024, at the earlier rate, left out)."""
    lines = [line for line in COMPLIANT.splitlines() if b"2024-06-30" not in line]
    return b"\n".join(lines).replace(b"2024-07-07", period_end.isoformat().encode()) + b"\n"


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


# One compliant row under WAGE_HEADER.
ROW = ["Chloé Martin", "Custodian", "18.20", "40", "2024-07-07"]


def with_macro(content: bytes) -> bytes:
    """The same workbook as a macro-enabled .xlsm, with a (fake) VBA project part."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType='
                                    b'"application/vnd.ms-office.vbaProject"/></Types>')
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVBA" Type='
                                    b'"http://schemas.microsoft.com/office/2006/relationships/'
                                    b'vbaProject" Target="vbaProject.bin"/></Relationships>')
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b"Attribute VB_Name = \"AutoOpen\" Shell(\"x\")")
    return out.getvalue()


def licensing_sample(name: str) -> Path:
    """A published licensing sample, as kept with the tests (tests/licensing/fixtures)."""
    return LICENSING_FIXTURES / name


def basic_client(username: str, password: str) -> Client:
    """An API client that signs every request in with HTTP Basic auth and enforces CSRF, as a
    script would meet the API."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Basic {token}")


def user(username: str):
    """A user by name (the demo's users, in tests that walk the demo)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
