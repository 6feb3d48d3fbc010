"""'Bicycling': workers who count toward a goal but appear briefly or spread across projects."""

from __future__ import annotations

import numpy as np
import pandas as pd

from imports.codes import Code
from imports.i18n import Message, gettext_noop
from rules.registry import ParameterSpec, RuleOutcome, register
from rules.standards import Standard, whole
from rules.workforce import (
    Groups,
    RuleOnRowsInForce,
    category_status,
    factorized,
    goal_categories,
    group_rows,
    hour_units,
    hours_text,
    period_phrase,
    period_text,
)

PROJECTS_LISTED = 10


def _distinct_periods(codes: np.ndarray, days: np.ndarray, groups: int) -> np.ndarray:
    """Per group, the number of distinct period ends among its rows."""
    day = days.astype("datetime64[D]").astype("int64")
    span = int(day.max() - day.min()) + 1 if len(day) else 1
    distinct = pd.unique(codes.astype("int64") * span + (day - (day.min() if len(day) else 0)))
    return np.bincount(distinct // span, minlength=groups)


@register
class Bicycling(RuleOnRowsInForce):
    """'Bicycling' signal: a worker who counts toward a goal appears only briefly on a
    project, or on many projects.

    Standard: hours-share goals (see `hiring-goal`). Known gaming, reported by the
    Minneapolis civil rights department: moving one woman or worker of color from job to job
    to pad each project's hours. This is an informational flag for the officer, never a
    finding against the contractor by itself: brief stints and several projects have honest
    reasons.
    Who is covered: named workers (a row without a worker name or id cannot be followed)
    who count toward at least one goal the standard sets (a woman, a person of color, a
    resident). Flagged: a worker who appears in at most `brief_max_periods` periods of a
    project the report shows for at least `min_project_periods` periods; and a worker who
    appears on at least `many_projects` projects in the report. These thresholds are
    GoodBid's screening settings, not figures from an ordinance, and are data to adjust.
    Dates: the version in force on each row's period end; rows no version covers are left
    out.
    Finding: `bicycling.brief-appearance` (per worker and project) and
    `bicycling.many-projects` (per worker), severity "notice".
    """

    code = "bicycling"
    version = "1"
    title = "Workers counted toward a goal who appear briefly or on many projects"
    report_types = ("workforce",)
    parameters = (
        ParameterSpec("brief_max_periods", "number", "periods",
                      "a worker in at most this many periods of a project appears briefly"),
        ParameterSpec("min_project_periods", "number", "periods",
                      "only projects the report shows for at least this many periods"),
        ParameterSpec("many_projects", "number", "projects",
                      "a worker on at least this many projects is spread across them"),
    )

    def check(self, frame: pd.DataFrame, index: np.ndarray, standard: Standard,
              columns: dict[str, object], outcome: RuleOutcome) -> None:
        goals = goal_categories(standard)
        if not goals:
            return
        latest = int(index.max())
        version = standard.versions[latest]
        brief_max, min_periods, many = (
            standard.parameter_values(name, whole)[latest]
            for name in ("brief_max_periods", "min_project_periods", "many_projects"))
        project_code, project_names = factorized(frame, "project")
        project_names = ["" if _missing(name) else str(name) for name in project_names]
        days = frame["period_end"].to_numpy(dtype="datetime64[D]")
        project_periods = _distinct_periods(project_code, days, len(project_names))

        memberships = {category.label: category_status(frame, category, standard, index)
                       for category, _ in goals}
        counts_toward = np.logical_or.reduce([s.member & s.known
                                              for s in memberships.values()])
        followed = counts_toward & frame["worker"].notna().to_numpy()
        if not followed.any():
            return
        worker_code, worker_names = factorized(frame, "worker")
        pairs = group_rows({"worker": worker_code[followed], "project": project_code[followed]})
        pair_project = pairs.parts[:, 1]
        pair_periods = _distinct_periods(pairs.codes, days[followed], len(pairs))
        hours = pairs.total(hour_units(frame)[followed])
        labels = {category: pairs.total(status.member[followed].astype("int64")) > 0
                  for category, status in memberships.items()}
        rows = frame["row"].to_numpy(dtype="int64")[followed]
        brief = np.flatnonzero((pair_periods <= brief_max)
                               & (project_periods[pair_project] >= min_periods))
        if len(brief):
            first, last = pairs.days(days[followed])
            samples = pairs.rows(rows, brief)
        for pair in brief.tolist():
            worker = str(worker_names[pairs.parts[pair, 0]])
            name = project_names[pair_project[pair]]
            toward = ", ".join(c for c, member in labels.items() if member[pair])
            sample, count = samples[pair]
            scope = {"worker": worker, "project": name or "not stated",
                     "period": period_text(first[pair], last[pair])}
            periods = project_periods[pair_project[pair]]
            words = dict(worker=worker, toward=toward, hours=hours_text(hours[pair]),
                         periods_on=int(pair_periods[pair]), periods=int(periods),
                         period=period_phrase(scope["period"]))
            message = Code.BRIEF_APPEARANCE.message(
                project=name or Message("this project"), **words)
            outcome.findings.append(self.finding(
                standard, version, code=Code.BRIEF_APPEARANCE, severity="notice",
                scope=scope, observed=str(pair_periods[pair]),
                expected=Message("more than {count}", count=brief_max),
                unit=gettext_noop("periods on the project"),
                rows=sample, row_count=count,
                message=message,
                remedy=Code.BRIEF_APPEARANCE.hint(),
                figures={"hours": hours_text(hours[pair]),
                         "periods_on_project": str(pair_periods[pair]),
                         "project_periods": str(periods)},
            ))
        outcome.findings.sort(key=lambda f: (f.scope["worker"], f.scope["project"]))
        self._many_projects(outcome, standard, version, pairs, worker_names, project_names,
                            hours, labels, rows, many)

    def _many_projects(self, outcome: RuleOutcome, standard: Standard, version, pairs: Groups,
                       worker_names: object, project_names: list[str], hours: np.ndarray,
                       labels: dict[str, np.ndarray], rows: np.ndarray, many: int) -> None:
        workers, pair_worker = pairs.coarsen(("worker",))
        projects_per_worker = np.bincount(pair_worker, minlength=len(workers))
        spread = np.flatnonzero(projects_per_worker >= many)
        if not len(spread):
            return
        samples = workers.rows(rows, spread)
        worker_hours = np.bincount(pair_worker, weights=hours, minlength=len(workers))
        worker_labels = {c: np.bincount(pair_worker, weights=member, minlength=len(workers)) > 0
                         for c, member in labels.items()}
        spread_pairs = np.flatnonzero(np.isin(pair_worker, spread))
        spread_pairs = spread_pairs[np.argsort(pair_worker[spread_pairs], kind="stable")]
        bounds = np.searchsorted(pair_worker[spread_pairs], spread)
        ends = np.append(bounds[1:], len(spread_pairs))
        for group, start, end in zip(spread.tolist(), bounds.tolist(), ends.tolist(),
                                     strict=True):
            worker = str(worker_names[workers.parts[group, 0]])
            held = sorted((project_names[pairs.parts[p, 1]] or "not stated", int(hours[p]))
                          for p in spread_pairs[start:end].tolist())
            toward = ", ".join(c for c, member in worker_labels.items() if member[group])
            # "h" is the international symbol for an hour: the list is data, not words.
            on = "; ".join(f"{name}: {hours_text(h)} h" for name, h in held[:PROJECTS_LISTED])
            if len(held) > PROJECTS_LISTED:
                on = Message("{listed}; and {more} more", listed=on,
                             more=len(held) - PROJECTS_LISTED)
            sample, count = samples[group]
            outcome.findings.append(self.finding(
                standard, version, code=Code.MANY_PROJECTS, severity="notice",
                scope={"worker": worker}, observed=str(len(held)),
                expected=Message("fewer than {count}", count=many), unit=gettext_noop("projects"),
                rows=sample, row_count=count,
                message=Code.MANY_PROJECTS.message(worker=worker, toward=toward,
                                                   count=len(held), projects=on),
                remedy=Code.MANY_PROJECTS.hint(),
                figures={"projects": str(len(held)),
                         "hours": hours_text(int(worker_hours[group]))},
            ))


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
