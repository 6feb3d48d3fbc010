"""Wage floor: each worker is paid at least the hourly rate the standard sets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from imports.i18n import Message, gettext_noop
from imports.values import MONEY_SCALE
from rules.findings import ROWS_LISTED, Finding, cents_number, cents_text
from rules.registry import ParameterSpec, Rule, RuleOutcome, register
from rules.standards import Standard, StandardVersion
from rules.workforce import HOURS_SCALE, hour_units, hours_text, in_force, versions_applied

# Back pay is summed in (ten-thousandths of a dollar) x (ten-thousandths of an hour).
_BACK_PAY_UNITS_PER_CENT = MONEY_SCALE * HOURS_SCALE // 100


@register
class WageFloor(Rule):
    """Wage floor, per worker per pay period.

    Standard: a living-wage or minimum-compensation ordinance that sets an hourly floor, for
    example the Boston Living Wage (City of Boston Code ch. XXIV, rate adjusted every July 1
    under CBC 24-6.2) or the San Francisco Minimum Compensation Ordinance.
    Who is covered: every worker listed on the wage report (or certified payroll, at the
    straight-time rate) of a covered contract; whether the contract is covered (value,
    employer size) is decided with the contract, not here.
    Dates: the floor applied to a row is the one in force on the row's pay period end. A week
    ending 2024-06-30 is checked against the Boston rate from 2023-07-01 ($17.55); a week
    ending 2024-07-07 against the rate from 2024-07-01 ($18.20). A pay period that no version
    of the standard covers is reported as an issue and not checked: the engine never borrows
    the nearest rate.
    Rounding: rates are compared exactly (in ten-thousandths of a dollar), so one cent below
    the floor is below it. Back pay is (floor - rate paid) x hours, summed exactly over the
    worker's rows in the pay period (hours to a ten-thousandth) and rounded half-up to the
    cent; rates shown are rounded half-up to the cent.
    Coverage (value of the contract, size of the employer) is a parameter of the standard,
    decided with the contract: every row of an uploaded report is checked.
    Finding: one `wage-floor.below-minimum` violation per worker per pay period.
    """

    code = "wage-floor"
    version = "1"
    title = "Hourly wage floor"
    report_types = ("wage", "certified_payroll")
    parameters = (
        ParameterSpec("hourly_floor", "money", "USD/hour",
                      "the lowest hourly rate a covered worker may be paid"),
        ParameterSpec("min_contract_value", "money", "USD",
                      "contracts (and subcontracts) of at least this value are covered",
                      required=False, coverage=True),
        ParameterSpec("min_employer_fte", "number", "FTE",
                      "employers with at least this many full-time equivalents are covered",
                      required=False, coverage=True),
        ParameterSpec("employer_kind", "text", "text",
                      "the kind of employer this floor applies to (e.g. nonprofit)",
                      required=False, coverage=True),
        ParameterSpec("paid_days_off", "number", "days/year",
                      "paid days off a year owed with the wage floor (not read from wage "
                      "reports)", required=False, coverage=True),
    )

    def evaluate(self, frame: pd.DataFrame, standard: Standard, *,
                 columns: dict[str, object], sheet: str | None) -> RuleOutcome:
        outcome = RuleOutcome()
        index, rated = in_force(frame, standard)
        floors = np.array(
            [int(v.parameters["hourly_floor"].decimal() * MONEY_SCALE) for v in standard.versions],
            dtype="int64",
        )
        floor = floors[np.maximum(index, 0)]
        rate = frame["hourly_rate"].to_numpy(dtype="int64")
        below_floor = rated & (rate < floor)
        outcome.versions_applied = versions_applied(standard, index)
        if below_floor.any():
            outcome.findings = self._findings(frame, standard, below_floor, index, floor, rate)
        return outcome

    def _findings(self, frame: pd.DataFrame, standard: Standard, below_floor: np.ndarray,
                  index: np.ndarray, floor: np.ndarray, rate: np.ndarray) -> list[Finding]:
        """One finding per worker per pay period, ordered by period end, then worker."""
        workers, names = pd.factorize(frame["worker"].to_numpy()[below_floor], sort=True)
        day = frame["period_end"].to_numpy(dtype="datetime64[D]")[below_floor]
        rows = frame["row"].to_numpy(dtype="int64")[below_floor]
        order = np.lexsort((rows, workers, day))
        workers, day, rows = workers[order], day[order], rows[order]
        index, floor, rate = (a[below_floor][order] for a in (index, floor, rate))
        hours = hour_units(frame)[below_floor][order]

        new_group = np.ones(len(rows), dtype=bool)
        new_group[1:] = (workers[1:] != workers[:-1]) | (day[1:] != day[:-1])
        starts = np.flatnonzero(new_group)
        ends = np.append(starts[1:], len(rows))
        lowest = np.minimum.reduceat(rate, starts)
        group_hours = np.add.reduceat(hours, starts)
        back_pay = np.add.reduceat((floor - rate) * hours, starts)
        back_pay_cents = (back_pay + _BACK_PAY_UNITS_PER_CENT // 2) // _BACK_PAY_UNITS_PER_CENT
        texts = [_VersionTexts.of(standard, version) for version in standard.versions]
        return [
            self._finding(standard, texts[version], str(worker), period_end, lowest_units,
                          cents, hours_units, rows[start:min(end, start + ROWS_LISTED)].tolist(),
                          end - start)
            for version, worker, period_end, lowest_units, cents, hours_units, start, end
            in zip(index[starts].tolist(), names[workers[starts]].tolist(),
                   day[starts].astype(str).tolist(),
                   lowest.tolist(), back_pay_cents.tolist(), group_hours.tolist(),
                   starts.tolist(), ends.tolist(), strict=True)
        ]

    def _finding(self, standard: Standard, version: _VersionTexts, worker: str,
                 period_end: str, lowest_units: int, back_pay_cents: int, hours_units: int,
                 rows: list[int], row_count: int) -> Finding:
        lowest = _cents(lowest_units)
        shortfall = _cents(version.floor_units - lowest_units)
        shortfall_text, hours = cents_text(shortfall), hours_text(hours_units)
        return Finding(
            code="wage-floor.below-minimum",
            rule=self.code,
            rule_version=self.version,
            standard=version.standard,
            standard_version=version.version,
            source=version.source,
            severity="violation",
            scope={"worker": worker, "period_end": period_end},
            observed=cents_number(lowest),
            expected=version.floor_number,
            unit=gettext_noop("USD/hour"),
            rows=rows,
            row_count=row_count,
            message=Message(
                "{worker} was paid {paid}/hour in the pay period ending {period_end}: "
                "{shortfall} below the {title} of {floor}/hour in force from "
                "{effective_from}.",
                worker=worker, paid=cents_text(lowest), period_end=period_end,
                shortfall=shortfall_text, title=standard.title, floor=version.floor_text,
                effective_from=version.effective_from),
            remedy=Message(
                "Pay {worker} at least {floor}/hour and pay the back pay owed for this "
                "period: {back_pay} ({shortfall}/hour short over {hours} hours).",
                worker=worker, floor=version.floor_text, back_pay=cents_text(back_pay_cents),
                shortfall=shortfall_text, hours=hours),
            figures={
                "shortfall_per_hour": cents_number(shortfall),
                "back_pay": cents_number(back_pay_cents),
                "hours": hours,
                "effective_from": version.effective_from,
            },
        )


@dataclass(frozen=True)
class _VersionTexts:
    """What every finding under one version repeats, worked out once."""

    standard: str
    version: str
    source: str
    effective_from: str
    floor_units: int
    floor_number: str
    floor_text: str

    @classmethod
    def of(cls, standard: Standard, version: StandardVersion) -> _VersionTexts:
        units = int(version.parameters["hourly_floor"].decimal() * MONEY_SCALE)
        return cls(standard.label, version.version, version.source,
                   version.effective_from.isoformat(), units, cents_number(_cents(units)),
                   cents_text(_cents(units)))


def _cents(money_units: int) -> int:
    """Ten-thousandths of a dollar to whole cents, half-up (for display)."""
    return (money_units + 50) // 100
