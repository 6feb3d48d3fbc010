"""Vectorised parsers for cell values as vendors write them.

Each parser takes a Series of cells as the reader left them (Arrow-backed text, NaN where
blank; any other Series is turned into text first) and returns the parsed values plus boolean
masks naming what went wrong, row for row. Nothing here loops over rows in Python: text is
cleaned with Arrow's string kernels, and dates are worked out once per distinct text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from imports.regex import portable
from imports.words import ascii_fold, languages

TEXT = pd.StringDtype("pyarrow", na_value=np.nan)

_CURRENCY = portable(r"^(?:US\$|USD|\$|€|£)\s*|\s*(?:USD|\$|€)$")
_PER_HOUR = portable(r"(?i)\s*(?:/\s*(?:hr|hour|h|hora)\.?|per\s+hour|an\s+hour|hourly"
                     r"|por\s+hora)$")
_NEGATIVE = portable(r"\(\s*[^()]+\s*\)|[^-]+-")  # (12.50) and 12.50-
_PLAIN = portable(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d{1,3})?")
_THOUSANDS = portable(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = portable(r"[-+]?\d+,\d{1,2}")
# Where the file's own numbers settle that the comma is the decimal mark (imports.locale).
_EUROPEAN = portable(r"[-+]?\d{1,3}(?:[. ]\d{3})*,\d+|[-+]?\d+,\d+")
_DURATION = portable(r"(\d{1,4}):([0-5]\d)(?::[0-5]\d)?")
_HOURS_MINUTES = portable(r"(?:(\d{1,4}(?:\.\d+)?)\s*h(?:rs?|ours?)?)?"
                  r"\s*(?:(\d{1,3})\s*m(?:in(?:s|utes?)?)?)?")
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def to_text(raw: pd.Series) -> pd.Series:
    """Cells as Arrow text, NaN where blank."""
    if raw.dtype == TEXT:
        return raw
    if raw.dtype == object:
        raw = raw.map(_cell_text, na_action="ignore")
    return raw.astype(TEXT)


def _cell_text(value: object) -> object:
    """A typed cell (as tests and templates write them) as the reader would give it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_text(raw: pd.Series) -> pd.Series:
    """Cells as stripped text, blanks as ''."""
    return to_text(raw).str.strip().fillna("")


@dataclass(frozen=True)
class NumberParse:
    values: pd.Series  # float64, NaN where blank or not a number
    blank: pd.Series
    not_a_number: pd.Series
    decimal_comma: pd.Series  # "18,20" where the file does not settle what the comma means


def parse_number(raw: pd.Series, *, money: bool = False, decimal_comma: bool = False,
                 duration: bool = False) -> NumberParse:
    """Numbers as vendors write them: "$1,234.50", "18.20/hr", "(12.50)" and "12.50-" for a
    negative, "1.234,50" where the file uses the decimal comma, "7:30" for hours and
    minutes when `duration`."""
    text = to_text(raw).str.strip()
    blank = (text.isna() | (text == "")).to_numpy(dtype=bool)
    index = text.index
    # Most columns hold plain numbers (a workbook's typed cells): one pass reads them.
    plain = text.str.fullmatch(_PLAIN).fillna(False).to_numpy(dtype=bool)
    if (plain | blank).all():
        values = _to_float(text, plain)
        values[~np.isfinite(values)] = np.nan
        nothing = pd.Series(np.zeros(len(text), dtype=bool), index=index)
        return NumberParse(values=pd.Series(values, index=index),
                           blank=pd.Series(blank, index=index),
                           not_a_number=pd.Series(plain & np.isnan(values), index=index),
                           decimal_comma=nothing)
    cleaned = text
    if money:
        cleaned = cleaned.str.replace(_PER_HOUR, "", regex=True) \
            .str.replace(_CURRENCY, "", regex=True).str.strip()
    negative = cleaned.str.fullmatch(_NEGATIVE).fillna(False).to_numpy(dtype=bool)
    if negative.any():
        cleaned = cleaned.where(~negative, "-" + cleaned.str.strip("()- ")).str.strip()
        if money:
            cleaned = cleaned.str.replace(portable(r"^-\s*\$\s*"), "-", regex=True)
    comma = np.zeros(len(text), dtype=bool)
    if decimal_comma:
        european = cleaned.str.fullmatch(_EUROPEAN).fillna(False).to_numpy(dtype=bool)
        if european.any():
            cleaned = cleaned.where(~european, cleaned.str.replace(r"[. ]", "", regex=True)
                                    .str.replace(",", ".", regex=False))
    else:
        thousands = cleaned.str.fullmatch(_THOUSANDS).fillna(False).to_numpy(dtype=bool)
        if thousands.any():
            cleaned = cleaned.where(~thousands, cleaned.str.replace(",", "", regex=False))
        comma = cleaned.str.fullmatch(_DECIMAL_COMMA).fillna(False).to_numpy(dtype=bool)
    plain = cleaned.str.fullmatch(_PLAIN).fillna(False).to_numpy(dtype=bool)
    values = pd.Series(_to_float(cleaned, plain), index=text.index, dtype="float64")
    if duration:
        rest = ~plain & ~blank & ~comma
        if rest.any():
            values = values.where(~rest, _durations(cleaned.where(rest)))
    values = values.where(np.isfinite(values))
    not_a_number = ~blank & values.isna().to_numpy() & ~comma
    return NumberParse(values=pd.Series(values.to_numpy(), index=index),
                       blank=pd.Series(blank, index=index),
                       not_a_number=pd.Series(not_a_number, index=index),
                       decimal_comma=pd.Series(comma, index=index))


def _to_float(text: pd.Series, plain: np.ndarray) -> np.ndarray:
    """The plain numbers of a text column as floats (NaN elsewhere), cast in Arrow."""
    if not plain.any():
        return np.full(len(text), np.nan)
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = pa.Array.from_pandas(text.astype(TEXT))
    numbers = pc.cast(pc.if_else(pa.array(plain), cells, pa.scalar(None, pa.string())),
                      pa.float64())
    return np.array(numbers.to_numpy(zero_copy_only=False), dtype="float64")


def _durations(text: pd.Series) -> pd.Series:
    """'7:30' -> 7.5 hours; '7h 30m', '7 hrs 30 mins' -> 7.5."""
    clock = text.str.extract(f"^{_DURATION}$")
    hours = pd.to_numeric(clock[0], errors="coerce") + pd.to_numeric(clock[1],
                                                                     errors="coerce") / 60
    spelled = text.str.lower().str.extract(f"^{_HOURS_MINUTES}$")
    some = spelled[0].notna() | spelled[1].notna()
    spelled_hours = (pd.to_numeric(spelled[0], errors="coerce").fillna(0)
                     + pd.to_numeric(spelled[1], errors="coerce").fillna(0) / 60).where(some)
    return hours.fillna(spelled_hours).astype("float64")


@dataclass(frozen=True)
class DateParse:
    values: pd.Series  # datetime64[ns], NaT where blank or not a date
    blank: pd.Series
    not_a_date: pd.Series


_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january", "ene", "enero"), ("feb", "february", "febrero"),
    ("mar", "march", "marzo"), ("apr", "april", "abr", "abril"), ("may", "mayo"),
    ("jun", "june", "junio"), ("jul", "july", "julio"),
    ("aug", "august", "ago", "agosto"), ("sep", "sept", "september", "septiembre", "set",
                                         "setiembre"),
    ("oct", "october", "octubre"), ("nov", "november", "noviembre"),
    ("dec", "december", "dic", "diciembre")), start=1) for name in names}
_ISO = portable(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[tT ].*)?")
_COMPACT = portable(r"(20\d{2})(\d{2})(\d{2})")
_NUMERIC = portable(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[tT ,].*)?")
_SERIAL = portable(r"(\d{5})(?:\.\d+)?")
_MONTH_FIRST = portable(r"(?:[a-z]+,?\s+)?([a-z]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+"
                        r"(\d{4})(?:\s.*)?")
_DAY_FIRST = portable(r"(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+(?:de\s+)?([a-z]{3,10})\.?,?"
              r"[\s-]+(?:de\s+)?(\d{4}|\d{2})(?:\s.*)?")
DATE_IN_TEXT = portable(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
                r"|[A-Za-z]{3,10}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}"
                r"|\d{1,2}(?:st|nd|rd|th)?[ -](?:de )?[A-Za-z]{3,10}\.?,?[ -](?:de )?\d{4}")


def slash_date_parts(raw: pd.Series) -> pd.DataFrame:
    """The first two numbers of dates written 07/08/2024 (as integers), for deciding whether
    a file writes the day or the month first (imports.locale)."""
    text = to_text(raw).str.strip()
    text = text[text.str.contains("/", regex=False).fillna(False).to_numpy(dtype=bool)]
    parts = text.str.extract(f"^{_NUMERIC}$")
    return pd.DataFrame({"first": pd.to_numeric(parts[0], errors="coerce"),
                         "second": pd.to_numeric(parts[1], errors="coerce")}).dropna()


def parse_date(raw: pd.Series, *, day_first: bool = False) -> DateParse:
    """Dates as vendors write them: ISO (with or without a time or time zone, which are
    ignored), Excel serial numbers, 7/7/2024 and 07-07-24 (month first unless `day_first`),
    month names in English or Spanish ("Jul 7, 2024", "7 de julio de 2024"), 20240707."""
    text = to_text(raw).str.strip()
    blank = (text.isna() | (text == "")).to_numpy(dtype=bool)
    codes, distinct = pd.factorize(text)
    distinct = pd.Series(distinct, dtype=TEXT)
    values = _dates_of(distinct, day_first=day_first).to_numpy()
    parsed = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    found = codes >= 0
    parsed[found] = values[codes[found]]
    result = pd.Series(parsed, index=text.index)
    not_a_date = ~blank & result.isna().to_numpy()
    return DateParse(values=result, blank=pd.Series(blank, index=text.index),
                     not_a_date=pd.Series(not_a_date, index=text.index))


_FEW = 64
_PATTERNS = None


def _date_patterns(day_first: bool) -> list[tuple[re.Pattern, int, int, int, bool]]:
    return [(re.compile(f"^{_ISO}$"), 0, 1, 2, False),
            (re.compile(f"^{_COMPACT}$"), 0, 1, 2, False),
            (re.compile(f"^{_NUMERIC}$"), 2, 1 if day_first else 0, 0 if day_first else 1,
             False),
            (re.compile(f"^{_MONTH_FIRST}$"), 2, 0, 1, True),
            (re.compile(f"^{_DAY_FIRST}$"), 2, 1, 0, True)]


_COMPILED = {flag: _date_patterns(flag) for flag in (False, True)}
_SERIAL_RE = re.compile(f"^{_SERIAL}$")


def _date_of(text: str, day_first: bool) -> dt.date | None:
    """One text's date, as the vectorised path reads it (for a handful of distinct texts a
    loop is faster than a column operation)."""
    lower = ascii_fold(text).casefold()
    for pattern, y, m, d, months in _COMPILED[day_first]:
        found = pattern.match(lower)
        if not found:
            continue
        parts = found.groups()
        month = _MONTHS.get(parts[m]) if months else int(parts[m])
        if month is None:
            continue
        year = int(parts[y])
        year = year if year >= 100 else 2000 + year
        try:
            if 1900 <= year <= 2200:
                return dt.date(year, month, int(parts[d]))
        except ValueError:
            pass
    if _SERIAL_RE.match(lower):
        days = int(lower.split(".")[0])
        if 18_000 <= days <= 110_000:
            return (_EXCEL_EPOCH + pd.Timedelta(days=days)).date()
    return None


def _dates_of(text: pd.Series, *, day_first: bool) -> pd.Series:
    """One date per distinct text (NaT where none): vectorised over the distinct values."""
    if text.empty:
        return pd.Series([], dtype="datetime64[ns]")
    if len(text) <= _FEW:
        found = [_date_of(value, day_first) for value in text.tolist()]
        return pd.Series(pd.to_datetime(pd.Series(found, dtype=object)),
                         dtype="datetime64[ns]")
    lower = pd.Series([ascii_fold(t).casefold() for t in text.tolist()], dtype=TEXT) \
        if len(text) < 5_000 else text.str.lower()
    year = pd.Series(np.nan, index=text.index)
    month, day = year.copy(), year.copy()

    def fill(pattern: str, y: int, m: int, d: int, months: bool = False) -> None:
        nonlocal year, month, day
        parts = lower.str.extract(f"^{pattern}$")
        pending = year.isna()
        found_year = pd.to_numeric(parts[y], errors="coerce")
        found_month = (parts[m].map(lambda name: _MONTHS.get(name), na_action="ignore")
                       .astype("float64") if months
                       else pd.to_numeric(parts[m], errors="coerce"))
        found_day = pd.to_numeric(parts[d], errors="coerce")
        ok = pending & found_year.notna() & found_month.notna() & found_day.notna()
        year, month, day = (year.where(~ok, found_year), month.where(~ok, found_month),
                            day.where(~ok, found_day))

    fill(_ISO, 0, 1, 2)
    fill(_COMPACT, 0, 1, 2)
    fill(_NUMERIC, 2, 1 if day_first else 0, 0 if day_first else 1)
    fill(_MONTH_FIRST, 2, 0, 1, months=True)
    fill(_DAY_FIRST, 2, 1, 0, months=True)
    year = year.where(year >= 100, 2000 + year)  # "07/07/24": this century
    valid = (month.between(1, 12) & day.between(1, 31) & year.between(1900, 2200))
    dates = pd.to_datetime(pd.DataFrame({"year": year.where(valid, 2000),
                                         "month": month.where(valid, 1),
                                         "day": day.where(valid, 1)}),
                           errors="coerce").where(valid)
    serial = lower.str.fullmatch(_SERIAL).fillna(False) & dates.isna()
    if serial.any():
        days = pd.to_numeric(lower.where(serial), errors="coerce")
        days = days.where(days.between(18_000, 110_000))  # 1949 to 2201
        dates = dates.fillna(_EXCEL_EPOCH + pd.to_timedelta(days, unit="D"))
    return dates.astype("datetime64[ns]").dt.normalize()


@dataclass(frozen=True)
class DateRangeParse:
    start: pd.Series
    end: pd.Series


def parse_date_range(raw: pd.Series, *, day_first: bool = False) -> DateRangeParse:
    """'07/01/2024 - 07/14/2024', 'Jul 1, 2024 to Jul 14, 2024': the first and last date in
    each cell (a cell with one date gives it as the end)."""
    text = to_text(raw)
    found = text.str.findall(DATE_IN_TEXT)
    first = found.map(lambda dates: dates[0] if len(dates) > 1 else None, na_action="ignore")
    last = found.map(lambda dates: dates[-1] if dates else None, na_action="ignore")
    return DateRangeParse(start=parse_date(first.astype(TEXT), day_first=day_first).values,
                          end=parse_date(last.astype(TEXT), day_first=day_first).values)


def _vocabulary_key(text: pd.Series) -> pd.Series:
    """Each cell folded as imports.words does (case, accents, punctuation), worked out once
    per distinct value: a column of choices has few."""
    from imports.words import words

    codes, distinct = pd.factorize(text)
    folded = np.array([" ".join(words(value)) for value in distinct], dtype=object)
    keys = np.where(codes >= 0, folded[np.maximum(codes, 0)] if len(folded) else "", "")
    return pd.Series(keys, index=text.index, dtype=object)


@dataclass(frozen=True)
class ChoiceParse:
    values: pd.Series  # object: the normalised choice, None where blank or not understood
    blank: pd.Series
    unknown: pd.Series


def parse_choice(raw: pd.Series, vocabulary: dict[str, str]) -> ChoiceParse:
    """Map what vendors write ("Man", "M", "male") to one value ("man"), ignoring case, spaces
    and punctuation. A blank stays missing; text outside the vocabulary is flagged, never
    guessed."""
    from imports.words import words

    text = as_text(raw)
    blank = (text == "").to_numpy(dtype=bool)
    keys = {" ".join(words(key)): value for key, value in vocabulary.items()}
    values = _vocabulary_key(text).map(keys).astype(object)
    values = values.where(values.notna(), None)
    unknown = ~blank & values.isna().to_numpy()
    return ChoiceParse(values=values, blank=pd.Series(blank, index=text.index),
                       unknown=pd.Series(unknown, index=text.index))


# Yes and no as vendors write them in English, then in every language of
# imports/languages.toml.
YES_NO = {"t": True, "true": True, "y": True, "yes": True, "x": True, "1": True, "1.0": True,
          "f": False, "false": False, "n": False, "no": False, "0": False, "0.0": False,
          **{word: answer for language in languages().values()
             for answer, words_ in ((True, language.values["yes"]),
                                    (False, language.values["no"]))
             for word in words_}}


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
    text = as_text(raw).str.replace(r"\.0+$", "", regex=True)
    blank = (text == "").to_numpy(dtype=bool)
    five = text.str.extract(r"^([0-9]{5})(?:-?[0-9]{4})?$", expand=False)
    short = text.str.fullmatch(r"[0-9]{3,4}").fillna(False).to_numpy(dtype=bool)
    values = five.mask(short, text.str.zfill(5)).astype(object)
    values = values.where(values.notna(), None)
    invalid = ~blank & values.isna().to_numpy()
    index = text.index
    return ZipParse(values=values, blank=pd.Series(blank, index=index),
                    invalid=pd.Series(invalid, index=index),
                    zero_restored=pd.Series(short, index=index))


@dataclass(frozen=True)
class MonthParse:
    values: pd.Series  # datetime64[ns]: the month's last day, NaT where blank or no month
    blank: pd.Series
    not_a_month: pd.Series


_YEAR_MONTH = portable(r"(\d{4})\s*[-/.]\s*(\d{1,2})")  # 2025-03
_MONTH_YEAR = portable(r"(\d{1,2})\s*[-/.]\s*(\d{4})")  # 3/2025
# March 2025, Mar. 2025, marzo de 2025; a two-digit year only after a dash, a slash or an
# apostrophe, as Excel's mmm-yy shows a month ("Mar-25"): "March 15" is no month of 2015.
_NAMED_MONTH = portable(r"([a-z]{3,10})\.?,?\s*(?:(?:\s|-|/)\s*(?:del?\s+)?(\d{4})"
                        r"|(?:-|/|')\s*'?(\d{2}))")
_YEAR_NAMED = portable(r"(\d{4})[\s-]+([a-z]{3,10})\.?")  # 2025 March


def parse_month(raw: pd.Series, *, day_first: bool = False) -> MonthParse:
    """The month each cell names, as its last day: "2025-03", "3/2025", "March 2025",
    "marzo de 2025", "Mar-25" (Excel's mmm-yy), or any date parse_date reads (an Excel date
    cell, 2025-03-15, 3/15/2025), which names its month."""
    text = to_text(raw).str.strip()
    blank = (text.isna() | (text == "")).to_numpy(dtype=bool)
    codes, distinct = pd.factorize(text)
    distinct = pd.Series(distinct, dtype=TEXT)
    found = parse_date(distinct, day_first=day_first).values
    lower = pd.Series([ascii_fold(t).casefold() for t in distinct.tolist()], dtype=TEXT) \
        if len(distinct) < 5_000 else distinct.str.lower()
    year = pd.Series(np.nan, index=distinct.index)
    month = year.copy()
    for pattern, y, m, named in ((_YEAR_MONTH, (0,), 1, False), (_MONTH_YEAR, (1,), 0, False),
                                 (_NAMED_MONTH, (1, 2), 0, True),
                                 (_YEAR_NAMED, (0,), 1, True)):
        parts = lower.str.extract(f"^{pattern}$")
        found_year = pd.Series(np.nan, index=distinct.index)
        for position in y:
            found_year = found_year.fillna(pd.to_numeric(parts[position], errors="coerce"))
        found_month = (parts[m].map(_MONTHS.get, na_action="ignore").astype("float64")
                       if named else pd.to_numeric(parts[m], errors="coerce"))
        take = year.isna() & found_year.notna() & found_month.notna()
        year, month = year.where(~take, found_year), month.where(~take, found_month)
    year = year.where(year >= 100, 2000 + year)
    valid = month.between(1, 12) & year.between(1900, 2200) & found.isna().to_numpy()
    firsts = pd.to_datetime(pd.DataFrame({"year": year.where(valid, 2000),
                                          "month": month.where(valid, 1), "day": 1}),
                            errors="coerce").where(valid)
    days = found.fillna(firsts).astype("datetime64[ns]")
    ends = (days + pd.offsets.MonthEnd(0)).to_numpy(dtype="datetime64[ns]")
    values = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    present = codes >= 0
    values[present] = ends[codes[present]]
    result = pd.Series(values, index=text.index)
    return MonthParse(values=result, blank=pd.Series(blank, index=text.index),
                      not_a_month=pd.Series(~blank & result.isna().to_numpy(),
                                            index=text.index))


@dataclass(frozen=True)
class PercentParse:
    values: pd.Series  # float64, percent points 0-100; NaN where blank or refused
    blank: pd.Series
    not_a_number: pd.Series
    decimal_comma: pd.Series
    ambiguous: pd.Series  # a plain number below 1 in a column of percent points
    out_of_range: pd.Series  # below 0 or above 100 once read
    fractions: bool  # the column's plain numbers were read as fractions (0.51 is 51%)


_PERCENT_SIGN = portable(r"\s*%$|^%\s*")


def parse_percent(raw: pd.Series, *, decimal_comma: bool = False) -> PercentParse:
    """A share of hours as a percent, 0 to 100. The rule, column by column:

    - written with a percent sign ("51%", "12.5 %"), it is that percent;
    - plain numbers are all fractions or all percent points, never a mix: when every plain
      number of the column lies between 0 and 1 (as Excel stores a percent cell: 51% is
      0.51), each is multiplied by 100; otherwise they are percent points (51 is 51%);
    - in a column of percent points, a plain number strictly between 0 and 1 ("0.5": half a
      percent, or 50% stored as a fraction?) is ambiguous and not read;
    - a share below 0 or above 100 is not read.
    """
    text = to_text(raw).str.strip()
    signed = text.str.contains(_PERCENT_SIGN).fillna(False).to_numpy(dtype=bool)
    number_text = text.where(~signed, text.str.replace(_PERCENT_SIGN, "", regex=True))
    parsed = parse_number(number_text, decimal_comma=decimal_comma)
    values = parsed.values.to_numpy(dtype="float64", copy=True)
    known = ~np.isnan(values)
    plain = known & ~signed
    deciding = plain & (values >= 0)
    fractions = bool(deciding.any()) and bool((values[deciding] <= 1).all())
    if fractions:
        values[plain] = values[plain] * 100
        ambiguous = np.zeros(len(values), dtype=bool)
    else:
        ambiguous = plain & (values > 0) & (values < 1)
    out_of_range = known & ~ambiguous & ((values < 0) | (values > 100))
    values[ambiguous | out_of_range] = np.nan
    index = text.index
    return PercentParse(values=pd.Series(values, index=index), blank=parsed.blank,
                        not_a_number=parsed.not_a_number, decimal_comma=parsed.decimal_comma,
                        ambiguous=pd.Series(ambiguous, index=index),
                        out_of_range=pd.Series(out_of_range, index=index),
                        fractions=fractions)
