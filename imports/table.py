"""Finding the table in a sheet and what each of its columns holds.

A column's header is read as words (imports.words) and placed, in this order of trust: the
vendor's own saved match (always wins), the detected layout's names for its columns, the
report type's names, then the words themselves: an earnings kind with a measure ("OT Hours",
"Regular (Rate)", "Hours - Overtime Pay") is a column of an earnings group, and a header
holding all the words of a field's name ("Hrs Worked", "Payroll Name", "Week Ending Date")
is that field. What the column holds can overrule its header: a "Rate" column of dates is not
a rate. Headers may span several rows (a group label above sub-headers, a form's numbered
row above its labels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from imports.columns import column_letter
from imports.reader import RawTable
from imports.values import parse_date, parse_number
from imports.words import Vocabulary, contains, find_phrase, phrase, words

HEADER_SEARCH_ROWS = 40
CONTENT_SAMPLE = 200
# Single letters and short codes that name an earnings kind in a cell ("S"/"O" lines of a
# WH-347) but are too short to trust inside a header.
_CELL_ONLY = {("s",), ("o",), ("b",), ("h",), ("est",), ("sal",), ("bon",), ("vac",),
              ("hol",), ("extra",), ("base",), ("normal",), ("wages",), ("personal",),
              ("salario",), ("sueldo",), ("hourly",), ("double",), ("regulares",),
              ("normales",)}
_IGNORED_QUALIFIERS = {("scheduled",), ("unpaid",), ("break",), ("breaks",), ("variance",),
                       ("vs",), ("all", "work"), ("other", "work"), ("prior",),
                       ("previous",), ("budget",), ("planned",), ("monthly",), ("annual",),
                       ("annually",), ("yearly",), ("per", "year"), ("per", "month"),
                       ("day", "and", "date"), ("days", "of", "work", "week"),
                       ("worked", "each", "day")}
# A column of one day's hours ("Mon ST", "Tuesday OT", "Day 3"): never a whole line's hours.
_DAYS = {"mon", "monday", "tue", "tues", "tuesday", "wed", "weds", "wednesday", "thu", "thur",
         "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday", "lunes",
         "martes", "miercoles", "jueves", "viernes", "sabado", "domingo", "day1", "day2",
         "day3", "day4", "day5", "day6", "day7", "d1", "d2", "d3", "d4", "d5", "d6", "d7"}


@dataclass(frozen=True)
class Meaning:
    """What a column holds: a report field, or one measure of an earnings group."""

    field: str | None = None
    kind: str | None = None  # earnings kind of a group column ("overtime")
    measure: str | None = None  # "hours", "rate" or "amount" of a group column
    trust: int = 0  # 5 vendor, 4 layout, 3 report type's names, 2 words, 1 content

    @property
    def key(self) -> str:
        return self.field if self.field else f"{self.kind}:{self.measure}"


@dataclass
class Column:
    position: int
    header: str
    letter: str
    meaning: Meaning | None = None


@dataclass
class Table:
    raw: RawTable
    header_index: int  # index into raw.cells of the header's first row
    depth: int  # rows the header spans
    columns: list[Column]
    layout: object | None = None
    alternatives: list[Table] = field(default_factory=list)

    @property
    def first_data(self) -> int:
        return self.header_index + self.depth

    @property
    def header_row(self) -> int:
        return self.raw.first_row + self.header_index

    def by_key(self) -> dict[str, Column]:
        """Placed columns by meaning; of two with the same meaning, the more trusted (then the
        leftmost) is kept."""
        placed: dict[str, Column] = {}
        for column in self.columns:
            if column.meaning is None:
                continue
            key = column.meaning.key
            if key not in placed or column.meaning.trust > placed[key].meaning.trust:
                placed[key] = column
        return placed

    @property
    def score(self) -> float:
        return _score(self.by_key())


def _score(placed: dict[str, Column]) -> float:
    return sum(1.0 + 0.1 * column.meaning.trust for column in placed.values())


@dataclass(frozen=True)
class FieldNames:
    """The names one field goes by: exact (normalised) texts and word sets."""

    name: str
    kind: str
    exact: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


class HeaderReader:
    """Places header texts for one report type, one layout and one vendor's mapping."""

    def __init__(self, fields: list[FieldNames], vocabulary: Vocabulary, *,
                 mapping: dict[str, str] | None = None,
                 layout_columns: dict[str, list[str]] | None = None,
                 earnings: bool = True) -> None:
        self.fields = {f.name: f for f in fields}
        self.vocabulary = vocabulary
        self.mapping = {" ".join(words(header)): name for header, name in (mapping or {}).items()
                        if name in self.fields or name == "ignore"}
        self.layout = {" ".join(words(text)): name
                       for name, texts in (layout_columns or {}).items()
                       for text in texts if name in self.fields or name.count(":") == 1}
        self.earnings = earnings
        kinds = [(p, kind.code) for kind in vocabulary.earnings for p in kind.words
                 if p not in _CELL_ONLY and kind.pay]
        self._kind_phrases = tuple(p for p, _ in kinds)
        self._kind_of = dict(kinds)
        self._cache: dict[str, Meaning | None] = {}

    def meaning(self, header: object) -> Meaning | None:
        text = "" if header is None or header != header else str(header)
        if text not in self._cache:
            self._cache[text] = self._meaning(text)
        return self._cache[text]

    def _meaning(self, text: str) -> Meaning | None:
        tokens = _without_numbering(words(text))
        key = " ".join(tokens)
        if not key:
            return None
        if key in self.mapping:
            name = self.mapping[key]
            return None if name == "ignore" else _as_meaning(name, 5)
        if key in self.layout:
            return _as_meaning(self.layout[key], 4)
        for names in self.fields.values():
            if key in names.exact:
                return Meaning(field=names.name, trust=3)
        if any(contains(tokens, q) for q in self.vocabulary.qualifiers["cumulative"]):
            return None
        if any(contains(tokens, q) for q in _IGNORED_QUALIFIERS):
            return None
        if _DAYS & set(tokens) or (len(tokens) >= 2 and tokens[0] == "day"
                                   and tokens[1].isdigit()):
            return None
        if self.earnings:
            group = self._group(tokens)
            if group is not None:
                return group
        return self._by_words(tokens)

    def _group(self, tokens: tuple[str, ...]) -> Meaning | None:
        """'OT Hours' -> overtime hours; 'Regular (Rate)' -> regular rate; 'Cash Tips' -> tips
        amount. A header naming two kinds ('Rate paid for ST and OT') is no group."""
        kinds = {self._kind_of[p] for p in self._kind_phrases if contains(tokens, p)}
        if "double_time" in kinds:
            kinds.discard("overtime")
        if len(kinds) != 1:
            return None
        (kind,) = kinds
        measure = self._measure(tokens)
        paid_by_hour = self.vocabulary.earning_kind(kind).multiplier is not None
        if measure is None:
            measure = "hours" if paid_by_hour else "amount"
        if not paid_by_hour and measure != "amount":
            return None
        if any(contains(tokens, q) for q in self.vocabulary.qualifiers["identifier"]):
            return None  # "Overtime code"
        return Meaning(kind=kind, measure=measure, trust=2)

    def _measure(self, tokens: tuple[str, ...]) -> str | None:
        measures = self.vocabulary.measures
        # "Hours - Regular Pay": the hours of the regular-pay item; "Pay rate": a rate.
        for name in ("hours", "rate", "amount"):
            if find_phrase(tokens, measures[name]):
                return name
        return None

    def _by_words(self, tokens: tuple[str, ...]) -> Meaning | None:
        """The field whose name's words all appear in the header, the longest name first;
        an identifier's words ('ID', 'No.', '#') never make a name."""
        present = set(tokens)
        identifier = any(contains(tokens, q) for q in self.vocabulary.qualifiers["identifier"])
        best, best_size = None, 0
        for names in self.fields.values():
            for wanted in names.phrases:
                if not set(wanted) <= present or len(wanted) <= best_size:
                    continue
                if len(wanted) == 1 and len(wanted[0]) <= 3:
                    continue  # "ID", "S/O", "MI": only the whole header says so
                extra = present - set(wanted)
                if names.name in _NAME_FIELDS and (
                        identifier and not any(contains(wanted, q) for q in
                                               self.vocabulary.qualifiers["identifier"])
                        or extra - _NAME_WORDS):
                    continue
                if len(extra) > 3:
                    continue  # a few words around a name, not a sentence that contains it
                best, best_size = names.name, len(wanted)
        return Meaning(field=best, trust=2) if best else None


_NAME_FIELDS = {"worker", "last_name", "first_name", "middle_initial"}
# The only words a header may add to a name's ("Payroll Name", "Employee Full Name"): with
# any other ("Employee Type", "Medicare (Employee)") it is something else about the worker.
_NAME_WORDS = {"name", "names", "full", "payroll", "legal", "worker", "workers", "employee",
               "employees", "staff", "associate", "team", "member", "display", "preferred",
               "of", "the", "and", "individual", "identifying", "number", "no", "last",
               "first", "middle", "initial", "nombre", "del", "trabajador", "empleado",
               "1", "1a", "1b", "1c", "1d", "1e", "2", "3"}


def _as_meaning(name: str, trust: int) -> Meaning:
    if ":" in name:
        kind, measure = name.split(":", 1)
        return Meaning(kind=kind, measure=measure, trust=trust)
    return Meaning(field=name, trust=trust)


def _without_numbering(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """'(1A) WORKER ENTRY NO.', '5 Total hours': a form's column number is not a word."""
    if len(tokens) > 1 and len(tokens[0]) <= 3 and tokens[0][:1].isdigit():
        return tokens[1:]
    return tokens


def field_names(name: str, kind: str, label: str, aliases: tuple[str, ...]) -> FieldNames:
    texts = (label, *aliases)
    return FieldNames(name=name, kind=kind,
                      exact=frozenset(" ".join(_without_numbering(words(t))) for t in texts),
                      phrases=tuple(dict.fromkeys(
                          _without_numbering(phrase(t)) for t in texts if phrase(t))))


# -- the header row -----------------------------------------------------------------------

def _row_texts(raw: RawTable, index: int) -> list[object]:
    if index < HEADER_SEARCH_ROWS + 8:
        return raw.head_rows()[index]
    return raw.cells.iloc[index].tolist()


def combined_header(raw: RawTable, index: int, depth: int) -> list[str]:
    """The header texts of rows index..index+depth-1, column by column. A group label above
    its sub-headers ("Overtime" over "Hours", "Rate") is carried across the columns it was
    merged over and read with each ("Overtime Hours"); a label merged down reads once."""
    rows = [[("" if c is None or c != c else str(c).strip()) for c in _row_texts(raw, i)]
            for i in range(index, index + depth)]
    if depth == 1:
        return rows[0]
    upper, lower = rows[0], rows[-1]
    carried, label = [], ""
    for up, low in zip(upper, lower, strict=True):
        if up:
            label = up
        elif not low:
            label = ""
        carried.append(label if not up and low else up)
    texts = []
    for position, (up, low) in enumerate(zip(carried, lower, strict=True)):
        middle = [r[position] for r in rows[1:-1] if r[position]]
        parts = [p for p in (up, *middle, low) if p]
        texts.append(" ".join(dict.fromkeys(parts)))
    return texts


def _place(reader: HeaderReader, texts: list[str]) -> list[Meaning | None]:
    return [reader.meaning(text) for text in texts]


def _candidate(raw: RawTable, reader: HeaderReader, index: int, depth: int) -> Table:
    texts = combined_header(raw, index, depth)
    columns = [Column(position, text, column_letter(raw.first_col + position), meaning)
               for position, (text, meaning) in enumerate(zip(texts, _place(reader, texts),
                                                              strict=True)) if text]
    return Table(raw=raw, header_index=index, depth=depth, columns=columns)


_VALUE = re.compile(r"^\s*\$?\s*\d[\d,./ -]*\s*$")


def _holds_values(raw: RawTable, index: int) -> bool:
    """A row with a number or a date in it (a form's 'PAYROLL NO. 7', 'FOR WEEK ENDING
    06/14/2025') is a row of facts, never the top of a header."""
    return any(isinstance(cell, str) and _VALUE.match(cell) for cell in _row_texts(raw, index))


def find_table(raw: RawTable, reader: HeaderReader) -> Table | None:
    """The row (or rows) of this sheet that read most like the report's header."""
    searched = min(HEADER_SEARCH_ROWS, len(raw.cells))
    best: Table | None = None
    singles = [_candidate(raw, reader, index, 1) for index in range(searched)]
    for index in range(searched):
        candidates = [singles[index]]
        for depth in (2, 3):
            if index + depth <= searched and not _holds_values(raw, index):
                combined = _candidate(raw, reader, index, depth)
                alone = max(singles[i].score for i in range(index, index + depth))
                # Rows read together only when together they place more than any alone.
                if combined.score > alone + 0.5:
                    candidates.append(combined)
        for table in candidates:
            if table.score > 0 and (best is None or table.score > best.score + 1e-9):
                best = table
    if best is not None:
        best.depth = _header_depth(best)
    return best


def _header_depth(table: Table) -> int:
    """Rows right under the header that hold no value in any placed column (a form's day
    letters, dates and deduction sub-labels), or only words where figures go ('All Other
    Hours' under 'Project Hours (A)'), belong to the header."""
    depth = table.depth
    by_key = table.by_key()
    placed = [c.position for c in by_key.values()]
    figures = [c.position for key, c in by_key.items()
               if key in ("hours", "hourly_rate", "amount") or ":" in key]
    named = [c.position for key, c in by_key.items()
             if key in ("worker", "last_name", "first_name", "worker_id")]
    cells = table.raw.cells
    while table.header_index + depth < len(cells) and depth < 4:
        row = cells.iloc[table.header_index + depth]
        if row.isna().all():
            break
        if row.iloc[placed].notna().any():
            words_only = figures and row.iloc[named].isna().all() and all(
                isinstance(value, str) and not _VALUE.match(value) and
                not any(ch.isdigit() for ch in value)
                for value in row.iloc[placed].dropna().tolist())
            if not words_only:
                break
        depth += 1
    return depth


DAY_WORDS = {"mon": "mon", "monday": "mon", "mo": "mon", "lunes": "mon",
             "tue": "tue", "tues": "tue", "tuesday": "tue", "tu": "tue", "martes": "tue",
             "wed": "wed", "weds": "wed", "wednesday": "wed", "we": "wed", "miercoles": "wed",
             "thu": "thu", "thur": "thu", "thurs": "thu", "thursday": "thu", "th": "thu",
             "jueves": "thu", "fri": "fri", "friday": "fri", "fr": "fri", "viernes": "fri",
             "sat": "sat", "saturday": "sat", "sa": "sat", "sabado": "sat",
             "sun": "sun", "sunday": "sun", "su": "sun", "domingo": "sun"}


def day_columns(texts: list[str]) -> dict[str, list[int]]:
    """Columns of one day's hours ('Mon ST', 'Tuesday', 'Hours Worked Su'), by day; a
    header naming a day among its last two words. Two-letter days count only when the header
    names at least three days (so 'W/E' alone is no Wednesday)."""
    found: dict[str, list[int]] = {}
    short: dict[str, list[int]] = {}
    for position, text in enumerate(texts):
        tokens = words(text)
        for token in tokens[-2:] if len(tokens) > 1 else tokens:
            day = DAY_WORDS.get(token)
            if day is None and len(tokens) >= 1 and tokens[0] == "day" and token.isdigit():
                day = f"day{token}"
            if day is not None:
                (short if len(token) == 2 else found).setdefault(day, []).append(position)
                break
    if len(set(short) | set(found)) >= 3:
        for day, positions in short.items():
            found.setdefault(day, []).extend(positions)
    return found


# -- what a column holds ------------------------------------------------------------------

@dataclass(frozen=True)
class Contents:
    """Shares of a column's non-blank sample that read as each kind of value."""

    filled: int
    numbers: float
    dates: float
    earnings: float


def contents(cells: pd.Series, earning_lookup: dict[str, str]) -> Contents:
    sample = cells.dropna()
    sample = sample[sample.str.strip() != ""].head(CONTENT_SAMPLE)
    if sample.empty:
        return Contents(0, 0.0, 0.0, 0.0)
    numbers = parse_number(sample, money=True, duration=True)
    dates = parse_date(sample)
    folded = pd.Series([" ".join(words(v)) for v in sample.tolist()], dtype=object)
    earnings = folded.isin(list(earning_lookup)).mean()
    return Contents(len(sample), float((~numbers.values.isna()).mean()),
                    float((~dates.values.isna()).mean()), float(earnings))


KIND_OF_MEASURE = {"hours": "hours", "rate": "money", "amount": "money"}


def fits(meaning: Meaning, field_kind: str | None, held: Contents) -> bool:
    """Whether a column's contents can be what its header says (a column with too few values
    to tell always can)."""
    if held.filled < 3:
        return True
    kind = field_kind if meaning.field else KIND_OF_MEASURE[meaning.measure]
    if kind in ("money", "hours"):
        return held.numbers >= 0.5 or held.numbers + held.dates < 0.2 and held.earnings < 0.5
    if kind == "date":
        return held.dates >= 0.5 or held.numbers < 0.5
    if kind == "line":
        return held.earnings >= 0.5
    return True


def first_data_rows(table: Table) -> np.ndarray:
    return np.arange(table.first_data, len(table.raw.cells))
