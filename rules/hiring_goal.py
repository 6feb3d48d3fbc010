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
from rules import columns as cols
from rules.findings import Finding, figures_table, finding_key, writes
from rules.registry import ParameterSpec, Rule, RuleOutcome, register
from rules.standards import Standard, number
from rules.workforce import (
    CATEGORIES,
    GOAL_PARAMETERS,
    MEASURED_PER,
    Category,
    Groups,
    category_status,
    decimal_text,
    goal_categories,
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
    local residents).
    Who is covered: every worker-hour on the report. `measured_per` says where the share is
    measured: "trade-class" (each trade, journey-level workers and apprentices separately),
    "trade", and/or "project" (all hours). A file naming several projects is measured per
    project.
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
    officer's review with the contractor's good-faith efforts, not a violation.
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
    )

    def evaluate(self, frame: pd.DataFrame, standard: Standard, *,
                 columns: dict[str, object], sheet: str | None) -> RuleOutcome:
        outcome = RuleOutcome()
        rows = frame["row"].to_numpy(dtype="int64")
        measures = measure_shares(frame, standard)
        # The rows behind a share are the group's rows, whichever category fell short:
        # sample them once per grouping.
        samples: dict[int, dict[int, tuple[list[int], int]]] = {}
        for groups in {id(m.groups): m.groups for m in measures}.values():
            flagged = np.unique(np.concatenate(
                [np.flatnonzero(m.below_goal) for m in measures if m.groups is groups]))
            rated = next(m.rated for m in measures if m.groups is groups)
            samples[id(groups)] = groups.rows(rows[rated], flagged)
        found: dict[str, list] = {name: [] for name in _COLUMNS}
        for measure in measures:
            outcome.versions_applied |= measure.versions_applied
            flagged = np.flatnonzero(measure.below_goal)
            for group in sorted(flagged.tolist(), key=lambda g: _sort_key(measure.groups.keys[g])):
                sample, count = samples[id(measure.groups)][group]
                found["version"].append(int(measure.group_version[group]))
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
        goals = {category.key: [None if v is None else decimal_text(v) for v in
                                standard.parameter_values(category.goal_parameter, number)]
                 for category in CATEGORIES}
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
            "hiring_goal_goal": pa.array([goals[key][at] for key, at in zip(
                found["category"], found["version"], strict=True)], type=pa.string()),
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

_COLUMNS = ("version", "category", "scope", "total", "known", "member", "rows", "row_count")


@dataclass(frozen=True)
class ShareMeasure:
    """One category's share in every group of one scope kind (arrays indexed by group)."""

    scope_kind: str
    category: Category
    groups: Groups
    rated: np.ndarray
    group_version: np.ndarray
    total: np.ndarray
    known: np.ndarray
    member: np.ndarray
    goal_numerator: np.ndarray
    goal_denominator: np.ndarray
    below_goal: np.ndarray
    first: np.ndarray
    last: np.ndarray
    versions_applied: set[str]

    def scope(self, group: int) -> dict[str, str]:
        return scope_of(self.groups, group, first=self.first[group], last=self.last[group])


def measure_shares(frame: pd.DataFrame, standard: Standard) -> list[ShareMeasure]:
    """Each goal category's share of work hours in each group the standard measures.

    Vectorised: every sum is one bincount over the rows' group codes, in exact hour units.
    Rows no version covers are left out (the engine reports them).
    """
    _, rated = in_force(frame, standard)
    covered = rows_in_force(frame, standard)
    goals = goal_categories(standard)
    if covered is None or not goals:
        return []
    frame, index, applied = covered
    units = hour_units(frame)
    period_end = frame["period_end"].to_numpy(dtype="datetime64[D]")
    statuses = {category.key: category_status(frame, category, standard, index)
                for category, _ in goals}
    per_version = standard.parameter_values("measured_per")
    finest = group_rows({**{name: name for name in GROUP_KEYS["trade-class"]},
                         "version": index}, frame)
    fine_total = finest.total(units)
    fine_first, fine_last = finest.days(period_end)
    fine_sums = {}
    for category, _ in goals:
        status = statuses[category.key]
        fine_sums[category.key] = (finest.total(np.where(status.known, units, 0)),
                                   finest.total(np.where(status.member & status.known,
                                                         units, 0)))
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
        total = summed(fine_total)
        for category, values in goals:
            known, member = (summed(fine) for fine in fine_sums[category.key])
            fractions = [goal_fraction(v) if v is not None else (0, 1) for v in values]
            numerator = np.array([n for n, _ in fractions], dtype="int64")[group_version]
            denominator = np.array([d for _, d in fractions], dtype="int64")[group_version]
            has_goal = np.array([v is not None for v in values])[group_version]
            below_goal = (has_goal & measured[group_version] & (known > 0)
                          & (member * 100 * denominator < numerator * known))
            measures.append(ShareMeasure(
                scope_kind, category, groups, rated, group_version, total, known, member,
                np.where(has_goal, numerator, -1), denominator, below_goal, first, last,
                applied))
    return measures


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
    """Every share the standard measures, one row per group and category: the figures an
    officer sees next to the findings (hours as decimal strings, share truncated)."""
    records = []
    for measure in measure_shares(frame, standard):
        for group in range(len(measure.groups)):
            known = int(measure.known[group])
            numerator = int(measure.goal_numerator[group])
            records.append({
                "measured_per": measure.scope_kind,
                **measure.scope(group),
                "version": standard.versions[int(measure.group_version[group])].version,
                "category": measure.category.key,
                "category_hours": hours_text(measure.member[group]),
                "known_hours": hours_text(known),
                "total_hours": hours_text(measure.total[group]),
                "share": percent_text(measure.member[group], known) if known else None,
                "goal": (decimal_text(Decimal(numerator) / int(measure.goal_denominator[group]))
                         if numerator >= 0 else None),
                "below_goal": bool(measure.below_goal[group]),
            })
    return pd.DataFrame.from_records(records)


def _sort_key(key: tuple) -> tuple:
    return tuple((value is None, str(value) if value is not None else "") for value in key)
