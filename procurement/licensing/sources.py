"""Enforcement sources as declarative column mappings (TOML or JSON), and a reader that turns
a source file into canonical frames, chunk by chunk (the file is read by the same intake as
an upload: imports.reader).

A new source is a mapping file, not new code: see sources/whd.toml and sources/ma-ago.toml.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from imports.issues import ImportRejected
from imports.reader import Limits, RawTable, read_table
from procurement.licensing import normalise as norm

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
BUILT_IN = {"whd": SOURCES_DIR / "whd.toml", "ma-ago": SOURCES_DIR / "ma-ago.toml"}
TEXT_FIELDS = ("case_id", "trade_name", "legal_name", "street", "city", "state", "zip",
               "city_state", "naics_code", "industry", "repeat_or_willful", "statute",
               "statute_description")
DATE_FIELDS = ("findings_start", "findings_end", "case_date")
MONEY_FIELDS = ("back_wages", "penalties")
COUNT_FIELDS = ("employees_owed", "employees_violated", "violation_count")
KNOWN_FIELDS = frozenset(TEXT_FIELDS + DATE_FIELDS + MONEY_FIELDS + COUNT_FIELDS)
INDEX_HEADERS = {"", "index", "unnamed: 0", "id", "#"}


class SourceError(ValueError):
    """A mapping or a source file GoodBid cannot read; the message says how to fix it."""


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
    )


@dataclass
class RawChunk:
    frame: pd.DataFrame          # cells as text, headers as the mapping spells them
    rows: pd.Series              # the row number a spreadsheet shows for each row
    original: list[dict]         # each row as it was in the file
    skipped_lines: list[str]     # lines with more cells than the header (not imported)


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
               skipped: list[str]) -> RawChunk:
    frame = frame.reset_index(drop=True)
    original = frame.astype(object).where(frame.notna(), None).to_dict("records")
    rows = pd.Series(numbers.to_numpy(), dtype="int64")
    return RawChunk(frame.rename(columns=renames), rows, original, skipped)


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
    for start in range(0, max(len(body), 1), chunk_size):
        chunk = body.iloc[start:start + chunk_size]
        yield _raw_chunk(chunk, renames, numbers.iloc[start:start + chunk_size],
                         skipped if start == 0 else [])
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


def canonical_frame(raw: RawChunk, mapping: SourceMapping) -> tuple[pd.DataFrame, list[dict]]:
    """Canonical, normalised columns of a chunk, and a problem per rejected row."""
    frame, f = raw.frame, mapping.fields
    out = pd.DataFrame({name: _column(frame, f.get(name)) for name in TEXT_FIELDS})
    for name in ("case_id", "trade_name", "legal_name", "street", "city"):
        out[name] = norm.clean_category(out[name]).fillna("")
    legal, dba = norm.split_dba(out["legal_name"])
    out["legal_name"] = legal
    out["trade_name"] = out["trade_name"].where(out["trade_name"] != "", dba)
    place = out["city_state"].str.extract(r"^\s*(.*?)\s*,\s*([A-Za-z]{2})\.?\s*$")
    out["city"] = out["city"].where(out["city"] != "", place[0].fillna(""))
    out["state"] = norm.normalise_state(out["state"].fillna(place[1]))
    out["zip_code"] = norm.normalise_zip(out["zip"])
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
        out[f"{name}_cents"] = norm.parse_cents(_column(frame, f.get(name))).fillna(0)
    for name in COUNT_FIELDS:
        out[name] = norm.parse_count(_column(frame, f.get(name)))

    key = norm.normalise_key(_column(frame, mapping.record_key))
    if mapping.fallback_key:
        parts = pd.DataFrame({c: _column(frame, c).fillna("") for c in mapping.fallback_key})
        hashed = pd.util.hash_pandas_object(parts, index=False).map("h{:016x}".format)
        key = key.where(key != "", hashed.astype("string"))
    out["record_key"] = key
    out["case_id"] = out["case_id"].where(out["case_id"] != "", key)

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
    rejected = no_key | no_name
    problems = (
        [{"row": int(r), "code": "licensing.no-record-key",
          "message": f"No {mapping.record_key} on this row: it cannot be updated later, so "
                     "it was not imported."} for r in out.loc[no_key, "row_number"]]
        + [{"row": int(r), "code": "licensing.no-name",
            "message": "No business name on this row, so it could never be matched."}
           for r in out.loc[no_name & ~no_key, "row_number"]]
        + [{"row": None, "code": "licensing.too-many-cells", "message": line}
           for line in raw.skipped_lines])
    kept = out[~rejected].drop_duplicates("record_key", keep="last")
    return kept.drop(columns=["zip", "city_state", "statute", "statute_description"]), problems
