"""Text columns for many findings at once, as Arrow string arrays.

A rule that finds hundreds of thousands of things (a wage floor over a million payroll lines)
stores each finding as its figures (rules.findings.FIGURES); the few texts it needs for every
finding (the worker as the file names them, the key that says two versions' findings are the
same finding) are built here column by column (`pyarrow.compute`, in C++), never one Python
string per finding. What comes out is what the one-at-a-time path writes (`json.dumps` with
`ensure_ascii=False`).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

Text = pa.Array  # of strings, one per finding
Part = str | Text

# What json.dumps escapes in a string with ensure_ascii=False.
_NEEDS_ESCAPE = r'[\\"\x00-\x1f]'


def text(values: Any) -> Text:
    """Values as a string column (None stays missing)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if pa.types.is_string(values.type) else pc.cast(values, pa.string())
    return pa.array(values, type=pa.string(), from_pandas=True)


def join(*parts: Part) -> Text:
    """The parts end to end, row by row: a literal string is the same on every row (at least
    one part is a column)."""
    return pc.binary_join_element_wise(
        *(pa.scalar(part, pa.string()) if isinstance(part, str) else text(part)
          for part in parts), "")


def repeated(value: str, count: int) -> Text:
    """The same text on every row."""
    return pa.array([value], type=pa.string()).take(pa.array(np.zeros(count, dtype="int64")))


def per_index(values: list, index: pa.Array) -> pa.Array:
    """`values[i]` for each row's index `i` (a finding's version of the standard)."""
    return pa.array(values).take(index)


def per_value(values: Any, format_one) -> Text:
    """`format_one` applied to each distinct value once (a worker named in a hundred findings
    is written once), then spread back over the rows."""
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=False)
    written = pa.array([format_one(value) for value in uniques], type=pa.string())
    return written.take(pa.array(codes, type=pa.int64()))


def json_string(values: Any) -> Text:
    """Each value as a JSON string literal, as json.dumps(value, ensure_ascii=False) writes
    it. A column with nothing to escape (figures, dates, most names) is quoted as it is;
    otherwise each distinct value is written by json itself."""
    values = text(values)
    if not pc.any(pc.match_substring_regex(values, _NEEDS_ESCAPE)).as_py():
        return join('"', values, '"')
    return per_value(values.to_pandas(), lambda value: json.dumps(value, ensure_ascii=False))
