"""'Bicycling': workers who count toward a goal but appear briefly or spread across projects."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rules.registry import ParameterSpec, Rule, RuleOutcome, register
from rules.standards import Standard
from rules.workforce import (
    category_status,
    goal_categories,
    group_rows,
    hour_units,
    hours_text,
    in_force,
    period_text,
)


def _distinct_periods(codes: np.ndarray, days: np.ndarray, groups: int) -> np.ndarray:
    pairs = pd.DataFrame({"group": codes, "day": days}).drop_duplicates()
    return np.bincount(pairs["group"].to_numpy(), minlength=groups)


@register
class Bicycling(Rule):
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

    def evaluate(self, frame: pd.DataFrame, standard: Standard, *,
                 columns: dict[str, object], sheet: str | None) -> RuleOutcome:
        outcome = RuleOutcome()
        index, rated = in_force(frame, standard)
        goals = goal_categories(standard)
        if not rated.any() or not goals:
            return outcome
        if not rated.all():
            frame, index = frame[rated], index[rated]
        outcome.versions_applied = {standard.versions[i].version for i in np.unique(index)}
        version = standard.versions[int(index.max())]
        brief_max, min_periods, many = (
            int(version.parameters[name].decimal())
            for name in ("brief_max_periods", "min_project_periods", "many_projects"))
        project = frame["project"].fillna("").astype(str).to_numpy()
        days = frame["period_end"].to_numpy(dtype="datetime64[D]")
        projects = group_rows({"project": project})
        project_periods = _distinct_periods(projects.codes, days, len(projects))

        memberships = {category.label: category_status(frame, category, standard, index)
                       for category, _ in goals}
        counts_toward = np.logical_or.reduce([s.member & s.known
                                              for s in memberships.values()])
        followed = counts_toward & frame["worker"].notna().to_numpy()
        if not followed.any():
            return outcome
        subset = frame[followed]
        pairs = group_rows({"worker": subset["worker"], "project": project[followed]})
        pair_periods = _distinct_periods(pairs.codes, days[followed], len(pairs))
        hours = pairs.total(hour_units(subset["hours"]))
        first, last = pairs.days(days[followed])
        labels = {category: pairs.total(status.member[followed].astype("int64")) > 0
                  for category, status in memberships.items()}
        position = {key[0]: i for i, key in enumerate(projects.keys)}
        project_of = np.array([position[key[1]] for key in pairs.keys], dtype="int64")
        brief = (pair_periods <= brief_max) & (project_periods[project_of] >= min_periods)
        rows = subset["row"].to_numpy(dtype="int64")
        samples = pairs.rows(rows, np.flatnonzero(brief))
        for pair in sorted(np.flatnonzero(brief).tolist(), key=lambda p: pairs.keys[p]):
            worker, name = pairs.keys[pair]
            toward = ", ".join(c for c, member in labels.items() if member[pair])
            sample, count = samples[pair]
            scope = {"worker": str(worker), "project": name or "not stated",
                     "period": period_text(first[pair], last[pair])}
            outcome.findings.append(self.finding(
                standard, version, code="bicycling.brief-appearance", severity="notice",
                scope=scope, observed=str(pair_periods[pair]),
                expected=f"more than {brief_max}", unit="periods on the project",
                rows=sample, row_count=count,
                message=(f"{worker}, counted toward the goal for {toward}, worked "
                         f"{hours_text(hours[pair])} hours in {pair_periods[pair]} of the "
                         f"{project_periods[project_of[pair]]} periods on "
                         f"{name or 'this project'} ({scope['period']})."),
                remedy=("For the officer: a brief stint can be honest (a specialist, an "
                        "apprentice rotation). Ask the contractor how the worker was "
                        "assigned if other signals point to hours being moved to meet goals."),
                figures={"hours": hours_text(hours[pair]),
                         "periods_on_project": str(pair_periods[pair]),
                         "project_periods": str(project_periods[project_of[pair]])},
            ))
        self._many_projects(outcome, standard, version, pairs, hours, labels, rows, many)
        return outcome

    def _many_projects(self, outcome: RuleOutcome, standard: Standard, version, pairs,
                       hours: np.ndarray, labels: dict[str, np.ndarray], rows: np.ndarray,
                       many: int) -> None:
        per_pair = pd.DataFrame({"worker": [key[0] for key in pairs.keys],
                                 "project": [key[1] or "not stated" for key in pairs.keys],
                                 "hours": hours, "pair": np.arange(len(pairs))})
        project_count = per_pair.groupby("worker")["project"].transform("size")
        spread = per_pair[project_count >= many].sort_values(["worker", "project"])
        for worker, held in spread.groupby("worker", sort=True):
            pair_ids = held["pair"].to_numpy()
            samples = pairs.rows(rows, pair_ids)
            sample = sorted(r for p in pair_ids.tolist() for r in samples[p][0])[:100]
            count = sum(samples[p][1] for p in pair_ids.tolist())
            toward = ", ".join(c for c, member in labels.items() if member[pair_ids].any())
            on = "; ".join(f"{p}: {hours_text(h)} h" for p, h in
                           zip(held["project"], held["hours"], strict=True))
            outcome.findings.append(self.finding(
                standard, version, code="bicycling.many-projects", severity="notice",
                scope={"worker": str(worker)}, observed=str(len(held)),
                expected=f"fewer than {many}", unit="projects",
                rows=sample, row_count=count,
                message=(f"{worker}, counted toward the goal for {toward}, appears on "
                         f"{len(held)} projects in this report ({on})."),
                remedy=("For the officer: check whether this worker's hours are being moved "
                        "between projects to meet each one's goals (\"bicycling\"), and look "
                        "at the contractor's overall workforce instead."),
                figures={"projects": str(len(held)),
                         "hours": hours_text(int(held["hours"].sum()))},
            ))
