from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from imports.money import from_dollars as money_units
from imports.values import parse_date, parse_number


@pytest.mark.parametrize(
    ("raw", "units"),
    [("$18.20", 182000), ("18.20/hr", 182000), ("$1,234.50", 12345000), ("18.2", 182000),
     (18.2, 182000), (17, 170000), (" 18.19 ", 181900), ("USD 18.20", 182000)],
)
def test_money_as_vendors_write_it(raw, units):
    parsed = parse_number(pd.Series([raw], dtype=object), money=True)
    assert money_units(parsed.values).tolist() == [units]


def test_decimal_comma_is_flagged_not_guessed():
    parsed = parse_number(pd.Series(["18,20", "1,234", "abc", ""], dtype=object), money=True)
    assert parsed.decimal_comma.tolist() == [True, False, False, False]
    assert parsed.not_a_number.tolist() == [False, False, True, False]
    assert parsed.blank.tolist() == [False, False, False, True]
    assert parsed.values.isna().tolist() == [True, False, True, True]


@pytest.mark.parametrize(
    "raw",
    ["2024-07-07", "7/7/2024", "07/07/24", "July 7, 2024", "7-Jul-2024", "45480",
     dt.date(2024, 7, 7), dt.datetime(2024, 7, 7), 45480.0],
)
def test_dates_as_vendors_write_them(raw):
    parsed = parse_date(pd.Series([raw], dtype=object))
    assert parsed.values.dt.date.tolist() == [dt.date(2024, 7, 7)]


cells = st.one_of(st.text(), st.floats(allow_nan=True), st.integers(), st.none(),
                  st.dates(), st.booleans())


@given(st.lists(cells, max_size=20))
def test_arbitrary_cells_never_raise(values):
    series = pd.Series(values, dtype=object)
    number = parse_number(series, money=True)
    date = parse_date(series)
    assert len(number.values) == len(date.values) == len(values)
    # Every cell is exactly one of: parsed, blank, or flagged.
    parsed_or_flagged = (number.values.notna() | number.blank | number.not_a_number
                         | number.decimal_comma)
    assert parsed_or_flagged.all()
