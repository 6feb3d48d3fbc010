"""What the workforce rules share: hours in exact units, the goal categories and who is in
them, grouping rows by project, trade and worker class, and the figures' text.

Hours are summed as whole ten-thousandths of an hour (int64), so a share exactly at a goal
compares equal to it and scaling every row's hours changes no share. Shares are shown to one
decimal, truncated: a share below a goal is never displayed as meeting it.
"""

from __future__ import annotations

import math
import weakref
from abc import abstractmethod
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TypeVar

import numpy as np
import pandas as pd

from imports.i18n import Message
from imports.words import words
from rules.datafiles import zip_list
from rules.findings import ROWS_LISTED
from rules.registry import ParameterSpec, Rule, RuleOutcome
from rules.standards import Standard

HOURS_SCALE = 10_000
T = TypeVar("T")
NOT_STATED = "not stated"

# ZIP evidence for residency, per row.
ZIP_NONE, ZIP_RESIDENTIAL, ZIP_OUTSIDE, ZIP_NEEDS_VERIFICATION, ZIP_NOT_HOME = range(5)


@dataclass(frozen=True)
class Category:
    key: str
    goal_parameter: str
    label: str
    code: str
    # Why a row's hours count on neither side of the share (a phrase inside a sentence).
    unsettled: Message
    # The label inside a sentence ("women") and opening one ("Women"), to translate.
    named: Message
    heading: Message
    # A worker class itself (apprentices), not who the worker is: its goal is a share of all
    # hours, never set per worker class nor measured within one, and its missing value (the
    # worker class) has its own data-completeness notice.
    is_worker_class: bool = False


CATEGORIES = (
    Category("residents", "residents_share", "residents", "residents",
             Message("no residency on record, or a ZIP awaiting verification"),
             Message("residents"), Message("Residents")),
    Category("people_of_color", "people_of_color_share", "people of color", "people-of-color",
             Message("no person-of-color status on record"),
             Message("people of color"), Message("People of color")),
    Category("women", "women_share", "women", "women", Message("no gender on record"),
             Message("women"), Message("Women")),
    # Apprentice utilisation (Seattle, SMC 20.37 and 20.38): apprentices' share of all hours.
    Category("apprentices", "apprentices_share", "apprentices", "apprentices",
             Message("no worker class on record"),
             Message("apprentices"), Message("Apprentices"), is_worker_class=True),
)
MEASURED_PER = ("project", "trade", "trade-class")
# The worker classes a goal can be set for on its own (Seattle sets the priority-hire share
# separately for apprentices and journey-level workers; San Francisco sets one for apprentices).
WORKER_CLASSES = ("journey", "apprentice")


def class_goal_parameter(category: Category, worker_class: str) -> str:
    """The parameter of a category's goal among one worker class's hours:
    residents_share_apprentice."""
    return f"{category.goal_parameter}_{worker_class}"


GOAL_PARAMETERS = (
    *(ParameterSpec(category.goal_parameter, "percent", "percent",
                    f"the share of work hours {category.label} should work (a goal)",
                    required=False) for category in CATEGORIES),
    *(ParameterSpec(class_goal_parameter(category, worker_class), "percent", "percent",
                    f"the share of {worker_class} hours {category.label} should work (a goal "
                    f"measured among {worker_class} hours only, where the standard sets it "
                    f"per worker class)", required=False)
      for category in CATEGORIES if not category.is_worker_class
      for worker_class in WORKER_CLASSES),
    ParameterSpec("measured_per", "list", "scope",
                  "where shares are measured: project, trade, trade-class",
                  choices=MEASURED_PER),
    ParameterSpec("resident_zip_list", "text", "data file",
                  "the city's residential ZIP list in rules/data/ (residency from ZIP)",
                  required=False),
    ParameterSpec("people_of_color_races", "list", "values",
                  "race or ethnicity values counted as people of color where a report has "
                  "no person-of-color flag (the standard's own list, with its source)",
                  required=False),
)
# Race or ethnicity cells that state nothing: counted as not stated, never as either side.
RACE_NOT_STATED = {"", "unknown", "not stated", "not specified", "declined", "decline to state",
                   "prefer not to say", "prefer not to answer", "n a", "na", "none", "no answer",
                   "desconocido", "no declarado"}


@dataclass(frozen=True)
class CategoryStatus:
    """Per row: in the category; whether that is known; whether nothing at all is recorded.

    A row can be not known yet recorded: a ZIP that needs verification is evidence that does
    not settle residency either way.
    """

    member: np.ndarray
    known: np.ndarray
    missing: np.ndarray


# Results several rules need from the same frame (key columns factorised, hours in units,
# each row's version and category), kept while the frame lives: the rules of one standard
# read one frame, and no rule modifies it.
_MEMO: dict[int, tuple[weakref.ref, dict]] = {}


def memo(frame: pd.DataFrame, key: Hashable, compute: Callable[[], T]) -> T:
    entry = _MEMO.get(id(frame))
    if entry is None or entry[0]() is not frame:
        frame_id = id(frame)
        entry = (weakref.ref(frame, lambda _ref: _MEMO.pop(frame_id, None)), {})
        _MEMO[frame_id] = entry
    store = entry[1]
    if key not in store:
        store[key] = compute()
    return store[key]


def _standard_key(standard: Standard) -> tuple:
    return (standard.label, tuple((v.version, v.effective_from, v.effective_to,
                                   tuple(sorted((n, repr(p.value))
                                                for n, p in v.parameters.items())))
                                  for v in standard.versions))


def in_force(frame: pd.DataFrame, standard: Standard) -> tuple[np.ndarray, np.ndarray]:
    """The version index of each row and the mask of rows some version covers."""
    index = memo(frame, ("versions", _standard_key(standard)),
                 lambda: standard.version_index_for(frame["period_end"]))
    return index, index >= 0


def rows_in_force(frame: pd.DataFrame, standard: Standard
                  ) -> tuple[pd.DataFrame, np.ndarray, set[str]] | None:
    """The rows some version covers, each one's version index, and the versions applied;
    None when no row is covered (the engine reports those rows, once per standard)."""
    index, rated = in_force(frame, standard)
    if not rated.any():
        return None
    if not rated.all():
        frame, index = frame[rated], index[rated]
    return frame, index, versions_applied(standard, index)


def versions_applied(standard: Standard, index: np.ndarray) -> set[str]:
    """The versions some row (with version index >= 0) is checked under."""
    used = np.bincount(index[index >= 0], minlength=len(standard.versions))
    return {standard.versions[i].version for i in np.flatnonzero(used)}


class RuleOnRowsInForce(Rule):
    """A rule that reads only the rows some version of the standard covers."""

    def evaluate(self, frame: pd.DataFrame, standard: Standard, *,
                 columns: dict[str, object], sheet: str | None) -> RuleOutcome:
        outcome = RuleOutcome()
        covered = rows_in_force(frame, standard)
        if covered is not None:
            frame, index, outcome.versions_applied = covered
            self.check(frame, index, standard, columns, outcome)
        return outcome

    @abstractmethod
    def check(self, frame: pd.DataFrame, index: np.ndarray, standard: Standard,
              columns: dict[str, object], outcome: RuleOutcome) -> None:
        """Add findings to `outcome`; `index` is each row's version in force."""


def hour_units(frame: pd.DataFrame) -> np.ndarray:
    """The frame's hours in whole ten-thousandths of an hour."""
    return memo(frame, "hour_units", lambda: np.rint(
        frame["hours"].to_numpy(dtype="float64", na_value=0.0) * HOURS_SCALE).astype("int64"))


def factorized(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, object]:
    """A column's codes and distinct values; a missing value is a value of its own."""
    return memo(frame, ("factorized", column),
                lambda: pd.factorize(frame[column], use_na_sentinel=False))


def hours_text(units: int) -> str:
    """Hour units as the report writes them: 400000 -> '40', 425000 -> '42.5'."""
    whole, part = divmod(abs(int(units)), HOURS_SCALE)
    sign = "-" if units < 0 else ""
    return f"{sign}{whole}.{part:04d}".rstrip("0") if part else f"{sign}{whole}"


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


def goal_fraction(value: object) -> tuple[int, int]:
    """A percent goal as an exact fraction (numerator, denominator): '12.5' -> (125, 10)."""
    numerator, denominator = Decimal(str(value)).as_integer_ratio()
    return numerator, denominator


def category_status(frame: pd.DataFrame, category: Category, standard: Standard,
                    index: np.ndarray) -> CategoryStatus:
    """Who is in the category, row by row (`index`: each row's version in force)."""
    return memo(frame, ("category", category.key, _standard_key(standard)),
                lambda: _category_status(frame, category, standard, index))


def _category_status(frame: pd.DataFrame, category: Category, standard: Standard,
                     index: np.ndarray) -> CategoryStatus:
    if category.key == "women":
        gender = frame["gender"]
        missing = gender.isna().to_numpy()
        return CategoryStatus(gender.isin(["woman"]).to_numpy(), ~missing, missing)
    if category.key == "people_of_color":
        return _flag_status(_person_of_color(frame, standard))
    if category.key == "apprentices":
        worker_class = frame["worker_class"]
        missing = worker_class.isna().to_numpy()
        return CategoryStatus(worker_class.eq("apprentice").fillna(False).to_numpy(dtype=bool),
                              ~missing, missing)
    return residency_status(frame, standard, index)


def _person_of_color(frame: pd.DataFrame, standard: Standard) -> pd.Series:
    """The person-of-color flag as the report gives it; where it gives none, what the race or
    ethnicity column says under the standard's own list (`people_of_color_races`): a value on
    the list is a person of color, another stated value is not, a value that states nothing
    ("Unknown", "Declined") stays not stated."""
    flag = frame["person_of_color"].astype("boolean")
    lists = [value for value in standard.parameter_values("people_of_color_races") if value]
    if "race" not in frame or not lists or not flag.isna().any():
        return flag
    counted = {" ".join(words(item)) for values in lists for item in values}
    codes, races = pd.factorize(frame["race"])
    folded = [" ".join(words(race)) for race in races]
    per_race = pd.array([True if race in counted else (pd.NA if race in RACE_NOT_STATED
                                                       else False) for race in folded] + [pd.NA],
                        dtype="boolean")
    derived = pd.Series(per_race[np.where(codes >= 0, codes, len(races))], index=frame.index)
    return flag.fillna(derived)


def _flag_status(flag: pd.Series) -> CategoryStatus:
    missing = flag.isna().to_numpy()
    member = flag.astype("boolean").fillna(False).to_numpy(dtype=bool)
    return CategoryStatus(member, ~missing, missing)


def zip_evidence(frame: pd.DataFrame, standard: Standard, index: np.ndarray) -> np.ndarray:
    """Per row, what the worker's ZIP says under the ZIP list of the version in force
    (ZIP_NONE when there is no ZIP or the standard ships no list)."""
    evidence = np.full(len(frame), ZIP_NONE, dtype="int8")
    names = standard.parameter_values("resident_zip_list")
    if not any(names) or "zip" not in frame:
        return evidence
    codes, uniques = factorized(frame, "zip")
    status_of = {"residential": ZIP_RESIDENTIAL, "needs-verification": ZIP_NEEDS_VERIFICATION,
                 "not-a-home-address": ZIP_NOT_HOME}
    for name in dict.fromkeys(n for n in names if n):
        entries = zip_list(str(name)).entries
        per_unique = np.array(
            [ZIP_NONE if plain_value(z) is None else
             status_of[entries[z].status] if z in entries else ZIP_OUTSIDE
             for z in uniques], dtype="int8")
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
    """Rows grouped by key columns: `codes[i]` is row i's group; `keys[g]` its key values.

    `parts[g]` holds group g's code in each key column, `uniques` each column's values.
    """

    codes: np.ndarray
    parts: np.ndarray
    uniques: tuple[object, ...]
    names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.parts)

    @cached_property
    def keys(self) -> list[tuple]:
        columns = [[plain_value(self.uniques[c][i]) for i in self.parts[:, c]]
                   for c in range(len(self.names))]
        return list(zip(*columns, strict=True)) if columns else [()] * len(self)

    def total(self, weights: np.ndarray) -> np.ndarray:
        """Per group, the exact int64 sum of int64 `weights` (exact below 2**53)."""
        return np.bincount(self.codes, weights=weights, minlength=len(self)).astype("int64")

    def coarsen(self, names: tuple[str, ...]) -> tuple[Groups, np.ndarray]:
        """The groups by fewer key columns, and each of these groups' coarse group."""
        index = [self.names.index(name) for name in names]
        sizes = [max(len(self.uniques[i]), 1) for i in index]
        raveled = np.ravel_multi_index(tuple(self.parts[:, index].T), sizes)
        present, fine_to_coarse = np.unique(raveled, return_inverse=True)
        parts = np.stack(np.unravel_index(present, sizes), axis=1)
        coarse = Groups(codes=fine_to_coarse[self.codes], parts=parts,
                        uniques=tuple(self.uniques[i] for i in index), names=names)
        return coarse, fine_to_coarse.ravel()

    def rows(self, rows: np.ndarray, groups: np.ndarray, mask: np.ndarray | None = None
             ) -> dict[int, tuple[list[int], int]]:
        """For each group in `groups`: a sample of its row numbers (where `mask`) and the
        count."""
        if len(groups) == 0:
            return {}
        wanted = np.zeros(len(self), dtype=bool)
        wanted[groups] = True
        selected = wanted[self.codes]
        if mask is not None:
            selected &= mask
        codes, numbers = self.codes[selected], rows[selected]
        # A stable sort of 16-bit codes is a radix sort: linear in the rows.
        keys = codes.astype("uint16") if len(self) <= np.iinfo("uint16").max else codes
        order = np.argsort(keys, kind="stable")
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


# Up to this many key combinations are found with one bincount instead of a hash table.
_DENSE_KEYS = 1 << 22


def group_rows(columns: dict[str, str | pd.Series | np.ndarray],
               frame: pd.DataFrame | None = None) -> Groups:
    """Group rows by the given key columns; a missing key value is a group of its own.

    A key given as a string is that column of `frame`. A column of small non-negative
    integers (a version index) is its own code.
    """
    codes_list, uniques_list, sizes = [], [], []
    for values in columns.values():
        if isinstance(values, str):
            codes, uniques = factorized(frame, values)
        elif (isinstance(values, np.ndarray) and values.dtype.kind in "iu"
                and (len(values) == 0 or values.min() >= 0)):
            codes = values.astype("int64")
            uniques = np.arange(int(values.max()) + 1 if len(values) else 0)
        else:
            codes, uniques = pd.factorize(values, use_na_sentinel=False)
        codes_list.append(codes)
        uniques_list.append(uniques)
        sizes.append(max(len(uniques), 1))
    length = len(codes_list[0]) if codes_list else (len(frame) if frame is not None else 0)
    raveled = (np.ravel_multi_index(codes_list, sizes) if codes_list
               else np.zeros(length, "int64"))
    if math.prod(sizes) <= _DENSE_KEYS:
        present = np.flatnonzero(np.bincount(raveled, minlength=math.prod(sizes)))
        lookup = np.zeros(math.prod(sizes), dtype="int64")
        lookup[present] = np.arange(len(present))
        codes = lookup[raveled]
    else:
        codes, present = pd.factorize(raveled)
    parts = (np.stack(np.unravel_index(np.asarray(present), sizes), axis=1) if sizes
             else np.zeros((len(present), 0), dtype="int64"))
    return Groups(codes=codes.astype("int64"), parts=parts, uniques=tuple(uniques_list),
                  names=tuple(columns))


def plain_value(value: object) -> object:
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


def period_phrase(period: str) -> str | Message:
    """A scope's period for a sentence: one day as it is, 'A to B' as a phrase to translate
    (`period` is what `period_text` wrote)."""
    first, between, last = period.partition(" to ")
    return Message("{first} to {last}", first=first, last=last) if between else period


# Where something was measured, one whole phrase per shape of scope: (names a project, names
# a contractor, spans several periods).
WHERE = {
    (True, True, True): Message("{work} on {project} by {contractor}, periods ending {period}"),
    (True, True, False): Message("{work} on {project} by {contractor}, the period ending "
                                 "{period}"),
    (True, False, True): Message("{work} on {project}, periods ending {period}"),
    (True, False, False): Message("{work} on {project}, the period ending {period}"),
    (False, True, True): Message("{work} by {contractor}, periods ending {period}"),
    (False, True, False): Message("{work} by {contractor}, the period ending {period}"),
    (False, False, True): Message("{work}, periods ending {period}"),
    (False, False, False): Message("{work}, the period ending {period}"),
}


# The worker-class groups a scope names: the import's own words, translated where shown.
WORKER_CLASS_NAMES = {"journey": Message("journey"), "apprentice": Message("apprentice"),
                      "not stated": Message("not stated")}


def where_text(scope: dict[str, str]) -> Message:
    """'Carpenter (journey) work on Dorchester Library, periods ending 2024-07-07 to ...'.

    Trade, worker class, project and contractor are data (as the report names them); the
    words around them are whole phrases for the translator, one per shape of scope.
    """
    worker_class = WORKER_CLASS_NAMES.get(scope.get("worker_class"), scope.get("worker_class"))
    if "trade" in scope and "worker_class" in scope:
        work = Message("{trade} ({worker_class}) work", trade=scope["trade"],
                       worker_class=worker_class)
    elif "worker_class" in scope:
        work = Message("{worker_class} work", worker_class=worker_class)
    elif "trade" in scope:
        work = Message("{trade} work", trade=scope["trade"])
    else:
        work = Message("all work")
    period = period_phrase(scope["period"])
    named = {key: scope[key] for key in ("project", "contractor") if key in scope}
    place = WHERE["project" in named, "contractor" in named, isinstance(period, Message)]
    return place.with_values(work=work, period=period, **named)


def listed(values: list[str], limit: int) -> str | Message:
    """Up to `limit` values joined with commas, then 'and N more'."""
    shown = ", ".join(values[:limit])
    if len(values) <= limit:
        return shown
    return Message("{listed} and {more} more", listed=shown, more=len(values) - limit)


def class_goals(standard: Standard, category: Category) -> dict[str, list[object | None]]:
    """The category's goals set per worker class, by class, each value per version (None where
    a version sets none); only the classes some version sets a goal for."""
    if category.is_worker_class:
        return {}
    goals = {worker_class: standard.parameter_values(class_goal_parameter(category, worker_class))
             for worker_class in WORKER_CLASSES}
    return {worker_class: values for worker_class, values in goals.items() if any(values)}


def share_goals(standard: Standard
                ) -> list[tuple[Category, list[object | None], dict[str, list[object | None]]]]:
    """Every category the standard sets a goal for: its goal for all hours in each version
    (None where a version sets none) and its goals per worker class (`class_goals`)."""
    goals = [(category, standard.parameter_values(category.goal_parameter),
              class_goals(standard, category)) for category in CATEGORIES]
    return [(category, values, per_class) for category, values, per_class in goals
            if any(values) or per_class]


def goal_categories(standard: Standard) -> list[tuple[Category, list[object | None]]]:
    """The demographic categories (who the worker is: not apprentices) the standard sets a
    goal for, for all hours or for one worker class, with the goal for all hours in each
    version (None where a version sets none, or sets it only per worker class)."""
    return [(category, values) for category, values, _ in share_goals(standard)
            if not category.is_worker_class]


def column_header(columns: dict[str, object], field: str) -> str | None:
    """The header the vendor wrote for a canonical field, if the file has that column."""
    return getattr(columns.get(field), "header", None)


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def rows_text(count: int) -> Message:
    if count == 1:
        return Message("{count} row", count=count)
    return Message("{count} rows", count=count)
