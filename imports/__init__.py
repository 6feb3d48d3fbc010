"""Reading and validating uploaded spreadsheets. Pure Python and pandas: no Django import."""

from imports.issues import ImportRejected, Issue, IssueLog
from imports.reader import RawTable, read_table
from imports.report_types import REPORT_TYPES, ImportResult, import_table, unplaced_headers

__all__ = [
    "REPORT_TYPES",
    "ImportRejected",
    "ImportResult",
    "Issue",
    "IssueLog",
    "RawTable",
    "import_file",
    "import_table",
    "read_table",
    "unplaced_headers",
]


def import_file(content: bytes, filename: str, report_type: str) -> ImportResult:
    """Read an uploaded file and validate it as `report_type`.

    Raises ImportRejected when the file cannot be read or lacks a required column.
    """
    return import_table(read_table(content, filename), report_type)
