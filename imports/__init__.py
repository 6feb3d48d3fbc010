"""Reading and validating uploaded spreadsheets. Pure Python and pandas: no Django import.

The names below are loaded when first used (PEP 562), so that `imports.child` and
`imports.safety`, which need neither pandas nor pyarrow, can start work before they are
loaded."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "ImportRejected": "imports.issues", "Issue": "imports.issues", "IssueLog": "imports.issues",
    "Layout": "imports.layouts", "LayoutError": "imports.layouts",
    "get_layout": "imports.layouts",
    "RawTable": "imports.reader", "read_table": "imports.reader",
    "IGNORE": "imports.report_types", "REPORT_TYPES": "imports.report_types",
    "ImportResult": "imports.report_types", "column_choices": "imports.report_types",
    "import_table": "imports.report_types", "mapping_choices": "imports.report_types",
    "unplaced_headers": "imports.report_types",
}

__all__ = [*sorted(_WHERE), "import_file"]

if TYPE_CHECKING:  # pragma: no cover
    from imports.report_types import ImportResult


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'imports' has no attribute {name!r}")


def import_file(content: bytes, filename: str, report_type: str, *, layout: str | None = None,
                period_end: dt.date | None = None) -> ImportResult:
    """Read an uploaded file and validate it as `report_type`.

    Raises ImportRejected when the file cannot be read or lacks a required column.
    """
    from imports.reader import read_table
    from imports.report_types import import_table

    return import_table(read_table(content, filename), report_type, layout=layout,
                        period_end=period_end)
