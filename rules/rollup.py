"""A construction project across all its contractors: every filer's accepted rows read as one
workforce, the hiring goals measured over it, and the project graded month by month.

The rows are what each contractor's check accepted (`workforce_rows` keeps the columns the
goals and the wages read), stored once per run. Put together (`combined`):
- A worker with an ID who appears in two contractors' reports for the same period, trade and
  journey/apprentice class is counted once per hour: the contractor reporting the most hours
  keeps them (the hours are the same work, reported twice), and the overlap is listed.
- A worker named without an ID in two contractors' reports for the same period cannot be
  told apart from a namesake: both are counted, and the overlap is listed for the officer.

Shares are measured exactly as the hiring-goal rule measures them (rules.hiring_goal, with
the one meaning of each category, rules.workforce.category_status), per trade and
journey/apprentice class and for the whole project. Grades (`grades`) say, per trade and in
total, over the whole project and over its last three months, whether each goal is met, and
how many hours by the category are still needed in the hours left in the contractors' plans.

Pure: no Django. Hours are whole ten-thousandths of an hour (rules.workforce.HOURS_SCALE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd
import pyarrow as pa

from rules.hiring_goal import hours_shares
from rules.standards import Standard
from rules.workforce import (
    HOURS_SCALE,
    category_status,
    goal_categories,
    goal_fraction,
    hours_text,
    hours_up_to_tenth,
    percent_text,
)

# The columns of a contractor's accepted rows a project reads: who, when, which trade and
# class, how many hours, the categories' evidence, and the pay (certified payroll).
ROW_COLUMNS = ("period_end", "trade", "worker_class", "hours", "worker", "worker_id",
               "gender", "person_of_color", "race", "boston_resident", "zip", "hourly_rate")
OVERLAPS_LISTED = 200
MEETING, NOT_MEETING, TOO_NEW = "meeting", "not_meeting", "too_new"
WHOLE_PROJECT, LAST_THREE_MONTHS = "project", "last-3-months"
TOTAL = ""  # the trade of a grade over every trade


def workforce_rows(frame: pd.DataFrame) -> pa.Table | None:
    """The columns of a checked report's accepted rows a project reads, as one Arrow table
    (None for a report with no trade or hours: nothing to add to a project)."""
    if frame.empty or not {"trade", "hours", "period_end"} <= set(frame.columns):
        return None
    kept = frame[[name for name in ROW_COLUMNS if name in frame.columns]]
    return pa.Table.from_pandas(kept, preserve_index=False)


@dataclass(frozen=True)
class Combined:
    """Every filer's rows as one workforce (`frame`, with a `filer` column), and the workers
    found in two filers' reports (`overlaps`: one row per worker, period and pair)."""

    frame: pd.DataFrame
    overlaps: pd.DataFrame
    overlap_count: int


def combined(parts: Sequence[tuple[int, pd.DataFrame]], project: str) -> Combined:
    """The filers' rows (filer id, its rows) as one project's workforce, each hour once."""
    frames = [frame.assign(filer=filer) for filer, frame in parts if len(frame)]
    if not frames:
        return Combined(_empty(), pd.DataFrame(columns=_OVERLAP_COLUMNS), 0)
    frame = pd.concat(frames, ignore_index=True)
    for name in ROW_COLUMNS:
        if name not in frame.columns:
            frame[name] = pd.NA
    frame["project"] = project
    frame["period_end"] = pd.to_datetime(frame["period_end"]).astype("datetime64[s]")
    frame["hours"] = frame["hours"].astype("float64")
    frame["worker_class"] = frame["worker_class"].astype("string").fillna("not stated")
    by_id, counted = _overlaps_by_id(frame)
    by_name = _overlaps_by_name(frame)
    overlaps = pd.concat([part for part in (by_id, by_name) if len(part)], ignore_index=True) \
        if len(by_id) or len(by_name) else pd.DataFrame(columns=_OVERLAP_COLUMNS)
    count = sum(int(part["of"].iloc[0]) for part in (by_id, by_name) if len(part))
    kept = frame if counted.all() else frame[counted].reset_index(drop=True)
    return Combined(kept, overlaps.head(OVERLAPS_LISTED).drop(columns="of", errors="ignore"),
                    count)


_OVERLAP_COLUMNS = ["worker", "by_id", "period_end", "trade", "filers", "hours", "counted"]


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype="object") for name in ROW_COLUMNS})
    frame["period_end"] = frame["period_end"].astype("datetime64[s]")
    frame["hours"] = frame["hours"].astype("float64")
    frame["filer"] = pd.Series(dtype="int64")
    frame["project"] = pd.Series(dtype="string")
    return frame


def _key_codes(values: pd.Series) -> np.ndarray:
    """An ID or a name as an integer key per row (-1 where none is given): case and spacing
    do not make two people. Only the distinct values are normalised, not every row."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    folded = [" ".join(str(value).casefold().split()) for value in uniques]
    keys, _ = pd.factorize(pd.Series(folded, dtype="object"))
    keys = np.where(np.array([text == "" for text in folded], dtype=bool), -1, keys)
    return np.where(codes >= 0, keys[np.maximum(codes, 0)] if len(keys) else -1, -1)


def worker_key(values: pd.Series) -> pd.Series:
    """An ID or a name as the text that says who a worker is (NA where none is given): case
    and spacing do not make two people. The one meaning of a worker key in a project."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    folded = np.array([" ".join(str(value).casefold().split()) or None for value in uniques]
                      + [None], dtype=object)
    return pd.Series(folded[np.where(codes >= 0, codes, len(uniques))], index=values.index,
                     dtype="string")


def _identities(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the worker's ID key and name key (-1 where not given)."""
    return _key_codes(frame["worker_id"]), _key_codes(frame["worker"])


def _group_codes(*columns: np.ndarray) -> np.ndarray:
    """One integer per distinct combination of the integer `columns`."""
    table = pd.DataFrame({f"c{i}": column for i, column in enumerate(columns)})
    return table.groupby(list(table.columns), sort=False).ngroup().to_numpy()


def _overlaps_by_id(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows with a worker ID: for each worker, period, trade and class reported by several
    filers, the filer with the most hours keeps them; the others' rows are not counted."""
    counted = np.ones(len(frame), dtype=bool)
    ids, _names = _identities(frame)
    has_id = ids >= 0
    if not has_id.any():
        return pd.DataFrame(columns=_OVERLAP_COLUMNS), counted
    rows = np.flatnonzero(has_id)
    trade = frame["trade"].factorize(use_na_sentinel=False)[0][rows]
    worker_class = frame["worker_class"].factorize(use_na_sentinel=False)[0][rows]
    day = frame["period_end"].to_numpy(dtype="datetime64[D]")[rows].astype("int64")
    key = _group_codes(ids[rows], day, trade, worker_class)
    filer = frame["filer"].to_numpy()[rows].astype("int64")
    hours = frame["hours"].to_numpy(dtype="float64", na_value=0.0)[rows]
    per_filer = (pd.DataFrame({"key": key, "filer": filer, "hours": hours})
                 .groupby(["key", "filer"], sort=False)["hours"].sum().reset_index())
    filers = per_filer.groupby("key", sort=False)["filer"].transform("size").to_numpy()
    shared = per_filer[filers > 1]
    if shared.empty:
        return pd.DataFrame(columns=_OVERLAP_COLUMNS), counted
    # The filer with the most hours keeps them; among equals, the lowest filer id (stable).
    ordered = shared.sort_values(["key", "hours", "filer"], ascending=[True, False, True])
    winners = ordered.drop_duplicates("key")
    kept = np.full(int(key.max()) + 1, -1, dtype="int64")
    kept[winners["key"].to_numpy()] = winners["filer"].to_numpy()
    keeper = kept[key]
    counted[rows[(keeper >= 0) & (keeper != filer)]] = False
    listed = _listed(ordered)
    at = _first_rows(rows, key, listed["key"].to_numpy())
    return pd.DataFrame({
        "worker": frame["worker_id"].to_numpy()[at], "by_id": True,
        "period_end": frame["period_end"].to_numpy()[at],
        "trade": frame["trade"].to_numpy()[at], "filers": listed["filers"],
        "hours": listed["hours"], "counted": [hours[0] for hours in listed["hours"]],
        "of": len(winners)}), counted


def _listed(shared: pd.DataFrame) -> pd.DataFrame:
    """The first OVERLAPS_LISTED shared keys with their filers and hours (as tuples): only
    the listed ones become Python objects, however many overlaps there are."""
    keys = shared["key"].drop_duplicates().to_numpy()[:OVERLAPS_LISTED]
    part = shared[shared["key"].isin(keys)]
    grouped = part.groupby("key", sort=False)
    return pd.DataFrame({"key": list(grouped.groups),
                         "filers": [tuple(v) for v in grouped["filer"].agg(list)],
                         "hours": [tuple(v) for v in grouped["hours"].agg(list)]})


def _first_rows(rows: np.ndarray, key: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each wanted key, the first row (of `rows`) that has it."""
    first = np.full(int(key.max()) + 1, -1, dtype="int64")
    order = np.arange(len(key))[::-1]
    first[key[order]] = rows[order]
    return first[wanted]


def _overlaps_by_name(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows named but without an ID, whose name appears in another filer's report for the
    same period: listed, both counted."""
    ids, names = _identities(frame)
    named = (names >= 0) & (ids < 0)
    if not named.any():
        return pd.DataFrame(columns=_OVERLAP_COLUMNS)
    rows = np.flatnonzero(named)
    day = frame["period_end"].to_numpy(dtype="datetime64[D]")[rows].astype("int64")
    key = _group_codes(names[rows], day)
    per_filer = (pd.DataFrame({"key": key, "filer": frame["filer"].to_numpy()[rows],
                               "hours": frame["hours"].to_numpy(dtype="float64")[rows]})
                 .groupby(["key", "filer"], sort=True)["hours"].sum().reset_index())
    filers = per_filer.groupby("key")["filer"].transform("size").to_numpy()
    shared = per_filer[filers > 1]
    if shared.empty:
        return pd.DataFrame(columns=_OVERLAP_COLUMNS)
    listed = _listed(shared)
    at = _first_rows(rows, key, listed["key"].to_numpy())
    return pd.DataFrame({"worker": frame["worker"].to_numpy()[at], "by_id": False,
                         "period_end": frame["period_end"].to_numpy()[at], "trade": "",
                         "filers": listed["filers"], "hours": listed["hours"],
                         "counted": [sum(hours) for hours in listed["hours"]],
                         "of": shared["key"].nunique()})


def in_months(frame: pd.DataFrame, first: dt.date, last: dt.date) -> pd.DataFrame:
    """The rows whose period ends within first..last (inclusive)."""
    days = frame["period_end"].to_numpy(dtype="datetime64[D]")
    mask = (days >= np.datetime64(first, "D")) & (days <= np.datetime64(last, "D"))
    return frame if mask.all() else frame[mask].reset_index(drop=True)


def month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def months_back(last: dt.date, months: int) -> dt.date:
    """The first day of the window of `months` months ending with the month of `last`."""
    month = last.month - months + 1
    year = last.year
    while month < 1:
        month += 12
        year -= 1
    return dt.date(year, month, 1)


# -- the roll-up --------------------------------------------------------------------------

def shares(frame: pd.DataFrame, standard: Standard) -> list[dict]:
    """Every share the standard measures over the project's rows: per trade and class and for
    the whole project, one record per group and category (rules.hiring_goal.hours_shares)."""
    if frame.empty:
        return []
    table = hours_shares(frame, standard)
    if table.empty:
        return []
    table = table.drop(columns=[c for c in ("project",) if c in table.columns])
    return [{key: (None if isinstance(value, float) and np.isnan(value) else value)
             for key, value in record.items()} for record in table.to_dict("records")]


def contributions(frame: pd.DataFrame) -> list[dict]:
    """Per trade, each filer's hours and its share of the trade's hours (one decimal,
    truncated), largest first."""
    if frame.empty:
        return []
    units = np.rint(frame["hours"].to_numpy(dtype="float64", na_value=0.0)
                    * HOURS_SCALE).astype("int64")
    table = pd.DataFrame({"trade": frame["trade"].astype("string").fillna("(no trade)"),
                          "filer": frame["filer"].to_numpy(), "units": units})
    per = table.groupby(["trade", "filer"], sort=True)["units"].sum().reset_index()
    per["trade_units"] = per.groupby("trade")["units"].transform("sum")
    per = per.sort_values(["trade", "units", "filer"], ascending=[True, False, True])
    return [{"trade": str(trade), "filer": int(filer), "hours": hours_text(units),
             "share": percent_text(units, whole) if whole else None}
            for trade, filer, units, whole in per[["trade", "filer", "units", "trade_units"]]
            .itertuples(index=False)]


def distinct_workers(frame: pd.DataFrame, standard: Standard) -> dict[str, dict[str, int]]:
    """Per trade (and TOTAL), the distinct workers overall and in each goal category.

    A worker is an ID, else a name, within the project. A report that names no one (Boston's
    layout: a row per worker and period) gives a row per worker: such a filer's workers are
    its most rows in any one period, since the same people recur from period to period, so
    counts err low."""
    if frame.empty:
        return {}
    index = standard.version_index_for(frame["period_end"])
    ids, names = _identities(frame)
    offset = int(ids.max()) + 1
    identity = np.where(ids >= 0, ids, np.where(names >= 0, names + offset, -1))
    trade, trades = pd.factorize(frame["trade"].astype("string").fillna("(no trade)"))
    filer = frame["filer"].to_numpy().astype("int64")
    day = frame["period_end"].to_numpy(dtype="datetime64[D]").astype("int64")
    masks = {"workers": np.ones(len(frame), dtype=bool)}
    for category, _values in goal_categories(standard):
        status = category_status(frame, category, standard, index)
        masks[category.key] = status.member & status.known
    span = int(identity.max()) + 2
    counts: dict[str, dict[str, int]] = {}
    for key, mask in masks.items():
        named = mask & (identity >= 0)
        pairs = np.unique(trade[named].astype("int64") * span + identity[named])
        per_trade = np.bincount(pairs // span, minlength=len(trades))
        total = len(np.unique(identity[named]))
        anonymous = mask & (identity < 0)
        if anonymous.any():
            sizes = (pd.DataFrame({"trade": trade[anonymous], "filer": filer[anonymous],
                                   "day": day[anonymous]})
                     .value_counts().rename("rows").reset_index())
            most = sizes.groupby(["trade", "filer"])["rows"].max().groupby("trade").sum()
            per_trade = per_trade + np.bincount(most.index.to_numpy(), weights=most.to_numpy(),
                                                minlength=len(trades)).astype("int64")
            whole = sizes.groupby(["filer", "day"])["rows"].sum().groupby("filer").max()
            total += int(whole.sum())
        for code, name in enumerate(trades):
            if per_trade[code]:
                counts.setdefault(str(name), {})[key] = int(per_trade[code])
        counts.setdefault(TOTAL, {})[key] = int(total)
    return counts


# -- grades -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """The contractors' approved plans for the project: per trade, month (its last day) and
    category, the planned hours and the hours committed to each category."""

    frame: pd.DataFrame  # trade, period_end, estimated_hours, <category>_share (0-100 or NA)

    @classmethod
    def none(cls) -> Plan:
        return cls(pd.DataFrame({"trade": pd.Series(dtype="string"),
                                 "period_end": pd.Series(dtype="datetime64[s]"),
                                 "estimated_hours": pd.Series(dtype="float64")}))

    def units(self, trade: str | None, last: dt.date | None = None,
              first: dt.date | None = None) -> int:
        rows = self._rows(trade, last, first)
        return int(np.rint(rows["estimated_hours"].fillna(0).to_numpy(dtype="float64")
                           * HOURS_SCALE).sum())

    def committed(self, trade: str | None, key: str) -> Fraction | None:
        """The share (a fraction of 100) the plans commit to over the trade's planned hours,
        weighted by hours; None where no plan row commits a share."""
        rows = self._rows(trade, None, None)
        column = f"{key}_share"
        if column not in rows or rows[column].isna().all():
            return None
        hours = rows["estimated_hours"].fillna(0).to_numpy(dtype="float64")
        share = rows[column].to_numpy(dtype="float64", na_value=np.nan)
        stated = ~np.isnan(share)
        if hours[stated].sum() <= 0:
            return None
        value = (share[stated] * hours[stated]).sum() / hours[stated].sum()
        return Fraction(round(value * 10), 10)

    def _rows(self, trade: str | None, last: dt.date | None,
              first: dt.date | None) -> pd.DataFrame:
        rows = self.frame
        if trade not in (None, TOTAL):
            rows = rows[rows["trade"].astype("string").str.casefold() == trade.casefold()]
        days = rows["period_end"].to_numpy(dtype="datetime64[D]")
        mask = np.ones(len(rows), dtype=bool)
        if last is not None:
            mask &= days <= np.datetime64(last, "D")
        if first is not None:
            mask &= days >= np.datetime64(first, "D")
        return rows[mask]


def grades(frame: pd.DataFrame, standard: Standard, *, month: dt.date, plan: Plan,
           grade_after: Fraction) -> dict:
    """The project's grades for the month ending `month`: per trade and in total (TOTAL),
    over the whole project and over its last three months, each category's share against the
    city's goal in force that month and against the plans' commitment, with the hours still
    needed. The project is too new to grade until `grade_after` of its planned hours have
    been worked (without a plan, until it has hours to grade)."""
    month = month_end(month)
    version = standard.version_on(month)
    worked = in_months(frame, dt.date.min, month)
    units = _hour_units(worked)
    worked_units = int(units.sum())
    planned_units = plan.units(None)
    too_new = (worked_units == 0 if planned_units == 0
               else Fraction(worked_units, planned_units) < grade_after)
    goals = goal_categories(standard) if version is not None else []
    index = standard.version_index_for(worked["period_end"])
    statuses = {category.key: category_status(worked, category, standard, index)
                for category, _ in goals}
    trade_codes, trade_names = pd.factorize(
        worked["trade"].astype("string").fillna("").to_numpy(dtype=object), sort=True)
    window = (months_back(month, 3), month)
    days = worked["period_end"].to_numpy(dtype="datetime64[D]")
    in_scope = {WHOLE_PROJECT: np.ones(len(worked), dtype=bool),
                LAST_THREE_MONTHS: days >= np.datetime64(window[0], "D")}

    def per_trade(mask: np.ndarray) -> np.ndarray:
        """Hour units per trade code, with the TOTAL last."""
        sums = np.bincount(trade_codes, weights=np.where(mask, units, 0),
                           minlength=len(trade_names)).round().astype("int64")
        return np.append(sums, sums.sum())

    whole_hours = per_trade(in_scope[WHOLE_PROJECT])
    rows = []
    for scope, scoped in in_scope.items():
        present = np.bincount(trade_codes[scoped], minlength=len(trade_names)) > 0
        hours = per_trade(scoped)
        sums = {key: (per_trade(scoped & status.known),
                      per_trade(scoped & status.known & status.member))
                for key, status in statuses.items()}
        listed = [(len(trade_names), TOTAL)] + [
            (code, str(name)) for code, name in enumerate(trade_names) if present[code]]
        for code, trade in listed:
            total = int(hours[code])
            planned = plan.units(trade) if scope == WHOLE_PROJECT else \
                plan.units(trade, window[1], window[0])
            remaining = max(plan.units(trade) - int(whole_hours[code]), 0)
            row = {"scope": scope, "trade": trade, "hours": hours_text(total),
                   "planned_hours": hours_text(planned), "categories": []}
            verdicts, plan_verdicts = [], []
            for category, values in goals:
                known, member = (int(column[code]) for column in sums[category.key])
                goal = values[standard.versions.index(version)]
                committed = plan.committed(trade, category.key)
                entry = {"category": category.key, "member_hours": hours_text(member),
                         "known_hours": hours_text(known),
                         "share": percent_text(member, known) if known else None,
                         "goal": None if goal is None else str(goal),
                         "committed": None if committed is None else _fraction_text(committed)}
                if goal is not None:
                    met = known > 0 and _meets(member, known, goal_fraction(goal))
                    verdicts.append(met)
                    entry["meets_goal"] = met
                if goal is not None and scope == WHOLE_PROJECT:
                    needed = _needed(member, known, remaining, goal_fraction(goal))
                    entry["needed_hours"] = hours_up_to_tenth(needed, 1)
                    entry["reachable"] = needed <= remaining
                if committed is not None:
                    met_plan = known > 0 and _meets(member, known, (committed.numerator,
                                                                    committed.denominator))
                    plan_verdicts.append(met_plan)
                    entry["meets_plan"] = met_plan
                row["categories"].append(entry)
            row["remaining_planned_hours"] = hours_text(remaining)
            row["grade"] = (TOO_NEW if too_new or total == 0 or not verdicts
                            else MEETING if all(verdicts) else NOT_MEETING)
            row["plan_grade"] = (None if not plan_verdicts else TOO_NEW if too_new or total == 0
                                 else MEETING if all(plan_verdicts) else NOT_MEETING)
            rows.append(row)
    overall, recent = (_headline([r for r in rows if r["scope"] == scope])
                       for scope in (WHOLE_PROJECT, LAST_THREE_MONTHS))
    return {"month": month.isoformat(), "version": version.version if version else None,
            "source": version.source if version else None,
            "grade": overall, "recent_grade": recent,
            "worked_hours": hours_text(worked_units), "planned_hours": hours_text(planned_units),
            "grade_after": _fraction_text(grade_after * 100), "rows": rows}


def _headline(rows: list[dict]) -> str:
    """A scope's grade: goals are met in each trade (BRJP measures "in each trade"), so one
    trade not meeting them is the project not meeting them; too new while the total is."""
    total = next(row for row in rows if row["trade"] == TOTAL)
    if total["grade"] == TOO_NEW:
        return TOO_NEW
    if any(row["grade"] == NOT_MEETING for row in rows):
        return NOT_MEETING
    return MEETING


def _hour_units(frame: pd.DataFrame) -> np.ndarray:
    return np.rint(frame["hours"].to_numpy(dtype="float64", na_value=0.0)
                   * HOURS_SCALE).astype("int64")


def _meets(member: int, known: int, goal: tuple[int, int]) -> bool:
    numerator, denominator = goal
    return member * 100 * denominator >= numerator * known


def _needed(member: int, known: int, remaining: int, goal: tuple[int, int]) -> int:
    """The hours by the category still needed so that, once the remaining planned hours are
    worked, the share reaches the goal: the least x with (member + x) / (known + remaining)
    >= goal, in hour units (0 when already on course)."""
    numerator, denominator = goal
    gap = numerator * (known + remaining) - 100 * denominator * member
    return max(0, -(-gap // (100 * denominator)))


def _fraction_text(value: Fraction) -> str:
    tenths = round(value * 10)
    return f"{tenths // 10}.{tenths % 10}".removesuffix(".0")


def plan_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """Plan rows as stored (trade, month, hours, shares) as the frame `Plan` reads."""
    frame = pd.DataFrame.from_records(list(rows))
    if frame.empty:
        return Plan.none().frame
    frame["period_end"] = pd.to_datetime(frame["period_end"]).astype("datetime64[s]")
    frame["estimated_hours"] = pd.to_numeric(frame["estimated_hours"], errors="coerce")
    for column in [c for c in frame.columns if c.endswith("_share")]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame
