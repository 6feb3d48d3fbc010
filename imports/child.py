"""Parsing in a forked child process under memory and time limits.

A reader that crashes, runs away or exhausts memory takes the child down, never the worker or
the web process: the parent turns that into a clear rejection. The result comes back as
Arrow IPC bytes (columns, not a Python object per cell).

This module imports neither pandas nor pyarrow, so a command can start reading a workbook
before it has loaded them (`start_workbook_read`): on two cores the parse and the start-up
overlap.
"""

from __future__ import annotations

import faulthandler
import io
import os
import pickle
import resource
import select
import signal
import time
from dataclasses import dataclass

from imports.i18n import Message
from imports.issues import ImportRejected, Issue
from imports.safety import MAX_COLUMNS, MAX_ROWS, file_kind, inspect_ole, inspect_zip, reject

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
READ_SECONDS = 120
READ_MEMORY_BYTES = 3 * 1024 ** 3  # on top of what the process already maps
SPLIT = Message("Split the report into several files, for example one per month.")


class ChildFailed(Exception):
    """The child process crashed, was killed for memory, or ran out of time."""


def _mapped_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@dataclass
class Pending:
    """A child at work; `result()` waits for it (up to READ_SECONDS from its start)."""

    pid: int
    pipe: int
    deadline: float
    filename: str = ""
    kind: str = ""
    content_id: int = 0

    def result(self):
        """The function's result. A crash, a kill or a timeout raises ChildFailed;
        ImportRejected comes back as it was; any other exception as ValueError."""
        chunks = []
        with os.fdopen(self.pipe, "rb", buffering=0) as pipe:
            while True:
                remaining = self.deadline - time.monotonic()
                if remaining <= 0 or not select.select([pipe], [], [], remaining)[0]:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    raise ChildFailed(f"no answer within {READ_SECONDS} s")
                chunk = pipe.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        if not chunks:
            raise ChildFailed(f"the reader stopped (status {status})")
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except Exception as error:  # a child killed mid-write leaves half a payload
            raise ChildFailed(f"the reader stopped (status {status})") from error
        if kind == "rejected":
            raise ImportRejected(value)
        if kind == "error":
            raise ValueError(value)
        return value

    def cancel(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.pipe)
        except OSError:
            pass


def start(function, *args) -> Pending:
    """Fork a child that runs function(*args) under the limits."""
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
        except ImportRejected as rejection:
            payload = pickle.dumps(("rejected", rejection.issues))
            status = 1
        except BaseException as error:  # noqa: BLE001 (everything must reach the parent)
            payload = pickle.dumps(("error", f"{type(error).__name__}: {error}"[:500]))
            status = 1
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(status)
    os.close(write_end)
    return Pending(pid=pid, pipe=read_end, deadline=time.monotonic() + READ_SECONDS)


def run(function, *args):
    return start(function, *args).result()


def check_size(content: bytes) -> None:
    if len(content) > MAX_UPLOAD_BYTES:
        raise reject(
            "import.file-too-large",
            Message("The file is {size:.1f} MB; the limit is {limit} MB.",
                    size=len(content) / 1_048_576, limit=MAX_UPLOAD_BYTES // 1_048_576),
            SPLIT)
    if not content.strip():
        raise reject("import.empty-file", Message("The file is empty."),
                     Message("Upload the filled-in report."))


def kind_of(content: bytes, filename: str) -> str:
    """'csv', or a workbook's kind after its hostile-file checks (imports.safety)."""
    check_size(content)
    kind = file_kind(content, filename)
    if kind == "zip":
        return inspect_zip(content, filename)
    if kind == "ole":
        return inspect_ole(content, filename)
    return kind


def start_workbook_read(content: bytes, filename: str) -> Pending | None:
    """Start parsing a workbook now (None for a CSV, or a file refused on sight: reading it
    the usual way says why)."""
    try:
        kind = kind_of(content, filename)
    except ImportRejected:
        return None
    if kind == "csv":
        return None
    pending = start(parse_workbook, content)
    pending.filename, pending.kind, pending.content_id = filename, kind, id(content)
    return pending


def parse_workbook(content: bytes) -> tuple[list[tuple[str, int, bytes]], list[str]]:
    """In the child: every visible worksheet as (name, first column, Arrow IPC), and the
    hidden sheets' names. Every cell as text: the grid's types are decided column by column
    once the table is found."""
    import fastexcel
    import pyarrow as pa
    import python_calamine

    metadata = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content)) \
        .sheets_metadata
    reader = fastexcel.read_excel(content)
    visible, hidden = [], []
    for meta in metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            hidden.append(meta.name)
            continue
        sheet = reader.load_sheet(meta.name, header_row=None, skip_rows=0, dtypes="string")
        if sheet.total_height > MAX_ROWS or sheet.width > MAX_COLUMNS:
            raise ImportRejected([too_large(meta.name, sheet.total_height, sheet.width)])
        columns = sheet.available_columns()
        first_col = columns[0].absolute_index if columns else 0
        batch = sheet.to_arrow()
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, batch.schema) as writer:
            writer.write(batch)
        visible.append((meta.name, first_col, sink.getvalue().to_pybytes()))
    return visible, hidden


def too_large(where: str, rows: int, columns: int) -> Issue:
    return Issue(
        code="import.sheet-too-large", severity="error",
        message=Message("'{where}' has {rows:,} rows and {columns:,} columns; GoodBid reads "
                        "at most {max_rows:,} rows and {max_columns} columns.", where=where,
                        rows=rows, columns=columns, max_rows=MAX_ROWS,
                        max_columns=MAX_COLUMNS),
        hint=Message("Delete stray content far below or to the right of the report (press "
                     "Ctrl+End in Excel to find it), or split the report into several files."))
