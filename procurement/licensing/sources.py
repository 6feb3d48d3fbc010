"""Enforcement sources as declarative column mappings (TOML or JSON), and a reader that turns
a source file into canonical frames, chunk by chunk (the file is read by the same intake as
an upload: imports.reader).

A new source is a mapping file, not new code: see sources/whd.toml and sources/ma-ago.toml.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from imports.issues import ImportRejected
from imports.reader import Limits, RawTable, read_table
from procurement.licensing import normalise as norm

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
BUILT_IN = {"whd": SOURCES_DIR / "whd.toml", "ma-ago": SOURCES_DIR / "ma-ago.toml"}
TEXT_FIELDS = ("case_id", "trade_name", "legal_name", "individual", "street", "city", "state",
               "zip", "city_state", "naics_code", "industry", "repeat_or_willful", "statute",
               "statute_description")
DATE_FIELDS = ("findings_start", "findings_end", "case_date")
MONEY_FIELDS = ("back_wages", "penalties")
COUNT_FIELDS = ("employees_owed", "employees_violated", "violation_count")
KNOWN_FIELDS = frozenset(TEXT_FIELDS + DATE_FIELDS + MONEY_FIELDS + COUNT_FIELDS)
INDEX_HEADERS = {"", "index", "unnamed: 0", "id", "#"}
NAME_FIELDS = ("legal_name", "trade_name", "individual")
RECORD_KEY_LENGTH = 120  # WageTheftRecord.record_key


class SourceError(ValueError):
    """A mapping or a source file GoodBid cannot read; the message says how to fix it."""


class SourceIssue(StrEnum):
    """What an import reports about a row (stable codes: the UI and the API branch on them).
    A row reported under one of NOT_IMPORTED is left out; the others are imported."""

    NO_RECORD_KEY = "licensing.no-record-key"
    NO_NAME = "licensing.no-name"
    TOO_MANY_CELLS = "licensing.too-many-cells"
    REPEATED_RECORD = "licensing.repeated-record"
    SHARED_RECORD_KEY = "licensing.shared-record-key"
    INDIVIDUAL_AS_EMPLOYER = "licensing.individual-as-employer"
    UNREADABLE_PLACE = "licensing.unreadable-place"


NOT_IMPORTED = (SourceIssue.NO_RECORD_KEY, SourceIssue.NO_NAME, SourceIssue.TOO_MANY_CELLS,
                SourceIssue.REPEATED_RECORD)
# How a run's message counts each issue: (one, several).
ISSUE_COUNTED = {
    SourceIssue.NO_RECORD_KEY: ("row without a record key", "rows without a record key"),
    SourceIssue.NO_NAME: ("row naming no business", "rows naming no business"),
    SourceIssue.TOO_MANY_CELLS: ("line with more cells than the header",
                                 "lines with more cells than the header"),
    SourceIssue.REPEATED_RECORD: ("row repeating a record a later row replaces",
                                  "rows repeating a record a later row replaces"),
    SourceIssue.SHARED_RECORD_KEY: (
        "record whose number another employer's record shares (each kept on its own)",
        "records whose number another employer's record shares (each kept on its own)"),
    SourceIssue.INDIVIDUAL_AS_EMPLOYER: (
        "record naming no employer: the individual cited stands as the employer",
        "records naming no employer: the individual cited stands as the employer"),
    SourceIssue.UNREADABLE_PLACE: ("record whose city and state could not be read",
                                   "records whose city and state could not be read"),
}


def issues_counted(counts: Counter[str]) -> str:
    """What a run reported, counted per kind for its message: "Not imported: 1 row naming no
    business. Imported with a note: 2 records whose city and state could not be read." (empty
    when nothing was reported)."""
    def told(codes: list[SourceIssue]) -> str:
        return "; ".join(f"{counts[code]} {ISSUE_COUNTED[code][counts[code] != 1]}"
                         for code in codes if counts[code])

    skipped = told(list(NOT_IMPORTED))
    noted = told([code for code in SourceIssue if code not in NOT_IMPORTED])
    return " ".join(filter(None, [f"Not imported: {skipped}." if skipped else "",
                                  f"Imported with a note: {noted}." if noted else ""]))


@dataclass(frozen=True)
class SourceMapping:
    name: str
    title: str
    record_key: str
    fields: dict[str, str]
    required: tuple[str, ...] = ()
    fallback_key: tuple[str, ...] = ()
    statutes: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    repeat_or_willful_values: dict[str, str] = field(default_factory=dict)
    categories: dict[str, list[str]] = field(default_factory=dict)
    detail_categories: dict[str, list[str]] = field(default_factory=dict)
    case_words: str = ""    # how a person names one record: "U.S. Department of Labor case"

    def as_json(self) -> dict:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}

    def columns(self) -> set[str]:
        return {self.record_key, *self.fields.values(), *self.required, *self.fallback_key,
                *self.statutes.values(), *self.details.values()}


def load_mapping(spec: str | Path) -> SourceMapping:
    """A built-in source name ("whd", "ma-ago") or the path of a .toml/.json mapping file."""
    path = BUILT_IN.get(str(spec)) or Path(spec)
    if not path.is_file():
        raise SourceError(f"'{spec}' is neither a built-in source ({', '.join(BUILT_IN)}) nor "
                          "a mapping file: give the path of a .toml or .json column mapping.")
    try:
        raw = (tomllib.loads(path.read_text("utf-8")) if path.suffix.lower() == ".toml"
               else json.loads(path.read_text("utf-8")))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise SourceError(f"The mapping file {path.name} is not valid "
                          f"{path.suffix.lstrip('.').upper()}: {error}") from error
    missing = [key for key in ("name", "record_key", "fields") if not raw.get(key)]
    if missing:
        raise SourceError(f"The mapping file {path.name} lacks {', '.join(missing)}: every "
                          "mapping names the source, its record key column and its fields.")
    unknown = sorted(set(raw["fields"]) - KNOWN_FIELDS)
    if unknown:
        raise SourceError(f"The mapping file {path.name} maps unknown fields {unknown}; "
                          f"known fields are {sorted(KNOWN_FIELDS)}.")
    if not {"legal_name", "trade_name"} & set(raw["fields"]):
        raise SourceError(f"The mapping file {path.name} maps no business name: map "
                          "legal_name or trade_name (or both) to a column.")
    return SourceMapping(
        name=str(raw["name"]), title=str(raw.get("title", raw["name"])),
        record_key=str(raw["record_key"]), fields=dict(raw["fields"]),
        required=tuple(raw.get("required", ())), fallback_key=tuple(raw.get("fallback_key", ())),
        statutes=dict(raw.get("statutes", {})), details=dict(raw.get("details", {})),
        repeat_or_willful_values=dict(raw.get("repeat_or_willful_values", {})),
        categories=dict(raw.get("categories", {})),
        detail_categories=dict(raw.get("detail_categories", {})),
        case_words=str(raw.get("case_words", "")),
    )


@cache
def built_in_mapping(name: str) -> SourceMapping:
    """A built-in source's mapping (the files ship with the code: read once)."""
    return load_mapping(name)


@dataclass
class RawChunk:
    frame: pd.DataFrame          # cells as text, headers as the mapping spells them
    rows: pd.Series              # the row number a spreadsheet shows for each row
    original: list[dict]         # each row as it was in the file
    skipped_lines: list[str]     # lines with more cells than the header (not imported)
    keys: pd.DataFrame           # record_key, base_key, superseded (record_keys, whole file)
    key_problems: list[dict]     # what record_keys reported (with the first chunk)


def _header_map(headers: list[str], mapping: SourceMapping) -> dict[str, str]:
    wanted = {column.strip().lower(): column for column in mapping.columns()}
    renames = {h: wanted[str(h).strip().lower()] for h in headers
               if str(h).strip().lower() in wanted}
    missing = sorted({wanted[c] for c in (col.strip().lower() for col in
                      (mapping.record_key, *mapping.required))} - set(renames.values()))
    if missing:
        raise SourceError(
            f"The file lacks the column(s) {', '.join(missing)} that the {mapping.name} "
            f"mapping requires. Its header row has: {', '.join(map(str, headers[:20]))}"
            f"{' ...' if len(headers) > 20 else ''}. Check that this is a {mapping.title} "
            "file, or use a mapping file that names its columns.")
    return renames


def _raw_chunk(frame: pd.DataFrame, renames: dict[str, str], numbers: pd.Series,
               skipped: list[str], keys: pd.DataFrame, key_problems: list[dict]) -> RawChunk:
    frame = frame.reset_index(drop=True)
    original = frame.astype(object).where(frame.notna(), None).to_dict("records")
    rows = pd.Series(numbers.to_numpy(), dtype="int64")
    return RawChunk(frame.rename(columns=renames), rows, original, skipped,
                    keys.reset_index(drop=True), key_problems)


# A published enforcement extract is larger than a payroll (the whole WHD file is about
# 200 MB): read through the same intake as an upload, with room for it.
SOURCE_LIMITS = Limits(bytes=512 * 1024 * 1024, cells=120_000_000)


def _grid(path: Path) -> RawTable:
    size = path.stat().st_size  # FileNotFoundError is the caller's "no file" answer
    if size > SOURCE_LIMITS.bytes:
        raise SourceError(f"{path.name} is {size / 1_048_576:,.0f} MB; GoodBid reads at most "
                          f"{SOURCE_LIMITS.bytes // 1_048_576} MB at once. Split it (for "
                          "example by state or by year) and import each part.")
    try:
        return read_table(path.read_bytes(), path.name, limits=SOURCE_LIMITS)
    except ImportRejected as rejection:
        issue = rejection.issues[0]
        raise SourceError(f"{path.name} cannot be read: {issue.message} {issue.hint}") \
            from rejection


def read_chunks(path: Path, mapping: SourceMapping, *, chunk_size: int = 5000
                ) -> Iterator[RawChunk]:
    """The file's rows in chunks, read by the upload intake (imports.reader: hostile-file
    checks, the parse in a child process under memory and time limits). The first row holds
    the headers. Tolerates a leading index column, a last row with fewer cells, and headers in
    any case; a line with more cells than the header is reported, not imported."""
    grid = _grid(Path(path))
    cells = grid.cells
    if cells.empty:
        raise SourceError(f"{path.name} is empty.")
    headers = ["" if pd.isna(value) else str(value).strip() for value in cells.iloc[0]]
    while headers and not headers[-1]:
        headers.pop()
    if headers and (headers[0].lower() in INDEX_HEADERS or headers[0].startswith("Unnamed: ")):
        first = 1
    else:
        first = 0
    renames = _header_map(headers[first:], mapping)
    body = cells.iloc[1:]
    extra = body.iloc[:, len(headers):].notna().any(axis=1) if cells.shape[1] > len(headers) \
        else pd.Series(False, index=body.index)
    body = body.iloc[:, first:len(headers)]
    body.columns = headers[first:]
    numbers = pd.Series(grid.first_row + 1 + np.arange(len(body)), index=body.index)
    keep = body.notna().any(axis=1) & ~extra
    skipped = [f"Skipping line {n}: more cells than the header has columns."
               for n in numbers[extra].head(50)]
    body, numbers = body[keep], numbers[keep]
    key_columns = {mapping.record_key, *mapping.fallback_key,
                   *(mapping.fields[name] for name in NAME_FIELDS if name in mapping.fields)}
    keys, key_problems = record_keys(
        body[[h for h, c in renames.items() if c in key_columns]].rename(columns=renames),
        numbers, mapping)
    for start in range(0, max(len(body), 1), chunk_size):
        chunk = body.iloc[start:start + chunk_size]
        yield _raw_chunk(chunk, renames, numbers.iloc[start:start + chunk_size],
                         skipped if start == 0 else [], keys.iloc[start:start + chunk_size],
                         key_problems if start == 0 else [])
        if chunk.empty:
            return


def _column(frame: pd.DataFrame, name: str | None) -> pd.Series:
    if name and name in frame.columns:
        return frame[name].astype("string")
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def _canonical_category(values: pd.Series, canonical: list[str]) -> pd.Series:
    cleaned = norm.clean_category(values)
    lookup = {value.casefold(): value for value in canonical}
    return cleaned.str.casefold().map(lookup).fillna(cleaned)


def _nonzero_dicts(frame: pd.DataFrame) -> list[dict]:
    """Each row's non-missing, non-zero, non-empty cells as {column: value}."""
    dicts: list[dict] = [{} for _ in range(len(frame))]
    stacked = frame.reset_index(drop=True).stack()
    text = stacked.astype(str)
    stacked = stacked[stacked.notna() & ~text.str.fullmatch(r"|0(?:\.0+)?")]
    for (position, label), value in stacked.items():
        dicts[position][label] = value.item() if hasattr(value, "item") else value
    return dicts


def employer_names(frame: pd.DataFrame, mapping: SourceMapping) -> pd.DataFrame:
    """Legal and trade name of each row ("X d/b/a Y" split into X and Y), and whether the
    individual cited stands as the employer: a citation naming no employer names the person
    cited, who is then the employer on record (a sole proprietor)."""
    legal, trade, individual = (norm.clean_category(_column(frame, mapping.fields.get(name)))
                                .fillna("") for name in NAME_FIELDS)
    legal, dba = norm.split_dba(legal)
    stands_in = (legal == "") & (individual != "")
    return pd.DataFrame({"legal_name": legal.where(~stands_in, individual),
                         "trade_name": trade.where(trade != "", dba),
                         "individual_as_employer": stands_in}, index=frame.index)


def employer_key(legal_norm: pd.Series, trade_norm: pd.Series) -> pd.Series:
    """Who a record is about, to tell employers apart: the normalised legal name, else the
    trade name."""
    return legal_norm.where(legal_norm != "", trade_norm)


def _suffixed_key(base: str, employer: str) -> str:
    """"WH150001" and "margen" -> "WH150001~margen"; a long name is cut and given a hash of
    the whole, so two employers never end up under one key."""
    suffix = employer.replace(" ", "-")
    room = RECORD_KEY_LENGTH - len(base) - 1
    if len(suffix) > room:
        digest = hashlib.sha256(employer.encode()).hexdigest()[:8]
        suffix = f"{suffix[:max(room - 9, 0)]}-{digest}"
    return f"{base}~{suffix}"


def record_keys(frame: pd.DataFrame, rows: pd.Series, mapping: SourceMapping
                ) -> tuple[pd.DataFrame, list[dict]]:
    """The key each row of a whole file is stored under (record_key), the key the source
    gives it (base_key), whether a later row of the same record replaces it (superseded),
    and what is reported about them.

    A record is keyed on the mapping's record key, or, where a row has none, on a hash of
    the fallback columns. The Massachusetts AG reuses some citation numbers for different
    employers: a number that rows of different employers share becomes one key per employer,
    suffixed with the employer's normalised name ("WH150001~margen"), so no employer's
    citation is merged into another's. Rows of one employer under one key are one record:
    the last row is imported and the earlier ones are reported.
    """
    frame = frame.reset_index(drop=True)
    rows = pd.Series(rows.to_numpy(), dtype="int64")
    base = norm.normalise_key(_column(frame, mapping.record_key))
    given = base != ""
    if mapping.fallback_key and not given.all():
        parts = pd.DataFrame({c: _column(frame, c).fillna("") for c in mapping.fallback_key})
        hashed = pd.util.hash_pandas_object(parts[~given], index=False).map("h{:016x}".format)
        base = base.where(given, hashed.astype("string"))
    keys = pd.DataFrame({"record_key": base, "base_key": base, "superseded": False})
    repeated = base.duplicated(keep=False) & (base != "")
    if not repeated.any():
        return keys, []
    names = employer_names(frame[repeated], mapping)
    group = pd.DataFrame({
        "base": base[repeated], "row": rows[repeated], "given": given[repeated],
        "employer": employer_key(norm.normalise_name(names["legal_name"]),
                                 norm.normalise_name(names["trade_name"]))})
    group = group[group["employer"] != ""]  # rows naming no one are not imported
    employers = group.groupby("base")["employer"].transform("nunique")
    shared = employers > 1
    group["key"] = group["base"].astype(object)
    group.loc[shared, "key"] = [_suffixed_key(b, e) for b, e in
                                zip(group.loc[shared, "base"], group.loc[shared, "employer"],
                                    strict=True)]
    last_row = group.groupby("key")["row"].transform("max")
    superseded = group["row"] != last_row
    keys.loc[group.index, "record_key"] = group["key"]
    keys.loc[group.index[superseded], "superseded"] = True

    rows_of = group.groupby("base")["row"].agg(list)

    def named(b: str, given: bool) -> str:
        return (f"{mapping.record_key} {b}" if given else
                f"no {mapping.record_key}, the same {', '.join(mapping.fallback_key)}")

    problems = [
        {"row": int(r), "code": SourceIssue.REPEATED_RECORD,
         "message": f"This row and row {int(last)} are the same record ({named(b, g)}, the "
                    f"same employer): row {int(last)}, the later, was imported in its place."}
        for r, last, b, g in group.loc[superseded, ["row", "base", "given"]]
        .assign(last=last_row[superseded])[["row", "last", "base", "given"]]
        .itertuples(index=False, name=None)]
    problems += [
        {"row": int(r), "code": SourceIssue.SHARED_RECORD_KEY,
         "message": f"{named(b, g)} also stands for another employer (rows "
                    f"{', '.join(str(o) for o in rows_of[b] if o != r)}): this employer's "
                    f"record is kept on its own, under the key {k}."}
        for r, b, g, k in group.loc[shared & ~superseded, ["row", "base", "given", "key"]]
        .itertuples(index=False, name=None)]
    return keys, problems


class Place(NamedTuple):
    city: str
    state: str
    zip_code: str


_NOT_LETTER = re.compile(r"[^a-z]")
_ZIP_TAIL = re.compile(r"[\s,]*\b(\d{5})(?:-\d{4})?$")
_COUNTRY_TAIL = re.compile(r"[\s,]+(?:usa|us|u\.s\.a?|united states)\.?$", re.IGNORECASE)


def city_state(text: str) -> Place | None:
    """A place as a source writes it: "Peabody, MA", "Milford, MA " (trailing space),
    "Boston MA", "Boston, Massachusetts", "Boston, Mass.", "Washington, D.C.",
    "Boston, MA 02118", "Boston, MA, USA". Without a comma only a two-letter code is taken
    as the state ("Port Washington" is a city, not Washington state). None when no city and
    state can be told apart."""
    place = re.sub(r"\s+", " ", text).strip(" ,")
    zip_code = ""
    if found := _ZIP_TAIL.search(place):
        zip_code, place = found.group(1), place[:found.start()]
    place = _COUNTRY_TAIL.sub("", place).strip(" ,")
    if "," in place:
        city, _, state = place.rpartition(",")
        code = norm.STATE_WORDS.get(_NOT_LETTER.sub("", state.casefold()), "")
    else:
        city, _, state = place.rpartition(" ")
        code = norm.STATE_CODES.get(_NOT_LETTER.sub("", state.casefold()), "")
    city = city.strip(" ,")
    # A comma left in the city is a second place ("Boston, MA/Cambridge, MA"): not one city.
    return Place(city, code, zip_code) if city and code and "," not in city else None


def places(values: pd.Series) -> pd.DataFrame:
    """city_state of every value (city, state, zip_code and readable), read once per
    distinct value; a missing or blank value is not readable."""
    text = values.astype("string").fillna("").astype(object)
    read = {value: city_state(value) for value in text.unique()}
    table = pd.DataFrame.from_dict(
        {value: (*(place or ("", "", "")), place is not None) for value, place in read.items()},
        orient="index", columns=["city", "state", "zip_code", "readable"])
    table = table.reindex(text.to_numpy()).set_index(values.index)
    table["readable"] = table["readable"].astype(bool)
    return table


def canonical_frame(raw: RawChunk, mapping: SourceMapping) -> tuple[pd.DataFrame, list[dict]]:
    """Canonical, normalised columns of a chunk, and what is reported about its rows (those
    not imported and those imported with a note), top to bottom."""
    frame, f = raw.frame, mapping.fields
    out = pd.DataFrame({name: _column(frame, f.get(name)) for name in TEXT_FIELDS})
    for name in ("case_id", "street", "city", "state", "zip"):
        out[name] = norm.clean_category(out[name]).fillna("")
    names = employer_names(frame, mapping)
    out["legal_name"], out["trade_name"] = names["legal_name"], names["trade_name"]
    place = places(out["city_state"])
    out["city"] = out["city"].where(out["city"] != "", place["city"])
    out["state"] = norm.normalise_state(out["state"].where(out["state"] != "", place["state"]))
    out["zip_code"] = norm.normalise_zip(out["zip"].where(out["zip"] != "", place["zip_code"]))
    out["naics_code"] = norm.normalise_key(out["naics_code"])
    out["industry"] = (_canonical_category(out["industry"], mapping.categories["industry"])
                       if "industry" in mapping.categories
                       else norm.clean_category(out["industry"])).fillna("")
    flags = {k.casefold(): v for k, v in mapping.repeat_or_willful_values.items()}
    out["repeat_or_willful"] = norm.clean_category(out["repeat_or_willful"]).str.casefold() \
        .astype(object).map(flags).astype(object).fillna("")
    for name in DATE_FIELDS:
        out[name] = norm.parse_dates(_column(frame, f.get(name)))
    for name in MONEY_FIELDS:
        out[f"{name}_money"] = norm.parse_money(_column(frame, f.get(name))).fillna(0)
    for name in COUNT_FIELDS:
        out[name] = norm.parse_count(_column(frame, f.get(name)))

    out["record_key"] = raw.keys["record_key"].to_numpy()
    out["base_key"] = raw.keys["base_key"].to_numpy()
    out["case_id"] = out["case_id"].where(out["case_id"] != "", out["base_key"])

    if mapping.statutes:
        counts = pd.DataFrame({label: norm.parse_count(_column(frame, column))
                               for label, column in mapping.statutes.items()})
        out["violations_by_statute"] = _nonzero_dicts(counts.astype("Int64"))
    else:
        statute = (norm.clean_category(out["statute"]).fillna("") + " "
                   + norm.clean_category(out["statute_description"]).fillna("")).str.strip()
        out["violations_by_statute"] = [{label: 1} if label else {} for label in statute]
    details = pd.DataFrame({label: norm.clean_category(_column(frame, column))
                            for label, column in mapping.details.items()})
    for label, canonical in mapping.detail_categories.items():
        if label in details:
            details[label] = _canonical_category(details[label], canonical)
    out["details"] = _nonzero_dicts(details) if len(details.columns) else [{}] * len(out)

    out["trade_norm"] = norm.normalise_name(out["trade_name"])
    out["legal_norm"] = norm.normalise_name(out["legal_name"])
    out["street_norm"] = norm.normalise_street(out["street"])
    out["city_norm"] = norm.normalise_city(out["city"])
    out["row_number"] = raw.rows.to_numpy()
    out["original_row"] = raw.original

    no_key = out["record_key"] == ""
    no_name = (out["legal_norm"] == "") & (out["trade_norm"] == "")
    superseded = raw.keys["superseded"].to_numpy(dtype=bool)
    rejected = no_key | no_name | superseded
    nobody = ("No business name and no individual cited on this row" if "individual" in f
              else "No business name on this row")
    place_column = f.get("city_state", "")
    unreadable = (~rejected & ~place["readable"] & (out["city_state"].fillna("").str.strip() != "")
                  & ((out["city"] == "") | (out["state"] == "")))
    problems = (
        [{"row": int(r), "code": SourceIssue.NO_RECORD_KEY,
          "message": f"No {mapping.record_key} on this row: it cannot be updated later, so "
                     "it was not imported."} for r in out.loc[no_key, "row_number"]]
        + [{"row": int(r), "code": SourceIssue.NO_NAME,
            "message": f"{nobody}, so it could never be matched: it was not imported."}
           for r in out.loc[no_name & ~no_key, "row_number"]]
        + [{"row": None, "code": SourceIssue.TOO_MANY_CELLS, "message": line}
           for line in raw.skipped_lines]
        + raw.key_problems
        + [{"row": int(r), "code": SourceIssue.INDIVIDUAL_AS_EMPLOYER, "column": f["individual"],
            "value": name, "message": f"No employer named: the individual cited, {name}, is "
                                      "recorded as the employer."}
           for r, name in out.loc[~rejected & names["individual_as_employer"],
                                  ["row_number", "legal_name"]].itertuples(index=False)]
        + [{"row": int(r), "code": SourceIssue.UNREADABLE_PLACE, "column": place_column,
            "value": value, "message": f"'{value}' is not a city and a state GoodBid can read "
                                       "(like 'Peabody, MA'): the record was imported "
                                       "without them, so a screening cannot weigh where it is."}
           for r, value in out.loc[unreadable, ["row_number", "city_state"]]
           .itertuples(index=False)])
    problems.sort(key=lambda problem: (problem["row"] is None, problem["row"] or 0))
    kept = out[~rejected].drop_duplicates("record_key", keep="last")
    return (kept.drop(columns=["zip", "city_state", "individual", "statute",
                               "statute_description"]), problems)
