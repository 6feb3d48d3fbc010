"""Wage floor: each worker is paid at least the hourly rate the standard sets."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from imports.issues import Issue
from imports.values import MONEY_SCALE
from rules.findings import Finding, rows_sample, usd, usd_text
from rules.registry import ParameterSpec, Rule, RuleOutcome, register
from rules.standards import Standard

ISSUE_SAMPLE = 50


def _money(units: int | float) -> Decimal:
    return Decimal(int(units)) / MONEY_SCALE


@register
class WageFloor(Rule):
    """Wage floor, per worker per pay period.

    Standard: a living-wage or minimum-compensation ordinance that sets an hourly floor, for
    example the Boston Living Wage (City of Boston Code ch. XXIV, rate adjusted every July 1
    under CBC 24-6.2) or the San Francisco Minimum Compensation Ordinance.
    Who is covered: every worker listed on the wage report of a covered contract; whether the
    contract is covered (value, employer size) is decided with the contract, not here.
    Dates: the floor applied to a row is the one in force on the row's pay period end. A week
    ending 2024-06-30 is checked against the Boston rate from 2023-07-01 ($17.55); a week
    ending 2024-07-07 against the rate from 2024-07-01 ($18.20). A pay period that no version
    of the standard covers is reported as an issue and not checked: the engine never borrows
    the nearest rate.
    Rounding: rates are compared exactly (in ten-thousandths of a dollar), so one cent below
    the floor is below it. Back pay is (floor - rate paid) x hours, summed over the worker's
    rows in the pay period and rounded half-up to the cent.
    Finding: one `wage-floor.below-minimum` violation per worker per pay period.
    """

    code = "wage-floor"
    version = "1"
    title = "Hourly wage floor"
    report_types = ("wage",)
    parameters = (
        ParameterSpec("hourly_floor", "money", "USD/hour",
                      "the lowest hourly rate a covered worker may be paid"),
    )

    def evaluate(self, frame: pd.DataFrame, standard: Standard, *,
                 columns: dict[str, object], sheet: str | None) -> RuleOutcome:
        outcome = RuleOutcome()
        version_index = standard.version_index_for(frame["period_end"])
        no_version = version_index < 0
        if no_version.any():
            self._report_unrated_periods(frame, standard, no_version, columns, sheet, outcome)

        floors = np.array(
            [int(v.parameters["hourly_floor"].decimal() * MONEY_SCALE) for v in standard.versions],
            dtype="int64",
        )
        floor = np.where(no_version, 0, floors[np.maximum(version_index, 0)])
        rate = frame["hourly_rate"].to_numpy(dtype="int64")
        below_floor = ~no_version & (rate < floor)
        outcome.versions_applied = {
            standard.versions[i].version for i in np.unique(version_index[~no_version])
        }
        if not below_floor.any():
            return outcome

        shortfall = floor - rate
        underpaid = frame.loc[below_floor, ["row", "worker", "period_end", "hourly_rate",
                                            "hours"]].assign(
            version_index=version_index[below_floor],
            floor=floor[below_floor],
            back_pay=shortfall[below_floor] * frame["hours"].to_numpy()[below_floor],
        )
        per_worker_period = underpaid.groupby(
            ["period_end", "worker", "version_index"], sort=True
        ).agg(
            lowest_rate=("hourly_rate", "min"),
            floor=("floor", "first"),
            hours=("hours", "sum"),
            back_pay=("back_pay", "sum"),
            rows=("row", list),
        )
        for (period_end, worker, index), group in per_worker_period.iterrows():
            outcome.findings.append(
                self._finding(standard, int(index), pd.Timestamp(period_end).date().isoformat(),
                              str(worker), group)
            )
        return outcome

    def _finding(self, standard: Standard, index: int, period_end: str, worker: str,
                 group: pd.Series) -> Finding:
        version = standard.versions[index]
        floor, lowest = _money(group["floor"]), _money(group["lowest_rate"])
        shortfall = floor - lowest
        back_pay = Decimal(repr(float(group["back_pay"]))) / MONEY_SCALE
        hours = Decimal(repr(float(group["hours"])))
        rows, row_count = rows_sample(group["rows"])
        return Finding(
            code="wage-floor.below-minimum",
            rule=self.code,
            rule_version=self.version,
            standard=standard.code,
            standard_version=version.version,
            source=version.source,
            severity="violation",
            scope={"worker": worker, "period_end": period_end},
            observed=usd(lowest),
            expected=usd(floor),
            unit="USD/hour",
            rows=rows,
            row_count=row_count,
            message=(
                f"{worker} was paid {usd_text(lowest)}/hour in the pay period ending "
                f"{period_end}: {usd_text(shortfall)} below the {standard.title} of "
                f"{usd_text(floor)}/hour in force from {version.effective_from.isoformat()}."
            ),
            remedy=(
                f"Pay {worker} at least {usd_text(floor)}/hour and pay the back pay owed for "
                f"this period: {usd_text(back_pay)} ({usd_text(shortfall)}/hour short "
                f"over {hours.normalize():f} hours)."
            ),
            figures={
                "shortfall_per_hour": usd(shortfall),
                "back_pay": usd(back_pay),
                "hours": f"{hours.normalize():f}",
                "effective_from": version.effective_from.isoformat(),
            },
        )

    def _report_unrated_periods(self, frame: pd.DataFrame, standard: Standard,
                                no_version: np.ndarray, columns: dict[str, object],
                                sheet: str | None, outcome: RuleOutcome) -> None:
        ref = columns.get("period_end")
        first, last = standard.versions[0], standard.versions[-1]
        unrated = frame.loc[no_version, ["row", "period_end"]]
        outcome.unchecked_rows.update(unrated["row"].tolist())
        outcome.issue_counts["standard.no-version-in-force"] = len(unrated)
        for row, period_end in unrated.head(ISSUE_SAMPLE).itertuples(index=False):
            day = pd.Timestamp(period_end).date()
            if day < first.effective_from:
                hint = (f"Check the date. The {standard.title} rates on file start on "
                        f"{first.effective_from.isoformat()}; an earlier period is checked "
                        f"against the rate the city set for it, which an administrator must "
                        f"add first.")
            else:
                hint = (f"The {standard.title} rate for this period is not on file yet (the "
                        f"last one on file runs to "
                        f"{(last.effective_to or last.effective_from).isoformat()}). "
                        f"An administrator adds the new rate, with its source, to the "
                        f"'{standard.code}' standard; then check the file again.")
            outcome.issues.append(Issue(
                code="standard.no-version-in-force",
                severity="error",
                sheet=sheet,
                row=int(row),
                column=getattr(ref, "header", None),
                column_letter=getattr(ref, "letter", None),
                value=day.isoformat(),
                message=(f"Row {row}: no {standard.title} rate is on file for the pay period "
                         f"ending {day.isoformat()}, so this row was not checked."),
                hint=hint,
            ))
