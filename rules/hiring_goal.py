"""Hours-share goals: a share of the work hours goes to residents, people of color, women."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa

from imports.codes import Code
from imports.i18n import Message, gettext_noop
from imports.words import words
from rules import columns as cols
from rules.findings import Finding, figures_table, finding_key, writes
from rules.registry import ParameterSpec, Rule, RuleOutcome, register
from rules.standards import Standard
from rules.workforce import (
    CATEGORIES,
    GOAL_PARAMETERS,
    MEASURED_PER,
    Category,
    Groups,
    category_status,
    decimal_text,
    factorized,
    goal_fraction,
    group_rows,
    hour_units,
    hours_text,
    hours_up_to_tenth,
    in_force,
    percent_text,
    rows_in_force,
    scope_of,
    sentence_start,
    share_goals,
    versions_applied,
    where_text,
)

GROUP_KEYS = {"project": ("project",), "trade": ("project", "trade"),
              "trade-class": ("project", "trade", "worker_class")}


@register
class HiringGoal(Rule):
    """Hours-share goals, per trade and worker class and for the whole project.

    Standard: construction hiring goals measured in work hours, not headcount: the Boston
    Residents Jobs Policy (CBC 8-9; 51% residents, 40% people of color, 12% women from
    2017-01-25; 50/25/10 before), Minneapolis (32% people of color, 20% women), the Minnesota
    Department of Human Rights goals by county, the San Francisco Local Hiring Policy (30%
    of the hours in each trade by local residents, 50% of apprentices' hours; SF Admin. Code
    82.5), Seattle Priority Hire (SMC 20.37: hours by residents of economically distressed
    ZIP codes, set separately for apprentices and journey-level workers; apprentice
    utilisation).
    Who is covered: every worker-hour on the report, except the hours of trades the version
    in force exempts (`exempt_trades`, e.g. San Francisco's Trade Exemptions List): those
    count on neither side of any share. A trade is matched by its words, ignoring case,
    accents and punctuation ("Elevator constructor" is "ELEVATOR CONSTRUCTOR"), never by a
    near spelling. `measured_per` says where the share is measured: "trade-class" (each
    trade, journey-level workers and apprentices separately), "trade", and/or "project" (all
    hours). A file naming several projects is measured per project.
    Goals per worker class: a standard may set a category's goal for one worker class
    (`residents_share_apprentice`, `residents_share_journey`): in each project (or trade) it
    measures, that class's share is measured among that class's hours only, beside the goal
    for all hours if one is set; in "trade-class" groups the class's own goal replaces the
    goal for all hours (a class without one is not measured there). Rows whose worker class
    is not stated are in no class's share. Apprentices (`apprentices_share`) are a share of
    all hours (member: worker class "apprentice"; known: a worker class stated), never
    measured within one class.
    Categories are counted each on its own: a woman of color counts toward both goals. A
    row whose category is not recorded (no gender, no person-of-color flag, no residency),
    or whose ZIP needs verification, is counted in no category and left out of that
    category's share: the share is of the hours whose status is known, and the finding says
    how many hours were left out (the data-completeness rule reports them). Missing is never
    defaulted into a category.
    Residency: with a ZIP list (`resident_zip_list`), the worker's home ZIP decides; without
    a ZIP, or with no list, the declared resident flag.
    Dates: the goals applied are those in force on each row's period end; a file spanning a
    change is measured separately before and after it.
    Rounding: hours are summed exactly (ten-thousandths of an hour); a share exactly at the
    goal meets it. Shares are shown truncated to one decimal; hours needed are rounded up to
    a tenth of an hour.
    Finding: `hiring-goal.<category>-share-below-goal`, severity "shortfall": a goal for an
    officer's review with the contractor's good-faith efforts, not a violation. A share of
    one worker class names the class in its scope ("worker_class").
    """

    code = "hiring-goal"
    version = "1"
    title = "Share of work hours by residents, people of color and women"
    report_types = ("workforce",)
    parameters = (
        *GOAL_PARAMETERS,
        ParameterSpec("residents_label", "text", "text",
                      "what residents are called in messages, e.g. 'Boston residents'",
                      required=False),
        ParameterSpec("min_project_value", "money", "USD",
                      "projects (public works) of at least this value are covered",
                      required=False, coverage=True),
        ParameterSpec("min_private_project_sqft", "number", "sq ft",
                      "private projects over this floor area are covered (public projects "
                      "always)", required=False, coverage=True),
        ParameterSpec("exempt_trades", "list", "trades",
                      "trades whose hours count toward no share (a trade exemptions list)",
                      required=False),
    )

    def evaluate(self, frame: pd.DataFrame, standard: Standard, *,
                 columns: dict[str, object], sheet: str | None) -> RuleOutcome:
        outcome = RuleOutcome()
        rows = frame["row"].to_numpy(dtype="int64")
        measures = measure_shares(frame, standard)
        # The rows behind a share are the group's rows (of the class a share is measured
        # among), whichever category fell short: sample them once per grouping and class.
        samples: dict[tuple, dict[int, tuple[list[int], int]]] = {}
        for key, groups in {_sample_key(m): m.groups for m in measures}.items():
            chosen = [m for m in measures if _sample_key(m) == key]
            flagged = np.unique(np.concatenate([np.flatnonzero(m.below_goal) for m in chosen]))
            rated, of_class = chosen[0].rated, chosen[0].of_class
            samples[key] = groups.rows(rows[rated], flagged, of_class)
        found: dict[str, list] = {name: [] for name in _COLUMNS}
        for measure in measures:
            outcome.versions_applied |= measure.versions_applied
            flagged = np.flatnonzero(measure.below_goal)
            for group in sorted(flagged.tolist(), key=lambda g: _sort_key(measure.groups.keys[g])):
                sample, count = samples[_sample_key(measure)][group]
                found["version"].append(int(measure.group_version[group]))
                found["goal"].append(decimal_text(measure.goal[group]))
                found["category"].append(measure.category.key)
                found["scope"].append({**measure.scope(group),
                                       "category": measure.category.key})
                found["total"].append(int(measure.total[group]))
                found["known"].append(int(measure.known[group]))
                found["member"].append(int(measure.member[group]))
                found["rows"].append(sample)
                found["row_count"].append(count)
        if found["version"]:
            outcome.findings.extend(self._table(standard, found))
        return outcome

    def _table(self, standard: Standard, found: dict[str, list]) -> pa.Table:
        """The findings as their figures (rules.findings.SCHEMA), one row per group below a
        goal: their sentences are written when a finding is read (`_written`)."""
        count = len(found["version"])
        version = pa.array(found["version"], type=pa.int64())
        versions = standard.versions
        by_key = {category.key: category for category in CATEGORIES}
        codes = [_code(by_key[key]).value for key in found["category"]]
        labels = standard.parameter_values("residents_label")
        scopes = [json.dumps(scope, ensure_ascii=False) for scope in found["scope"]]
        return figures_table({
            "code": pa.array(codes, type=pa.string()),
            "rule": cols.repeated(self.code, count),
            "rule_version": cols.repeated(self.version, count),
            "standard": cols.repeated(standard.label, count),
            "standard_version": cols.per_index([v.version for v in versions], version),
            "source": cols.per_index([v.source for v in versions], version),
            "severity": cols.repeated("shortfall", count),
            "unit": cols.repeated(gettext_noop("percent of hours"), count),
            "rows": pa.array(found["rows"], type=pa.list_(pa.int64())),
            "row_count": pa.array(found["row_count"], type=pa.int64()),
            "scope": pa.array(scopes, type=pa.string()),
            "owed_money": pa.array([0] * count, type=pa.int64()),
            "back_pay_money": pa.array([0] * count, type=pa.int64()),
            "overtime_money": pa.array([0] * count, type=pa.int64()),
            "key": pa.array([finding_key({"code": code, "standard": standard.label,
                                          "scope": scope})
                             for code, scope in zip(codes, found["scope"], strict=True)],
                            type=pa.string()),
            "hiring_goal_category": pa.array(found["category"], type=pa.string()),
            "hiring_goal_total_units": pa.array(found["total"], type=pa.int64()),
            "hiring_goal_known_units": pa.array(found["known"], type=pa.int64()),
            "hiring_goal_member_units": pa.array(found["member"], type=pa.int64()),
            "hiring_goal_goal": pa.array(found["goal"], type=pa.string()),
            "hiring_goal_residents_label": cols.per_index(
                [None if label is None else str(label) for label in labels], version),
            "hiring_goal_title": cols.repeated(standard.title, count),
            "hiring_goal_effective_from": cols.per_index(
                [v.effective_from.isoformat() for v in versions], version),
        }, count)


def _code(category: Category) -> Code:
    return Code(f"hiring-goal.{category.code}-share-below-goal")


def _written(record: dict) -> dict:
    """A hiring-goal finding stored as its figures (HiringGoal._table), written out: the
    sentences in English with their msgids and values. The figures are the stored ones,
    exactly; the wording is the catalogue's (rules.findings, FIGURES)."""
    category = next(c for c in CATEGORIES if c.key == record["hiring_goal_category"])
    total, known, member = (record["hiring_goal_total_units"],
                            record["hiring_goal_known_units"],
                            record["hiring_goal_member_units"])
    goal_text = record["hiring_goal_goal"]
    numerator, denominator = goal_fraction(goal_text)
    gap = numerator * known - 100 * denominator * member
    to_shift = hours_up_to_tenth(gap, 100 * denominator)
    more = hours_up_to_tenth(gap, 100 * denominator - numerator) \
        if 100 * denominator > numerator else "—"
    named, heading = category.named, category.heading
    label = record["hiring_goal_residents_label"]
    if category.key == "residents" and label is not None:
        # The standard's own name for them ("Boston residents"): data, not translated.
        named, heading = label, sentence_start(label)
    observed = percent_text(member, known)
    unknown = total - known
    scope = json.loads(record["scope"])
    place = {name: value for name, value in scope.items() if name != "category"}
    code = _code(category)
    message = code.message(
        category=heading, hours=hours_text(member), known=hours_text(known),
        share=observed, where=where_text(place), goal=goal_text,
        title=record["hiring_goal_title"], effective_from=record["hiring_goal_effective_from"],
        uncounted=Message(" (another {unknown} hours have {unsettled}, and count on "
                          "neither side)", unknown=hours_text(unknown),
                          unsettled=category.unsettled) if unknown else "")
    return Finding(
        code=code.value, rule=record["rule"], rule_version=record["rule_version"],
        standard=record["standard"], standard_version=record["standard_version"],
        source=record["source"], severity=record["severity"], scope=scope,
        observed=observed, expected=goal_text, unit=record["unit"],
        rows=list(record["rows"] or []), row_count=record["row_count"],
        message=message,
        remedy=code.hint(more=more, category=named, goal=goal_text, to_shift=to_shift),
        figures={
            "category_hours": hours_text(member),
            "known_hours": hours_text(known),
            "total_hours": hours_text(total),
            "unknown_hours": hours_text(unknown),
            "share_of_all_hours": percent_text(member, total),
            "additional_hours_needed": more,
            "hours_to_shift": to_shift,
            "effective_from": record["hiring_goal_effective_from"],
        },
    ).to_dict()


for _category in CATEGORIES:
    writes(_code(_category).value)(_written)

_COLUMNS = ("version", "goal", "category", "scope", "total", "known", "member", "rows",
            "row_count")


@dataclass(frozen=True)
class ShareMeasure:
    """One category's share in every group of one scope kind (arrays indexed by group); for a
    goal set per worker class, the share among that class's hours (`worker_class`)."""

    scope_kind: str
    category: Category
    worker_class: str | None
    groups: Groups
    # Over the frame's rows: the rows measured (some version in force, trade not exempt).
    rated: np.ndarray
    # Over the measured rows: the rows of `worker_class` (None: every row).
    of_class: np.ndarray | None
    group_version: np.ndarray
    total: np.ndarray
    known: np.ndarray
    member: np.ndarray
    goal: np.ndarray  # per group, the goal in force (Decimal), None where there is none
    below_goal: np.ndarray
    first: np.ndarray
    last: np.ndarray
    versions_applied: set[str]

    def scope(self, group: int) -> dict[str, str]:
        scope = scope_of(self.groups, group, first=self.first[group], last=self.last[group])
        if self.worker_class is None:
            return scope
        period = scope.pop("period")
        return {**scope, "worker_class": self.worker_class, "period": period}


def _sample_key(measure: ShareMeasure) -> tuple[int, str | None]:
    return id(measure.groups), measure.worker_class


def exempt_trade_rows(frame: pd.DataFrame, standard: Standard, index: np.ndarray) -> np.ndarray:
    """Per row, whether its trade is on the exempt list of the version in force (`index`:
    each row's version). Trades are compared by their words (case, accents and punctuation
    aside); a row without a trade is never exempt."""
    exempt = np.zeros(len(frame), dtype=bool)
    lists = standard.parameter_values("exempt_trades")
    if not any(lists):
        return exempt
    codes, trades = factorized(frame, "trade")
    folded = [" ".join(words(trade)) for trade in trades]
    for version, listed in enumerate(lists):
        if not listed:
            continue
        names = {" ".join(words(trade)) for trade in listed} - {""}
        on_list = np.array([trade in names for trade in folded] + [False], dtype=bool)
        exempt |= (index == version) & on_list[np.where(codes >= 0, codes, len(folded))]
    return exempt


def measure_shares(frame: pd.DataFrame, standard: Standard) -> list[ShareMeasure]:
    """Each goal category's share of work hours in each group the standard measures, for all
    hours and for each worker class the standard sets the category a goal for.

    Vectorised: every sum is one bincount over the rows' group codes, in exact hour units.
    Rows no version covers are left out (the engine reports them), and so are the rows of
    exempt trades (`exempt_trades`).
    """
    _, rated = in_force(frame, standard)
    covered = rows_in_force(frame, standard)
    goals = share_goals(standard)
    if covered is None or not goals:
        return []
    frame, index, applied = covered
    exempt = exempt_trade_rows(frame, standard, index)
    if exempt.any():
        rated = rated.copy()
        rated[rated] = ~exempt
        if not rated.any():
            return []
        frame, index = frame[~exempt], index[~exempt]
        applied = versions_applied(standard, index)
    units = hour_units(frame)
    period_end = frame["period_end"].to_numpy(dtype="datetime64[D]")
    statuses = {category.key: category_status(frame, category, standard, index)
                for category, _, _ in goals}
    of_class: dict[str | None, np.ndarray | None] = {None: None}
    for _, _, per_class in goals:
        for worker_class in per_class:
            of_class[worker_class] = frame["worker_class"].eq(worker_class).fillna(False) \
                .to_numpy(dtype=bool)
    per_version = standard.parameter_values("measured_per")
    finest = group_rows({**{name: name for name in GROUP_KEYS["trade-class"]},
                         "version": index}, frame)
    fine_first, fine_last = finest.days(period_end)
    fine_total = {worker_class: finest.total(units if rows is None else np.where(rows, units, 0))
                  for worker_class, rows in of_class.items()}
    fine_sums = {}
    for category, _, per_class in goals:
        status = statuses[category.key]
        for worker_class in (None, *per_class):
            rows = of_class[worker_class]
            known = status.known if rows is None else status.known & rows
            fine_sums[category.key, worker_class] = (
                finest.total(np.where(known, units, 0)),
                finest.total(np.where(status.member & known, units, 0)))
    measures = []
    for scope_kind in MEASURED_PER:
        measured = np.array([scope_kind in (value or ()) for value in per_version])
        if not measured.any():
            continue
        if scope_kind == "trade-class":
            groups, coarse = finest, None
        else:
            groups, coarse = finest.coarsen((*GROUP_KEYS[scope_kind], "version"))

        def summed(fine: np.ndarray, coarse: np.ndarray | None = coarse,
                   groups: Groups = groups) -> np.ndarray:
            if coarse is None:
                return fine
            return np.bincount(coarse, weights=fine, minlength=len(groups)).astype("int64")

        first, last = _coarse_days(fine_first, fine_last, coarse, len(groups))
        group_version = groups.parts[:, -1].astype("int64")

        def measure(category: Category, worker_class: str | None, goal: list[object | None],
                    sums: str | None, groups: Groups = groups,
                    group_version: np.ndarray = group_version, first: np.ndarray = first,
                    last: np.ndarray = last, scope_kind: str = scope_kind,
                    measured: np.ndarray = measured) -> ShareMeasure:
            known, member = (summed(fine) for fine in fine_sums[category.key, sums])
            total = summed(fine_total[sums])
            goals_in_force = np.empty(len(goal), dtype=object)
            goals_in_force[:] = [None if value is None else Decimal(str(value))
                                 for value in goal]
            fractions = [goal_fraction(value) if value is not None else (0, 1)
                         for value in goals_in_force]
            numerator = np.array([n for n, _ in fractions], dtype="int64")
            denominator = np.array([d for _, d in fractions], dtype="int64")
            has_goal = np.array([value is not None for value in goals_in_force], dtype=bool)
            below_goal = (has_goal & measured[group_version] & (known > 0)
                          & (member * 100 * denominator < numerator * known))
            return ShareMeasure(scope_kind, category, worker_class, groups, rated,
                                of_class[sums], group_version, total, known, member,
                                goals_in_force, below_goal, first, last, applied)

        for category, values, per_class in goals:
            if scope_kind == "trade-class":
                # Each group is one class: its own goal where the version sets goals per
                # class, else the goal for all hours. Apprentices are never measured here.
                if category.is_worker_class:
                    continue
                goal = [_class_goal(values, per_class, int(version), key[2])
                        for version, key in zip(group_version, groups.keys, strict=True)]
                measures.append(measure(category, None, goal, None))
                continue
            if any(values):
                measures.append(measure(category, None,
                                        [values[version] for version in group_version], None))
            for worker_class, class_values in per_class.items():
                measures.append(measure(category, worker_class,
                                        [class_values[version] for version in group_version],
                                        worker_class))
    return measures


def _class_goal(values: list[object | None], per_class: dict[str, list[object | None]],
                version: int, worker_class: object) -> object | None:
    """The goal of a group of one worker class in `version`: the class's own goal where the
    version sets goals per class (none for a class it leaves out, or not stated), else the
    goal for all hours."""
    if not any(class_values[version] is not None for class_values in per_class.values()):
        return values[version]
    class_values = per_class.get(worker_class) if isinstance(worker_class, str) else None
    return None if class_values is None else class_values[version]


def _coarse_days(first: np.ndarray, last: np.ndarray, coarse: np.ndarray | None,
                 size: int) -> tuple[np.ndarray, np.ndarray]:
    if coarse is None:
        return first, last
    coarse_first = np.full(size, np.datetime64("9999-12-31"), dtype="datetime64[D]")
    coarse_last = np.full(size, np.datetime64("0001-01-01"), dtype="datetime64[D]")
    np.minimum.at(coarse_first, coarse, first)
    np.maximum.at(coarse_last, coarse, last)
    return coarse_first, coarse_last


def hours_shares(frame: pd.DataFrame, standard: Standard) -> pd.DataFrame:
    """Every share the standard measures, one row per group and category (and worker class,
    for a goal set per class: groups with no hours of the class are left out): the figures an
    officer sees next to the findings (hours as decimal strings, share truncated)."""
    records = []
    for measure in measure_shares(frame, standard):
        for group in range(len(measure.groups)):
            if measure.worker_class is not None and measure.total[group] == 0:
                continue
            known = int(measure.known[group])
            goal = measure.goal[group]
            records.append({
                "measured_per": measure.scope_kind,
                **measure.scope(group),
                "version": standard.versions[int(measure.group_version[group])].version,
                "category": measure.category.key,
                "category_hours": hours_text(measure.member[group]),
                "known_hours": hours_text(known),
                "total_hours": hours_text(measure.total[group]),
                "share": percent_text(measure.member[group], known) if known else None,
                "goal": None if goal is None else decimal_text(goal),
                "below_goal": bool(measure.below_goal[group]),
            })
    table = pd.DataFrame.from_records(records)
    if "worker_class" in table:
        # A share of all hours has no worker class: None, not NaN (which reads as a class).
        table["worker_class"] = table["worker_class"].astype(object).where(
            table["worker_class"].notna(), None)
    return table


def _sort_key(key: tuple) -> tuple:
    return tuple((value is None, str(value) if value is not None else "") for value in key)
