"""Parsing in a child process under memory and time limits.

A reader that crashes, runs away or exhausts memory takes the child down, never the worker or
the web process: the parent turns that into a clear rejection. The result comes back as
Arrow IPC bytes (columns, not a Python object per cell).

A threaded process (the web process) never forks its child itself: the child could wait
forever on a lock another thread held at the fork. It asks a fork server (multiprocessing's
"forkserver": a single-threaded process started once, with the readers already imported).
A process with no other thread (the CLI, a Celery prefork worker) forks directly: nothing
can be held there.

This module imports neither pandas nor pyarrow, so a command can start reading a workbook
before it has loaded them (`start_read`): on two cores the parse and the start-up
overlap.
"""

from __future__ import annotations

import faulthandler
import io
import multiprocessing
import os
import pickle
import resource
import signal
import threading
import time
from contextlib import suppress
from dataclasses import dataclass

from imports.codes import Code
from imports.i18n import Message
from imports.issues import ImportRejected, Issue
from imports.safety import (
    MAX_COLUMNS,
    MAX_ROWS,
    file_kind,
    inspect_ole,
    inspect_zip,
    reject,
    unsupported,
)

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
# A CSV's rows times its widest row: what laying it out as a grid would cost.
MAX_GRID_CELLS = 40_000_000
READ_SECONDS = 120


@dataclass(frozen=True)
class Limits:
    """How much one read may take: its bytes, and the cells of the grid a CSV lays out."""

    bytes: int = MAX_UPLOAD_BYTES
    cells: int = MAX_GRID_CELLS


UPLOAD = Limits()
READ_MEMORY_BYTES = 3 * 1024 ** 3  # on top of what the process already maps


class ChildFailed(Exception):
    """The child process crashed, was killed for memory, or ran out of time."""


def _mapped_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


# The fork server: started on the first read, with the readers and the libraries they use
# imported once, so each child starts ready (a small file's read: 24 ms from the server, 360
# ms when every child imported pandas and pyarrow anew). Its children inherit no thread of
# the caller's.
_SERVER = multiprocessing.get_context("forkserver")
_SERVER.set_forkserver_preload(["imports.child", "fastexcel", "numpy", "pandas", "pyarrow",
                               "python_calamine"])


@dataclass
class Pending:
    """A child at work; `result()` waits for it (up to READ_SECONDS from its start)."""

    process: multiprocessing.process.BaseProcess | _Forked
    connection: object  # the reading end of the child's pipe
    deadline: float
    filename: str = ""
    kind: str = ""
    content_id: int = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def result(self):
        """The function's result. A crash, a kill or a timeout raises ChildFailed;
        ImportRejected comes back as it was; any other exception as ValueError."""
        try:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0 or not self.connection.poll(remaining):
                self.cancel()
                raise ChildFailed(f"no answer within {READ_SECONDS} s")
            try:
                payload = self.connection.recv_bytes()
            except (EOFError, OSError) as error:  # the child died before it answered
                self.process.join()
                raise ChildFailed(f"the reader stopped (status {self.process.exitcode})") \
                    from error
            self.process.join()
        finally:
            self.connection.close()
        try:
            kind, value = pickle.loads(payload)
        except Exception as error:  # a child killed mid-write leaves half a payload
            raise ChildFailed(f"the reader stopped (status {self.process.exitcode})") \
                from error
        if kind == "rejected":
            raise ImportRejected(value)
        if kind == "error":
            raise ValueError(value)
        return value

    def cancel(self) -> None:
        try:
            self.process.kill()
            self.process.join()
            self.connection.close()
        except (OSError, ValueError):
            pass


def _child(connection, function, args) -> None:
    """In the child: run function(*args) under the memory limit and send back its result, or
    what stopped it. Never returns."""
    status = 1
    try:
        try:
            faulthandler.disable()  # a reader's crash is reported by the parent, once
            limit = _mapped_bytes() + READ_MEMORY_BYTES
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            payload = pickle.dumps(("ok", function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        except ImportRejected as rejection:
            payload = pickle.dumps(("rejected", rejection.issues))
        except BaseException as error:  # noqa: BLE001 (everything must reach the parent)
            payload = pickle.dumps(("error", f"{type(error).__name__}: {error}"[:500]))
        connection.send_bytes(payload)
        connection.close()
    finally:
        os._exit(status)


class _Forked:
    """A child forked directly (a process with no other thread): what Pending needs of it."""

    def __init__(self, pid: int) -> None:
        self.pid, self.exitcode = pid, None

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def join(self) -> None:
        if self.exitcode is None:
            _pid, status = os.waitpid(self.pid, 0)
            self.exitcode = os.waitstatus_to_exitcode(status)

    def is_alive(self) -> bool:
        if self.exitcode is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.exitcode = os.waitstatus_to_exitcode(status)
        return False


def start(function, *args) -> Pending:
    """Start a child that runs function(*args) under the limits: forked directly by a process
    with no other thread (a CLI, a Celery prefork worker), where no lock can be held at the
    fork; from the fork server by a threaded one (the web process)."""
    receiving, sending = multiprocessing.Pipe(duplex=False)
    if threading.active_count() == 1:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            receiving.close()
            _child(sending, function, args)
        process = _Forked(pid)
    else:
        process = _SERVER.Process(target=_child, args=(sending, function, args), daemon=True)
        process.start()
    sending.close()
    return Pending(process=process, connection=receiving,
                   deadline=time.monotonic() + READ_SECONDS)


def run(function, *args):
    return start(function, *args).result()


def check_size(content: bytes, limit: int = MAX_UPLOAD_BYTES) -> None:
    if len(content) > limit:
        raise reject(Code.FILE_TOO_LARGE, Code.FILE_TOO_LARGE.message(
            size=len(content) / 1_048_576, limit=limit // 1_048_576), Code.FILE_TOO_LARGE.hint())
    if not content.strip():
        raise reject(Code.EMPTY_FILE, Code.EMPTY_FILE.message(), Code.EMPTY_FILE.hint())


def kind_of(content: bytes, filename: str, limits: Limits = UPLOAD) -> str:
    """'csv', or a workbook's kind after its hostile-file checks (imports.safety)."""
    check_size(content, limits.bytes)
    kind = file_kind(content, filename)
    if kind == "zip":
        return inspect_zip(content, filename)
    if kind == "ole":
        return inspect_ole(content, filename)
    return kind


def start_read(content: bytes, filename: str) -> Pending | None:
    """Start parsing a file now (None for a file refused on sight: reading it the usual way
    says why)."""
    try:
        kind = kind_of(content, filename)
        pending = start(parse_csv, csv_bytes(content, filename), filename) \
            if kind == "csv" else start(parse_workbook, content)
    except ImportRejected:
        return None
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
        code=Code.SHEET_TOO_LARGE, severity="error",
        message=Code.SHEET_TOO_LARGE.message(where=where, rows=rows, columns=columns,
                                             max_rows=MAX_ROWS, max_columns=MAX_COLUMNS),
        hint=Code.SHEET_TOO_LARGE.hint())


# -- CSV -------------------------------------------------------------------------------

def csv_bytes(content: bytes, filename: str) -> bytes:
    """A text file as UTF-8 with one kind of line end, or refused when it is not text."""
    text = _decode(content)
    head = text[:4096]
    if head.count("\x00") > len(head) // 100:
        raise unsupported(filename, Message("neither a spreadsheet (.xlsx) nor a text (CSV) "
                                            "file"))
    return text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows-1252 is what Excel on Windows writes for "CSV"; it decodes any byte string.
        return content.decode("cp1252", errors="replace")


def _outside_quotes(data):
    """Per byte: True where it is not inside a quoted field (RFC 4180: a doubled quote inside
    a quoted field toggles twice, so the parity of quotes seen so far decides)."""
    import numpy as np

    quotes = data == ord('"')
    if not quotes.any():
        return np.ones(len(data), dtype=bool)
    return np.bitwise_xor.accumulate(quotes.view(np.uint8)) == 0


def _sniff_delimiter(data, outside) -> str:
    """The delimiter that splits the first lines most consistently: the one whose commonest
    per-line count (above zero) is shared by the most lines, then the larger count."""
    import numpy as np

    head = min(len(data), 65_536)
    ends = np.flatnonzero((data[:head] == ord("\n")) & outside[:head])[:100]
    line_of = np.searchsorted(ends, np.arange(head))
    lines = len(ends) + 1
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        hits = (data[:head] == ord(delimiter)) & outside[:head] & (line_of < lines)
        counts = np.bincount(line_of[hits], minlength=lines)
        counts = counts[counts > 0]
        if not len(counts):
            continue
        values, frequency = np.unique(counts, return_counts=True)
        score = (int(frequency.max()), int(values[frequency.argmax()]))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def parse_csv(data: bytes, filename: str, max_cells: int = MAX_GRID_CELLS) -> tuple[bytes, str]:
    """In the child: measure, then parse. Returns (Arrow IPC, delimiter)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    array = np.frombuffer(data, dtype=np.uint8)
    outside = _outside_quotes(array)
    if not outside[-1] and array[-1] != ord('"'):
        opened = int(np.flatnonzero(~outside)[0])
        row = int(np.count_nonzero(array[:opened] == ord("\n"))) + 1
        raise ImportRejected([Issue(
            code=Code.UNBALANCED_QUOTE, severity="error", row=row,
            message=Code.UNBALANCED_QUOTE.message(row=row), hint=Code.UNBALANCED_QUOTE.hint())])
    delimiter = _sniff_delimiter(array, outside)
    line_ends = np.flatnonzero((array == ord("\n")) & outside)
    records = len(line_ends) + (0 if len(line_ends) and line_ends[-1] == len(array) - 1
                                else 1)
    separators = np.flatnonzero((array == ord(delimiter)) & outside)
    width = int(np.bincount(np.searchsorted(line_ends, separators)).max()) + 1 \
        if len(separators) else 1
    if width > MAX_COLUMNS or records > MAX_ROWS or width * records > max_cells:
        widest = int(np.bincount(np.searchsorted(line_ends, separators)).argmax()) + 1 \
            if len(separators) else 1
        issue = too_large(filename, records, width)
        if width > MAX_COLUMNS:
            issue = Issue(
                code=Code.ROW_TOO_WIDE, severity="error", row=widest,
                message=Code.ROW_TOO_WIDE.message(row=widest, where=filename, columns=width,
                                                  max_columns=MAX_COLUMNS),
                hint=Code.ROW_TOO_WIDE.hint())
        raise ImportRejected([issue])
    del array, outside, line_ends, separators
    frame = pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, names=range(width),
                        dtype=str, keep_default_na=False, na_filter=False,
                        skip_blank_lines=False, engine="c", encoding="utf-8",
                        encoding_errors="replace")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write(table)
    return sink.getvalue().to_pybytes(), delimiter
