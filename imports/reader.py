"""Reading an uploaded CSV or workbook into a grid of text cells that still knows its Excel
coordinates.

Every parse runs in a forked child process with memory and time limits (a reader that crashes
or runs away is a clear rejection, never a dead worker), and comes back as Arrow data: the grid
is a DataFrame of Arrow-backed text columns, one per spreadsheet column, never a Python object
per cell. Workbooks are inspected first (imports.safety) and read with fastexcel (calamine,
in Rust); a CSV is measured before it is parsed, so a line of a million cells is refused before
anything is laid out for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from imports.child import (
    MAX_UPLOAD_BYTES,
    UPLOAD,
    ChildFailed,
    Limits,
    Pending,
    csv_bytes,
    kind_of,
    parse_csv,
    parse_workbook,
)
from imports.child import start as start_child
from imports.codes import Code
from imports.columns import column_letter
from imports.i18n import Message
from imports.issues import ImportRejected, Issue, IssueLog
from imports.safety import has_macros, reject, without_macros

HEAD_ROWS = 48  # rows searched for the header and the facts above it, and a few more
MAX_CELL_CHARS = 32_767  # the most a cell of Excel holds
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


@dataclass(frozen=True)
class RawTable:
    """Cells of one sheet as read (text, NaN where blank), with where they sit in the file.

    `cells.iloc[i, j]` is Excel row `first_row + i` and column index `first_col + j`.
    `alternatives` are the workbook's other visible sheets; `hidden_sheets` are never read.
    `notes` are what reading changed (a cell cut to Excel's limit, control characters).
    """

    cells: pd.DataFrame
    sheet: str | None
    first_row: int = 1
    first_col: int = 0
    file_kind: str = "csv"
    alternatives: tuple[RawTable, ...] = field(default=(), repr=False)
    hidden_sheets: tuple[str, ...] = ()
    filename: str = ""
    delimiter: str | None = None
    notes: IssueLog = field(default_factory=IssueLog, repr=False, compare=False)

    @property
    def sheets(self) -> tuple[RawTable, ...]:
        return (self, *self.alternatives)

    def head_rows(self) -> list[list[object]]:
        """The first rows as Python lists (where headers and title rows are looked for),
        taken out of the columns once."""
        cached = self.__dict__.get("_head")
        if cached is None:
            head = self.cells.head(HEAD_ROWS)
            columns = [head[c].tolist() for c in head.columns]
            cached = [list(row) for row in zip(*columns, strict=True)] if columns else \
                [[] for _ in range(len(head))]
            object.__setattr__(self, "_head", cached)
        return cached


def read_table(content: bytes, filename: str, *, pending: Pending | None = None,
               limits: Limits = UPLOAD) -> RawTable:
    """The file's grid. `pending` is this file's workbook parse already started
    (imports.child.start_read); `limits` are an upload's unless the caller reads a larger
    kind of file (a wage-theft source)."""
    if pending is not None and pending.content_id == id(content) \
            and pending.filename == filename:
        if pending.kind == "csv":
            return _read_csv(content, filename, pending)
        return _read_workbook(content, filename, pending.kind, pending)
    if pending is not None:
        pending.cancel()
    kind = kind_of(content, filename, limits)
    if kind == "csv":
        return _read_csv(content, filename, limits=limits)
    return _read_workbook(content, filename, kind)


def macros_removed(content: bytes, filename: str) -> bytes | None:
    """The workbook without its macros, or None when it has none. Call it on a file that
    read_table has read: its sizes are checked by then, and the copy runs in a child process
    under the same memory and time limits as a parse."""
    if not has_macros(content):
        return None
    try:
        return start_child(without_macros, content).result()
    except (ChildFailed, ValueError) as error:
        raise reject(Code.MACROS_NOT_REMOVED,
                     Code.MACROS_NOT_REMOVED.message(filename=filename, error=str(error)),
                     Code.MACROS_NOT_REMOVED.hint()) from error


def _to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(payload: bytes) -> pd.DataFrame:
    table = pa.ipc.open_stream(payload).read_all()
    columns = {}
    for position, column in enumerate(table.columns):
        if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
            column = column.cast(pa.string())
        columns[position] = pd.Series(column.combine_chunks(), dtype=TEXT)
    return pd.DataFrame(columns) if columns else pd.DataFrame(dtype=TEXT)


# -- workbooks ----------------------------------------------------------------------------

def _read_workbook(content: bytes, filename: str, kind: str,
                   pending: Pending | None = None) -> RawTable:
    try:
        pending = pending or start_child(parse_workbook, content)
        visible, hidden = pending.result()
    except ChildFailed as error:
        raise reject(Code.UNREADABLE_WORKBOOK, Code.UNREADABLE_WORKBOOK.message(
            filename=filename, error=Message("the spreadsheet reader gave up: {error}",
                                             error=str(error))),
            Code.UNREADABLE_WORKBOOK.hint()) from error
    except ValueError as error:
        raise reject(Code.UNREADABLE_WORKBOOK,
                     Code.UNREADABLE_WORKBOOK.message(filename=filename, error=str(error)),
                     Code.UNREADABLE_WORKBOOK.hint()) from error
    if not visible:
        names = ", ".join(hidden)
        raise reject(Code.NO_SHEET, Code.NO_SHEET.message(
            hidden=Message(" (hidden: {names})", names=names) if hidden else ""),
            Code.NO_SHEET.hint())
    tables = []
    for name, first_col, payload in visible:
        cells, notes = _clean(_from_ipc(payload), name, 1, first_col)
        tables.append(RawTable(cells=cells, sheet=name, first_row=1, first_col=first_col,
                               file_kind=kind, filename=filename, notes=notes))
    first = tables[0]
    return RawTable(cells=first.cells, sheet=first.sheet, first_row=first.first_row,
                    first_col=first.first_col, file_kind=kind, alternatives=tuple(tables[1:]),
                    hidden_sheets=tuple(hidden), filename=filename, notes=first.notes)


# -- CSV ----------------------------------------------------------------------------------

def _read_csv(content: bytes, filename: str, pending: Pending | None = None,
              limits: Limits = UPLOAD) -> RawTable:
    try:
        pending = pending or start_child(parse_csv, csv_bytes(content, filename), filename,
                                         limits.cells)
        payload, delimiter = pending.result()
    except (ChildFailed, ValueError) as error:
        raise reject(Code.UNREADABLE_CSV,
                     Code.UNREADABLE_CSV.message(filename=filename, error=str(error)),
                     Code.UNREADABLE_CSV.hint()) from error
    frame = _from_ipc(payload)
    # The parser writes blanks as empty text: blank is missing, as in a workbook.
    frame = frame.mask(frame == "")
    cells, notes = _clean(frame, None, 1, 0)
    return RawTable(cells=cells, sheet=None, first_row=1, first_col=0, file_kind="csv",
                    filename=filename, delimiter=delimiter, notes=notes)


# -- what every grid goes through ---------------------------------------------------------

_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"


def _clean(cells: pd.DataFrame, sheet: str | None, first_row: int, first_col: int
           ) -> tuple[pd.DataFrame, IssueLog]:
    """Control characters out (a name typed with one is still the name), and cells longer
    than Excel allows cut to its limit, with an issue."""
    notes = IssueLog()
    for position in cells.columns:
        column = cells[position]
        if column.str.contains(_CONTROL + r"|[\t\r]", regex=True).any():
            # A cell's own line breaks stay (a name over an address in one cell); the rest of
            # the control characters go.
            column = column.str.replace(r"\r\n?", "\n", regex=True) \
                .str.replace(_CONTROL, "", regex=True).str.replace("\t", " ", regex=False)
        too_long = (column.str.len() > MAX_CELL_CHARS).to_numpy(dtype=bool)
        if too_long.any():
            letter = column_letter(first_col + position)
            notes.add_many([Issue(
                code=Code.CELL_TOO_LONG, severity="warning", sheet=sheet,
                row=first_row + index, column_letter=letter,
                message=Code.CELL_TOO_LONG.message(row=first_row + index, letter=letter,
                                                   length=len(column.iloc[index]),
                                                   limit=MAX_CELL_CHARS),
                hint=Code.CELL_TOO_LONG.hint())
                for index in np.flatnonzero(too_long)[:notes.sample_per_code].tolist()],
                total=int(too_long.sum()))
            column = column.str.slice(0, MAX_CELL_CHARS)
        cells[position] = column
    return cells, notes


def release_memory() -> None:
    """Give the memory a large import freed back to the system (Arrow's pool and the C
    allocator keep freed pages for reuse otherwise): what follows needs it."""
    pa.default_memory_pool().release_unused()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


__all__ = ["MAX_UPLOAD_BYTES", "ChildFailed", "ImportRejected", "Limits", "RawTable",
           "macros_removed", "read_table"]
