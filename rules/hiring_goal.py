"""Hours-share goals: a share of the work hours goes to residents, people of color, women."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from imports.codes import Code
from imports.i18n import Message, gettext_noop
from rules.findings import Finding
from rules.registry import ParameterSpec, Rule, RuleOutcome, register
from rules.standards import Standard, StandardVersion, number
from rules.workforce import (
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
        for measure in measures:
            outcome.versions_applied |= measure.versions_applied
            flagged = np.flatnonzero(measure.below_goal)
            for group in sorted(flagged.tolist(), key=lambda g: _sort_key(measure.groups.keys[g])):
                version_index = int(measure.group_version[group])
                sample, count = samples[id(measure.groups)][group]
                outcome.findings.append(self._finding(
                    standard, standard.versions[version_index], measure.category,
                    measure.scope(group), int(measure.total[group]), int(measure.known[group]),
                    int(measure.member[group]), sample, count))
        return outcome

    def _finding(self, standard: Standard, version: StandardVersion, category: Category,
                 scope: dict[str, str], total: int, known: int, member: int,
                 rows: list[int], row_count: int) -> Finding:
        at = standard.versions.index(version)
        goal = standard.parameter_values(category.goal_parameter, number)[at]
        numerator, denominator = goal_fraction(goal)
        gap = numerator * known - 100 * denominator * member
        to_shift = hours_up_to_tenth(gap, 100 * denominator)
        more = hours_up_to_tenth(gap, 100 * denominator - numerator) \
            if 100 * denominator > numerator else "—"
        goal_text = decimal_text(goal)
        named, heading = category.named, category.heading
        label = standard.parameter_values("residents_label")[at]
        if category.key == "residents" and label is not None:
            # The standard's own name for them ("Boston residents"): data, not translated.
            named = str(label)
            heading = sentence_start(named)
        observed = percent_text(member, known)
        unknown = total - known
        code = Code(f"hiring-goal.{category.code}-share-below-goal")
        message = code.message(
            category=heading, hours=hours_text(member), known=hours_text(known),
            share=observed, where=where_text(scope), goal=goal_text, title=standard.title,
            effective_from=version.effective_from.isoformat(),
            uncounted=Message(" (another {unknown} hours have {unsettled}, and count on "
                              "neither side)", unknown=hours_text(unknown),
                              unsettled=category.unsettled) if unknown else "")
        return self.finding(
            standard, version,
            code=code.value,
            severity="shortfall",
            scope={**scope, "category": category.key},
            observed=observed,
            expected=goal_text,
            unit=gettext_noop("percent of hours"),
            rows=rows,
            row_count=row_count,
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
                "effective_from": version.effective_from.isoformat(),
            },
        )


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
