"""Paid vs required per classification: what an officer reads beside a certified payroll
checked against a prevailing wage schedule (the example Massachusetts construction schedule,
and the U.S. DOL Fact Sheet #66E examples)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

from imports import money, read_table
from rules import get_standard
from rules.check import check_table
from rules.cli import parser, run
from rules.findings import owed_money
from rules.prevailing_wage import (
    BELOW_RATE,
    check_prevailing_wage,
    classification_key,
    paid_vs_required,
)
from rules.schedules import Classification, Fringe, Schedule
from tests.rules.support import FACT_SHEET_EXAMPLES, fact_sheet_week
from tests.support import csv_bytes

FIXTURES = Path(__file__).parent / "fixtures"
MA_EXAMPLE = FIXTURES / "ma-schedule-construction-EXAMPLE.csv"


def summary(frame, schedule) -> dict[str, dict]:
    """The table by classification, with the back pay of the check's own findings."""
    findings = check_prevailing_wage(frame, schedule).findings
    return {entry["classification"]: entry
            for entry in paid_vs_required(frame, schedule, findings=findings)}


def test_a_listed_classification_shows_the_schedules_figures(certified_payroll,
                                                              ma_construction_schedule):
    frame = certified_payroll("""
        worker | classification | hours | rate  | fringe
        Ana    | Carpenter      | 40    | 45.00 | 1160.00
    """)
    (entry,) = paid_vs_required(frame, ma_construction_schedule)
    assert entry == {
        "classification": "Carpenter", "listed": True, "per": "hour", "base": "45.00",
        "fringe": "29.00", "required": "74.00", "workers": 1, "hours": "40",
        "lowest_rate": "45.00", "lowest_cash_and_fringe": "74.00", "lines_below": 0,
        "back_pay": "0.00"}


def test_the_lowest_rate_paid_and_the_lines_below(certified_payroll, ma_construction_schedule):
    # Carpenter $45.00 + $29.00. Ana: $46.00, and $1,040.00 of fringe over the week's 44
    # hours ($23.64 an hour): $69.64, below. Bo: $45.00 + $29.00, at the rate. Cy, a step 2
    # apprentice (60%): $27.00 + $29.00 meets his step. Ana's overtime line is hours worked
    # but not a straight-time line: not among the lowest rates nor the lines below.
    frame = certified_payroll("""
        worker | classification | class | step | type     | hours | rate  | fringe
        Ana    | Carpenter      | J     |      | regular  | 40    | 46.00 | 1040.00
        Ana    | CARPENTER      | J     |      | overtime | 4     | 40.00 |
        Bo     | Carpenter      | J     |      | regular  | 40    | 45.00 | 1160.00
        Cy     | Carpenter      | RA    | 2    | regular  | 40    | 27.00 | 1160.00
        Dee    | Laborer        | J     |      | regular  | 40    | 37.99 | 900.00
    """)
    table = summary(frame, ma_construction_schedule)

    carpenter = table["Carpenter"]
    assert (carpenter["workers"], carpenter["hours"]) == (3, "124")
    assert (carpenter["lowest_rate"], carpenter["lowest_cash_and_fringe"]) == (
        "27.00", "56.00")  # the apprentice's
    assert carpenter["lines_below"] == 1
    # A cent below the $38.00 base is below, whatever the fringe ($22.50 an hour).
    assert (table["Laborer"]["lowest_rate"], table["Laborer"]["lines_below"]) == ("37.99", 1)


def test_an_unlisted_classification_comes_last_unchecked(certified_payroll,
                                                         ma_construction_schedule):
    frame = certified_payroll("""
        worker | classification    | hours | rate
        Ana    | Elevator mechanic | 40    | 60.00
        Bo     | Laborer           | 40    | 58.50
        Cy     | Carpenter         | 40    | 74.00
        Dee    | elevator MECHANIC | 8     | 55.00
    """)
    entries = paid_vs_required(frame, ma_construction_schedule)

    assert [(e["classification"], e["listed"]) for e in entries] == [
        ("Carpenter", True), ("Laborer", True), ("Elevator mechanic", False)]
    unlisted = entries[-1]
    assert (unlisted["base"], unlisted["fringe"], unlisted["required"], unlisted["lines_below"],
            unlisted["back_pay"]) == (None, None, None, None, None)
    assert (unlisted["workers"], unlisted["hours"], unlisted["lowest_rate"]) == (2, "48", "55.00")


def test_a_fringe_formula_is_shown_never_added_up(certified_payroll):
    electrician = Classification(
        key=classification_key("Electrician"), title="ELECTRICIAN", base=Decimal("40.00"),
        fringe=Fringe(formula="37.885+a+b", fixed=Decimal("37.885"),
                      parts=(("a", "Paid holidays"),)))
    schedule = Schedule(kind="davis-bacon", number="MA20250001", modification=3,
                        effective_from=dt.date(2025, 1, 3),
                        source="https://sam.gov/wage-determination/MA20250001/3",
                        classifications=(electrician,))
    frame = certified_payroll("""
        worker | classification | hours | rate
        Ana    | Electrician    | 40    | 39.00
        Bo     | Electrician    | 40    | 41.00
    """)
    entry = summary(frame, schedule)["ELECTRICIAN"]

    assert (entry["base"], entry["fringe"], entry["fringe_formula"], entry["required"]) == (
        "40.00", None, "37.885+a+b", None)
    # Only the base can be compared: Ana's $39.00 is below it.
    assert (entry["lines_below"], entry["back_pay"]) == (1, "40.00")


def test_the_back_pay_is_the_sum_of_the_classifications_findings(certified_payroll,
                                                                 ma_construction_schedule):
    frame = certified_payroll("""
        worker | classification | hours | rate  | fringe  | week
        Ana    | Carpenter      | 40    | 45.00 | 1000.00 | 2025-03-09
        Ana    | Carpenter      | 40    | 40.00 | 1160.00 | 2025-03-16
        Bo     | Carpenter      | 40    | 70.00 |         | 2025-03-09
        Cy     | Laborer        | 40    | 30.00 |         | 2025-03-09
    """)
    findings = check_prevailing_wage(frame, ma_construction_schedule).findings
    table = {e["classification"]: e
             for e in paid_vs_required(frame, ma_construction_schedule, findings=findings)}

    for title in ("Carpenter", "Laborer"):
        owed = sum(owed_money(f.figures) for f in findings
                   if f.code == BELOW_RATE and f.scope["classification"] == title)
        assert table[title]["back_pay"] == money.number(owed)
    # Ana $160.00 and $200.00, Bo $160.00; Cy $320.00 + $820.00.
    assert (table["Carpenter"]["back_pay"], table["Laborer"]["back_pay"]) == (
        "520.00", "1140.00")
    assert table["Carpenter"]["lines_below"] == 3


# -- U.S. DOL Fact Sheet #66E ------------------------------------------------------------

# Per example: is its straight-time line below $27.00 + $14.00, and its cash plus fringe per
# hour. Cash above the base counts toward the fringe (3); the fringe is spread over every
# hour of the week, overtime included (6); it never makes up cash below the base (5).
LINE_BELOW = {"1": (0, "41.00"), "2": (0, "41.00"), "3": (0, "41.00"), "4": (1, "40.99"),
              "5": (1, "41.00"), "6": (1, "39.44"), "7": (0, "41.00"), "8": (0, "41.00"),
              "9": (0, "41.00"), "10": (0, "41.00"), "11": (1, "30.00")}


@pytest.mark.parametrize("example", FACT_SHEET_EXAMPLES,
                         ids=lambda row: f"example-{row['example']}")
def test_fact_sheet_66e_paid_vs_required(example):
    frame = fact_sheet_week(example)
    laborer = Classification(key="laborer", title="LABORER", base=Decimal(example["base"]),
                             fringe=Fringe(amount=Decimal(example["fringe"])))
    schedule = Schedule(kind="davis-bacon", number="MA20250001", modification=3,
                        effective_from=dt.date(2025, 1, 3), source="Fact Sheet #66E",
                        classifications=(laborer,))

    (entry,) = summary(frame, schedule).values()

    assert (entry["required"], entry["lowest_rate"], entry["hours"]) == (
        "41.00", example["cash_paid"], example["hours"])
    assert (entry["lines_below"], entry["lowest_cash_and_fringe"]) == \
        LINE_BELOW[example["example"]], example["what_it_shows"]
    assert entry["back_pay"] == example["expected_back_pay"], example["what_it_shows"]


# -- in the report ---------------------------------------------------------------------------

HEADER = ["Worker name", "Labor classification", "Total hours worked for the week",
          "Hourly wage rate paid", "Total fringe benefit credit", "Week ending date"]
PAYROLL = csv_bytes([HEADER,
                     ["Ana", "Carpenter", "40", "45.00", "1000.00", "2025-03-09"],
                     ["Bo", "Plumber", "40", "50.00", "", "2025-03-09"]])


def test_the_report_carries_the_table(ma_construction_schedule):
    report = check_table(read_table(PAYROLL, "payroll.csv"), [],
                         schedule=ma_construction_schedule)

    table = report.to_dict()["paid_vs_required"]
    assert [(e["classification"], e["required"], e["lines_below"], e["back_pay"])
            for e in table] == [("Carpenter", "74.00", 1, "160.00"),
                                ("Plumber", None, None, None)]
    assert table[0]["back_pay"] == report.to_dict()["total_back_pay"]


def test_a_contract_without_a_schedule_yet_has_no_table():
    report = check_table(read_table(PAYROLL, "payroll.csv"),
                         [get_standard("boston-prevailing-wage")])
    assert [i.code for i in report.issues] == ["prevailing-wage.no-schedule"]
    assert report.to_dict()["paid_vs_required"] == []


def test_check_file_prints_the_table_after_the_findings(tmp_path):
    payroll = tmp_path / "payroll.csv"
    payroll.write_bytes(PAYROLL)
    out, err = io.StringIO(), io.StringIO()

    code = run(parser().parse_args([str(payroll), "--schedule", str(MA_EXAMPLE)]), out, err)

    text = out.getvalue()
    assert code == 1
    assert text.index("Findings (1):") < text.index("Paid vs required per classification:")
    lines = text.split("Paid vs required per classification:\n")[1].splitlines()
    assert lines[0].split() == ["Classification", "Required", "Lowest", "paid", "With",
                                "fringe", "Workers", "Hours", "Lines", "below", "Back", "pay"]
    assert lines[1].split() == ["Carpenter", "$74.00/hour", "$45.00", "$70.00", "1", "40",
                                "1", "$160.00"]
    assert lines[2].split() == ["Plumber", "not", "on", "the", "schedule", "$50.00", "$50.00",
                                "1", "40", "-", "-"]
