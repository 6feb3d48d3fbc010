"""Data completeness: the hours whose demographic is not recorded, reported on their own."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from imports import REPORT_TYPES
from imports.codes import Code
from imports.i18n import Message, gettext_noop
from rules.registry import RuleOutcome, register
from rules.standards import Standard
from rules.workforce import (
    GOAL_PARAMETERS,
    RuleOnRowsInForce,
    category_status,
    column_header,
    goal_categories,
    group_rows,
    hour_units,
    hours_text,
    percent_text,
    rows_text,
    scope_of,
    where_text,
)


@dataclass(frozen=True)
class Recorded:
    """A value a goal needs, per row: `missing` where the report does not give it."""

    code: Code
    field: str
    what: Message
    effect: Message
    missing: np.ndarray
    in_version: np.ndarray


@register
class DataCompleteness(RuleOnRowsInForce):
    """Data completeness: the share of work hours with a missing demographic.

    Standard: any hours-share goal (see `hiring-goal`). Officers judge a share only as far
    as the data allows; a report that silently treats a worker with no gender as a man (or a
    woman) misstates it.
    Who is covered: every row of a workforce report under a standard that sets a goal for
    the category. For each project (and each version of the standard in force), the hours
    with no gender, no person-of-color flag, or neither a ZIP nor a declared residency, are a
    notice of their own; so are hours with no worker class when shares are measured for
    journey-level workers and apprentices separately. A ZIP that needs verification is
    recorded evidence and is reported by the `residency` rule instead.
    Missing values are never defaulted into a category: those hours count toward no goal and
    are left out of that category's share.
    Rounding: hours are summed exactly; the share missing is truncated to one decimal.
    Finding: `data-completeness.missing-<value>`, severity "notice".
    """

    code = "data-completeness"
    version = "1"
    title = "Hours with a missing demographic"
    report_types = ("workforce",)
    parameters = GOAL_PARAMETERS

    def check(self, frame: pd.DataFrame, index: np.ndarray, standard: Standard,
              columns: dict[str, object], outcome: RuleOutcome) -> None:
        units = hour_units(frame)
        rows = frame["row"].to_numpy(dtype="int64")
        groups = group_rows({"project": "project", "version": index}, frame)
        group_version = np.array([key[-1] for key in groups.keys], dtype="int64")
        total = groups.total(units)
        first, last = groups.days(frame["period_end"].to_numpy(dtype="datetime64[D]"))

        for recorded in self._recorded_values(frame, standard, index):
            missing_hours = groups.total(np.where(recorded.missing, units, 0))
            missing_rows = groups.total(recorded.missing.astype("int64"))
            flagged = np.flatnonzero((missing_rows > 0) & recorded.in_version[group_version])
            samples = groups.rows(rows, flagged, recorded.missing)
            for group in flagged.tolist():
                version = standard.versions[int(group_version[group])]
                scope = scope_of(groups, group, first=first[group], last=last[group])
                sample, count = samples[group]
                header = column_header(columns, recorded.field)
                if not header and recorded.field == "person_of_color":
                    # Read from the race or ethnicity column under the standard's own list.
                    header = column_header(columns, "race")
                share = percent_text(missing_hours[group], total[group]) if total[group] \
                    else "0.0"
                if header:
                    action = Message("Fill in the '{header}' column for these rows",
                                     header=header)
                else:
                    action = Message("The file has no {what} column: add one headed '{header}' "
                                     "and fill it in for every worker", what=recorded.what,
                                     header=_template_label(standard, recorded.field))
                outcome.findings.append(self.finding(
                    standard, version,
                    code=recorded.code,
                    severity="notice",
                    scope={**scope, "value": recorded.field},
                    observed=share,
                    expected="0",
                    unit=gettext_noop("percent of hours"),
                    rows=sample,
                    row_count=count,
                    message=recorded.code.message(
                        share=share, where=where_text(scope),
                        missing=hours_text(missing_hours[group]),
                        total=hours_text(total[group]), rows=rows_text(count),
                        what=recorded.what, effect=recorded.effect),
                    remedy=recorded.code.hint(action=action),
                    figures={
                        "missing_hours": hours_text(missing_hours[group]),
                        "total_hours": hours_text(total[group]),
                        "effective_from": version.effective_from.isoformat(),
                    },
                ))

    def _recorded_values(self, frame: pd.DataFrame, standard: Standard,
                         index: np.ndarray) -> list[Recorded]:
        fields = {
            "residents": (Code.MISSING_RESIDENCY, "boston_resident",
                          Message("residency (home ZIP or resident flag)"),
                          Message("They count toward no residents' goal and are left out of "
                                  "that share: a missing value is never taken as yes or no.")),
            "people_of_color": (Code.MISSING_PERSON_OF_COLOR, "person_of_color",
                                Message("person-of-color status"),
                                Message("They count toward no people-of-color goal and are "
                                        "left out of that share: a missing value is never "
                                        "taken as yes or no.")),
            "women": (Code.MISSING_GENDER, "gender", Message("gender"),
                      Message("They count toward no women's goal and are left out of that "
                              "share: a missing value is never taken as yes or no.")),
        }
        recorded = [
            Recorded(*fields[category.key],
                     category_status(frame, category, standard, index).missing,
                     np.array([value is not None for value in values]))
            for category, values in goal_categories(standard)
        ]
        by_class = np.array(["trade-class" in (value or ())
                             for value in standard.parameter_values("measured_per")])
        if by_class.any():
            recorded.append(Recorded(Code.MISSING_WORKER_CLASS, "worker_class",
                                     Message("worker class (journey or apprentice)"),
                                     Message("Their shares are measured in a group of their "
                                             "own ('not stated'), not with journey-level "
                                             "workers' or apprentices'."),
                                     frame["worker_class"].isna().to_numpy(), by_class))
        return recorded


def _template_label(standard: Standard, field: str) -> str:
    """The header the report type's template uses for a field (the import accepts it)."""
    report_type = REPORT_TYPES.get(standard.report_type)
    labels = {spec.name: spec.label for spec in report_type.fields} if report_type else {}
    return labels.get(field, field)
