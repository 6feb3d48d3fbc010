"""Reading and validating uploaded spreadsheets. Pure Python and pandas: no Django import."""

from __future__ import annotations

import datetime as dt

from imports.issues import ImportRejected, Issue, IssueLog
from imports.layouts import Layout, LayoutError, get_layout, layouts
from imports.reader import RawTable, read_table
from imports.report_types import (
    REPORT_TYPES,
    ImportResult,
    column_choices,
    import_table,
    unplaced_headers,
)

__all__ = [
    "REPORT_TYPES",
    "ImportRejected",
    "ImportResult",
    "Issue",
    "IssueLog",
    "Layout",
    "LayoutError",
    "RawTable",
    "column_choices",
    "get_layout",
    "import_file",
    "import_table",
    "layouts",
    "read_table",
    "unplaced_headers",
]


def import_file(content: bytes, filename: str, report_type: str, *, layout: str | None = None,
                period_end: dt.date | None = None) -> ImportResult:
    """Read an uploaded file and validate it as `report_type`.

    Raises ImportRejected when the file cannot be read or lacks a required column.
    """
    return import_table(read_table(content, filename), report_type, layout=layout,
                        period_end=period_end)
