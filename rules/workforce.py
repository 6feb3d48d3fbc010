"""What the workforce rules share: hours in exact units, the goal categories and who is in
them, grouping rows by project, trade and worker class, and the figures' text.

Hours are summed as whole ten-thousandths of an hour (int64), so a share exactly at a goal
compares equal to it and scaling every row's hours changes no share. Shares are shown to one
decimal, truncated: a share below a goal is never displayed as meeting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from rules.datafiles import zip_list
from rules.findings import ROWS_LISTED
from rules.registry import ParameterSpec
from rules.standards import Standard

HOURS_SCALE = 10_000
NOT_STATED = "not stated"

# ZIP evidence for residency, per row.
ZIP_NONE, ZIP_RESIDENTIAL, ZIP_OUTSIDE, ZIP_NEEDS_VERIFICATION, ZIP_NOT_HOME = range(5)


@dataclass(frozen=True)
class Category:
    key: str
    goal_parameter: str
    label: str
    code: str
    recorded_as: str


CATEGORIES = (
    Category("residents", "residents_share", "residents", "residents", "residency"),
    Category("people_of_color", "people_of_color_share", "people of color", "people-of-color",
             "person-of-color status"),
    Category("women", "women_share", "women", "women", "gender"),
)
MEASURED_PER = ("project", "trade", "trade-class")
GOAL_PARAMETERS = (
    *(ParameterSpec(category.goal_parameter, "percent", "percent",
                    f"the share of work hours {category.label} should work (a goal)",
                    required=False) for category in CATEGORIES),
    ParameterSpec("measured_per", "list", "scope",
                  "where shares are measured: project, trade, trade-class",
                  choices=MEASURED_PER),
    ParameterSpec("resident_zip_list", "text", "data file",
                  "the city's residential ZIP list in rules/data/ (residency from ZIP)",
                  required=False),
)


@dataclass(frozen=True)
class CategoryStatus:
    """Per row: in the category; whether that is known; whether nothing at all is recorded.

    A row can be not known yet recorded: a ZIP that needs verification is evidence that does
    not settle residency either way.
    """

    member: np.ndarray
    known: np.ndarray
    missing: np.ndarray


def in_force(frame: pd.DataFrame, standard: Standard) -> tuple[np.ndarray, np.ndarray]:
    """The version index of each row and the mask of rows some version covers."""
    index = standard.version_index_for(frame["period_end"])
    return index, index >= 0


def hour_units(hours: pd.Series) -> np.ndarray:
    return np.rint(hours.to_numpy(dtype="float64", na_value=0.0) * HOURS_SCALE).astype("int64")


def hours_text(units: int) -> str:
    """Hour units as the report writes them: 400000 -> '40', 425000 -> '42.5'."""
    text = f"{(Decimal(int(units)) / HOURS_SCALE).normalize():f}"
    return text


def hours_up_to_tenth(numerator: int, denominator: int) -> str:
    """numerator / denominator hour units, rounded up to a tenth of an hour."""
    tenths = -(-numerator // (denominator * (HOURS_SCALE // 10)))
    return hours_text(tenths * (HOURS_SCALE // 10))


def percent_text(part: int, whole: int) -> str:
    """part / whole as a percentage with one decimal, truncated: 385 of 1000 -> '38.5'."""
    tenths = (int(part) * 1000) // int(whole)
    return f"{tenths // 10}.{tenths % 10}"


def decimal_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def version_parameter(standard: Standard, name: str) -> list[object | None]:
    """The parameter's value in each version (None where a version lacks it)."""
    return [v.parameters[name].value if name in v.parameters else None
            for v in standard.versions]


def goal_fraction(value: object) -> tuple[int, int]:
    """A percent goal as an exact fraction (numerator, denominator): '12.5' -> (125, 10)."""
    numerator, denominator = Decimal(str(value)).as_integer_ratio()
    return numerator, denominator


def category_status(frame: pd.DataFrame, category: Category, standard: Standard,
                    index: np.ndarray) -> CategoryStatus:
    if category.key == "women":
        gender = frame["gender"]
        missing = gender.isna().to_numpy()
        return CategoryStatus(gender.isin(["woman"]).to_numpy(), ~missing, missing)
    if category.key == "people_of_color":
        return _flag_status(frame["person_of_color"])
    return residency_status(frame, standard, index)


def _flag_status(flag: pd.Series) -> CategoryStatus:
    missing = flag.isna().to_numpy()
    member = flag.astype("boolean").fillna(False).to_numpy(dtype=bool)
    return CategoryStatus(member, ~missing, missing)


def zip_evidence(frame: pd.DataFrame, standard: Standard, index: np.ndarray) -> np.ndarray:
    """Per row, what the worker's ZIP says under the ZIP list of the version in force
    (ZIP_NONE when there is no ZIP or the standard ships no list)."""
    evidence = np.full(len(frame), ZIP_NONE, dtype="int8")
    names = version_parameter(standard, "resident_zip_list")
    if not any(names) or "zip" not in frame:
        return evidence
    codes, uniques = pd.factorize(frame["zip"])
    status_of = {"residential": ZIP_RESIDENTIAL, "needs-verification": ZIP_NEEDS_VERIFICATION,
                 "not-a-home-address": ZIP_NOT_HOME}
    for name in dict.fromkeys(n for n in names if n):
        entries = zip_list(str(name)).entries
        per_unique = np.array(
            [status_of[entries[z].status] if z in entries else ZIP_OUTSIDE
             for z in uniques.astype(str)] + [ZIP_NONE], dtype="int8")
        uses_list = np.isin(index, [i for i, n in enumerate(names) if n == name])
        evidence = np.where(uses_list, per_unique[codes], evidence)
    return evidence


def residency_status(frame: pd.DataFrame, standard: Standard,
                     index: np.ndarray) -> CategoryStatus:
    """A worker's home ZIP decides residency when the standard ships a ZIP list and the ZIP
    is plainly inside or outside the city; a ZIP that needs verification, or is no home
    address, settles nothing; without a ZIP, the declared resident flag is used."""
    declared = _flag_status(frame["boston_resident"])
    evidence = zip_evidence(frame, standard, index)
    by_zip = evidence != ZIP_NONE
    unsettled = (evidence == ZIP_NEEDS_VERIFICATION) | (evidence == ZIP_NOT_HOME)
    member = np.where(by_zip, evidence == ZIP_RESIDENTIAL, declared.member)
    known = np.where(by_zip, ~unsettled, declared.known)
    return CategoryStatus(member, known, ~by_zip & declared.missing)


@dataclass(frozen=True)
class Groups:
    """Rows grouped by key columns: `codes[i]` is row i's group; `keys[g]` its key values."""

    codes: np.ndarray
    keys: list[tuple]
    names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.keys)

    def total(self, weights: np.ndarray) -> np.ndarray:
        """Per group, the exact int64 sum of int64 `weights`."""
        return np.bincount(self.codes, weights=weights, minlength=len(self)).astype("int64")

    def rows(self, rows: np.ndarray, groups: np.ndarray, mask: np.ndarray | None = None
             ) -> dict[int, tuple[list[int], int]]:
        """For each group in `groups`: a sample of its row numbers (where `mask`) and the
        count."""
        if len(groups) == 0:
            return {}
        selected = np.isin(self.codes, groups)
        if mask is not None:
            selected &= mask
        codes, numbers = self.codes[selected], rows[selected]
        order = np.argsort(codes, kind="stable")
        codes, numbers = codes[order], numbers[order]
        starts = np.searchsorted(codes, groups, side="left")
        ends = np.searchsorted(codes, groups, side="right")
        return {int(g): (numbers[s:min(e, s + ROWS_LISTED)].tolist(), int(e - s))
                for g, s, e in zip(groups, starts, ends, strict=True)}

    def days(self, period_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per group, the first and last period end (datetime64[D])."""
        day = period_end.astype("datetime64[D]").astype("int64")
        first = np.full(len(self), np.iinfo("int64").max)
        last = np.full(len(self), np.iinfo("int64").min)
        np.minimum.at(first, self.codes, day)
        np.maximum.at(last, self.codes, day)
        return first.astype("datetime64[D]"), last.astype("datetime64[D]")


def group_rows(columns: dict[str, pd.Series | np.ndarray]) -> Groups:
    """Group rows by the given key columns; a missing key value is a group of its own."""
    codes_list, uniques_list, sizes = [], [], []
    for values in columns.values():
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        codes_list.append(codes)
        uniques_list.append(uniques)
        sizes.append(max(len(uniques), 1))
    combined = np.ravel_multi_index(codes_list, sizes) if codes_list else np.zeros(0, "int64")
    codes, uniques = pd.factorize(combined)
    parts = np.unravel_index(uniques, sizes)
    keys = list(zip(*[
        [_plain(uniques_list[c][i]) for i in parts[c]] for c in range(len(codes_list))
    ], strict=True))
    return Groups(codes=codes.astype("int64"), keys=keys, names=tuple(columns))


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def scope_of(groups: Groups, group: int, *, first: np.datetime64, last: np.datetime64
             ) -> dict[str, str]:
    """The finding scope of a group: its named keys (versions left out) and its period."""
    scope: dict[str, str] = {}
    for name, value in zip(groups.names, groups.keys[group], strict=True):
        if name == "version":
            continue
        if value is None or value == "":
            if name == "project":
                continue
            value = NOT_STATED
        scope[name] = str(value)
    scope["period"] = period_text(first, last)
    return scope


def period_text(first: np.datetime64, last: np.datetime64) -> str:
    return str(first) if first == last else f"{first} to {last}"


def where_text(scope: dict[str, str]) -> str:
    """'Carpenter (journey) work on Dorchester Library, periods ending 2024-07-07 to ...'."""
    if "trade" in scope:
        what = scope["trade"]
        if "worker_class" in scope:
            what += f" ({scope['worker_class']})"
        what += " work"
    else:
        what = "all work"
    if "project" in scope:
        what += f" on {scope['project']}"
    if "contractor" in scope:
        what += f" by {scope['contractor']}"
    ending = "periods ending" if " to " in scope["period"] else "the period ending"
    return f"{what}, {ending} {scope['period']}"


def goal_categories(standard: Standard) -> list[tuple[Category, list[object | None]]]:
    """The categories the standard sets a goal for, with the goal in each version."""
    goals = [(category, version_parameter(standard, category.goal_parameter))
             for category in CATEGORIES]
    return [(category, values) for category, values in goals if any(values)]


def column_header(columns: dict[str, object], field: str) -> str | None:
    """The header the vendor wrote for a canonical field, if the file has that column."""
    return getattr(columns.get(field), "header", None)


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]
