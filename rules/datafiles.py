"""Reference data shipped with the standards (rules/data/*.csv), validated when read.

A ZIP list names, for each ZIP code, what a worker's home ZIP tells about residency:
  residential          the ZIP lies inside the city: the worker counts as a resident;
  needs-verification   the ZIP straddles the city line: neither counted nor dropped, the
                       officer asks for proof of address;
  not-a-home-address   a post-office-box or single-building ZIP: no one lives there.
A ZIP not on the list lies outside the city. `confirmed_by_city` says whether the city has
confirmed the row; the shipped Boston list is from USPS and awaits the city's confirmation.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
ZIP_STATUSES = ("residential", "needs-verification", "not-a-home-address")
ZIP_LIST_COLUMNS = ["zip", "status", "place", "confirmed_by_city", "note"]
_ZIP = re.compile(r"^\d{5}$")


class DataFileError(Exception):
    """A shipped data file is missing or malformed."""


@dataclass(frozen=True)
class ZipEntry:
    zip: str
    status: str
    place: str
    confirmed_by_city: bool
    note: str


@dataclass(frozen=True)
class ZipList:
    name: str
    entries: dict[str, ZipEntry]

    @property
    def confirmed(self) -> bool:
        return all(entry.confirmed_by_city for entry in self.entries.values())

    def with_status(self, status: str) -> list[str]:
        return sorted(z for z, entry in self.entries.items() if entry.status == status)


def parse_zip_list(text: str, *, name: str) -> ZipList:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != ZIP_LIST_COLUMNS:
        raise DataFileError(f"{name}.csv: the header must be {','.join(ZIP_LIST_COLUMNS)}, "
                            f"not {','.join(reader.fieldnames or [])}")
    entries: dict[str, ZipEntry] = {}
    for line, record in enumerate(reader, start=2):
        code, status = record["zip"].strip(), record["status"].strip()
        if not _ZIP.fullmatch(code):
            raise DataFileError(f"{name}.csv line {line}: '{code}' is not a 5-digit ZIP code "
                                f"(write leading zeros: 02119)")
        if status not in ZIP_STATUSES:
            raise DataFileError(f"{name}.csv line {line}: status '{status}' is not one of "
                                f"{', '.join(ZIP_STATUSES)}")
        if code in entries:
            raise DataFileError(f"{name}.csv line {line}: ZIP {code} is listed twice")
        confirmed = record["confirmed_by_city"].strip().lower()
        if confirmed not in ("yes", "no"):
            raise DataFileError(f"{name}.csv line {line}: confirmed_by_city must be yes or no")
        entries[code] = ZipEntry(code, status, record["place"].strip(), confirmed == "yes",
                                 record["note"].strip())
    if not entries:
        raise DataFileError(f"{name}.csv lists no ZIP codes")
    return ZipList(name=name, entries=entries)


@cache
def zip_list(name: str) -> ZipList:
    path = DATA_DIR / f"{name}.csv"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in DATA_DIR.glob("*.csv")))
        raise DataFileError(f"no data file '{name}' in rules/data/ (known: {known})")
    return parse_zip_list(path.read_text(encoding="utf-8"), name=name)


def data_file_problem(name: str) -> str | None:
    """Why the data file `name` cannot be used, or None: checked when a standard loads."""
    try:
        zip_list(name)
    except DataFileError as error:
        return f"names a data file that cannot be used: {error}"
    return None
