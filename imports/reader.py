"""Reading an uploaded CSV or XLSX into a grid of cells that still knows its Excel coordinates."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd
import python_calamine

from imports.issues import ImportRejected, Issue

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = ",;\t"


@dataclass(frozen=True)
class RawTable:
    """Cells of one sheet as read, with where they sit in the vendor's file.

    `cells.iloc[i, j]` is Excel row `first_row + i` and column index `first_col + j`.
    """

    cells: pd.DataFrame
    sheet: str | None
    first_row: int = 1
    first_col: int = 0
    file_kind: str = "csv"


def _reject(code: str, message: str, hint: str) -> ImportRejected:
    return ImportRejected([Issue(code=code, severity="error", message=message, hint=hint)])


def read_table(content: bytes, filename: str) -> RawTable:
    if len(content) > MAX_UPLOAD_BYTES:
        raise _reject(
            "import.file-too-large",
            f"The file is {len(content) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 1_048_576} MB.",
            "Split the report into several files, for example one per month.",
        )
    if not content.strip():
        raise _reject("import.empty-file", "The file is empty.", "Upload the filled-in report.")
    if content.startswith(_ZIP_MAGIC):
        return _read_workbook(content)
    if content.startswith(_OLE_MAGIC):
        raise _reject(
            "import.unsupported-format",
            f"'{filename}' is an old-style Excel (.xls) file or a password-protected workbook.",
            "Open it in Excel, remove any password, and save it as .xlsx "
            "(File > Save As > Excel Workbook), or save it as CSV.",
        )
    return _read_csv(content, filename)


def _read_workbook(content: bytes) -> RawTable:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        visible = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.visible == python_calamine.SheetVisibleEnum.Visible
            and meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        if not visible:
            raise _reject(
                "import.no-sheet",
                "The workbook has no visible worksheet.",
                "Unhide the sheet that holds the report, or copy it to a new workbook.",
            )
        sheet = workbook.get_sheet_by_name(visible[0])
        rows = sheet.to_python(skip_empty_area=True)
        first_row, first_col = sheet.start or (0, 0)
    except ImportRejected:
        raise
    except Exception as error:  # calamine raises several unrelated types for broken files
        raise _reject(
            "import.unreadable-workbook",
            f"The workbook could not be read ({type(error).__name__}).",
            "Open the file in Excel or LibreOffice and save it again as .xlsx, or save it as CSV.",
        ) from error
    cells = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    return RawTable(
        cells=cells,
        sheet=visible[0],
        first_row=first_row + 1,
        first_col=first_col,
        file_kind="xlsx",
    )


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows-1252 is what Excel on Windows writes for "CSV"; it decodes any byte string.
        return content.decode("cp1252", errors="replace")


def _sniff_delimiter(head: str) -> str:
    try:
        return csv.Sniffer().sniff(head, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        counts = {delimiter: head.count(delimiter) for delimiter in _DELIMITERS}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def _read_csv(content: bytes, filename: str) -> RawTable:
    text = _decode(content)
    if "\x00" in text:
        raise _reject(
            "import.unsupported-format",
            f"'{filename}' is neither a spreadsheet (.xlsx) nor a text (CSV) file.",
            "Upload the report as .xlsx or .csv.",
        )
    head_lines = text[:65536].splitlines()[:200]
    delimiter = _sniff_delimiter("\n".join(head_lines))
    width = max((len(row) for row in csv.reader(head_lines, delimiter=delimiter)), default=1)
    try:
        cells = _parse_csv(text, delimiter, width)
    except pd.errors.ParserError:
        # A row further down is wider than the first 200: measure them all, once.
        width = max(len(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter))
        cells = _parse_csv(text, delimiter, width)
    return RawTable(cells=cells, sheet=None, first_row=1, first_col=0, file_kind="csv")


def _parse_csv(text: str, delimiter: str, width: int) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        sep=delimiter,
        header=None,
        names=range(width),
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        engine="c",
    ).astype(object)
