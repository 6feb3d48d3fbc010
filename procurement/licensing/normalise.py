"""Normalisation of enforcement records and screening queries, vectorised over Series.

The same functions serve the importer (a chunk of rows) and a single screening (a Series of
one), so a record and a query are always normalised alike.
"""

from __future__ import annotations

import re

import pandas as pd

LEGAL_SUFFIXES = (
    "llc", "inc", "incorporated", "corp", "corporation", "co", "company", "companies", "ltd",
    "limited", "lp", "llp", "lllp", "pc", "pllc", "plc", "pa", "na",
)
_SUFFIX_TAIL = re.compile(r"(?:\s+(?:" + "|".join(LEGAL_SUFFIXES) + r"))+$")
_DBA = re.compile(r"\s*(?:\bd\s*/\s*b\s*/\s*a\b|\bd\.\s*b\.\s*a\.?|\bdba\b)\s*", re.IGNORECASE)
_STREET_WORDS = {
    "street": "st", "str": "st", "road": "rd", "avenue": "ave", "av": "ave", "boulevard": "blvd",
    "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "parkway": "pkwy",
    "highway": "hwy", "route": "rte", "rt": "rte", "suite": "ste", "square": "sq",
    "terrace": "ter", "turnpike": "tpke", "circle": "cir", "building": "bldg", "floor": "fl",
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne",
    "northwest": "nw", "southeast": "se", "southwest": "sw", "first": "1st", "second": "2nd",
    "third": "3rd", "fourth": "4th", "fifth": "5th", "apartment": "apt", "unit": "unit",
    "number": "", "no": "",
}
_STREET_WORD = re.compile(r"\b(" + "|".join(_STREET_WORDS) + r")\b")
# Words too common in business names to pick out candidates on their own (blocking only: the
# score still compares the whole name).
GENERIC_TOKENS = frozenset({
    "and", "of", "the", "a", "an", "at", "in", "for", "by", "on", "group", "services",
    "service", "enterprises", "enterprise", "holdings", "international", "industries",
    "management", "construction", "contractors", "contracting", "cleaning", "restaurant",
    "restaurants", "associates", "solutions", "systems", "partners", "usa", "america",
    "american", "national", "new", "inc", "llc", "corp", "co",
})


def _text(values: pd.Series) -> pd.Series:
    """Lower-case ASCII text with missing values as ""."""
    text = values.astype("string").fillna("")
    text = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return text.str.lower()


def clean_category(values: pd.Series) -> pd.Series:
    """Stray spaces removed inside and around a category value; missing stays missing."""
    text = values.astype("string").str.strip().str.replace(r"\s+", " ", regex=True)
    return text.mask(text == "")


def split_dba(names: pd.Series) -> tuple[pd.Series, pd.Series]:
    """("A&A Brothers d/b/a Emperor's Club") -> ("A&A Brothers", "Emperor's Club").
    Names without "doing business as" come back whole, with an empty trade name."""
    text = names.astype("string").fillna("")
    parts = text.str.split(_DBA, n=1, expand=True, regex=True)
    if parts.shape[1] == 1:
        return text.str.strip(), pd.Series("", index=names.index, dtype="string")
    return parts[0].str.strip(), parts[1].fillna("").str.strip()


def normalise_name(names: pd.Series) -> pd.Series:
    """Business names compared alike: case, accents, punctuation, "&"/"and", "d/b/a", a
    leading "The" and trailing legal suffixes (LLC, L.L.C., Inc., Corp, Co ...) removed.

    A name that is nothing but a suffix ("Company") keeps it rather than becoming empty.
    """
    text = _text(names)
    text = text.str.replace(_DBA, " ", regex=True)
    text = text.str.replace("&", " and ", regex=False).str.replace("+", " and ", regex=False)
    text = text.str.replace(r"['\u2019`]", "", regex=True)  # O'Brien's -> obriens
    text = text.str.replace(r"(?<=\b\w)\.(?=\w\b\.?)", "", regex=True)  # L.L.C. -> LLC.
    text = text.str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
    text = text.str.replace(r"^the\s+", "", regex=True)
    stripped = text.str.replace(_SUFFIX_TAIL, "", regex=True).str.strip()
    return stripped.mask(stripped == "", text)


def normalise_street(streets: pd.Series) -> pd.Series:
    """'182 Turnpike Road, Suite 255' -> '182 tpke rd ste 255'."""
    text = _text(streets).str.replace(r"[^a-z0-9#]+", " ", regex=True)
    text = text.str.replace("#", " ste ", regex=False)
    text = text.str.replace(_STREET_WORD, lambda m: _STREET_WORDS[m.group(1)], regex=True)
    return text.str.replace(r"\s+", " ", regex=True).str.strip()


def normalise_city(cities: pd.Series) -> pd.Series:
    text = _text(cities).str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
    return text.str.replace(r"^(?:saint|ste?)\b", "st", regex=True)


def normalise_state(states: pd.Series) -> pd.Series:
    return _text(states).str.replace(r"[^a-z]", "", regex=True).str.upper().str.slice(0, 2)


def normalise_zip(zips: pd.Series) -> pd.Series:
    """Five-digit ZIP: '60630.0' -> '60630', '3561' (a float lost the zero) -> '03561',
    '02116-1234' -> '02116'. Anything else becomes ''."""
    text = _text(zips).str.strip().str.replace(r"\.0+$", "", regex=True)
    digits = text.str.extract(r"^(\d{1,5})(?:\s*-?\s*\d{4})?$", expand=False).fillna("")
    return digits.where(digits == "", digits.str.zfill(5))


def normalise_key(values: pd.Series) -> pd.Series:
    """A source's record key as text: '1424600.0' -> '1424600'."""
    return (values.astype("string").fillna("").str.strip()
            .str.replace(r"^(\d+)\.0+$", r"\1", regex=True))


def name_tokens(names: pd.Series) -> pd.Series:
    """Each normalised name's distinct blocking tokens (generic words dropped unless the name
    has nothing else). Returns a Series of lists."""
    words = names.astype("string").fillna("").str.split()
    exploded = words.explode()
    exploded = exploded[exploded.notna() & (exploded.str.len() > 1)]
    specific = exploded[~exploded.isin(GENERIC_TOKENS)]
    has_specific = specific.groupby(level=0).size().reindex(names.index, fill_value=0) > 0
    fallback = exploded[~exploded.index.isin(has_specific[has_specific].index)]
    chosen = pd.concat([specific, fallback]).rename("token").rename_axis("at").reset_index()
    grouped = chosen.drop_duplicates().groupby("at")["token"].agg(list)
    return grouped.reindex(names.index).apply(lambda tokens: tokens
                                              if isinstance(tokens, list) else [])


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates as published (2003-11-04), re-saved by Excel (11/4/03, 11/04/2003), with a time
    (2015-01-05 00:00:00) or as Excel serial day numbers (42010). Unreadable -> NaT."""
    text = values.astype("string").str.strip()
    parsed = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    for fmt in ("%m/%d/%y", "%m/%d/%Y", "%d-%b-%Y", "%d-%b-%y"):
        missing = parsed.isna() & text.notna()
        if not missing.any():
            break
        parsed = parsed.fillna(pd.to_datetime(text.where(missing), format=fmt, errors="coerce"))
    serial = pd.to_numeric(text.where(parsed.isna()), errors="coerce")
    serial = serial.where((serial > 1) & (serial < 120_000))  # 1900-01-01 .. 2228
    from_serial = pd.to_datetime(serial, unit="D", origin="1899-12-30", errors="coerce")
    return parsed.fillna(from_serial).dt.normalize()


def parse_cents(values: pd.Series) -> pd.Series:
    """Money ("$1,234.50", "10362.700000000001", "") as whole cents (Int64; missing -> NA).
    Float parsing is exact to the cent for any amount below $90 trillion."""
    text = values.astype("string").str.replace(r"[$,\s]", "", regex=True)
    negative = text.str.match(r"^\(.*\)$").fillna(False)
    number = pd.to_numeric(text.str.strip("()"), errors="coerce")
    cents = (number * 100).round()
    return cents.where(~negative, -cents).astype("Int64")


def parse_count(values: pd.Series) -> pd.Series:
    """Counts written as 3, '3.0' or ''; negative or fractional counts are treated as missing."""
    number = pd.to_numeric(values.astype("string").str.replace(",", "", regex=False)
                           .str.strip(), errors="coerce")
    whole = number.where((number >= 0) & (number == number.round()))
    return whole.astype("Int64")
