"""Vectorised parsers for cell values as vendors write them.

Each parser takes a Series of raw cells (strings, numbers or dates, as the reader left them)
and returns the parsed values plus boolean masks naming what went wrong, row for row.
Nothing here loops over rows in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from imports.columns import fold

# Money is held as whole ten-thousandths of a dollar (int64): exact to compare, fast to sum.
MONEY_SCALE = 10_000

_CURRENCY = r"^\s*(?:US\$|USD|\$)\s*|\s*(?:USD|\$)\s*$"
_PER_HOUR = r"(?i)\s*(?:/\s*(?:hr|hour|h)\.?|per\s+hour|an\s+hour|hourly)\s*$"
_THOUSANDS = r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"
_DECIMAL_COMMA = r"^-?\d+,\d{1,2}$"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def as_text(raw: pd.Series) -> pd.Series:
    """Cells as stripped text; numbers as Python prints them, blanks as ''."""
    text = raw.astype("string").fillna("").str.strip()
    return text.astype(object)


@dataclass(frozen=True)
class NumberParse:
    values: pd.Series  # float64, NaN where blank or not a number
    blank: pd.Series
    not_a_number: pd.Series
    decimal_comma: pd.Series


def parse_number(raw: pd.Series, *, money: bool = False) -> NumberParse:
    # Cells the reader already typed as numbers (and plain numeric text) convert in one
    # vectorised step; only the rest ("$18.20", "18,20", blanks) goes through text cleaning.
    numeric = raw.map(type).isin((int, float)) if raw.dtype == object else None
    direct = pd.to_numeric(raw.where(numeric, None) if numeric is not None else raw,
                           errors="coerce").astype("float64")
    pending = direct.isna().to_numpy()
    values = direct.copy()
    blank = pd.Series(False, index=raw.index)
    decimal_comma = pd.Series(False, index=raw.index)
    if pending.any():
        rest = _parse_number_text(raw[pending], money=money)
        values[pending] = rest.values
        blank[pending] = rest.blank
        decimal_comma[pending] = rest.decimal_comma
    values = values.mask(~np.isfinite(values))
    not_a_number = ~blank & values.isna() & ~decimal_comma
    return NumberParse(values=values, blank=blank.astype(bool),
                       not_a_number=not_a_number.astype(bool),
                       decimal_comma=decimal_comma.astype(bool))


def _parse_number_text(raw: pd.Series, *, money: bool) -> NumberParse:
    text = pd.Series(as_text(raw), index=raw.index, dtype="string")
    blank = text == ""
    cleaned = text
    if money:
        cleaned = cleaned.str.replace(_PER_HOUR, "", regex=True).str.replace(
            _CURRENCY, "", regex=True
        )
    cleaned = cleaned.str.strip()
    decimal_comma = cleaned.str.fullmatch(_DECIMAL_COMMA).fillna(False).astype(bool)
    thousands = cleaned.str.fullmatch(_THOUSANDS).fillna(False).astype(bool)
    cleaned = cleaned.mask(thousands, cleaned.str.replace(",", "", regex=False))
    cleaned = cleaned.mask(decimal_comma, "")
    values = pd.to_numeric(cleaned.mask(cleaned == "", None), errors="coerce").astype("float64")
    return NumberParse(values=values, blank=blank.astype(bool),
                       not_a_number=pd.Series(False, index=raw.index),
                       decimal_comma=decimal_comma)


def money_units(values: pd.Series) -> pd.Series:
    """Float dollars to exact int64 ten-thousandths of a dollar (nullable)."""
    return (values * MONEY_SCALE).round().astype("Int64")


@dataclass(frozen=True)
class DateParse:
    values: pd.Series  # datetime64[ns], NaT where blank or not a date
    blank: pd.Series
    not_a_date: pd.Series


_TEXT_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m-%d-%y", "%d-%b-%Y", "%d-%b-%y",
                      "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %B %Y", "%d %b %Y")


def parse_date(raw: pd.Series) -> DateParse:
    text = pd.Series(as_text(raw), index=raw.index, dtype="string")
    blank = text == ""
    # Dates the reader already typed print as ISO ("2024-07-07" or "2024-07-07 00:00:00").
    values = pd.to_datetime(text.where(~blank), format="ISO8601", errors="coerce")
    serial = text.str.fullmatch(r"\d{5}(?:\.0+)?").fillna(False).astype(bool) & values.isna()
    if serial.any():
        days = pd.to_numeric(text.where(serial), errors="coerce")
        values = values.mask(serial, _EXCEL_EPOCH + pd.to_timedelta(days, unit="D"))
    for date_format in _TEXT_DATE_FORMATS:
        missing = values.isna() & ~blank
        if not missing.any():
            break
        parsed = pd.to_datetime(text.where(missing), format=date_format, errors="coerce")
        values = values.fillna(parsed)
    values = values.dt.normalize()
    not_a_date = ~blank & values.isna()
    return DateParse(values=values, blank=blank.astype(bool), not_a_date=not_a_date.astype(bool))


def _vocabulary_key(text: pd.Series) -> pd.Series:
    """Each cell folded as imports.columns.fold does (case, accents, punctuation), worked out
    once per distinct value: a column of choices has few."""
    codes, distinct = pd.factorize(text)
    folded = (pd.Series(distinct, dtype="string").str.casefold().str.normalize("NFKD")
              .str.encode("ascii", "ignore").str.decode("ascii")
              .str.replace(r"[^0-9a-z]+", "", regex=True).to_numpy(dtype=object))
    keys = np.where(codes >= 0, folded[np.maximum(codes, 0)] if len(folded) else "", "")
    return pd.Series(keys, index=text.index, dtype="string")


@dataclass(frozen=True)
class ChoiceParse:
    values: pd.Series  # object: the normalised choice, None where blank or not understood
    blank: pd.Series
    unknown: pd.Series


def parse_choice(raw: pd.Series, vocabulary: dict[str, str]) -> ChoiceParse:
    """Map what vendors write ("Man", "M", "male") to one value ("man"), ignoring case, spaces
    and punctuation. A blank stays missing; text outside the vocabulary is flagged, never
    guessed."""
    text = pd.Series(as_text(raw), index=raw.index, dtype="string")
    blank = (text == "").astype(bool)
    keys = {fold(key): value for key, value in vocabulary.items()}
    values = _vocabulary_key(text).map(keys).astype(object)
    values = values.where(values.notna(), None)
    unknown = (~blank & values.isna()).astype(bool)
    return ChoiceParse(values=values, blank=blank, unknown=unknown)


YES_NO = {"t": True, "true": True, "y": True, "yes": True, "x": True, "1": True, "1.0": True,
          "f": False, "false": False, "n": False, "no": False, "0": False, "0.0": False,
          "sí": True, "verdadero": True, "falso": False}


def as_boolean(values: pd.Series) -> pd.Series:
    """Choice values True/False/None as pandas' nullable boolean (missing stays missing)."""
    return values.astype("boolean")


@dataclass(frozen=True)
class ZipParse:
    values: pd.Series  # object: five-digit ZIP text, None where blank or not a ZIP
    blank: pd.Series
    invalid: pd.Series
    zero_restored: pd.Series


def parse_zip(raw: pd.Series) -> ZipParse:
    """ZIP codes as five-character text. A ZIP stored as a number loses its leading zero
    (02119 becomes 2119, or 2119.0): it is restored and reported. ZIP+4 keeps its five."""
    text = pd.Series(as_text(raw), index=raw.index, dtype="string")
    text = text.str.replace(r"\.0+$", "", regex=True)
    blank = (text == "").astype(bool)
    five = text.str.extract(r"^(\d{5})(?:-?\d{4})?$", expand=False)
    short = text.str.fullmatch(r"\d{3,4}").fillna(False).astype(bool)
    values = five.mask(short, text.str.zfill(5)).astype(object)
    values = values.where(values.notna(), None)
    invalid = (~blank & values.isna()).astype(bool)
    return ZipParse(values=values, blank=blank, invalid=invalid, zero_restored=short)
