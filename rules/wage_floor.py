"""Wage floor: each worker is paid at least the hourly rate the standard sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from imports import money
from imports.codes import Code
from imports.i18n import Message, gettext_noop
from rules import columns as cols
from rules.findings import (
    ROWS_LISTED,
    Finding,
    figures_table,
    writes,
)
from rules.registry import ParameterSpec, Rule, RuleOutcome, register
from rules.standards import Standard
from rules.standards import money as money_parameter
from rules.workforce import HOURS_SCALE, hour_units, hours_text, in_force, versions_applied

CODE = Code.BELOW_MINIMUM.value
# Back pay is summed in money units x hour units (ten-thousandths of an hour): divided by
# HOURS_SCALE it is money units.


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
        floor = standard.parameter_in_force("hourly_floor", index, money_parameter)
        rate = frame["hourly_rate"].to_numpy(dtype="float64", na_value=np.nan)
        straight_time = straight_time_lines(frame)
        below_floor = rated & straight_time & (rate > 0) & (rate < floor)
        outcome.versions_applied = versions_applied(standard, index)
        if below_floor.any():
            outcome.findings.extend(self._findings(frame, standard, below_floor, index, floor))
        return outcome

    def _findings(self, frame: pd.DataFrame, standard: Standard, below_floor: np.ndarray,
                  index: np.ndarray, floor: np.ndarray) -> pa.Table:
        """One finding per worker per pay period, ordered by period end, then worker."""
        codes, names = pd.factorize(worker_keys(frame), sort=True)
        day = frame["period_end"].to_numpy(dtype="datetime64[D]").astype("int64")
        rows_all = frame["row"].to_numpy(dtype="int64")
        rate_all = frame["hourly_rate"].to_numpy(dtype="float64", na_value=np.nan)
        hours_all = hour_units(frame)
        # A (worker, period) as one integer, for every line.
        span = int(day.max() - day.min() + 1) if len(day) else 1
        key = codes.astype("int64") * span + (day - (day.min() if len(day) else 0))

        below = np.flatnonzero(below_floor)
        order = below[np.lexsort((rows_all[below], codes[below], day[below]))]
        group_key = key[order]
        starts = np.flatnonzero(np.r_[True, group_key[1:] != group_key[:-1]])
        ends = np.append(starts[1:], len(order))
        rate = rate_all[order].astype("int64")
        hours = hours_all[order]
        short = (floor[order] - rate) * hours
        lowest = np.minimum.reduceat(rate, starts)
        group_hours = np.add.reduceat(hours, starts)
        back_pay = np.add.reduceat(short, starts)
        back_pay_money = money.to_cent_array(back_pay, per=HOURS_SCALE)
        owed_keys = group_key[starts]

        overtime_units, overtime_short = self._overtime_short(
            frame, key, owed_keys, back_pay, floor, rate_all, hours_all)
        return self._table(frame, standard, order, starts, ends, index, lowest, back_pay_money,
                           group_hours, overtime_units, overtime_short, rows_all, day, floor)

    def _table(self, frame: pd.DataFrame, standard: Standard, order: np.ndarray,
               starts: np.ndarray, ends: np.ndarray, index: np.ndarray, lowest: np.ndarray,
               back_pay_money: np.ndarray, group_hours: np.ndarray,
               overtime_units: np.ndarray, overtime_short: np.ndarray,
               rows_all: np.ndarray, day: np.ndarray, floor: np.ndarray) -> pa.Table:
        """The findings as columns of figures (rules.findings.SCHEMA): their sentences are
        written when a finding is read (`_written`), so a report with hundreds of thousands
        of findings is stored without writing one of them."""
        count = len(starts)
        first = order[starts]
        version = pa.array(index[first], type=pa.int64())
        versions = standard.versions
        worker = _worker_column(frame, first)
        period_end = pc.cast(pa.array(day[first].astype("datetime64[D]")), pa.string())
        overtime_units = np.nan_to_num(overtime_units).astype("int64")
        overtime_money = np.where(overtime_units > 0, money.to_cent_array(
            np.nan_to_num(overtime_short), per=HOURS_SCALE), 0)
        basis = np.full(count, "", dtype=object)
        basis_units = np.zeros(count, dtype="int64")
        basis_hours = np.zeros(count, dtype="int64")
        for name in _BASES:
            worked_out = _rate_basis_is(frame, first, name)
            if worked_out.any():
                basis[worked_out] = name
                basis_units = np.where(worked_out, np.nan_to_num(
                    frame["basis_amount"].iloc[first].to_numpy(dtype="float64", na_value=0.0)
                ).astype("int64"), basis_units)
                basis_hours = np.where(worked_out, np.rint(
                    frame["basis_hours"].iloc[first].to_numpy(dtype="float64", na_value=0.0)
                    * HOURS_SCALE).astype("int64"), basis_hours)
        label = cols.repeated(standard.label, count)
        listed = np.minimum(ends - starts, ROWS_LISTED)
        offsets = np.concatenate([[0], np.cumsum(listed)]).astype("int32")
        picked = np.repeat(starts - offsets[:-1], listed) + np.arange(offsets[-1])
        return figures_table({
            "code": cols.repeated(CODE, count),
            "rule": cols.repeated(self.code, count),
            "rule_version": cols.repeated(self.version, count),
            "standard": label,
            "standard_version": cols.per_index([v.version for v in versions], version),
            "source": cols.per_index([v.source for v in versions], version),
            "severity": cols.repeated("violation", count),
            "unit": cols.repeated(gettext_noop("USD/hour"), count),
            "rows": pa.ListArray.from_arrays(pa.array(offsets),
                                             pa.array(rows_all[order][picked])),
            "row_count": pa.array(ends - starts, type=pa.int64()),
            "worker": worker,
            "period_end": period_end,
            "owed_money": pa.array(back_pay_money + overtime_money),
            "back_pay_money": pa.array(back_pay_money),
            "overtime_money": pa.array(overtime_money),
            "key": cols.join(f'["{CODE}", ', cols.json_string(label), ', {"period_end": "',
                             period_end, '", "worker": ', cols.json_string(worker), "}]"),
            "wage_floor_title": cols.repeated(standard.title, count),
            "wage_floor_effective_from": cols.per_index(
                [v.effective_from.isoformat() for v in versions], version),
            "wage_floor_floor_units": pa.array(floor[first], type=pa.int64()),
            "wage_floor_paid_units": pa.array(lowest, type=pa.int64()),
            "wage_floor_hours_units": pa.array(group_hours, type=pa.int64()),
            "wage_floor_overtime_units": pa.array(overtime_units),
            "wage_floor_basis": pa.array(basis, type=pa.string()),
            "wage_floor_basis_units": pa.array(basis_units),
            "wage_floor_basis_hours_units": pa.array(basis_hours),
        }, count)


    @staticmethod
    def _overtime_short(frame: pd.DataFrame, key: np.ndarray, owed_keys: np.ndarray,
                        back_pay: np.ndarray, floor: np.ndarray, rate: np.ndarray,
                        hours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Overtime paid on an underpaid straight-time rate is short too: per overtime hour,
        the premium times the straight-time shortfall (1.5 x (floor - rate)), where the
        shortfall is the back pay per straight-time hour; never more than the overtime rate
        paid falls short of the premium on the floor. Reported beside the back pay, never
        added to it. Per owed (worker, period): (overtime hour units, shortfall units)."""
        none = np.zeros(len(owed_keys), dtype="float64")
        if "earning_type" not in frame or not len(owed_keys):
            return none, none
        kinds = frame["earning_type"].to_numpy(dtype=object)
        position = np.searchsorted(owed_keys, key)
        position = np.minimum(position, len(owed_keys) - 1)
        owed = owed_keys[position] == key
        straight = owed & straight_time_lines(frame)
        straight_hours = np.bincount(position[straight], weights=hours[straight],
                                     minlength=len(owed_keys))
        premium = pd.Series(kinds).map(PREMIUM).to_numpy(dtype="float64", na_value=np.nan)
        extra = owed & ~np.isnan(premium)
        if not extra.any():
            return none, none
        per_hour = back_pay / np.where(straight_hours > 0, straight_hours, np.nan)
        owed_per_hour = premium[extra] * per_hour[position[extra]]
        paid_short = np.maximum(premium[extra] * floor[extra] - rate[extra], 0)
        owed_per_hour = np.where(np.isnan(rate[extra]), owed_per_hour,
                                 np.minimum(owed_per_hour, paid_short))
        owed_per_hour = np.nan_to_num(owed_per_hour)
        units = np.bincount(position[extra], weights=hours[extra], minlength=len(owed_keys))
        shortfall = np.bincount(position[extra], weights=owed_per_hour * hours[extra],
                                minlength=len(owed_keys))
        return units, shortfall

@writes(CODE)
def _written(record: dict) -> dict:
    """A wage-floor finding stored as its figures (WageFloor._table), written out: the
    sentences in English with their msgids and values. The figures are the stored ones,
    exactly; the wording is the catalogue's (rules.findings, FIGURES)."""
    worker, period_end = record["worker"], record["period_end"]
    floor_units, lowest_units = record["wage_floor_floor_units"], record["wage_floor_paid_units"]
    back_pay, hours_units = (record["back_pay_money"],
                             record["wage_floor_hours_units"])
    floor_text, effective_from = money.text(floor_units), record["wage_floor_effective_from"]
    lowest = money.to_cent(lowest_units)
    shortfall = money.to_cent(floor_units - lowest_units)
    shortfall_text, hours = money.text(shortfall), hours_text(hours_units)
    basis = _basis_sentence(record["wage_floor_basis"], record["wage_floor_basis_units"],
                            record["wage_floor_basis_hours_units"])
    figures = {
        "shortfall_per_hour": money.number(shortfall),
        "back_pay": money.number(back_pay),
        "hours": hours,
        "effective_from": effective_from,
        "rate_basis": "stated" if basis is None else "worked out",
    }
    remedy = Code.BELOW_MINIMUM.hint(worker=worker, floor=floor_text,
                                     back_pay=money.text(back_pay),
                                     shortfall=shortfall_text, hours=hours)
    overtime_units = record["wage_floor_overtime_units"]
    if overtime_units > 0:
        overtime = record["overtime_money"]
        figures["overtime_hours"] = hours_text(overtime_units)
        figures["overtime_back_pay"] = money.number(overtime)
        if overtime > 0:
            remedy = Message(
                "{remedy} Overtime was paid on the low rate too: also pay {overtime} of "
                "overtime premium for {overtime_hours} overtime hours (1.5 times the "
                "shortfall for each).", remedy=remedy, overtime=money.text(overtime),
                overtime_hours=hours_text(overtime_units))
    message = Code.BELOW_MINIMUM.message(
        worker=worker, paid=money.text(lowest), period_end=period_end,
        shortfall=shortfall_text, title=record["wage_floor_title"], floor=floor_text,
        effective_from=effective_from)
    if basis is not None:
        message = Message("{sentence} {basis}", sentence=message, basis=basis)
    return Finding(
        code=CODE, rule=record["rule"], rule_version=record["rule_version"],
        standard=record["standard"], standard_version=record["standard_version"],
        source=record["source"], severity=record["severity"],
        scope={"worker": worker, "period_end": period_end},
        observed=money.number(lowest), expected=money.number(floor_units),
        unit=record["unit"], rows=list(record["rows"] or []), row_count=record["row_count"],
        message=message, remedy=remedy, figures=figures,
    ).to_dict()


def _basis_sentence(basis: str | None, amount_units: int, hours_units: int) -> Message | None:
    """How a rate no column stated was worked out, in the finding's words."""
    if basis not in _BASES:
        return None
    return _BASES[basis].with_values(amount=money.text(amount_units),
                                     hours=hours_text(hours_units))


# The premium each kind of overtime line is paid at (imports/vocabulary.toml).
PREMIUM = {"overtime": 1.5, "double_time": 2.0}


def straight_time_lines(frame: pd.DataFrame) -> np.ndarray:
    """Lines paid at the straight-time rate: the only ones a wage floor is compared with (an
    overtime rate never is). A report without earnings lines is all straight time."""
    if "earning_type" not in frame:
        return np.ones(len(frame), dtype=bool)
    kinds = frame["earning_type"]
    return (kinds.isna() | (kinds == "regular")).to_numpy(dtype=bool)


def worker_keys(frame: pd.DataFrame) -> pd.Series:
    """Who a line is about: the worker's ID where the file gives one, else the name."""
    if "worker_key" in frame and frame["worker_key"].notna().any():
        return frame["worker_key"].fillna(frame["worker"].astype(frame["worker_key"].dtype))
    return frame["worker"]


def _worker_named(name: object, worker_id: object) -> str:
    name = "" if name is None or name != name else str(name)
    if worker_id is not None and worker_id == worker_id and str(worker_id) not in name:
        return f"{name} (ID {worker_id})" if name else f"ID {worker_id}"
    return name


# How a rate no column stated was worked out (imports: a line's `rate_basis`), in the
# finding's words.
_BASES = {
    "earnings": Message(
        "The file gives no hourly rate: the rate is the earnings divided by the hours "
        "({amount} / {hours} hours)."),
    "gross": Message(
        "The file gives no hourly rate: the straight-time rate is the gross pay divided by "
        "the hours, overtime hours counted 1.5 times ({amount} / {hours} hours)."),
}


def _rate_basis_is(frame: pd.DataFrame, lines: np.ndarray, basis: str) -> np.ndarray:
    if "rate_basis" not in frame:
        return np.zeros(len(lines), dtype=bool)
    return (frame["rate_basis"].iloc[lines] == basis).fillna(False).to_numpy(dtype=bool)


def workers_named(frame: pd.DataFrame, lines: np.ndarray) -> list[str]:
    """The workers of these lines as the file names them, with the ID when it gives one:
    the one way a finding names a worker."""
    return _worker_column(frame, lines).to_pylist()


def _worker_column(frame: pd.DataFrame, lines: np.ndarray) -> cols.Text:
    """The workers of these lines as the file names them, with the ID when it gives one:
    each distinct worker written once."""
    names = frame["worker"].iloc[lines].reset_index(drop=True)
    if "worker_id" not in frame:
        return cols.per_value(names, lambda name: _worker_named(name, None))
    pairs = pd.DataFrame({"name": names,
                          "id": frame["worker_id"].iloc[lines].reset_index(drop=True)})
    codes = pairs.groupby(["name", "id"], dropna=False, sort=False).ngroup().to_numpy()
    distinct = pairs.drop_duplicates()
    written = pa.array([_worker_named(name, worker_id)
                        for name, worker_id in distinct.itertuples(index=False)],
                       type=pa.string())
    return written.take(pa.array(codes, type=pa.int64()))


def back_pay_lines(frame: pd.DataFrame) -> list[dict]:
    """The back pay a payroll shows paid: its back-pay lines ("Retro pay", "Back wages")
    summed per worker, named as the findings name them, with the rows they are on. How a
    corrected payroll shows a finding's back pay paid."""
    if "earning_type" not in frame or "amount" not in frame:
        return []
    lines = np.flatnonzero((frame["earning_type"] == "back_pay").to_numpy(dtype=bool)
                           & frame["amount"].notna().to_numpy(dtype=bool))
    if not len(lines):
        return []
    paid = pd.DataFrame({"worker": workers_named(frame, lines),
                         "units": frame["amount"].iloc[lines].to_numpy(dtype="int64"),
                         "row": frame["row"].iloc[lines].to_numpy()})
    return [{"worker": worker, "amount": money.number(int(group["units"].sum())),
             "rows": sorted(set(group["row"].tolist()))[:ROWS_LISTED]}
            for worker, group in paid.groupby("worker", sort=True)]
