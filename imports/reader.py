"""Reading an uploaded CSV or workbook into a grid of cells that still knows its Excel
coordinates. Workbooks are inspected first (imports.safety) and parsed in a child process with
memory and time limits, so that a reader that crashes or runs away is a clear rejection."""

from __future__ import annotations

import csv
import faulthandler
import io
import os
import pickle
import resource
import select
import signal
import time
from dataclasses import dataclass, field

import pandas as pd
import python_calamine

from imports.i18n import Message
from imports.issues import ImportRejected
from imports.safety import MAX_COLUMNS, MAX_ROWS, inspect_ole, inspect_zip, reject

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
READ_SECONDS = 120
READ_MEMORY_BYTES = 3 * 1024 ** 3  # on top of what the process already maps
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = ",;\t"


@dataclass(frozen=True)
class RawTable:
    """Cells of one sheet as read, with where they sit in the vendor's file.

    `cells.iloc[i, j]` is Excel row `first_row + i` and column index `first_col + j`.
    `alternatives` are the workbook's other visible sheets; `hidden_sheets` are never read.
    """

    cells: pd.DataFrame
    sheet: str | None
    first_row: int = 1
    first_col: int = 0
    file_kind: str = "csv"
    alternatives: tuple[RawTable, ...] = field(default=(), repr=False)
    hidden_sheets: tuple[str, ...] = ()

    @property
    def sheets(self) -> tuple[RawTable, ...]:
        return (self, *self.alternatives)


SPLIT = Message("Split the report into several files, for example one per month.")


def read_table(content: bytes, filename: str) -> RawTable:
    if len(content) > MAX_UPLOAD_BYTES:
        raise reject(
            "import.file-too-large",
            Message("The file is {size:.1f} MB; the limit is {limit} MB.",
                    size=len(content) / 1_048_576, limit=MAX_UPLOAD_BYTES // 1_048_576),
            SPLIT)
    if not content.strip():
        raise reject("import.empty-file", Message("The file is empty."),
                     Message("Upload the filled-in report."))
    if content.startswith(_ZIP_MAGIC):
        return _read_workbook(content, filename, inspect_zip(content, filename))
    if content.startswith(_OLE_MAGIC):
        return _read_workbook(content, filename, inspect_ole(content, filename))
    return _read_csv(content, filename)


def _parse_workbook(content: bytes) -> tuple[list[tuple[str, list, tuple]], list[str]]:
    """In the child: every visible worksheet's rows, and the hidden sheets' names."""
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    visible, hidden = [], []
    for meta in workbook.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            hidden.append(meta.name)
            continue
        sheet = workbook.get_sheet_by_name(meta.name)
        if sheet.height > MAX_ROWS or sheet.width > MAX_COLUMNS:
            raise ValueError(f"sheet {meta.name} is {sheet.height:,} rows by {sheet.width:,} "
                             f"columns")
        visible.append((meta.name, sheet.to_python(skip_empty_area=True), sheet.start or (0, 0)))
    return visible, hidden


def _mapped_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _in_child(function, *args):
    """Run function(*args) in a forked child under memory and time limits; return its result.
    A crash, a kill or a timeout raises ChildFailed; an exception is re-raised as ValueError."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        status = 0
        try:
            faulthandler.disable()  # a reader's crash is reported by the parent, once
            limit = _mapped_bytes() + READ_MEMORY_BYTES
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            payload = pickle.dumps(("ok", function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 (everything must reach the parent)
            payload = pickle.dumps(("error", f"{type(error).__name__}: {error}"))
            status = 1
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(status)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + READ_SECONDS
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([pipe], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise ChildFailed(f"no answer within {READ_SECONDS} s")
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        raise ChildFailed(f"the reader stopped (status {status})")
    kind, result = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise ValueError(result)
    return result


class ChildFailed(Exception):
    """The child process crashed, was killed for memory, or ran out of time."""


def _read_workbook(content: bytes, filename: str, kind: str) -> RawTable:
    try:
        visible, hidden = _in_child(_parse_workbook, content)
    except ChildFailed as error:
        raise reject(
            "import.unreadable-workbook",
            Message("'{filename}' could not be read: the spreadsheet reader gave up ({error}).",
                    filename=filename, error=str(error)),
            Message("Open the file in Excel or LibreOffice, save it again as .xlsx, or save it "
                    "as CSV, and upload that.")) from error
    except ValueError as error:
        raise reject(
            "import.unreadable-workbook",
            Message("'{filename}' could not be read ({error}).", filename=filename,
                    error=str(error)),
            Message("Open the file in Excel or LibreOffice and save it again as .xlsx, or save "
                    "it as CSV.") if kind == "xlsx" else
            Message("Open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx), "
                    "or as CSV.")) from error
    if not visible:
        names = ", ".join(hidden)
        raise reject(
            "import.no-sheet",
            Message("The workbook has no visible worksheet (hidden: {names}).", names=names)
            if hidden else Message("The workbook has no visible worksheet."),
            Message("Unhide the sheet that holds the report (right-click a sheet tab > Unhide), "
                    "save, and upload it again."))
    tables = [
        RawTable(cells=pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object),
                 sheet=name, first_row=start[0] + 1, first_col=start[1], file_kind=kind)
        for name, rows, start in visible
    ]
    first = tables[0]
    return RawTable(cells=first.cells, sheet=first.sheet, first_row=first.first_row,
                    first_col=first.first_col, file_kind=kind, alternatives=tuple(tables[1:]),
                    hidden_sheets=tuple(hidden))


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
        raise reject(
            "import.unsupported-format",
            Message("'{filename}' is neither a spreadsheet (.xlsx) nor a text (CSV) file.",
                    filename=filename),
            Message("Upload the report as .xlsx or .csv."))
    head_lines = text[:65536].splitlines()[:200]
    delimiter = _sniff_delimiter("\n".join(head_lines))
    width = max((len(row) for row in csv.reader(head_lines, delimiter=delimiter)), default=1)
    try:
        cells = _parse_csv(text, delimiter, width)
    except pd.errors.ParserError:
        # A row further down is wider than the first 200: measure them all, once.
        width = max(len(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter))
        cells = _parse_csv(text, delimiter, width)
    if width > MAX_COLUMNS or len(cells) > MAX_ROWS:
        raise reject(
            "import.sheet-too-large",
            Message("'{filename}' has {rows:,} rows and {columns:,} columns; GoodBid reads at "
                    "most {max_rows:,} rows and {max_columns} columns.", filename=filename,
                    rows=len(cells), columns=width, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS),
            SPLIT)
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


__all__ = ["MAX_UPLOAD_BYTES", "ImportRejected", "RawTable", "read_table"]
