"""Prevailing wage: each worker on a certified payroll is paid at least the base rate and the
fringe benefits a prevailing wage schedule sets for the work's classification.

Standard: a Davis-Bacon wage determination (40 U.S.C. 3141-3148, 29 CFR part 5) or a
Massachusetts prevailing wage schedule (M.G.L. c.149 ss.26-27H), read into a
`rules.schedules.Schedule` (rules.wage_determinations, rules.state_schedules).
Who is covered: every laborer and mechanic on a certified payroll (WH-347 or the
Massachusetts weekly form) of a covered contract; which contracts are covered is decided with
the contract, not here.

How the obligation is met (U.S. DOL Fact Sheet #66E, October 2023; 29 CFR 5.23-5.32):
- The worker is owed the base rate plus the fringe benefits per hour, on every hour worked,
  overtime hours included. The fringe is owed once per hour, never multiplied for overtime.
- Cash paid above the base rate counts toward the fringe (Davis-Bacon; a schedule whose
  `cash_toward_fringe` is false, as some service contract schedules, gives no such credit):
  a $27.00 + $14.00 determination is met by $35.00 cash plus $6.00 in plan contributions.
- Overtime (over 40 hours in the week, CWHSSA; the payroll's overtime and double-time lines)
  is owed at 1.5 times the base rate, never 1.5 times base plus fringe (29 CFR 5.32).
- Plan contributions are credited at their annualised hourly rate (29 CFR 5.25(c)): the
  payroll's fringe credit is taken as stated; `annualised_fringe_credit` is how an officer
  checks a stated credit against a plan's yearly cost.
- A registered apprentice (the payroll's "RA", `worker_class == "apprentice"`) is owed the
  schedule's percentage of the journey rate for the apprentice's step when the payroll gives
  the step (an `apprentice_step` column) and the schedule lists it; otherwise the full
  journey-level rate, as anyone not shown to be a registered apprentice (29 CFR 5.5(a)(4)).
  The apprentice ratio is not checked here.
- A classification the schedule does not list cannot be checked: it needs an additional
  classification (a conformance request, 29 CFR 5.5(a)(1)(iii); in Massachusetts, a rate
  from the Department of Labor Standards). It is an issue naming the three closest
  classifications on the schedule; its lines are not checked.
- A fringe given as a formula ("37.885+a+b") is never guessed: the base rate is checked and
  a notice says a person must compute the fringe.
- A rate per day (divers) is compared per day worked where the payroll gives the days (a
  `days` column, or one line per `work_date`); otherwise a notice says it was not checked.

Lines: the payroll's straight-time lines (`earning_type` regular or blank) and overtime lines
(overtime, double time) with hours and a rate. Other kinds of pay (holiday, leave, bonus,
back pay) are not hours worked at a rate and are left out; so are lines without a rate (the
Massachusetts form's lower line, where the overtime rate is not written).
Fringe paid: the payroll's `fringe` column, read as the WH-347 column 6B defines it, the
week's total fringe benefit credit (`fringe_basis="week"`, summed over the lines), or as a
credit per hour on every line (`fringe_basis="hour"`, the B2Gnow "Fringe Rate"). A file with
no fringe figure at all is checked as paying no fringe benefits but in cash.
Rounding: rates and hours are compared exactly (ten-thousandths of a dollar and of an hour);
back pay is summed exactly per worker, week and classification and rounded half-up to the
cent, wages and fringe benefits apart; back_pay is their sum.
Finding: one `prevailing-wage.below-rate` violation per worker x week x classification.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import lru_cache
from typing import Literal, NotRequired, TypedDict

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from imports import money
from imports.codes import Code
from imports.i18n import Message, gettext_noop
from imports.issues import Issue
from rules.findings import ROWS_LISTED, Finding, owed_money
from rules.registry import RuleOutcome
from rules.schedules import ApprenticeStep, Classification, RatePer, Schedule
from rules.wage_floor import worker_keys, workers_named  # one way to name a worker
from rules.workforce import HOURS_SCALE, hours_text

RULE = "prevailing-wage"
RULE_VERSION = "1"
BELOW_RATE = Code.BELOW_RATE
UNLISTED = Code.UNLISTED_CLASSIFICATION
NO_CLASSIFICATION = Code.NO_CLASSIFICATION
FRINGE_FORMULA = Code.FRINGE_NEEDS_COMPUTING
DAY_RATE_UNCHECKED = Code.DAY_RATE_NEEDS_DAYS
SUGGESTIONS = 3

FringeBasis = Literal["week", "hour"]

# Money x hours is summed twice over (the 1.5 overtime factor stays whole): divided by this,
# money units.
_TWICE_HOURS = 2 * HOURS_SCALE
_STRAIGHT = ("regular",)
_OVERTIME = ("overtime", "double_time")


@lru_cache(maxsize=65536)  # a schedule's and a payroll's few hundred names, again and again
def classification_key(text: str) -> str:
    """A classification's words for matching: accents, case, punctuation and spacing aside
    ("Carpenter/Framer" and "CARPENTER - FRAMER" are the same; "&" is "and")."""
    plain = unicodedata.normalize("NFKD", text.replace("&", " and "))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def annualised_fringe_credit(plan_cost_per_year: int, hours_all_work: int) -> int:
    """The hourly credit a plan's contributions earn (29 CFR 5.25(c)): the year's cost (money
    units) divided by every hour the worker worked that year (hour units), on covered and
    private work alike, in money units per hour rounded down to the cent (a credit is never
    rounded up). $6,000 a year over 2,000 hours: $3.00."""
    if hours_all_work <= 0:
        return 0
    return plan_cost_per_year * HOURS_SCALE // (hours_all_work * money.CENT) * money.CENT


def check_prevailing_wage(frame: pd.DataFrame, schedule: Schedule, *, sheet: str | None = None,
                          columns: Mapping[str, object] | None = None,
                          fringe_basis: FringeBasis = "week") -> RuleOutcome:
    """Check a certified payroll's lines against `schedule` (see the module's docstring).

    `frame` is the canonical certified payroll frame (imports.report_types): `row`, `worker`
    (and `worker_key`/`worker_id`), `trade` or `job_title` (the classification),
    `worker_class`, `earning_type`, `hours`, `hourly_rate` and `fringe` in
    money units (imports.money), `period_end`; optionally `apprentice_step`, `days`,
    `work_date`. `columns` maps a field to where the file has it (`.header`, `.letter`), for
    issues told in the vendor's words.
    """
    outcome = RuleOutcome()
    if not len(frame):
        return outcome
    table = _ScheduleArrays.of(schedule)
    classes = _LineClasses.of(frame, table)
    line_class = classes.line
    if classes.column is None or (line_class == -2).all():
        outcome.issues.append(_no_classification(sheet, columns))
        outcome.issue_counts[NO_CLASSIFICATION.value] = 1
        outcome.unchecked_rows |= set(frame["row"].tolist())
        return outcome

    worked = _WorkedLines.of(frame)
    outcome.unchecked_rows |= set(
        frame["row"].to_numpy()[worked.mask & (line_class == -2)].tolist())
    unlisted = worked.mask & (line_class == -1)
    if unlisted.any():
        _unlisted_issues(outcome, frame, schedule, classes.codes, classes.uniques, unlisted,
                         classes.column, sheet, columns)
    lines = np.flatnonzero(worked.mask & (line_class >= 0))
    if not len(lines):
        return outcome
    outcome.versions_applied = {schedule.label}

    rate = np.nan_to_num(worked.rate[lines]).astype("int64")
    cls = line_class[lines]
    base, fringe, step, steps = _owed_per_hour(frame, lines, cls, table, schedule)
    _check_lines(outcome, frame, schedule, table, _Lines(
        lines, cls, rate, worked.hours[lines], worked.overtime[lines], base, fringe, step,
        steps), fringe_basis)
    return outcome


# -- paid vs required ---------------------------------------------------------------------

class PaidVsRequired(TypedDict):
    """One classification of a certified payroll, what its lines paid beside what the
    schedule requires (see `paid_vs_required`). Money in dollars, two decimals."""

    classification: str
    listed: bool
    per: RatePer
    base: str | None
    fringe: str | None
    fringe_formula: NotRequired[str]
    required: str | None
    workers: int
    hours: str
    lowest_rate: str | None
    lowest_cash_and_fringe: str | None
    lines_below: int | None
    back_pay: str | None


def paid_vs_required(frame: pd.DataFrame, schedule: Schedule, *,
                     findings: Sequence[Finding] = (),
                     fringe_basis: FringeBasis = "week") -> list[PaidVsRequired]:
    """Paid vs required per classification: an officer's view of a certified payroll beside
    `schedule`, over the lines check_prevailing_wage reads (hours worked at a rate, with a
    classification written). One entry per classification, in the schedule's order, then the
    classifications the schedule does not list, in the order the file first names them (the
    same words, case and punctuation aside, are one classification).

    Each entry: `classification` (the schedule's title, or the file's words when unlisted),
    `listed`, `per` ("hour" or "day"); the schedule's journey-level `base` and `fringe` and
    `required` (their sum). `fringe` is None when the schedule gives a formula a person must
    compute (then `fringe_formula` holds it) and `required` is None with it, and for a day
    rate (a day's base and an hour's fringe do not add up). `workers` (distinct), `hours`
    (straight time and overtime); `lowest_rate`, the lowest straight-time rate paid (None:
    overtime lines only); `lowest_cash_and_fringe`, the lowest straight-time rate plus the
    fringe paid per hour; `lines_below`, the straight-time lines paid less than the line is
    owed; `back_pay`, the sum of the classification's `prevailing-wage.below-rate` findings
    among `findings` (the outcome of check_prevailing_wage on the same frame).

    Fringe paid per hour is read as the check reads it: with `fringe_basis="week"` the
    worker's credit for the week in the classification over the week's hours in it, else each
    line's own credit per hour; a file without a fringe column pays none. A straight-time line
    is below when its rate is below the base owed (a fringe never makes up cash below the
    base, Fact Sheet #66E) or its rate plus fringe paid is below the base plus fringe owed
    (without cash toward the fringe: its fringe paid is below the fringe owed); a formula
    fringe: the base only. A registered apprentice's line is owed its step's figures, as in
    the check. Lines of a day rate, and of a classification the schedule does not list, are
    not compared line by line (`lines_below` None); nor is an unlisted classification's back
    pay worked out (`back_pay` None). Rates are compared exactly; figures shown are rounded
    half-up to the cent.
    """
    if not len(frame):
        return []
    table = _ScheduleArrays.of(schedule)
    classes = _LineClasses.of(frame, table)
    worked = _WorkedLines.of(frame)
    lines = np.flatnonzero(worked.mask & (classes.line != -2))
    if not len(lines):
        return []
    size = len(schedule.classifications)
    cls = classes.line[lines]
    listed = cls >= 0
    # Unlisted classifications numbered after the schedule's, by their words as matched.
    unlisted_codes = classes.codes[lines[~listed]]
    key_codes, _ = pd.factorize(np.asarray(classes.keys, dtype=object)[unlisted_codes])
    _, first_named = np.unique(key_codes, return_index=True)
    unlisted_titles = [str(classes.uniques[code])
                       for code in unlisted_codes[first_named].tolist()]
    group = cls.copy()
    group[~listed] = size + key_codes
    groups = size + len(unlisted_titles)

    hours = worked.hours[lines]
    straight = worked.straight[lines]
    rate = np.nan_to_num(worked.rate[lines]).astype("int64")
    workers, _ = pd.factorize(worker_keys(frame).iloc[lines])  # -1: no worker named
    # Fringe paid per hour on each line, as fringe_paid / per_hours (money units).
    stated = (np.nan_to_num(frame["fringe"].to_numpy(dtype="float64", na_value=np.nan)[lines])
              .astype("int64") if "fringe" in frame else np.zeros(len(lines), dtype="int64"))
    if fringe_basis == "hour":
        fringe_paid, per_hours = stated, np.ones(len(lines), dtype="int64")
    else:
        week = pd.DataFrame({
            "worker": workers,
            "day": frame["period_end"].to_numpy(dtype="datetime64[D]")[lines].astype("int64"),
            "group": group}).groupby(["worker", "day", "group"], sort=False).ngroup().to_numpy()
        sums = pd.DataFrame({"fringe": stated, "hours": hours}).groupby(week).transform("sum")
        fringe_paid = sums["fringe"].to_numpy() * HOURS_SCALE
        per_hours = sums["hours"].to_numpy()
    cash_and_fringe = rate * per_hours + fringe_paid  # money units x per_hours

    base_owed = np.zeros(len(lines), dtype="int64")
    fringe_owed = np.zeros(len(lines), dtype="int64")
    chosen = np.flatnonzero(listed)
    if len(chosen):
        base_owed[chosen], fringe_owed[chosen], _, _ = _owed_per_hour(
            frame, lines[chosen], cls[chosen], table, schedule)
    position = np.maximum(cls, 0)
    fringe_known = listed & table.fringe_known[position]
    compared = straight & listed & ~table.per_day[position]
    fringe_short = (cash_and_fringe < (base_owed + fringe_owed) * per_hours
                    if schedule.cash_toward_fringe else fringe_paid < fringe_owed * per_hours)
    below = compared & ((rate < base_owed) | (fringe_known & fringe_short))

    total_hours = np.zeros(groups, dtype="int64")
    np.add.at(total_hours, group, hours)
    lowest_rate = np.full(groups, _NONE, dtype="int64")
    np.minimum.at(lowest_rate, group[straight], rate[straight])
    lowest_cash_and_fringe = np.full(groups, _NONE, dtype="int64")
    np.minimum.at(lowest_cash_and_fringe, group[straight],
                  money.to_cent_array(cash_and_fringe, per=per_hours)[straight])
    lines_below = np.bincount(group[below], minlength=groups)
    named = workers >= 0
    worker_count = pd.Series(workers[named]).groupby(group[named]).nunique()
    back_pay = _back_pay_by_classification(schedule, findings)

    entries: list[PaidVsRequired] = []
    for index in np.unique(group).tolist():
        item = schedule.classifications[index] if index < size else None
        lowest = int(lowest_rate[index])
        entry = PaidVsRequired(
            classification=item.title if item else unlisted_titles[index - size],
            listed=item is not None, per=item.per if item else "hour",
            base=None, fringe=None, required=None,
            workers=int(worker_count.get(index, 0)), hours=hours_text(int(total_hours[index])),
            lowest_rate=money.number(lowest) if lowest != _NONE else None,
            lowest_cash_and_fringe=(money.number(int(lowest_cash_and_fringe[index]))
                                    if lowest != _NONE else None),
            lines_below=None, back_pay=None)
        if item is not None:
            base, fringe = int(table.base[index]), int(table.fringe[index])
            entry["base"] = money.number(base)
            if item.fringe.computable:
                entry["fringe"] = money.number(fringe)
                if item.per == "hour":
                    entry["required"] = money.number(base + fringe)
            else:
                entry["fringe_formula"] = item.fringe.formula or ""
            entry["lines_below"] = int(lines_below[index]) if item.per == "hour" else None
            entry["back_pay"] = money.number(back_pay.get(index, 0))
        entries.append(entry)
    return entries


def _back_pay_by_classification(schedule: Schedule, findings: Sequence[Finding]
                                ) -> dict[int, int]:
    """The back pay of the below-rate findings, in money units, per position in the schedule. A
    finding names its classification by title: a title the schedule repeats is counted once,
    at its first position."""
    first_with_title: dict[str, int] = {}
    for position, item in enumerate(schedule.classifications):
        first_with_title.setdefault(item.title, position)
    owed: dict[int, int] = {}
    for finding in findings:
        if finding.code != BELOW_RATE or finding.standard != schedule.number:
            continue
        position = first_with_title.get(finding.scope.get("classification", ""))
        if position is not None:
            owed[position] = owed.get(position, 0) + owed_money(finding.figures)
    return owed


# -- the schedule as arrays ---------------------------------------------------------------

@dataclass(frozen=True)
class _ScheduleArrays:
    """A schedule's classifications as arrays indexed like `schedule.classifications`, and
    the index of each classification's key and title words."""

    index: dict[str, int]
    base: np.ndarray
    fringe: np.ndarray
    fringe_known: np.ndarray
    per_day: np.ndarray

    @classmethod
    def of(cls, schedule: Schedule) -> _ScheduleArrays:
        index: dict[str, int] = {}
        for position, item in enumerate(schedule.classifications):
            index.setdefault(classification_key(item.key), position)
        for position, item in enumerate(schedule.classifications):
            index.setdefault(classification_key(item.title), position)
        items = schedule.classifications
        return cls(
            index=index,
            base=np.array([money.units(c.base) for c in items], dtype="int64"),
            fringe=np.array([money.units(c.fringe.amount) if c.fringe.computable else 0
                             for c in items], dtype="int64"),
            fringe_known=np.array([c.fringe.computable for c in items], dtype=bool),
            per_day=np.array([c.per == "day" for c in items], dtype=bool),
        )


def _classification_column(frame: pd.DataFrame) -> str | None:
    for name in ("trade", "job_title"):
        if name in frame and frame[name].notna().any():
            return name
    return None


@dataclass(frozen=True)
class _LineClasses:
    """Each line's classification: `column` names it in the frame (None: no column does),
    `codes` index each line's words in `uniques` (the file's distinct words; -1: blank),
    `keys` are those words as matched (classification_key), and `line` is each line's
    position in the schedule (-1: a classification the schedule does not list; -2: none
    written)."""

    column: str | None
    codes: np.ndarray
    uniques: pd.Index
    keys: list[str]
    line: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame, table: _ScheduleArrays) -> _LineClasses:
        column = _classification_column(frame)
        codes, uniques = (pd.factorize(frame[column], use_na_sentinel=True)
                          if column else (np.full(len(frame), -1), pd.Index([])))
        keys = [classification_key(str(u)) for u in uniques]
        unique_class = np.array([table.index.get(k, -1) if k else -2 for k in keys] or [-2],
                                dtype="int64")
        line = np.where(codes >= 0, unique_class[np.maximum(codes, 0)], -2)
        return cls(column, codes, uniques, keys, line)


@dataclass(frozen=True)
class _WorkedLines:
    """Hours (hour units) and the rate paid (money units, NaN where none) on every line,
    which lines are straight time and which overtime, and `mask`: the lines that are hours
    worked at a rate (see the module's docstring)."""

    hours: np.ndarray
    rate: np.ndarray
    straight: np.ndarray
    overtime: np.ndarray
    mask: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _WorkedLines:
        hours = np.rint(frame["hours"].to_numpy(dtype="float64", na_value=0.0)
                        * HOURS_SCALE).astype("int64")
        rate = frame["hourly_rate"].to_numpy(dtype="float64", na_value=np.nan)
        straight, overtime = _line_kinds(frame)
        mask = (straight | overtime) & (hours > 0) & ~np.isnan(rate)
        return cls(hours, rate, straight, overtime, mask)


def _line_kinds(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Straight-time and overtime lines: a payroll without earnings lines is straight time."""
    if "earning_type" not in frame:
        return np.ones(len(frame), dtype=bool), np.zeros(len(frame), dtype=bool)
    kinds = frame["earning_type"]
    straight = (kinds.isna() | kinds.isin(_STRAIGHT)).to_numpy(dtype=bool)
    return straight, kinds.isin(_OVERTIME).to_numpy(dtype=bool)


# -- apprentices --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Step:
    """What an apprentice line is owed: the step's label and percentages, or None (journey
    rate, the apprentice's step not given or not on the schedule)."""

    label: str | None
    percent: Decimal | None
    given: str | None


def _owed_per_hour(frame: pd.DataFrame, lines: np.ndarray, cls: np.ndarray,
                   table: _ScheduleArrays, schedule: Schedule
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[_Step]]:
    """Base and fringe owed per hour (per day for a day rate) on each line, the index of its
    apprentice's step in the list returned (-1: a journey-level worker), and that list."""
    base = table.base[cls].copy()
    fringe = table.fringe[cls].copy()
    step_of_line = np.full(len(lines), -1, dtype="int64")
    if "worker_class" not in frame:
        return base, fringe, step_of_line, []
    apprentice = (frame["worker_class"].iloc[lines] == "apprentice").to_numpy(dtype=bool)
    if not apprentice.any():
        return base, fringe, step_of_line, []
    chosen = np.flatnonzero(apprentice)
    given = (frame["apprentice_step"].iloc[lines[chosen]].astype(object)
             if "apprentice_step" in frame else pd.Series([None] * len(chosen), dtype=object))
    given = given.astype("string").str.strip().fillna("")
    given_codes, given_values = pd.factorize(given)
    pair = cls[chosen] * (len(given_values) + 1) + given_codes
    pairs, codes = np.unique(pair, return_inverse=True)
    names, width = [str(value) for value in given_values], len(given_values) + 1
    uniques = [(p // width, names[p % width]) for p in pairs.tolist()]
    steps: list[_Step] = []
    step_base = np.zeros(len(uniques), dtype="int64")
    step_fringe = np.zeros(len(uniques), dtype="int64")
    for position, (index, text) in enumerate(uniques):
        item = schedule.classifications[int(index)]
        found = _find_step(item.apprentice_steps, text) if text else None
        step_base[position], step_fringe[position] = table.base[index], table.fringe[index]
        if found is not None:
            step_base[position] = money.units(item.base * found.percent / 100)
            if item.fringe.computable:
                share = found.fringe_percent if found.fringe_percent is not None else 100
                step_fringe[position] = money.units(item.fringe.amount * Decimal(share) / 100)
        steps.append(_Step(found.step if found else None, found.percent if found else None,
                           text or None))
    base[chosen] = step_base[codes]
    fringe[chosen] = step_fringe[codes]
    step_of_line[chosen] = codes
    return base, fringe, step_of_line, steps


def _find_step(steps: tuple[ApprenticeStep, ...], given: str) -> ApprenticeStep | None:
    """The schedule's step a payroll names: the same words ("2nd 6 months"), else the same
    number ("2", "RA 2", "Step 2", "2nd period"), else the same percentage ("60%")."""
    key = classification_key(given)
    for step in steps:
        if classification_key(step.step) == key:
            return step
    if "%" in given:
        percent = _first_number(given)
        return next((s for s in steps if percent is not None and s.percent == percent), None)
    number = _first_number(given)
    if number is None:
        return None
    return next((s for s in steps if _first_number(s.step) == number), None)


def _first_number(text: str) -> Decimal | None:
    found = re.search(r"\d+(?:\.\d+)?", text)
    return Decimal(found.group()) if found else None


# -- the check ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Lines:
    """The lines checked: positions in the frame and, per line, the schedule's classification,
    the rate paid (money units), hours (hour units), whether it is overtime, the base and
    fringe owed per hour (per day for a day rate) and the apprentice's step."""

    index: np.ndarray
    cls: np.ndarray
    rate: np.ndarray
    hours: np.ndarray
    overtime: np.ndarray
    base: np.ndarray
    fringe: np.ndarray
    step: np.ndarray
    steps: list[_Step]

    def sorted(self, order: np.ndarray) -> _Lines:
        return _Lines(self.index[order], self.cls[order], self.rate[order], self.hours[order],
                      self.overtime[order], self.base[order], self.fringe[order],
                      self.step[order], self.steps)


@dataclass(frozen=True)
class _Groups:
    """Per worker x week x classification (the sorted lines from `starts` to `ends`), sums in
    money x hour units counted twice over."""

    starts: np.ndarray
    ends: np.ndarray
    cls: np.ndarray
    hours: np.ndarray
    overtime_hours: np.ndarray
    base_short: np.ndarray
    cash_above_base: np.ndarray
    fringe_owed: np.ndarray
    plan_credit: np.ndarray
    cash_paid: np.ndarray
    days: np.ndarray  # hour units of days (a day rate), NaN where the payroll gives none


def _check_lines(outcome: RuleOutcome, frame: pd.DataFrame, schedule: Schedule,
                 table: _ScheduleArrays, lines: _Lines, fringe_basis: FringeBasis) -> None:
    workers, _ = pd.factorize(worker_keys(frame).iloc[lines.index])
    day = frame["period_end"].to_numpy(dtype="datetime64[D]")[lines.index].astype("int64")
    days, day_values = pd.factorize(day)
    size = max(len(schedule.classifications), 1)
    key = ((workers.astype("int64") + 1) * len(day_values) + days) * size + lines.cls
    rows = frame["row"].to_numpy(dtype="int64")[lines.index]
    order = np.lexsort((rows, key))
    lines, key = lines.sorted(order), key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.append(starts[1:], len(key))

    hours, overtime = lines.hours, lines.overtime
    owed_cash = lines.base * np.where(overtime, 3, 2)  # twice the rate owed: 2 x or 3 x base
    paid_cash = 2 * lines.rate
    groups = _Groups(
        starts=starts, ends=ends, cls=lines.cls[starts],
        hours=np.add.reduceat(hours, starts),
        overtime_hours=np.add.reduceat(np.where(overtime, hours, 0), starts),
        base_short=np.add.reduceat(np.maximum(owed_cash - paid_cash, 0) * hours, starts),
        cash_above_base=np.add.reduceat(np.maximum(paid_cash - owed_cash, 0) * hours, starts),
        fringe_owed=np.add.reduceat(2 * lines.fringe * hours, starts),
        plan_credit=np.add.reduceat(_plan_credit(frame, lines, fringe_basis), starts),
        cash_paid=np.add.reduceat(paid_cash * hours, starts),
        days=np.full(len(starts), np.nan),
    )
    per_day = table.per_day[groups.cls]
    if per_day.any():
        groups = _by_the_day(frame, lines, groups, per_day)
    fringe_known = table.fringe_known[groups.cls]
    day_unknown = per_day & np.isnan(groups.days)

    credit = groups.plan_credit + (groups.cash_above_base if schedule.cash_toward_fringe else 0)
    fringe_short = np.where(fringe_known, np.maximum(groups.fringe_owed - credit, 0), 0)
    base_owed = money.to_cent_array(groups.base_short, per=_TWICE_HOURS)
    fringe_owed = money.to_cent_array(fringe_short, per=_TWICE_HOURS)
    below = ~day_unknown & (base_owed + fringe_owed > 0)

    outcome.findings.extend(_FindingWriter(frame, schedule, lines, groups).findings(
        np.flatnonzero(below), base_owed, fringe_owed))
    formula = ~fringe_known
    if formula.any():
        outcome.findings.extend(_notices(frame, schedule, lines, groups, formula,
                                         FRINGE_FORMULA))
    if day_unknown.any():
        outcome.findings.extend(_notices(frame, schedule, lines, groups, day_unknown,
                                         DAY_RATE_UNCHECKED))
        for begin, end in zip(starts[day_unknown].tolist(), ends[day_unknown].tolist(),
                              strict=True):
            outcome.unchecked_rows |= set(rows[order][begin:end].tolist())


def _plan_credit(frame: pd.DataFrame, lines: _Lines, basis: FringeBasis) -> np.ndarray:
    """The fringe credit each line shows, twice over in money x hour units: the week's total
    credit where the file gives it on a line (WH-347 6B), or a credit per hour times the
    line's hours."""
    if "fringe" not in frame:
        return np.zeros(len(lines.index), dtype="int64")
    stated = np.nan_to_num(frame["fringe"].to_numpy(dtype="float64", na_value=np.nan)
                           [lines.index]).astype("int64")
    if basis == "hour":
        return 2 * stated * lines.hours
    return 2 * stated * HOURS_SCALE


def _by_the_day(frame: pd.DataFrame, lines: _Lines, groups: _Groups, per_day: np.ndarray
                ) -> _Groups:
    """Day rates: the base owed is the day rate times the days worked (a `days` column
    summed, else the distinct dates of one-line-a-day payrolls), compared with all the cash
    the lines paid; no overtime premium is worked out on a day rate."""
    days = np.full(len(groups.starts), np.nan)
    group_of_line = np.repeat(np.arange(len(groups.starts)), groups.ends - groups.starts)
    if "days" in frame:
        given = frame["days"].to_numpy(dtype="float64", na_value=np.nan)[lines.index]
        missing = np.bincount(group_of_line, weights=np.isnan(given),
                              minlength=len(days)) > 0
        days = np.where(missing, np.nan, np.bincount(group_of_line,
                                                     weights=np.nan_to_num(given),
                                                     minlength=len(days)))
    elif "work_date" in frame:
        dated = frame["work_date"].to_numpy(dtype="datetime64[D]")[lines.index]
        missing = np.bincount(group_of_line, weights=np.isnat(dated), minlength=len(days)) > 0
        pairs = np.unique(np.stack([group_of_line, dated.astype("int64")]), axis=1)
        distinct = np.bincount(pairs[0], minlength=len(days)).astype("float64")
        days = np.where(missing, np.nan, distinct)
    days = np.where(per_day, days, np.nan)
    known = per_day & ~np.isnan(days)
    day_units = np.rint(np.nan_to_num(days) * HOURS_SCALE).astype("int64")
    owed = 2 * lines.base[groups.starts] * day_units
    paid = groups.cash_paid
    return _Groups(
        starts=groups.starts, ends=groups.ends, cls=groups.cls, hours=groups.hours,
        overtime_hours=groups.overtime_hours,
        base_short=np.where(known, np.maximum(owed - paid, 0), groups.base_short),
        cash_above_base=np.where(known, np.maximum(paid - owed, 0), groups.cash_above_base),
        fringe_owed=groups.fringe_owed, plan_credit=groups.plan_credit,
        cash_paid=groups.cash_paid, days=days)


def _per_hour(twice_units: int, hour_units: int) -> int:
    """A twice-counted money x hour sum over hours, as money units per hour rounded half-up
    to the cent."""
    if hour_units <= 0:
        return 0
    return money.to_cent(twice_units, per=2 * int(hour_units))


# -- findings -----------------------------------------------------------------------------

_NONE = np.iinfo("int64").max


class _FindingWriter:
    """Writes the findings of the groups found below the rate, in words a vendor reads."""

    def __init__(self, frame: pd.DataFrame, schedule: Schedule, lines: _Lines,
                 groups: _Groups) -> None:
        self.frame, self.schedule, self.lines, self.groups = frame, schedule, lines, groups
        self.rows = frame["row"].to_numpy(dtype="int64")[lines.index]

    def findings(self, which: np.ndarray, base_owed: np.ndarray, fringe_owed: np.ndarray
                 ) -> list[Finding]:
        """`base_owed` and `fringe_owed`: each group's back pay in wages and in fringe
        benefits (money units, rounded to the cent)."""
        """Every figure a finding names is taken out of the arrays at once, as Python
        numbers: a hundred thousand findings cost their sentences, not numpy scalars."""
        if not len(which):
            return []
        lines, groups = self.lines, self.groups
        first = groups.starts[which]
        straight_rate = np.minimum.reduceat(np.where(lines.overtime, _NONE, lines.rate),
                                            groups.starts)[which]
        overtime_rate = np.minimum.reduceat(np.where(lines.overtime, lines.rate, _NONE),
                                            groups.starts)[which]
        cash_credit = (money.to_cent_array(groups.cash_above_base[which], per=_TWICE_HOURS)
                       if self.schedule.cash_toward_fringe else np.zeros(len(which), "int64"))
        days = np.rint(np.nan_to_num(groups.days[which]) * HOURS_SCALE).astype("int64")
        values = _Group.many(
            worker=workers_named(self.frame, lines.index[first]),
            period_end=self.frame["period_end"].to_numpy(dtype="datetime64[D]")[
                lines.index[first]].astype(str).tolist(),
            begin=first.tolist(), end=groups.ends[which].tolist(),
            cls=groups.cls[which].tolist(), hours=groups.hours[which].tolist(),
            overtime_hours=groups.overtime_hours[which].tolist(),
            base_units=lines.base[first].tolist(), fringe_units=lines.fringe[first].tolist(),
            straight_rate=straight_rate.tolist(), overtime_rate=overtime_rate.tolist(),
            plan_credit=groups.plan_credit[which].tolist(), cash_credit=cash_credit.tolist(),
            cash_paid=groups.cash_paid[which].tolist(), day_units=days.tolist(),
            step=lines.step[first].tolist(), back_pay_base=base_owed[which].tolist(),
            back_pay_fringe=fringe_owed[which].tolist())
        return [self._finding(group) for group in values]

    def _finding(self, group: _Group) -> Finding:
        schedule = self.schedule
        item = schedule.classifications[group.cls]
        computable, day_rate = item.fringe.computable, item.per == "day"
        hours, overtime_hours = group.hours, group.overtime_hours
        base_units, fringe_units = group.base_units, group.fringe_units
        paid_units = group.straight_rate if group.straight_rate != _NONE else group.overtime_rate
        base_required, base_paid = money.to_cent(base_units), money.to_cent(paid_units)
        fringe_required = money.to_cent(fringe_units)
        fringe_paid = _per_hour(group.plan_credit, hours)
        back_pay_base, back_pay_fringe = group.back_pay_base, group.back_pay_fringe
        back_pay = back_pay_base + back_pay_fringe
        step = self.lines.steps[group.step] if group.step >= 0 else None
        worker, period_end = group.worker, group.period_end
        hours_words = hours_text(hours)
        figures = {
            "classification": item.title,
            "base_required": money.number(base_required),
            "base_paid": money.number(base_paid),
            "hours": hours_words,
            "back_pay_base": money.number(back_pay_base),
            "back_pay": money.number(back_pay),
            "rate_per": item.per,
        }
        if computable:
            figures.update(fringe_required=money.number(fringe_required),
                           fringe_paid=money.number(fringe_paid),
                           cash_toward_fringe=money.number(group.cash_credit),
                           back_pay_fringe=money.number(back_pay_fringe))
        else:
            figures["fringe_formula"] = item.fringe.formula or ""
        if overtime_hours:
            figures["overtime_hours"] = hours_text(overtime_hours)
            figures["overtime_required"] = money.number(base_units * 3 // 2)
            figures["overtime_paid"] = money.number(group.overtime_rate)
        if step is not None:
            figures["apprentice_step"] = step.label or ""
            if step.percent is not None:
                figures["apprentice_percent"] = str(step.percent)
        if day_rate:
            figures["days"] = hours_text(group.day_units)

        texts = _Texts(worker=worker, period_end=period_end, classification=item.title,
                       schedule=schedule.number, hours=hours_words)
        written = {"paid": money.text(base_paid), "fringe_paid": money.text(fringe_paid),
                   "base": money.text(base_required), "fringe": money.text(fringe_required),
                   "back_pay": money.text(back_pay), "back_pay_base": money.text(back_pay_base),
                   "back_pay_fringe": money.text(back_pay_fringe)}
        message = self._paid_and_owed(texts, item, group, written)
        extra = [
            _overtime(base_units, overtime_hours, group.overtime_rate)
            if not day_rate and overtime_hours and group.overtime_rate * 2 < base_units * 3
            else None,
            _apprentice(worker, step),
            (Message("Cash paid above the base rate, {cash}, was counted toward the fringe "
                     "benefits.", cash=money.text(group.cash_credit))
             if group.cash_credit and computable else None),
        ]
        extra = [sentence for sentence in extra if sentence is not None]
        if extra:
            message = _sentences(message, *extra)
        if computable:
            owed = Message("in back pay for the week ending {period_end}: {back_pay_base} in "
                           "wages and {back_pay_fringe} in fringe benefits (in cash or as "
                           "contributions to a benefit plan)", period_end=period_end,
                           back_pay_base=written["back_pay_base"],
                           back_pay_fringe=written["back_pay_fringe"])
            from_now_on = Message(
                "From now on pay at least {base}/hour plus {fringe}/hour in fringe benefits "
                "for every hour of {classification} work, overtime at 1.5 times {base}, and "
                "show the fringe benefits on the certified payroll.",
                base=written["base"], fringe=written["fringe"], classification=item.title)
        else:
            owed = Message("in back wages for the week ending {period_end} and at least "
                           "{base}/hour for {classification} work from now on",
                           period_end=period_end, base=written["base"],
                           classification=item.title)
            from_now_on = Message("The fringe benefits are a formula on the schedule "
                                  "({formula}): work them out with the awarding agency and "
                                  "pay any shortfall too.", formula=item.fringe.formula or "")
        remedy = BELOW_RATE.hint(worker=worker, back_pay=written["back_pay"], owed=owed,
                                 from_now_on=from_now_on)
        if day_rate:
            observed = _per_hour(group.cash_paid, group.day_units)
            expected = base_required
        else:
            observed = base_paid + (fringe_paid if computable else 0)
            expected = base_required + (fringe_required if computable else 0)
        begin, end = group.begin, group.end
        rows = self.rows[begin:end].tolist()
        return Finding(
            code=BELOW_RATE,
            rule=RULE,
            rule_version=RULE_VERSION,
            standard=schedule.number,
            standard_version=str(schedule.modification),
            source=schedule.source,
            severity="violation",
            scope={"worker": worker, "period_end": period_end,
                   "classification": item.title},
            observed=money.number(observed),
            expected=money.number(expected),
            unit=gettext_noop("USD/day") if day_rate else gettext_noop("USD/hour"),
            rows=sorted(set(rows))[:ROWS_LISTED] if len(rows) > 1 else rows,
            row_count=end - begin,
            message=message,
            remedy=remedy,
            figures=figures,
        )

    @staticmethod
    def _paid_and_owed(texts: _Texts, item: Classification, group: _Group,
                       written: dict[str, str]) -> Message:
        """What was paid, what was owed and the back pay, in one sentence's worth of words:
        per day, per hour with a fringe formula a person works out, or per hour and fringe."""
        where = dict(worker=texts.worker, period_end=texts.period_end, schedule=texts.schedule)
        if item.per == "day":
            return BELOW_RATE.message(
                paid=money.text(money.to_cent(group.cash_paid, per=_TWICE_HOURS)),
                work=Message("{days} days of {classification} work",
                             days=hours_text(group.day_units),
                             classification=texts.classification),
                required=Message("{base} a day for this work", base=written["base"]),
                owed=Message("Back wages owed: {back_pay}.", back_pay=written["back_pay"]),
                **where)
        work = Message("{hours} hours of {classification} work", hours=texts.hours,
                       classification=texts.classification)
        if not item.fringe.computable:
            return BELOW_RATE.message(
                paid=Message("{paid}/hour", paid=written["paid"]), work=work,
                required=Message("{base}/hour; its fringe benefits are a formula ({formula}) a "
                                 "person must work out, so they are not part of this back "
                                 "pay", base=written["base"], formula=item.fringe.formula or ""),
                owed=Message("Back wages owed: {back_pay}.", back_pay=written["back_pay"]),
                **where)
        return BELOW_RATE.message(
            paid=Message("{paid}/hour and {fringe_paid}/hour in fringe benefits",
                         paid=written["paid"], fringe_paid=written["fringe_paid"]), work=work,
            required=Message("{base}/hour plus {fringe}/hour in fringe benefits for every hour "
                             "worked", base=written["base"], fringe=written["fringe"]),
            owed=Message("Back pay owed: {back_pay} ({back_pay_base} in wages and "
                         "{back_pay_fringe} in fringe benefits).", back_pay=written["back_pay"],
                         back_pay_base=written["back_pay_base"],
                         back_pay_fringe=written["back_pay_fringe"]),
            **where)


def _overtime(base_units: int, overtime_hours: int, overtime_rate: int) -> Message:
    return Message(
            "Overtime is owed at 1.5 times the base rate, {required}/hour (the fringe "
            "benefits are owed on overtime hours too, but not multiplied); the {overtime} "
            "overtime hours were paid only {paid}/hour.",
            required=money.text(base_units * 3 // 2),
            overtime=hours_text(overtime_hours), paid=money.text(overtime_rate))


def _sentences(first: Message, *more: Message) -> Message:
    """Sentences one after another, under one message (a chain of pairs costs more to make
    and to render, and a report can hold a hundred thousand findings)."""
    if len(more) == 1:
        return Message("{first} {second}", first=first, second=more[0])
    if len(more) == 2:
        return Message("{first} {second} {third}", first=first, second=more[0],
                       third=more[1])
    if len(more) == 3:
        return Message("{first} {second} {third} {fourth}", first=first, second=more[0],
                       third=more[1], fourth=more[2])
    return Message("{first} {second} {third} {fourth} {fifth}", first=first, second=more[0],
                   third=more[1], fourth=more[2], fifth=more[3])


@dataclass(frozen=True, slots=True)
class _Group:
    """One finding's figures as Python numbers (money and hour units)."""

    worker: str
    period_end: str
    begin: int
    end: int
    cls: int
    hours: int
    overtime_hours: int
    base_units: int
    fringe_units: int
    straight_rate: int
    overtime_rate: int
    plan_credit: int
    cash_credit: int
    cash_paid: int
    day_units: int
    step: int
    back_pay_base: int
    back_pay_fringe: int

    @staticmethod
    def many(**columns: list) -> list[_Group]:
        ordered = [columns[spec.name] for spec in fields(_Group)]
        return [_Group(*values) for values in zip(*ordered, strict=True)]


@dataclass(frozen=True)
class _Texts:
    worker: str
    period_end: str
    classification: str
    schedule: str
    hours: str


def _apprentice(worker: str, step: _Step | None) -> Message | None:
    if step is None:
        return None
    if step.percent is not None:
        # xgettext:no-python-format (a brace template: its "%" is a percent sign)
        return Message("{worker} is a registered apprentice at step {step}: {percent}% of the "
                       "journey-level rate.", worker=worker, step=step.label or "",
                       percent=str(step.percent))
    if step.given:
        return Message("{worker} is a registered apprentice, but the schedule has no step "
                       "'{step}' for this work: the journey-level rate applies.",
                       worker=worker, step=step.given)
    return Message("{worker} is a registered apprentice, but the payroll gives no step: the "
                   "journey-level rate applies.", worker=worker)


# -- notices ------------------------------------------------------------------------------

def _notices(frame: pd.DataFrame, schedule: Schedule, lines: _Lines, groups: _Groups,
             flagged: np.ndarray, code: Code) -> list[Finding]:
    """One notice per classification whose lines could not be fully checked: its fringe is a
    formula, or its rate is per day and the payroll gives no days."""
    rows = frame["row"].to_numpy(dtype="int64")[lines.index]
    group_of_line = np.repeat(np.arange(len(groups.starts)), groups.ends - groups.starts)
    found = []
    for position in np.unique(groups.cls[flagged]).tolist():
        item = schedule.classifications[position]
        chosen = flagged & (groups.cls == position)
        mine = chosen[group_of_line]
        listed = sorted(set(rows[mine].tolist()))
        workers = int(chosen.sum())
        if code == FRINGE_FORMULA:
            parts = "; ".join(f"{letter}: {text}" for letter, text in item.fringe.parts)
            message = code.message(
                schedule=schedule.number, classification=item.title,
                formula=item.fringe.formula or "", parts=parts or "-", count=workers)
            remedy = code.hint(classification=item.title)
            expected, unit = item.fringe.formula or "", gettext_noop("USD/hour")
        else:
            message = code.message(
                schedule=schedule.number, classification=item.title,
                base=money.text(money.units(item.base)), count=workers)
            remedy = code.hint(classification=item.title,
                               base=money.text(money.units(item.base)))
            expected, unit = money.number(money.units(item.base)), gettext_noop("USD/day")
        found.append(Finding(
            code=code, rule=RULE, rule_version=RULE_VERSION, standard=schedule.number,
            standard_version=str(schedule.modification), source=schedule.source,
            severity="notice", scope={"classification": item.title}, observed="",
            expected=expected, unit=unit, rows=listed[:ROWS_LISTED], row_count=int(mine.sum()),
            message=message, remedy=remedy,
            figures={"classification": item.title, "worker_weeks": str(workers)}))
    return found


# -- issues -------------------------------------------------------------------------------

def _where(name: str, columns: Mapping[str, object] | None) -> tuple[str, str | None]:
    ref = (columns or {}).get(name)
    if ref is None:
        return ("Labor classification" if name == "trade" else "Job title"), None
    return getattr(ref, "header", name), getattr(ref, "letter", None)


def _no_classification(sheet: str | None, columns: Mapping[str, object] | None) -> Issue:
    return Issue(
        code=NO_CLASSIFICATION, severity="error", sheet=sheet,
        message=NO_CLASSIFICATION.message(), hint=NO_CLASSIFICATION.hint())


def closest_classifications(schedule: Schedule, text: str, limit: int = SUGGESTIONS
                            ) -> list[str]:
    """The schedule's classifications nearest to `text` in spelling, best first, each title
    once."""
    titles = list(dict.fromkeys(c.title for c in schedule.classifications))
    if not titles:
        return []
    keys = [classification_key(title) for title in titles]
    matches = process.extract(classification_key(text), keys, scorer=fuzz.WRatio,
                              limit=limit)
    return [titles[index] for _, _, index in matches]


def _unlisted_issues(outcome: RuleOutcome, frame: pd.DataFrame, schedule: Schedule,
                     codes: np.ndarray, uniques: pd.Index, unlisted: np.ndarray, name: str,
                     sheet: str | None, columns: Mapping[str, object] | None) -> None:
    """One issue per classification the schedule does not list, at its first row."""
    rows = frame["row"].to_numpy(dtype="int64")[unlisted]
    which = codes[unlisted]
    outcome.unchecked_rows |= set(rows.tolist())
    first_rows = pd.Series(rows).groupby(which).min()
    counts = np.bincount(which, minlength=len(uniques))
    header, letter = _where(name, columns)
    hint = UNLISTED.hint(request=Message(
        "the awarding authority must ask the Department of Labor Standards for the "
        "classification's rate") if schedule.kind == "massachusetts" else Message(
        "the contractor must ask the contracting agency to add the classification and its "
        "rate (a conformance request, 29 CFR 5.5(a)(1)(iii))"))
    for code, row in sorted(first_rows.items(), key=lambda pair: pair[1]):
        value = str(uniques[code])
        count = int(counts[code])
        lines = Message("1 line") if count == 1 else Message("{count} lines", count=count)
        outcome.issues.append(Issue(
            code=UNLISTED, severity="warning", sheet=sheet, row=int(row), column=header,
            column_letter=letter, value=value,
            message=UNLISTED.message(
                row=int(row), value=value, lines=lines, schedule=schedule.number,
                suggestions="; ".join(closest_classifications(schedule, value)) or "-"),
            hint=hint))
    outcome.issue_counts[UNLISTED.value] = outcome.issue_counts.get(UNLISTED, 0) + len(first_rows)
