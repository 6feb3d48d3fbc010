"""The accepted rows a construction project reads across its contractors
(rules.rollup.workforce_rows), stored once per run as a columnar file beside the run's
findings: a project's roll-up reads each filer's current run's file, never the uploads
(which are deleted under the retention policy)."""

from __future__ import annotations

import io
import uuid

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "runs"


def rows_store(table: pa.Table | None) -> str:
    """Store the rows and return the file's name ("" when there are none)."""
    if table is None or table.num_rows == 0:
        return ""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.rows.parquet",
                                ContentFile(buffer.getvalue()))


def rows_discard(name: str) -> None:
    if name:
        default_storage.delete(name)


def run_rows(run) -> pd.DataFrame | None:
    """The run's accepted rows, or None for a run stored without them (checked before this
    store existed, or a report with no trades and hours)."""
    name = getattr(run, "rows_file", "")
    if not name:
        return None
    with default_storage.open(str(name), "rb") as stored:
        return pq.read_table(io.BytesIO(stored.read())).to_pandas()
