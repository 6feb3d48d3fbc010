"""Normalisation of enforcement records and screening queries, vectorised over Series.

Each normalisation is one function of one value (`name_key`, `street_key` ...); the Series
functions apply it to a whole column. The importer (a chunk of rows), a batch of queries and a
single screening all go through the same functions, so a record and a query are always
normalised alike; a single screening calls them directly, without a one-row DataFrame.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from imports import money

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
_APOSTROPHE = re.compile(r"['\u2019`]")
_INITIAL_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b\.?)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_STREET = re.compile(r"[^a-z0-9#]+")
_NOT_LETTER = re.compile(r"[^a-z]")
_SPACES = re.compile(r"\s+")
_THE = re.compile(r"^the\s+")
_SAINT = re.compile(r"^(?:saint|ste?)\b")
_FLOAT_TAIL = re.compile(r"\.0+$")
_ZIP = re.compile(r"^(\d{1,5})(?:\s*-?\s*\d{4})?$")
# Words too common in business names to pick out candidates on their own (blocking only: the
# score still compares the whole name).
GENERIC_TOKENS = frozenset({
    "and", "of", "the", "a", "an", "at", "in", "for", "by", "on", "group", "services",
    "service", "enterprises", "enterprise", "holdings", "international", "industries",
    "management", "construction", "contractors", "contracting", "cleaning", "restaurant",
    "restaurants", "associates", "solutions", "systems", "partners", "usa", "america",
    "american", "national", "new", "inc", "llc", "corp", "co",
})


# The states and territories by code, with the names and abbreviations sources write.
STATE_NAMES = {
    "AL": ("alabama", "ala"), "AK": ("alaska",), "AZ": ("arizona", "ariz"),
    "AR": ("arkansas", "ark"), "CA": ("california", "calif"), "CO": ("colorado", "colo"),
    "CT": ("connecticut", "conn"), "DE": ("delaware", "del"), "DC": ("districtofcolumbia",),
    "FL": ("florida", "fla"), "GA": ("georgia",), "HI": ("hawaii",), "ID": ("idaho",),
    "IL": ("illinois", "ill"), "IN": ("indiana", "ind"), "IA": ("iowa",),
    "KS": ("kansas", "kan", "kans"), "KY": ("kentucky",), "LA": ("louisiana",),
    "ME": ("maine",), "MD": ("maryland",), "MA": ("massachusetts", "mass"),
    "MI": ("michigan", "mich"), "MN": ("minnesota", "minn"), "MS": ("mississippi", "miss"),
    "MO": ("missouri",), "MT": ("montana", "mont"), "NE": ("nebraska", "neb", "nebr"),
    "NV": ("nevada", "nev"), "NH": ("newhampshire",), "NJ": ("newjersey",),
    "NM": ("newmexico",), "NY": ("newyork",), "NC": ("northcarolina",),
    "ND": ("northdakota",), "OH": ("ohio",), "OK": ("oklahoma", "okla"),
    "OR": ("oregon", "ore", "oreg"), "PA": ("pennsylvania", "penn", "penna"),
    "RI": ("rhodeisland",), "SC": ("southcarolina",), "SD": ("southdakota",),
    "TN": ("tennessee", "tenn"), "TX": ("texas", "tex"), "UT": ("utah",), "VT": ("vermont",),
    "VA": ("virginia",), "WA": ("washington", "wash"), "WV": ("westvirginia", "wva"),
    "WI": ("wisconsin", "wis", "wisc"), "WY": ("wyoming", "wyo"), "PR": ("puertorico",),
    "GU": ("guam",), "VI": ("virginislands", "usvirginislands"), "AS": ("americansamoa",),
    "MP": ("northernmarianaislands",), "FM": ("micronesia", "federatedstatesofmicronesia"),
    "MH": ("marshallislands",), "PW": ("palau",), "AA": ("armedforcesamericas",),
    "AE": ("armedforceseurope",), "AP": ("armedforcespacific",),
}
STATE_CODES = {code.lower(): code for code in STATE_NAMES}
STATE_WORDS = {**STATE_CODES,
                **{name: code for code, names in STATE_NAMES.items() for name in names}}

def _plain(text: str) -> str:
    """Lower-case ASCII: accents dropped (Café -> cafe), other non-ASCII characters removed."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _each(values: pd.Series, key: Callable[[str], object]) -> pd.Series:
    """`key` applied to every value (missing values as "")."""
    return values.astype("string").fillna("").astype(object).map(key)


def clean_category(values: pd.Series) -> pd.Series:
    """Stray spaces removed inside and around a category value; missing stays missing."""
    text = values.astype("string").str.strip().str.replace(r"\s+", " ", regex=True)
    return text.mask(text == "")


def dba_parts(name: str) -> tuple[str, str]:
    """"A&A Brothers d/b/a Emperor's Club" -> ("A&A Brothers", "Emperor's Club"); a name
    without "doing business as" comes back whole, with an empty trade name."""
    parts = _DBA.split(name, maxsplit=1)
    return parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""


def name_key(name: str) -> str:
    """A business name compared alike: case, accents, punctuation, "&"/"and", "d/b/a", a
    leading "The" and trailing legal suffixes (LLC, L.L.C., Inc., Corp, Co ...) removed.

    A name that is nothing but a suffix ("Company") keeps it rather than becoming empty.
    """
    text = _DBA.sub(" ", _plain(name)).replace("&", " and ").replace("+", " and ")
    text = _APOSTROPHE.sub("", text)  # O'Brien's -> obriens
    text = _INITIAL_DOT.sub("", text)  # L.L.C. -> LLC.
    text = _THE.sub("", _NOT_ALNUM.sub(" ", text).strip())
    return _SUFFIX_TAIL.sub("", text).strip() or text


def street_key(street: str) -> str:
    """'182 Turnpike Road, Suite 255' -> '182 tpke rd ste 255'."""
    text = _NOT_STREET.sub(" ", _plain(street)).replace("#", " ste ")
    text = _STREET_WORD.sub(lambda m: _STREET_WORDS[m.group(1)], text)
    return _SPACES.sub(" ", text).strip()


def city_key(city: str) -> str:
    return _SAINT.sub("st", _NOT_ALNUM.sub(" ", _plain(city)).strip())


def state_key(state: str) -> str:
    """'MA', 'ma', 'Mass.', 'Massachusetts' -> 'MA'; a state not recognised is left out ('')
    rather than cut to two letters ('New Hampshire' is NH, never NE)."""
    return STATE_WORDS.get(_NOT_LETTER.sub("", _plain(state)), "")


def zip_key(zip_code: str) -> str:
    """Five-digit ZIP: '60630.0' -> '60630', '3561' (a float lost the zero) -> '03561',
    '02116-1234' -> '02116'. Anything else becomes ''."""
    digits = _ZIP.search(_FLOAT_TAIL.sub("", _plain(zip_code).strip()))
    return digits.group(1).zfill(5) if digits else ""


def name_words(name_norm: str) -> list[str]:
    """A normalised name's distinct blocking words, in order: generic words dropped unless the
    name has nothing else, single letters dropped."""
    words = [word for word in name_norm.split() if len(word) > 1]
    specific = [word for word in words if word not in GENERIC_TOKENS]
    return list(dict.fromkeys(specific or words))


def split_dba(names: pd.Series) -> tuple[pd.Series, pd.Series]:
    """dba_parts of every name: (legal names, trade names)."""
    parts = _each(names, dba_parts)
    return (parts.str[0].astype("string").rename(names.name),
            parts.str[1].astype("string").rename(names.name))


def normalise_name(names: pd.Series) -> pd.Series:
    return _each(names, name_key).astype("str")


def normalise_street(streets: pd.Series) -> pd.Series:
    return _each(streets, street_key).astype("str")


def normalise_city(cities: pd.Series) -> pd.Series:
    return _each(cities, city_key).astype("str")


def normalise_state(states: pd.Series) -> pd.Series:
    return _each(states, state_key).astype("str")


def normalise_zip(zips: pd.Series) -> pd.Series:
    return _each(zips, zip_key).astype("str")


def normalise_key(values: pd.Series) -> pd.Series:
    """A source's record key as text: '1424600.0' -> '1424600'."""
    return (values.astype("string").fillna("").str.strip()
            .str.replace(r"^(\d+)\.0+$", r"\1", regex=True))


def name_tokens(names: pd.Series) -> pd.Series:
    """name_words of every normalised name (a Series of lists)."""
    return _each(names, name_words).astype(object)


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


def parse_money(values: pd.Series) -> pd.Series:
    """Money ("$1,234.50", "10362.700000000001", "(5.00)", "") as money units (imports.money;
    Int64, missing -> NA). The float read is within far less than half a unit of the amount
    written for anything below $100 billion, so rounding gives it exactly."""
    text = values.astype("string").str.replace(r"[$,\s]", "", regex=True)
    negative = text.str.match(r"^\(.*\)$").fillna(False)
    number = pd.to_numeric(text.str.strip("()"), errors="coerce")
    return money.from_dollars(number.where(~negative, -number))


def parse_count(values: pd.Series) -> pd.Series:
    """Counts written as 3, '3.0' or ''; negative or fractional counts are treated as missing."""
    number = pd.to_numeric(values.astype("string").str.replace(",", "", regex=False)
                           .str.strip(), errors="coerce")
    whole = number.where((number >= 0) & (number == number.round()))
    return whole.astype("Int64")
