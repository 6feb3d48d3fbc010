"""Sentences, figures and JSON for many findings at once, as Arrow string columns.

A rule that finds hundreds of thousands of things (a wage floor over a million payroll lines)
builds its findings as columns: each text is a template joined with columns of values
(`pyarrow.compute.binary_join_element_wise`, in C++), never one Python string per finding.
What comes out is exactly what the one-at-a-time path writes (`imports.i18n.Message`, `json.dumps`
with `ensure_ascii=False`), so a finding reads the same whichever path made it.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

Text = pa.Array  # of strings, one per finding
Part = str | Text

_FORMATTER = string.Formatter()
# What json.dumps escapes in a string with ensure_ascii=False, besides other control
# characters (written as \\u00XX).
_JSON_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"),
                 ("\b", "\\b"), ("\f", "\\f"))
_CONTROL = r"[\x00-\x1f]"


def text(values: Any) -> Text:
    """Values as a string column (None stays missing)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if pa.types.is_string(values.type) else pc.cast(values, pa.string())
    return pa.array(values, type=pa.string(), from_pandas=True)


def join(*parts: Part, length: int | None = None) -> Text:
    """The parts end to end, row by row: literal strings are the same on every row."""
    arrays = [part for part in parts if not isinstance(part, str)]
    if not arrays:
        return pa.array([("".join(parts))] * (length or 0), type=pa.string())
    return pc.binary_join_element_wise(
        *(pa.scalar(part, pa.string()) if isinstance(part, str) else text(part)
          for part in parts), "")


def per_value(values: Any, format_one: Callable[[Any], str]) -> Text:
    """`format_one` applied to each distinct value once (a worker named in a hundred findings
    is written once), then spread back over the rows."""
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=False)
    written = pa.array([format_one(value) for value in uniques], type=pa.string())
    return written.take(pa.array(codes, type=pa.int64()))


def json_string(values: Any) -> Text:
    """Each value as a JSON string literal, as json.dumps(value, ensure_ascii=False) writes
    it: quotes, backslashes and control characters escaped."""
    escaped = text(values)
    for old, new in _JSON_ESCAPES:
        escaped = pc.replace_substring(escaped, old, new)
    other = pc.match_substring_regex(escaped, _CONTROL)
    if pc.any(other).as_py():  # other control characters: rare, each written by json itself
        raw = text(values).to_pylist()
        mask = other.to_pylist()
        escaped = pa.array([json.dumps(value, ensure_ascii=False)[1:-1] if hit else done
                            for value, done, hit in zip(raw, escaped.to_pylist(), mask,
                                                        strict=True)], type=pa.string())
    return join('"', escaped, '"')


def json_literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_object(members: Mapping[str, Part], *, length: int) -> Text:
    """A JSON object per row, its members in the order given: each member's value is JSON
    text already (a column, or a literal the same on every row), as json.dumps writes it."""
    if not members:
        return join("{}", length=length)
    parts: list[Part] = ["{"]
    for position, (name, value) in enumerate(members.items()):
        parts.append((", " if position else "") + json_literal(name) + ": ")
        parts.append(value)
    parts.append("}")
    return join(*_merged(parts), length=length)


def _merged(parts: list[Part]) -> list[Part]:
    """Adjacent literals as one (fewer arguments to join)."""
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


class MessageColumns:
    """`imports.i18n.Message` for many findings: a msgid and, per field, a string column
    (or a literal, or a nested MessageColumns). `english()` is each row's Message.render(),
    `as_json()` each row's json.dumps(Message.to_dict())."""

    def __init__(self, msgid: str, /, **params: Part | MessageColumns) -> None:
        self.msgid, self.params = msgid, params

    def english(self, length: int) -> Text:
        parts: list[Part] = []
        for literal, field, _spec, _conversion in _FORMATTER.parse(self.msgid):
            if literal:
                parts.append(literal)
            if field is not None:
                value = self.params[field]
                parts.append(value.english(length) if isinstance(value, MessageColumns)
                             else value)
        return join(*_merged(parts), length=length)

    def as_json(self, length: int) -> Text:
        params = {name: (value.as_json(length) if isinstance(value, MessageColumns)
                         else json_literal(value) if isinstance(value, str)
                         else json_string(value))
                  for name, value in self.params.items()}
        return json_object({"id": json_literal(self.msgid),
                            "params": json_object(params, length=length)}, length=length)


def choose(mask: np.ndarray, chosen: Text, otherwise: Text) -> Text:
    """Row by row, `chosen` where `mask` holds, else `otherwise`."""
    return pc.if_else(pa.array(mask, type=pa.bool_()), chosen, otherwise)


def money_number(cents: np.ndarray) -> Text:
    """Whole cents as the report's decimal string: 1820 -> '18.20' (rules.findings
    cents_number, for a column)."""
    cents = np.asarray(cents, dtype="int64")
    sign = np.where(cents < 0, "-", "")
    whole, part = np.divmod(np.abs(cents), 100)
    return join(text(sign), text(pa.array(whole)), ".",
                pc.utf8_lpad(text(pa.array(part)), 2, "0"))


def money_text(cents: np.ndarray) -> Text:
    """Whole cents for a sentence: 123456 -> '$1,234.56' (rules.findings cents_text, for a
    column), thousands separated."""
    cents = np.asarray(cents, dtype="int64")
    sign = np.where(cents < 0, "-", "")
    whole, part = np.divmod(np.abs(cents), 100)
    return join(text(sign), "$", thousands(whole), ".",
                pc.utf8_lpad(text(pa.array(part)), 2, "0"))


def thousands(whole: np.ndarray) -> Text:
    """Whole numbers with a comma every three digits: 1234567 -> '1,234,567'."""
    whole = np.asarray(whole, dtype="int64")
    plain = text(pa.array(whole))
    large = whole >= 1000
    if not large.any():
        return plain
    group = pc.utf8_lpad(text(pa.array(whole % 1000)), 3, "0")
    return choose(large, join(thousands(whole // 1000), ",", group), plain)


def hours_text(units: np.ndarray, scale: int) -> Text:
    """Hour units as the report writes them (rules.workforce.hours_text, for a column):
    400000 -> '40', 425000 -> '42.5'."""
    units = np.asarray(units, dtype="int64")
    sign = np.where(units < 0, "-", "")
    whole, part = np.divmod(np.abs(units), scale)
    width = len(str(scale)) - 1
    fraction = pc.utf8_rtrim(pc.utf8_lpad(text(pa.array(part)), width, "0"), "0")
    return choose(part > 0, join(text(sign), text(pa.array(whole)), ".", fraction),
                  join(text(sign), text(pa.array(whole))))
