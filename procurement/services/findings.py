"""A run's findings, stored once: a columnar file per run (Parquet, zstd), beside the run's
JSON, which keeps only the counts, the summaries and the first page.

Pages, the API and the exports read findings from here a page or a batch at a time (row
groups), so a report with hundreds of thousands of findings is never decoded whole to show
its first screen. The file is the table rules.findings.SCHEMA describes: each finding in the
shape rules.findings.Finding gives (the one result shape) and, beside it, the columns programs
add up without reading the findings (worker, pay period, money owed, the key that says two
versions' findings are the same finding). A rule that finds many things builds that table
as columns; it is written as it comes.

A run checked before this store existed keeps every finding in its JSON: it is read from
there, the same way.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from imports import money
from rules.findings import (
    FINDING_COLUMNS,
    findings_table,
    summary_columns,
    table_records,
)

FIRST_PAGE = 200  # findings kept in the run's JSON: what a page shows first
ROW_GROUP = 2_000  # findings per row group: a page reads one or two
FOLDER = "runs"
# A file written before money was one unit (imports.money) has these columns in whole cents:
# read as the unit's columns (x CENT), so callers only ever see money units.
_CENTS_COLUMNS = {"owed_money": "owed_cents", "back_pay_money": "back_pay_cents",
                  "overtime_money": "overtime_cents"}


def findings_parquet(findings: pa.Table | Sequence[dict]) -> bytes:
    """The findings (a table in rules.findings.SCHEMA, or dicts) as one Parquet file."""
    table = findings if isinstance(findings, pa.Table) else findings_table(findings)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", row_group_size=ROW_GROUP)
    return buffer.getvalue()


def findings_store(findings: pa.Table | Sequence[dict]) -> str:
    """Store the findings' file and return its name (the caller deletes it if the run it is
    for is not stored)."""
    name = f"{FOLDER}/{uuid.uuid4().hex}.parquet"
    return default_storage.save(name, ContentFile(findings_parquet(findings)))


def findings_discard(name: str) -> None:
    if name:
        default_storage.delete(name)


def _file(run) -> pq.ParquetFile | None:
    """The run's findings file, read from storage once per run object (a page, the ledger
    and the version changes may each ask for it)."""
    name = getattr(run, "findings_file", "")
    if not name:
        return None
    cached = getattr(run, "_findings_parquet", None)
    if cached is not None and cached[0] == name:
        return cached[1]
    with default_storage.open(str(name), "rb") as stored:
        parsed = pq.ParquetFile(io.BytesIO(stored.read()))
    run._findings_parquet = (name, parsed)
    return parsed


def _columns(stored: pq.ParquetFile, wanted: Sequence[str] = FINDING_COLUMNS) -> list[str]:
    """The `wanted` columns this file has (a file written before a column existed lacks
    it), under the name it has them (an older file's cents columns: `_in_money_units`)."""
    present = set(stored.schema_arrow.names)
    return [name if name in present else _CENTS_COLUMNS[name] for name in wanted
            if name in present or _CENTS_COLUMNS.get(name) in present]


def _in_money_units(table: pa.Table) -> pa.Table:
    """An older file's cents columns as the money-unit columns they became."""
    for name, old in _CENTS_COLUMNS.items():
        if old in table.column_names:
            position = table.column_names.index(old)
            table = table.set_column(position, name,
                                     pc.multiply(table.column(position), money.CENT))
    return table


def run_findings(run, *, offset: int = 0, limit: int | None = None) -> list[dict]:
    """The run's findings from `offset`, at most `limit` (every one without), in the order
    the check gave them: only the row groups that hold them are decoded."""
    offset = max(0, offset)
    stored = _file(run)
    if stored is None:
        findings = (run.report or {}).get("findings", [])
        return findings[offset:None if limit is None else offset + limit]
    end = stored.metadata.num_rows if limit is None else min(stored.metadata.num_rows,
                                                              offset + limit)
    return run_findings_at(run, range(offset, end))


def run_findings_at(run, positions: Sequence[int]) -> list[dict]:
    """The run's findings at these positions (in the check's order), reading each row group
    that holds one once."""
    wanted = sorted(set(int(p) for p in positions))
    stored = _file(run)
    if stored is None:
        findings = (run.report or {}).get("findings", [])
        return [findings[p] for p in wanted if 0 <= p < len(findings)]
    found: list[dict] = []
    start, cursor = 0, 0
    for group in range(stored.num_row_groups):
        rows = stored.metadata.row_group(group).num_rows
        inside = []
        while cursor < len(wanted) and wanted[cursor] < start + rows:
            if wanted[cursor] >= start:
                inside.append(wanted[cursor] - start)
            cursor += 1
        if inside:
            table = _in_money_units(stored.read_row_group(group, columns=_columns(stored)))
            found.extend(table_records(table.take(pa.array(inside))))
        start += rows
        if cursor >= len(wanted):
            break
    return found


def run_finding_batches(run, size: int = ROW_GROUP) -> Iterator[list[dict]]:
    """Every finding of the run, a batch at a time (for exports that stream)."""
    stored = _file(run)
    if stored is None:
        findings = (run.report or {}).get("findings", [])
        for start in range(0, len(findings), size):
            yield findings[start:start + size]
        return
    for batch in stored.iter_batches(batch_size=size, columns=_columns(stored)):
        yield table_records(_in_money_units(pa.Table.from_batches([batch])))


def run_finding_columns(run, columns: Sequence[str]) -> pd.DataFrame:
    """Some columns of every finding (`worker`, `period_end`, `owed_money`, `key`, or a
    finding's text field), as a frame to add up, without decoding the rest. Money is in
    money units (imports.money), whenever the file was written."""
    stored = _file(run)
    if stored is not None:
        return _in_money_units(stored.read(columns=_columns(stored, columns))).to_pandas()
    rows = [{**finding, **summary_columns(finding)}
            for finding in (run.report or {}).get("findings", [])]
    return pd.DataFrame({name: [row.get(name) for row in rows] for name in columns},
                        columns=list(columns))


def findings_total(run) -> int:
    report = run.report or {}
    return int(report.get("findings_total", len(report.get("findings", []))))
