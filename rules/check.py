"""Checking a file against standards: import it, apply each standard's rules, report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from imports import REPORT_TYPES, ImportRejected, Issue, import_table, read_table
from imports.codes import Code
from imports.reader import release_memory
from rules.evidence import evidence_of
from rules.prevailing_wage import check_prevailing_wage, paid_vs_required
from rules.registry import RuleOutcome, get_rule
from rules.report import CheckReport, StandardApplied
from rules.rollup import workforce_rows
from rules.schedules import Schedule
from rules.standards import Standard, get_standard
from rules.wage_floor import back_pay_lines

ISSUE_SAMPLE = 50
# A prevailing wage schedule checks certified payroll: its lines by classification.
SCHEDULE_REPORT_TYPE = "certified_payroll"


def check_upload(content: bytes, filename: str, standard_codes: Sequence[str], *,
                 layout: str | None = None, period_end: dt.date | None = None,
                 pending=None, periods: ReportingPeriods | None = None,
                 schedule: Schedule | None = None) -> CheckReport:
    """Check an uploaded file against the named standards.

    Raises StandardError for an unknown standard code; every problem with the file itself is
    reported in the CheckReport.
    """
    try:
        standards = [get_standard(code) for code in dict.fromkeys(standard_codes)]
    except Exception:
        if pending is not None:
            pending.cancel()
        raise
    try:
        held = [read_table(content, filename, pending=pending)]
    except ImportRejected as rejection:
        return CheckReport(issues=rejection.issues, rejected=True,
                           issue_counts=_count(rejection.issues))
    # Handed over, not kept: check_table lets the grid go once it is imported.
    return check_table(held.pop(), standards, layout=layout, period_end=period_end,
                       periods=periods, schedule=schedule)


def check_table(raw, standards: Sequence[Standard],
                mappings: dict[str, dict[str, str]] | None = None, *,
                layout: str | None = None, period_end: dt.date | None = None,
                periods: ReportingPeriods | None = None,
                schedule: Schedule | None = None,
                with_evidence: bool = False) -> CheckReport:
    """`mappings`: per report type, the vendor's own {header text: field} (imports);
    `layout` forces a payroll system's layout; `period_end` is the pay period's last day for
    a file that does not say; `periods`, the reporting periods the report may be filed for
    (see `place_in_period`); `schedule`, a prevailing wage schedule the file (a certified
    payroll) is checked against, classification by classification."""
    report = CheckReport()
    imported = {}
    # The report types a schedule checks: those of the standards whose rates come from the
    # contract's schedule, or a certified payroll for a schedule given on its own (check_file).
    schedule_types = [s.report_type for s in standards if s.schedule] or (
        [SCHEDULE_REPORT_TYPE] if schedule else [])
    wanted = [s.report_type for s in standards] + schedule_types
    for report_type in dict.fromkeys(wanted):
        if report_type not in REPORT_TYPES:
            codes = ", ".join(s.label for s in standards if s.report_type == report_type)
            unreadable = Issue(
                code=Code.REPORT_TYPE_UNAVAILABLE, severity="error",
                message=Code.REPORT_TYPE_UNAVAILABLE.message(codes=codes,
                                                             report_type=report_type),
                hint=Code.REPORT_TYPE_UNAVAILABLE.hint(report_type=report_type,
                                                       readable=", ".join(REPORT_TYPES)))
            report.issues.append(unreadable)
            report.issue_counts.update(_count([unreadable]))
            report.rejected = True
            continue
        try:
            imported[report_type] = import_table(raw, report_type,
                                                 (mappings or {}).get(report_type),
                                                 layout=layout, period_end=period_end)
        except ImportRejected as rejection:
            report.issues.extend(rejection.issues)
            report.issue_counts.update(_count(rejection.issues))
            report.rejected = True
            if rejection.layout is not None and report.layout is None:
                report.layout = rejection.layout.to_dict()
    if report.rejected:
        report.sheet = raw.sheet
        return report
    del raw  # the grid: the rules read the imported frames (the caller's is its to keep)
    release_memory()

    first = next(iter(imported.values()))
    report.rows_read, report.sheet, report.header_row = first.rows_read, first.sheet, \
        first.header_row
    report.layout = first.layout.to_dict() if first.layout else None
    report.facts = [fact.to_dict() for fact in first.facts]
    unchecked: set[int] = set()
    for result in imported.values():
        report.issues.extend(result.issues.issues)
        report.issue_counts.update(result.issues.counts)
    for standard in standards:
        result = imported[standard.report_type]
        for outcome in evaluate_standard(result.frame, standard, columns=result.columns,
                                         sheet=result.sheet):
            report.findings.extend(outcome.findings)
            report.issues.extend(outcome.issues)
            for code, total in outcome.issue_counts.items():
                report.issue_counts[code] = report.issue_counts.get(code, 0) + total
            unchecked |= outcome.unchecked_rows
            for version in standard.versions:
                if version.version in outcome.versions_applied:
                    applied = StandardApplied(standard.label, version.version,
                                              version.effective_from.isoformat(), version.source)
                    if applied not in report.standards_applied:
                        report.standards_applied.append(applied)
    for report_type in dict.fromkeys(schedule_types):
        result = imported[report_type]
        schedule_standards = [s for s in standards if s.schedule]
        frame = _schedule_covers(result.frame, schedule_standards)
        outcome = _check_schedule(result, frame, schedule, schedule_standards)
        if schedule is not None:
            report.paid_vs_required = paid_vs_required(frame, schedule,
                                                       findings=outcome.findings)
        report.findings.extend(outcome.findings)
        report.issues.extend(outcome.issues)
        for code, total in outcome.issue_counts.items():
            report.issue_counts[code] = report.issue_counts.get(code, 0) + total
        unchecked |= outcome.unchecked_rows
        if outcome.versions_applied and schedule is not None:
            for standard in (s for s in standards if s.schedule):
                in_force = standard.version_index_for(result.frame["period_end"])
                for index in np.unique(in_force[in_force >= 0]).tolist():
                    version = standard.versions[index]
                    report.standards_applied.append(StandardApplied(
                        standard.label, version.version, version.effective_from.isoformat(),
                        version.source))
            report.standards_applied.append(StandardApplied(
                schedule.number, str(schedule.modification),
                schedule.effective_from.isoformat(), schedule.source))
    report.rows_accepted = first.rows_accepted - len(unchecked - first.unchecked_rows)
    report.back_pay_paid = back_pay_lines(first.frame)
    if with_evidence:
        report.evidence = evidence_of(first.frame, standards)
        report.workforce_rows = workforce_rows(first.frame)
    if periods is not None:
        outcome = place_in_period(report, first.frame, periods, columns=first.columns,
                                  sheet=first.sheet)
        report.issues.extend(outcome.issues)
        report.issue_counts.update(outcome.issue_counts)
    report.issues.sort(key=lambda i: (i.row is None, i.row or 0, i.column_letter or "", i.code))
    return report


def _schedule_covers(frame: pd.DataFrame, standards: Sequence[Standard]) -> pd.DataFrame:
    """The rows a prevailing wage schedule is checked on: those a version of each schedule
    standard covers (the others are told by report_unrated_periods); every row when the
    schedule is given on its own."""
    if not standards:
        return frame
    covered = np.zeros(len(frame), dtype=bool)
    for standard in standards:
        covered |= standard.version_index_for(frame["period_end"]) >= 0
    return frame.loc[covered]


def _check_schedule(result, frame: pd.DataFrame, schedule: Schedule | None,
                    standards: Sequence[Standard]) -> RuleOutcome:
    """The prevailing wage check of `frame` (an imported report's rows the schedule covers,
    `_schedule_covers`) against `schedule`; without a schedule, one error: the contract names
    none yet."""
    if schedule is None:
        outcome = RuleOutcome()
        titles = ", ".join(s.title for s in standards)
        outcome.issues.append(Issue(
            code=Code.NO_SCHEDULE, severity="error", sheet=result.sheet,
            message=Code.NO_SCHEDULE.message(titles=titles), hint=Code.NO_SCHEDULE.hint()))
        outcome.issue_counts[Code.NO_SCHEDULE.value] = 1
        outcome.unchecked_rows |= set(frame["row"].tolist())
        return outcome
    return check_prevailing_wage(frame, schedule, sheet=result.sheet, columns=result.columns)


def evaluate_standard(frame: pd.DataFrame, standard: Standard, *,
                      columns: dict[str, object] | None = None,
                      sheet: str | None = None) -> list[RuleOutcome]:
    """Apply every rule of `standard` to an imported frame (the canonical shape of its report
    type): first the rows no version covers, then each rule in the standard's order."""
    columns = columns or {}
    return [report_unrated_periods(frame, standard, columns, sheet)] + [
        get_rule(rule_code)().evaluate(frame, standard, columns=columns, sheet=sheet)
        for rule_code in standard.rules
    ]


@dataclass(frozen=True)
class ReportingPeriods:
    """The reporting periods a contract's report may be filed for, as (start, end) pairs in
    order, and the one the vendor chose (its end), or None to follow the file."""

    spans: tuple[tuple[dt.date, dt.date], ...]
    chosen_end: dt.date | None = None


def place_in_period(report: CheckReport, frame: pd.DataFrame, periods: ReportingPeriods, *,
                    columns: dict[str, object], sheet: str | None) -> RuleOutcome:
    """Which reporting period the file's pay dates fall in. Records the file's first and
    last pay period end (`pay_dates`), the period the report is for (`reporting_period`: the
    one chosen, else the one holding most of the file's rows, later on a tie, marked
    `proposed`) and the period holding most rows (`best_end`), and tells each row whose pay
    period ends outside the period the report is for: `period.other-period`, an error, when
    most rows are in another period (the report is for the wrong one), else `period.outside`,
    a warning."""
    outcome = RuleOutcome()
    lines = frame.loc[frame["period_end"].notna(), ["row", "period_end"]] \
        .drop_duplicates("row")
    if lines.empty or not periods.spans:
        return outcome
    days = lines["period_end"].to_numpy(dtype="datetime64[D]")
    report.pay_dates = {"first": str(days.min()), "last": str(days.max())}
    starts = np.array([s for s, _ in periods.spans], dtype="datetime64[D]")
    ends = np.array([e for _, e in periods.spans], dtype="datetime64[D]")
    index = np.searchsorted(ends, days, side="left")
    inside = index < len(ends)
    inside[inside] &= days[inside] >= starts[index[inside]]
    counts = np.bincount(index[inside], minlength=len(ends))
    best = int(len(counts) - 1 - np.argmax(counts[::-1])) if counts.any() else None
    best_end = periods.spans[best][1] if best is not None else None
    chosen = next((span for span in periods.spans if span[1] == periods.chosen_end), None)
    proposed = chosen is None
    if proposed:
        if best is None:
            report.reporting_period = {"start": None, "end": None, "proposed": True,
                                       "best_end": None}
            return outcome
        chosen = periods.spans[best]
    report.reporting_period = {"start": chosen[0].isoformat(), "end": chosen[1].isoformat(),
                               "proposed": proposed,
                               "best_end": best_end.isoformat() if best_end else None}
    start, end = (np.datetime64(day, "D") for day in chosen)
    outside = lines.loc[(days < start) | (days > end)]
    if outside.empty:
        return outcome
    ref = columns.get("period_end")
    # Most rows in another period: the report is filed for the wrong one, an error until
    # the period is changed. A few rows across the period's edge (a week ending the day
    # before the quarter): told, and counted in this report.
    wrong_period = best_end is not None and best_end != chosen[1]
    code = Code.OTHER_PERIOD if wrong_period else Code.PERIOD_OUTSIDE
    outcome.issue_counts[code.value] = len(outside)
    hint = code.hint(best=best_end.isoformat()) if wrong_period else code.hint()
    for row, day in outside.head(ISSUE_SAMPLE).itertuples(index=False):
        day = pd.Timestamp(day).date().isoformat()
        outcome.issues.append(Issue(
            code=code, severity="error" if wrong_period else "warning",
            sheet=sheet, row=int(row),
            column=getattr(ref, "header", None), column_letter=getattr(ref, "letter", None),
            value=day,
            message=code.message(row=int(row), day=day, start=chosen[0].isoformat(),
                                 end=chosen[1].isoformat()),
            hint=hint))
    return outcome


def _count(issues) -> dict[str, int]:
    counts: dict[str, int] = {}
    for issue in issues:
        counts[issue.code] = counts.get(issue.code, 0) + 1
    return counts


def report_unrated_periods(frame: pd.DataFrame, standard: Standard, columns: dict[str, object],
                           sheet: str | None) -> RuleOutcome:
    """One issue per row whose pay period no version of the standard covers: those rows are
    not checked (never against the nearest version)."""
    outcome = RuleOutcome()
    no_version = standard.version_index_for(frame["period_end"]) < 0
    if not no_version.any():
        return outcome
    ref = columns.get("period_end")
    first, last = standard.versions[0], standard.versions[-1]
    label = standard.version_label
    unrated = frame.loc[no_version, ["row", "period_end"]]
    outcome.unchecked_rows.update(unrated["row"].tolist())
    days = unrated["period_end"].to_numpy(dtype="datetime64[D]")
    early = days < np.datetime64(first.effective_from, "D")
    for code, count in ((Code.BEFORE_FIRST_VERSION, int(early.sum())),
                        (Code.NO_VERSION_IN_FORCE, int((~early).sum()))):
        if count:
            outcome.issue_counts[code.value] = count
    for row, period_end in unrated.head(ISSUE_SAMPLE).itertuples(index=False):
        day = pd.Timestamp(period_end).date()
        if day < first.effective_from:
            code = Code.BEFORE_FIRST_VERSION
            hint = code.hint(title=standard.title, label=label,
                             first=first.effective_from.isoformat())
        else:
            code = Code.NO_VERSION_IN_FORCE
            hint = code.hint(title=standard.title, label=label,
                             last=(last.effective_to or last.effective_from).isoformat())
        outcome.issues.append(Issue(
            code=code,
            severity="error",
            sheet=sheet,
            row=int(row),
            column=getattr(ref, "header", None),
            column_letter=getattr(ref, "letter", None),
            value=day.isoformat(),
            message=code.message(row=int(row), title=standard.title, label=label,
                                 day=day.isoformat()),
            hint=hint,
        ))
    return outcome
