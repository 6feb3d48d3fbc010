"""Facts written outside the table: the pay period, the employer and the project in a report's
title rows, a form's header block ("FOR WEEK ENDING", "Pay Period: 07/01/2024 -
07/14/2024"), a small table of its own above the report, or a section row inside it; and the
dates in the file's name, offered as a suggestion, never applied.

A label is recognised by its words (imports/vocabulary.toml, [facts]); its value is the text
after it in the same cell, the next filled cell to its right, or the cell below it. A value
holding two dates is a period's start and end wherever it is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from imports.columns import column_letter
from imports.reader import RawTable
from imports.values import DATE_IN_TEXT, TEXT, parse_date
from imports.words import Vocabulary, contains, words

_LOOK_RIGHT = 8
_DATE = re.compile(DATE_IN_TEXT)
DATE_FACTS = ("period_start", "period_end", "pay_date")
TEXT_FACTS = ("employer", "address", "project", "location", "contract", "payroll_number",
              "wage_determination")
_CHECKBOXES = re.compile(r"\[\s*[xX]?\s*\]|[☐☑☒]")
_CHECKBOX = re.compile(r"^\W*(?:x|\[\s*x?\s*\]|[☐☑☒✓✔])?\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    name: str  # period_start, period_end, pay_date, employer, project, contract...
    value: str  # ISO date for dates, else the text
    text: str  # the cell as written
    sheet: str | None
    row: int | None
    column_letter: str | None
    source: str  # "title" (above the table), "section" (a row inside it), "given", "file name"
    label: str = ""  # the label it was written under ("For week ending")

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "text": self.text, "sheet": self.sheet,
                "row": self.row, "column_letter": self.column_letter, "source": self.source,
                "label": self.label}

    @property
    def date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.value) if self.name in DATE_FACTS else None


def _text(cell: object) -> str:
    return "" if cell is None or cell != cell else str(cell).strip()


class FactReader:
    def __init__(self, vocabulary: Vocabulary, *, day_first: bool = False) -> None:
        self.labels = vocabulary.facts
        self.day_first = day_first

    def label(self, text: str) -> tuple[str, str] | None:
        """(fact name, the text after the label) when `text` opens with a label."""
        head, colon, rest = text.partition(":")
        tokens = words(_CHECKBOXES.sub(" ", head))
        if not tokens or len(tokens) > 8:
            return None
        for name, phrases in self.labels.items():
            for wanted in phrases:
                size = len(wanted)
                if tokens[-size:] != wanted:
                    continue
                # A one-word label ("Period", "Project") stands alone; longer ones may follow
                # a few words of their own ("Weekly Payroll payroll period", "PRIME
                # CONTRACTOR'S/SUBCONTRACTOR'S BUSINESS NAME").
                if len(tokens) - size > (0 if size == 1 else 5):
                    continue
                if not colon and _DATE.search(head):
                    continue
                return name, rest.strip() if colon else ""
        return None

    def read(self, raw: RawTable, rows: range, *, source: str) -> list[Fact]:
        facts: list[Fact] = []
        cells = raw.cells
        for index in rows:
            row = [_text(c) for c in (raw.head_rows()[index] if index < len(raw.head_rows())
                                      else cells.iloc[index].tolist())]
            labels = {position: self.label(text) for position, text in enumerate(row) if text}
            labels = {position: found for position, found in labels.items() if found}
            used: set[int] = set()
            for position, (name, value) in labels.items():
                if position in used:
                    continue
                where = (index, position)
                if not value:
                    value, where = self._value_beside(cells, row, index, position,
                                                      stop=rows.stop)
                    if where[0] == index:
                        used.add(where[1])
                label_text = row[position].partition(":")[0]
                found = self._facts(name, value, raw, where, source, label_text) \
                    if value and not _CHECKBOX.fullmatch(value) else []
                if not found and where[0] == index and index + 1 < rows.stop:
                    # Not a value this label takes ("WEEK ENDING DATE" beside another
                    # label): its value is under it.
                    below = _text(cells.iat[index + 1, position])
                    if below and self.label(below) is None:
                        found = self._facts(name, below, raw, (index + 1, position), source,
                                            label_text)
                facts.extend(found)
            if not any(f.row == raw.first_row + index for f in facts):
                facts.extend(self._title_period(raw, index, row, source))
        return facts

    def _value_beside(self, cells: pd.DataFrame, row: list[str], index: int, position: int,
                      *, stop: int) -> tuple[str, tuple[int, int]]:
        """The next filled cell to the right (up to the next label), else the cell below
        (a form's label row over its value row), never a row from `stop` on (the table)."""
        def below() -> str:
            if index + 1 < min(len(cells), stop):
                text = _text(cells.iat[index + 1, position])
                if text and self.label(text) is None:
                    return text
            return ""

        for right in range(position + 1, min(position + 1 + _LOOK_RIGHT, len(row))):
            if row[right]:
                if self.label(row[right]) is not None:
                    break
                return row[right], (index, right)
        if below():
            return below(), (index + 1, position)
        return "", (index, position)

    def _facts(self, name: str, value: str, raw: RawTable, where: tuple[int, int],
               source: str, label: str = "") -> list[Fact]:
        row, letter = raw.first_row + where[0], column_letter(raw.first_col + where[1])
        dates = _DATE.findall(value)

        def fact(fact_name: str, fact_value: str) -> Fact:
            return Fact(fact_name, fact_value, value, raw.sheet, row, letter, source, label)

        if name in ("period", "period_start", "period_end", "pay_date"):
            parsed = [d for d in self._dates(dates) if d is not None]
            if len(parsed) >= 2 and name != "pay_date":
                return [fact("period_start", parsed[0].isoformat()),
                        fact("period_end", parsed[-1].isoformat())]
            if len(parsed) == 1:
                return [fact("period_end" if name == "period" else name,
                             parsed[0].isoformat())]
            return []
        return [fact(name, value[:200])]

    def _title_period(self, raw: RawTable, index: int, row: list[str], source: str
                      ) -> list[Fact]:
        """A title such as 'Payroll Journal for 07/01/2024 - 07/14/2024' or 'From Jan 01,
        2024 to Dec 31, 2024': a cell naming two dates, with no label, is the period."""
        for position, text in enumerate(row):
            dates = _DATE.findall(text)
            if len(dates) == 2 and len(words(text)) <= 20:
                parsed = self._dates(dates)
                if all(d is not None for d in parsed) and parsed[0] <= parsed[1]:
                    return self._facts("period", text, raw, (index, position), source)
        return []

    def _dates(self, texts: list[str]) -> list[dt.date | None]:
        if not texts:
            return []
        parsed = parse_date(pd.Series(texts, dtype=TEXT), day_first=self.day_first).values
        return [None if pd.isna(value) else value.date() for value in parsed]


_NAME_DATE = re.compile(r"(?<!\d)(20\d{2})[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)"
                        r"|(?<!\d)([01]?\d)[-_.]([0-3]?\d)[-_.](20\d{2}|\d{2})(?!\d)")


def dates_in_filename(filename: str) -> list[dt.date]:
    """'shifts-export_2024-07-01_2024-07-07.csv', 'Payroll 07.14.24.xlsx': the dates in a
    file's name, in order (a suggestion for the period, never applied by itself)."""
    found = []
    for match in _NAME_DATE.finditer(filename):
        try:
            if match.group(1):
                found.append(dt.date(int(match.group(1)), int(match.group(2)),
                                     int(match.group(3))))
            else:
                year = int(match.group(6))
                found.append(dt.date(year + 2000 if year < 100 else year,
                                     int(match.group(4)), int(match.group(5))))
        except ValueError:
            continue
    return found


def contains_label(tokens: tuple[str, ...], vocabulary: Vocabulary, name: str) -> bool:
    return any(contains(tokens, p) for p in vocabulary.facts[name])
