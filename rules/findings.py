"""Findings: what a rule concluded, with everything needed to explain it years later."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal

import pyarrow as pa

from imports import money
from imports.i18n import Message, english, gettext_noop

FindingSeverity = Literal["violation", "shortfall", "notice"]
# The severities' words, for pages to translate (`{% translate finding.severity %}`).
SEVERITY_WORDS = (gettext_noop("violation"), gettext_noop("shortfall"), gettext_noop("notice"))
ROWS_LISTED = 100


@dataclass(frozen=True, slots=True)  # slots: a report can hold a hundred thousand
class Finding:
    code: str
    rule: str
    rule_version: str
    standard: str
    standard_version: str
    source: str
    severity: FindingSeverity
    scope: dict[str, str]
    observed: str
    expected: str | Message  # a figure, or a phrase around one ("more than 2")
    unit: str
    rows: list[int]
    row_count: int
    message: str | Message  # a Message becomes its English text; i18n keeps the msgid
    remedy: str | Message
    figures: dict[str, str] = field(default_factory=dict)
    i18n: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The code as the plain string it is stored as (a catalogue member is one too, but
        # orjson refuses an enum as a dict key).
        if type(self.code) is not str:
            object.__setattr__(self, "code", str.__str__(self.code))
        english(self, ("message", "remedy", "expected"))

    def to_dict(self) -> dict[str, Any]:
        # Field by field, not asdict: its deep copy was most of the time a report with
        # hundreds of thousands of entries took to build. Nothing mutates the values.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(**{name: data[name] for name in FIELDS if name in data})


FIELDS = tuple(f.name for f in fields(Finding))


# A finding's figures that are money owed to the worker: the back pay, and the overtime
# premium owed on an underpaid rate.
OWED_FIGURES = ("back_pay", "overtime_back_pay")


def owed_money(figures: dict[str, Any]) -> int:
    """What a finding owes its worker, back pay and overtime premium together, in money
    units (imports.money)."""
    return sum(_figure_money(figures, name) for name in OWED_FIGURES)


def _figure_money(figures: dict[str, Any], name: str) -> int:
    return money.units(str(figures.get(name) or 0))


# A finding as a row of a table: the one result shape (Finding) column by column, what a
# run's findings file holds (procurement.services.findings) and what a rule that finds many
# things builds directly (rules.columns). Beside the finding, what programs add up without
# reading it: its worker, pay period, the money it owes (back pay and overtime premium apart
# and together) and its key across versions of a report. Every money column (`*_money`,
# `*_units` of money) is in money units (imports.money: int ten-thousandths of a dollar);
# back pay is rounded half-up to the cent, so it is a multiple of imports.money.CENT.
TEXT = ("code", "rule", "rule_version", "standard", "standard_version", "source", "severity",
        "observed", "expected", "unit", "message", "remedy")
NESTED = ("scope", "figures", "i18n")  # JSON text
SUMMARY = ("worker", "period_end", "owed_money", "back_pay_money", "overtime_money", "key")
# A rule that finds many things stores each finding as its figures (these columns, null for
# other findings) and leaves the sentences (message, remedy, observed, expected, scope,
# figures, i18n) null: they are written from the figures when the finding is read (a page,
# an export), by the writer its code registers (`writes`). Figures are exact integers: money
# in money units (imports.money), hours in ten-thousandths of an hour. The figures a finding
# was found with never change; its wording is the catalogue's of the day it is read, as a
# translation is (a writer that must word an older rule version otherwise reads the
# finding's `rule_version`).
FIGURES = pa.schema([
    ("wage_floor_title", pa.string()), ("wage_floor_effective_from", pa.string()),
    ("wage_floor_floor_units", pa.int64()), ("wage_floor_paid_units", pa.int64()),
    ("wage_floor_hours_units", pa.int64()), ("wage_floor_overtime_units", pa.int64()),
    ("wage_floor_basis", pa.string()), ("wage_floor_basis_units", pa.int64()),
    ("wage_floor_basis_hours_units", pa.int64()),
    ("hiring_goal_category", pa.string()), ("hiring_goal_total_units", pa.int64()),
    ("hiring_goal_known_units", pa.int64()), ("hiring_goal_member_units", pa.int64()),
    ("hiring_goal_goal", pa.string()), ("hiring_goal_residents_label", pa.string()),
    ("hiring_goal_title", pa.string()), ("hiring_goal_effective_from", pa.string()),
])
SCHEMA = pa.schema([*((name, pa.string()) for name in TEXT),
                    ("rows", pa.list_(pa.int64())), ("row_count", pa.int64()),
                    *((name, pa.string()) for name in NESTED),
                    ("worker", pa.string()), ("period_end", pa.string()),
                    ("owed_money", pa.int64()), ("back_pay_money", pa.int64()),
                    ("overtime_money", pa.int64()), ("key", pa.string()),
                    *FIGURES])
# What a finding is read from: the finding's own columns and, for one stored as its figures,
# the summary columns its writer reads and its figures.
FINDING_COLUMNS = (*TEXT, "rows", "row_count", *NESTED, "worker", "period_end",
                   "back_pay_money", "overtime_money", *FIGURES.names)
WRITERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def writes(code: str):
    """Register the function that writes a `code` finding stored as its figures (FIGURES) as
    the finding (Finding.to_dict's shape)."""
    def register(writer: Callable[[dict[str, Any]], dict[str, Any]]):
        WRITERS[code] = writer
        return writer
    return register


def _writer(code: str | None) -> Callable[[dict[str, Any]], dict[str, Any]] | None:
    if code is not None and code not in WRITERS:
        from rules.registry import load_rules  # the rule modules register their writers

        load_rules()
    return WRITERS.get(code)


def figures_table(columns: dict[str, pa.Array], count: int) -> pa.Table:
    """`count` findings stored as their figures: the columns given, every other column of
    SCHEMA null (the sentences, the other rules' figures)."""
    return pa.table({**{field.name: pa.nulls(count, field.type) for field in SCHEMA},
                     **columns}, schema=SCHEMA)


_EMPTY: dict[str, Any] = {"scope": {}, "rows": [], "figures": {}, "i18n": {}}


def finding_key(finding: dict) -> str:
    """What makes a finding the same finding in two versions of a report: its code, its
    standard and its scope (the worker and pay period, the trade)."""
    return json.dumps([finding.get("code"), finding.get("standard"),
                       finding.get("scope") or {}], sort_keys=True, ensure_ascii=False)


def summary_columns(finding: dict) -> dict[str, Any]:
    """A finding's summary columns (SUMMARY, money in units), from the finding."""
    scope = finding.get("scope") or {}
    figures = finding.get("figures") or {}
    back_pay, overtime = (_figure_money(figures, name) for name in OWED_FIGURES)
    return {"worker": scope.get("worker"), "period_end": scope.get("period_end"),
            "owed_money": back_pay + overtime, "back_pay_money": back_pay,
            "overtime_money": overtime, "key": finding_key(finding)}


def findings_table(findings: Iterable[Finding | dict]) -> pa.Table:
    """Findings made one at a time, as a table in SCHEMA."""
    columns: dict[str, list] = {name: [] for name in SCHEMA.names}
    for finding in findings:
        data = finding.to_dict() if isinstance(finding, Finding) else finding
        for name in TEXT:
            value = data.get(name)
            columns[name].append(None if value is None else str(value))
        columns["rows"].append([int(row) for row in data.get("rows") or []])
        columns["row_count"].append(int(data.get("row_count") or 0))
        for name in NESTED:
            columns[name].append(json.dumps(data.get(name) or _EMPTY[name],
                                            ensure_ascii=False))
        for name, value in summary_columns(data).items():
            columns[name].append(value)
    count = len(columns["code"])
    for name in FIGURES.names:
        columns[name] = [None] * count
    return pa.table(columns, schema=SCHEMA)


def finding_record(record: dict[str, Any]) -> dict[str, Any]:
    """A table row back as the finding's dict (Finding.to_dict's shape): a finding stored as
    its figures is written by its code's writer. A file written before rows were a list
    column keeps them as JSON text: read either."""
    if record.get("message") is None:
        writer = _writer(record.get("code"))
        if writer is not None:
            return writer(record)
    finding = {name: record.get(name) for name in TEXT}
    rows = record.get("rows")
    finding["rows"] = json.loads(rows) if isinstance(rows, str) else list(rows or [])
    finding["row_count"] = record.get("row_count") or 0
    for name in NESTED:
        value = record.get(name)
        finding[name] = json.loads(value) if value else dict(_EMPTY[name])
    return finding


def table_records(table: pa.Table) -> list[dict[str, Any]]:
    columns = [name for name in FINDING_COLUMNS if name in table.column_names]
    return [finding_record(record) for record in table.select(columns).to_pylist()]


class Findings(Sequence):
    """A report's (or a rule's) findings: Finding objects, made one at a time, and tables
    (SCHEMA), made as columns by a rule that finds many things. Counted, sliced and stored
    without making an object per finding; iterating makes each one a Finding."""

    def __init__(self, items: Iterable[Finding] | pa.Table = ()) -> None:
        self._parts: list[list[Finding] | pa.Table] = []
        self._length = 0
        self._table: pa.Table | None = None
        self.extend(items)

    def extend(self, items: Iterable[Finding] | pa.Table) -> None:
        self._table = None
        if isinstance(items, Findings):
            for part in items._parts:
                self.extend(part)
            return
        if isinstance(items, pa.Table):
            if items.num_rows:
                self._parts.append(items.cast(SCHEMA) if items.schema != SCHEMA else items)
                self._length += items.num_rows
            return
        items = list(items)
        if not items:
            return
        if self._parts and isinstance(self._parts[-1], list):
            self._parts[-1].extend(items)
        else:
            self._parts.append(items)
        self._length += len(items)

    def append(self, finding: Finding) -> None:
        self.extend([finding])

    def sort(self, *, key) -> None:
        everything = sorted(self, key=key)
        self._parts, self._length = ([everything] if everything else []), len(everything)
        self._table = None

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[Finding]:
        for part in self._parts:
            if isinstance(part, list):
                yield from part
                continue
            for batch in part.to_batches(max_chunksize=2_000):
                yield from (Finding.from_dict(record)
                            for record in table_records(pa.Table.from_batches([batch])))

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                return list(self)[index]
            return self._slice(start, stop)
        position = index + self._length if index < 0 else index
        if not 0 <= position < self._length:
            raise IndexError("finding index out of range")
        return self._slice(position, position + 1)[0]

    def _slice(self, start: int, stop: int) -> list[Finding]:
        found: list[Finding] = []
        offset = 0
        for part in self._parts:
            size = len(part) if isinstance(part, list) else part.num_rows
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                if isinstance(part, list):
                    found.extend(part[low:high])
                else:
                    found.extend(Finding.from_dict(record)
                                 for record in table_records(part.slice(low, high - low)))
            offset += size
            if offset >= stop:
                break
        return found

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Findings, list, tuple)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Iterable[Finding]) -> list[Finding]:
        return [*self, *other]

    def __radd__(self, other: Iterable[Finding]) -> list[Finding]:
        return [*other, *self]

    def __repr__(self) -> str:
        return f"Findings({self._length} findings)"

    def table(self) -> pa.Table:
        """Every finding as one table in SCHEMA (made once, until findings are added)."""
        if self._table is None:
            tables = [part if isinstance(part, pa.Table) else findings_table(part)
                      for part in self._parts]
            self._table = pa.concat_tables(tables) if tables else SCHEMA.empty_table()
        return self._table
