"""Payroll-system layouts as data: one TOML file per export (imports/layouts/*.toml, and any
folder named in GOODBID_LAYOUTS_DIR), each describing how one system lays out one report: the
headers that identify it, its own names for GoodBid's fields, the words of its title rows and
earnings lines, how it writes names, and the public documentation it was built from.

A layout is detected from the file (its identifying headers in the header row, its title words
above it) or named by the vendor (`check_file --layout CODE`). Reading never depends on a
layout being found: the general reader handles any table with recognisable headers, and a
layout only adds its own words and says what the file was read as.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from imports.words import words

LAYOUTS_DIR = Path(__file__).with_name("layouts")
NAME_FORMATS = ("last_first", "first_last", "separate", "mixed")


class LayoutError(ValueError):
    """A layout file that cannot be used: says which file and what is wrong."""


@dataclass(frozen=True, eq=False)
class Layout:
    code: str
    label: str  # what the report says the file was read as: "Paychex Flex Payroll Journal"
    system: str
    report_types: tuple[str, ...]
    source: str  # the public documentation the layout was built from
    identifying_headers: tuple[str, ...]
    minimum: int  # identifying headers a header row must hold
    titles: tuple[str, ...] = ()  # words above the table that identify it
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    earnings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    facts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name_format: str = "mixed"
    # A form with two lines per worker and no column saying which is which: the order of the
    # lines ("straight time above overtime", "overtime above straight time"), and
    # line_hours = "days" where a line's hours are its day columns' sum.
    lines: str = ""
    line_hours: str = ""
    notes: str = ""
    path: str = ""

    def to_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "system": self.system,
                "source": self.source}

    def identifying_score(self, header_texts: list[str], above_texts: list[str]) -> int:
        """How many of its identifying headers this header row holds, plus one when its
        title words stand above it; 0 when fewer than `minimum` headers are there."""
        present = {" ".join(words(text)) for text in header_texts if text}
        found = len(self.identifying_keys & present)
        if found < self.minimum:
            return 0
        above = " ".join(" ".join(words(text)) for text in above_texts)
        titled = any(title in above for title in self.title_keys)
        return found + (1 if titled else 0)

    @cached_property
    def identifying_keys(self) -> frozenset[str]:
        return frozenset(" ".join(words(header)) for header in self.identifying_headers)

    @cached_property
    def title_keys(self) -> tuple[str, ...]:
        return tuple(" ".join(words(title)) for title in self.titles)


def _tuple(value, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LayoutError(f"{where}: '{key}' must be a text or a list of texts.")
    return tuple(value)


def load_layout(path: Path) -> Layout:
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LayoutError(f"{where}: not valid TOML ({error}).") from error
    for key in ("code", "label", "system", "report_types", "source", "identify"):
        if key not in data:
            raise LayoutError(f"{where}: '{key}' is missing.")
    identify = data["identify"]
    headers = _tuple(identify.get("headers", []), where, "identify.headers")
    if not headers:
        raise LayoutError(f"{where}: 'identify.headers' needs at least one header.")
    minimum = identify.get("minimum", max(2, (len(headers) * 2 + 2) // 3))
    if not isinstance(minimum, int) or not 1 <= minimum <= len(headers):
        raise LayoutError(f"{where}: 'identify.minimum' must be between 1 and the number of "
                          f"identifying headers ({len(headers)}).")
    name_format = data.get("names", {}).get("format", "mixed")
    if name_format not in NAME_FORMATS:
        raise LayoutError(f"{where}: names.format must be one of {', '.join(NAME_FORMATS)}.")
    return Layout(
        code=data["code"], label=data["label"], system=data["system"],
        report_types=_tuple(data["report_types"], where, "report_types"),
        source=data["source"] if isinstance(data["source"], str)
        else "; ".join(_tuple(data["source"], where, "source")),
        identifying_headers=headers, minimum=minimum,
        titles=_tuple(identify.get("titles", []), where, "identify.titles"),
        columns={name: _tuple(texts, where, f"columns.{name}")
                 for name, texts in data.get("columns", {}).items()},
        earnings={name: _tuple(texts, where, f"earnings.{name}")
                  for name, texts in data.get("earnings", {}).items()},
        facts={name: _tuple(texts, where, f"facts.{name}")
               for name, texts in data.get("facts", {}).items()},
        name_format=name_format, lines=_lines(data.get("lines", ""), where),
        line_hours=data.get("line_hours", ""),
        notes=data.get("notes", ""), path=str(path))


LINE_ORDERS = {"straight time above overtime": ("regular", "overtime"),
               "overtime above straight time": ("overtime", "regular")}


def _lines(value: str, where: str) -> str:
    if value and value not in LINE_ORDERS:
        raise LayoutError(f"{where}: 'lines' must be one of: {', '.join(LINE_ORDERS)}.")
    return value


def layout_dirs() -> list[Path]:
    extra = os.environ.get("GOODBID_LAYOUTS_DIR", "")
    return [LAYOUTS_DIR, *(Path(p) for p in extra.split(os.pathsep) if p)]


@cache
def _layouts(dirs: tuple[Path, ...]) -> tuple[Layout, ...]:
    found: dict[str, Layout] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.toml")):
            layout = load_layout(path)
            found[layout.code] = layout  # a city's file replaces a shipped one of that code
    return tuple(found.values())


def layouts() -> tuple[Layout, ...]:
    return _layouts(tuple(layout_dirs()))


def get_layout(code: str) -> Layout:
    for layout in layouts():
        if layout.code == code:
            return layout
    known = ", ".join(sorted(layout.code for layout in layouts()))
    raise LayoutError(f"No layout '{code}'. Known layouts: {known}.")
