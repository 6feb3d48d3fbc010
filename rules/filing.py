"""Failure to file: a period missing from a contractor's weekly series of reports."""

from __future__ import annotations

import numpy as np
import pandas as pd

from imports.codes import Code
from imports.i18n import Message, gettext_noop
from rules.registry import ParameterSpec, RuleOutcome, register
from rules.standards import Standard, whole
from rules.workforce import (
    NOT_STATED,
    RuleOnRowsInForce,
    group_rows,
    listed,
    period_phrase,
    scope_of,
)

DATES_LISTED = 20


@register
class Filing(RuleOnRowsInForce):
    """Failure to file: a missing week in a weekly series.

    Standard: reporting duties such as the Boston Residents Jobs Policy's weekly filing of
    hours; failing to file hours is a violation of its own (the first BRJP fines, in 2023,
    were for late filing).
    Who is covered: each filer in the report, that is each contractor (subcontractor, else
    general contractor) on each project. Between a filer's first and last period in the
    file, every period of `filing_interval_days` must be there: the periods missing in a gap
    are the gap in intervals, rounded half-up, less one (a gap of 14 days in a weekly series
    misses one week; a week-end day shifted by a day misses none). The engine cannot know
    weeks before the first or after the last period in the file.
    A series with at least two gaps, all of at least two intervals (a monthly report), is
    not split into weeks: it gets a notice that the standard asks for shorter periods.
    Dates: the interval of the version in force on the later period end of each gap.
    Finding: `filing.missing-period`, severity "violation", one per filer listing the
    missing period ends; `filing.periods-longer-than-required`, severity "notice".
    """

    code = "filing"
    version = "1"
    title = "Every reporting period filed"
    report_types = ("workforce", "certified_payroll")
    parameters = (
        ParameterSpec("filing_interval_days", "number", "days",
                      "the length of a reporting period; each one must be filed"),
    )

    def check(self, frame: pd.DataFrame, index: np.ndarray, standard: Standard,
              columns: dict[str, object], outcome: RuleOutcome) -> None:
        filers = {name: name for name in ("project", "contractor") if name in frame}
        groups = group_rows(filers, frame)
        periods = (pd.DataFrame({"filer": groups.codes, "version": index,
                                 "day": frame["period_end"].to_numpy(dtype="datetime64[D]")})
                   .drop_duplicates(["filer", "day"]).sort_values(["filer", "day"]))
        filer = periods["filer"].to_numpy()
        day = periods["day"].to_numpy(dtype="datetime64[D]")
        version = periods["version"].to_numpy()
        same_filer = np.zeros(len(periods), dtype=bool)
        same_filer[1:] = filer[1:] == filer[:-1]
        gap = np.zeros(len(periods), dtype="int64")
        gap[1:] = (day[1:] - day[:-1]).astype("int64")
        per_version = standard.parameter_values("filing_interval_days", whole)
        interval = np.array(per_version, dtype="int64")[version]
        gap_in_series = same_filer & (gap > 0)
        counted = pd.DataFrame({"filer": filer[gap_in_series], "gap": gap[gap_in_series],
                                "interval": interval[gap_in_series]})
        per_filer = counted.groupby("filer").agg(shortest=("gap", "min"),
                                                 gaps=("gap", "size"),
                                                 interval=("interval", "max"))
        long_periods = per_filer.loc[(per_filer["gaps"] >= 2)
                                     & (per_filer["shortest"] >= 2 * per_filer["interval"]),
                                     "shortest"]
        # Half-up: a gap of 14 days in a weekly series misses one week, 8 days none.
        step = np.maximum(interval, 1)
        missing_per_gap = np.where(gap_in_series & ~np.isin(filer, long_periods.index),
                                   (gap + step // 2) // step - 1, 0)
        filed = np.bincount(filer, minlength=len(groups))
        first, last = groups.days(frame["period_end"].to_numpy(dtype="datetime64[D]"))

        for group in np.unique(filer[missing_per_gap > 0]).tolist():
            at = np.flatnonzero((filer == group) & (missing_per_gap > 0))
            missing = [str(day[i - 1] + np.timedelta64(int(interval[i]) * k, "D"))
                       for i in at for k in range(1, int(missing_per_gap[i]) + 1)]
            applied = standard.versions[int(version[at[-1]])]
            outcome.findings.append(self._missing(
                standard, applied, scope_of(groups, group, first=first[group],
                                            last=last[group]),
                missing, int(filed[group]), int(interval[at[-1]])))
        for group in long_periods.index.tolist():
            applied = standard.versions[int(version[filer == group][-1])]
            scope = scope_of(groups, group, first=first[group], last=last[group])
            days = int(long_periods[group])
            required = per_version[int(version[filer == group][-1])]
            outcome.findings.append(self.finding(
                standard, applied,
                code=Code.PERIODS_LONGER_THAN_REQUIRED,
                severity="notice",
                scope=scope,
                observed=str(days),
                expected=str(required),
                unit=gettext_noop("days between period ends"),
                rows=[],
                row_count=0,
                message=Code.PERIODS_LONGER_THAN_REQUIRED.message(
                    by=_by(scope), period=period_phrase(scope["period"]), days=days,
                    title=standard.title, required=required),
                remedy=Code.PERIODS_LONGER_THAN_REQUIRED.hint(required=required),
                figures={"shortest_gap_days": str(days), "periods_filed": str(filed[group])},
            ))

    def _missing(self, standard: Standard, version, scope: dict[str, str], missing: list[str],
                 filed: int, interval: int):
        return self.finding(
            standard, version,
            code=Code.MISSING_PERIOD,
            severity="violation",
            scope=scope,
            observed=str(filed),
            expected=str(filed + len(missing)),
            unit=gettext_noop("periods filed"),
            rows=[],
            row_count=0,
            message=Code.MISSING_PERIOD.message(
                by=_by(scope), count=len(missing), interval=interval,
                dates=listed(missing, DATES_LISTED), period=period_phrase(scope["period"])),
            remedy=Code.MISSING_PERIOD.hint(),
            figures={"missing_periods": ", ".join(missing), "missing_count": str(len(missing)),
                     "interval_days": str(interval),
                     "effective_from": version.effective_from.isoformat()},
        )


def _by(scope: dict[str, str]) -> Message:
    """Who filed: 'by Beacon Construction on Dorchester Library', or 'by the contractor'
    when the report does not name one."""
    named = scope.get("contractor", NOT_STATED) != NOT_STATED
    if named and "project" in scope:
        return Message("by {contractor} on {project}", contractor=scope["contractor"],
                       project=scope["project"])
    if named:
        return Message("by {contractor}", contractor=scope["contractor"])
    if "project" in scope:
        return Message("by the contractor on {project}", project=scope["project"])
    return Message("by the contractor")
