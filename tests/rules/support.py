"""Plain helpers the rule engine's tests share (fixtures are in conftest.py): certified
payrolls written as tables an analyst can read, the U.S. DOL Fact Sheet #66E examples, and
`manage.py check_file` run in process."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pandas as pd

from imports import money
from imports.money import SCALE as MONEY_SCALE
from rules.prevailing_wage import annualised_fringe_credit
from rules.workforce import HOURS_SCALE

FIXTURES = Path(__file__).parent / "fixtures"
PAYROLL_WEEK = "2025-03-09"
WORKER_CLASSES = {"J": "journey", "RA": "apprentice", "": None}


def certified_payroll_frame(text: str, **extra: list[object]) -> pd.DataFrame:
    """The canonical certified payroll frame from a table:

        worker | classification | class | type    | hours | rate  | fringe | week
        Ana    | Laborer        | J     | regular | 40    | 27.00 | 560.00 | 2025-03-09

    `class` is J (journey, the default) or RA (a registered apprentice, with its `step`),
    `type` the earning type (regular by default), `fringe` the week's total fringe benefit
    credit (WH-347 6B), `week` the pay period's end (2025-03-09 by default); blank cells are
    missing. `extra` adds columns as they are (`days=[2.0]`).
    """
    lines = [row for row in text.strip().splitlines() if row.strip()]
    header = [cell.strip() for cell in lines[0].split("|")]
    records = [dict(zip(header, (cell.strip() for cell in row.split("|")), strict=True))
               for row in lines[1:]]

    def column(name: str, default: str = "") -> list[str]:
        return [record.get(name, default) for record in records]

    def money(name: str) -> pd.Series:
        return pd.array([int(round(float(v) * MONEY_SCALE)) if v else None
                         for v in column(name)], dtype="Int64")

    frame = pd.DataFrame({
        "row": pd.Series(range(2, len(records) + 2), dtype="int64"),
        "worker": pd.Series(column("worker"), dtype=object),
        "trade": pd.Series(column("classification"), dtype=object),
        "worker_class": pd.Series([WORKER_CLASSES[v] for v in column("class", "J")],
                                  dtype=object),
        "earning_type": pd.Series(column("type", "regular"), dtype="string"),
        "hours": pd.Series([float(h) for h in column("hours")], dtype="float64"),
        "hourly_rate": money("rate"),
        "fringe": money("fringe"),
        "period_end": pd.to_datetime(pd.Series(column("week", PAYROLL_WEEK), dtype=object)),
    })
    if "step" in header:
        frame["apprentice_step"] = pd.Series([v or None for v in column("step")], dtype=object)
    for name, values in extra.items():
        frame[name] = values
    return frame


def _fact_sheet_examples() -> list[dict[str, str]]:
    with (FIXTURES / "fact_sheet_66e.csv").open(newline="") as handle:
        lines = [text for text in handle if not text.startswith("#")]
    return list(csv.DictReader(lines))


# The U.S. DOL Fact Sheet #66E examples, one per row of fixtures/fact_sheet_66e.csv.
FACT_SHEET_EXAMPLES = _fact_sheet_examples()


def fact_sheet_week(example: dict[str, str]) -> pd.DataFrame:
    """One example's week as a certified payroll: Ana's straight-time line (with the week's
    fringe credit, annualised where the example gives a plan's yearly cost) and her overtime
    line."""
    hours, overtime = Decimal(example["hours"]), Decimal(example["overtime_hours"])
    if example["plan_cost_per_year"]:
        per_hour = money.as_decimal(annualised_fringe_credit(
            money.units(example["plan_cost_per_year"]),
            int(Decimal(example["hours_all_work_in_year"]) * HOURS_SCALE)))
    else:
        per_hour = Decimal(example["fringe_paid_per_hour"])
    week_credit = per_hour * Decimal(example["fringe_paid_on_hours"] or example["hours"])
    rows = [f"Ana | Laborer | regular | {hours - overtime} | {example['cash_paid']} | "
            f"{week_credit}"]
    if overtime:
        rows.append(f"Ana | Laborer | overtime | {overtime} | {example['overtime_cash_paid']} |")
    return certified_payroll_frame("worker | classification | type | hours | rate | fringe\n"
                                   + "\n".join(rows))


def run(*args: str) -> tuple[int, str, str]:
    """`manage.py check_file` with `args`: its exit code, output and errors."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_file", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()
