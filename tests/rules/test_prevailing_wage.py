"""Prevailing wage scenarios a city analyst can read: the U.S. DOL Fact Sheet #66E examples,
apprentices, classifications the schedule does not list, formula fringes and day rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imports import money
from rules.prevailing_wage import (
    BELOW_RATE,
    DAY_RATE_UNCHECKED,
    FRINGE_FORMULA,
    UNLISTED,
    annualised_fringe_credit,
    check_prevailing_wage,
    classification_key,
    closest_classifications,
)
from rules.schedules import ApprenticeStep, Classification, Fringe, Schedule
from rules.state_schedules import parse_state_schedule
from rules.workforce import HOURS_SCALE
from tests.rules.support import FACT_SHEET_EXAMPLES, certified_payroll_frame, fact_sheet_week

FIXTURES = Path(__file__).parent / "fixtures"
WEEK = "2025-03-09"


def schedule(*classifications: Classification, cash_toward_fringe: bool = True,
             kind: str = "davis-bacon") -> Schedule:
    return Schedule(kind=kind, number="MA20250001", modification=3,
                    effective_from=dt.date(2025, 1, 3),
                    source="https://sam.gov/wage-determination/MA20250001/3",
                    classifications=classifications, cash_toward_fringe=cash_toward_fringe)


def line(key: str, base: str, fringe: str | None = None, *, formula: str | None = None,
         per: str = "hour", steps: tuple[ApprenticeStep, ...] = ()) -> Classification:
    money = Fringe(amount=Decimal(fringe)) if fringe is not None else Fringe(
        formula=formula, fixed=Decimal("37.885"), parts=(("a", "Paid holidays"),))
    return Classification(key=classification_key(key), title=key.upper(), base=Decimal(base),
                          fringe=money, per=per, apprentice_steps=steps)


FACT_SHEET = schedule(line("Laborer", "27.00", "14.00"))
CONSTRUCTION = parse_state_schedule(
    (FIXTURES / "ma-schedule-construction-EXAMPLE.csv").read_bytes())


payroll = certified_payroll_frame


def below(outcome) -> list[tuple[str, str, str, str, str]]:
    return [(f.scope["worker"], f.scope["classification"], f.figures["back_pay_base"],
             f.figures.get("back_pay_fringe", "-"), f.figures["back_pay"])
            for f in outcome.findings if f.code == BELOW_RATE]


# -- U.S. DOL Fact Sheet #66E ------------------------------------------------------------

@pytest.mark.parametrize("example", FACT_SHEET_EXAMPLES,
                         ids=lambda row: f"example-{row['example']}")
def test_fact_sheet_66e(example):
    frame = fact_sheet_week(example)
    schedule_ = schedule(line("Laborer", example["base"], example["fringe"]))

    outcome = check_prevailing_wage(frame, schedule_)

    expected = (example["expected_back_pay_base"], example["expected_back_pay_fringe"],
                example["expected_back_pay"])
    found = [row[2:] for row in below(outcome)]
    assert found == ([] if expected[2] == "0.00" else [expected]), example["what_it_shows"]


def test_annualised_credit_is_the_years_cost_over_every_hour_worked():
    hours = HOURS_SCALE  # hour units in an hour
    assert annualised_fringe_credit(money.units("6000"), 2000 * hours) == money.units("3.00")
    # Never rounded up: $1,000 over 2,080 hours is $0.4807... -> $0.48.
    assert annualised_fringe_credit(money.units("1000"), 2080 * hours) == money.units("0.48")
    assert annualised_fringe_credit(money.units("1000"), 0) == 0


def test_the_finding_says_what_was_paid_what_was_owed_and_the_back_pay():
    outcome = check_prevailing_wage(payroll("""
        worker    | classification | type     | hours | rate  | fringe
        Ana Lopez | Laborer        | regular  | 40    | 35.00 | 200.00
        Ana Lopez | Laborer        | overtime | 2     | 52.50 |
    """), FACT_SHEET, sheet="WH-347")

    (finding,) = outcome.findings
    assert (finding.code, finding.severity, finding.rule) == (BELOW_RATE, "violation",
                                                              "prevailing-wage")
    assert (finding.standard, finding.standard_version) == ("MA20250001", "3")
    assert finding.source == "https://sam.gov/wage-determination/MA20250001/3"
    assert finding.scope == {"worker": "Ana Lopez", "period_end": WEEK,
                             "classification": "LABORER"}
    assert (finding.rows, finding.row_count) == ([2, 3], 2)
    # Owed 42 h x $14.00 = $588.00 of fringe; credited $200.00 in plans, 40 h x $8.00 and
    # 2 h x $12.00 of cash above the base ($40.50 on overtime): $544.00. Short: $44.00.
    assert {k: finding.figures[k] for k in (
        "base_required", "fringe_required", "base_paid", "fringe_paid", "cash_toward_fringe",
        "back_pay_base", "back_pay_fringe", "back_pay", "overtime_required")} == {
        "base_required": "27.00", "fringe_required": "14.00", "base_paid": "35.00",
        "fringe_paid": "4.76", "cash_toward_fringe": "344.00", "back_pay_base": "0.00",
        "back_pay_fringe": "44.00", "back_pay": "44.00", "overtime_required": "40.50"}
    assert "paid $35.00/hour and $4.76/hour in fringe benefits" in finding.message
    assert "requires $27.00/hour plus $14.00/hour in fringe benefits" in finding.message
    assert "Back pay owed: $44.00 ($0.00 in wages and $44.00 in fringe benefits)" \
        in finding.message
    assert finding.remedy.startswith("Pay Ana Lopez $44.00 in back pay")
    assert set(finding.i18n) == {"message", "remedy"}


def test_overtime_is_owed_at_one_and_a_half_times_the_base_rate_only():
    schedule_ = schedule(line("Laborer", "27.00", "14.00"))
    frame = payroll("""
        worker | classification | type     | hours | rate  | fringe
        Ana    | Laborer        | regular  | 40    | 27.00 | 630.00
        Ana    | Laborer        | overtime | 5     | 40.50 |
        Bo     | Laborer        | regular  | 40    | 27.00 | 630.00
        Bo     | Laborer        | overtime | 5     | 40.49 |
    """)
    # Ana: 1.5 x $27.00, not 1.5 x $41.00. Bo: one cent short on 5 overtime hours.
    assert below(check_prevailing_wage(frame, schedule_)) == [
        ("Bo", "LABORER", "0.05", "0.00", "0.05")]


def test_without_cash_toward_fringe_cash_above_the_base_is_no_fringe_credit():
    schedule_ = schedule(line("Laborer", "27.00", "14.00"), cash_toward_fringe=False)
    frame = payroll("worker | classification | hours | rate | fringe\n"
                    "Ana | Laborer | 40 | 35.00 | 240.00")
    assert below(check_prevailing_wage(frame, schedule_)) == [
        ("Ana", "LABORER", "0.00", "320.00", "320.00")]


def test_a_fringe_rate_per_hour_on_every_line():
    # B2Gnow's "Fringe Rate": $14.00 an hour written on the straight-time and overtime lines.
    frame = payroll("""
        worker | classification | type     | hours | rate  | fringe
        Ana    | Laborer        | regular  | 40    | 27.00 | 14.00
        Ana    | Laborer        | overtime | 5     | 40.50 | 14.00
        Bo     | Laborer        | regular  | 40    | 27.00 | 13.00
    """)
    assert below(check_prevailing_wage(frame, FACT_SHEET, fringe_basis="hour")) == [
        ("Bo", "LABORER", "0.00", "40.00", "40.00")]


def test_one_finding_per_worker_week_and_classification():
    schedule_ = schedule(line("Laborer", "27.00", "14.00"), line("Carpenter", "30.00", "10.00"))
    frame = payroll("""
        worker | classification | hours | rate  | week
        Ana    | Laborer        | 20    | 41.00 | 2025-03-09
        Ana    | Carpenter      | 20    | 39.00 | 2025-03-09
        Ana    | Carpenter      | 10    | 39.00 | 2025-03-16
        Bo     | Laborer        | 40    | 40.00 | 2025-03-16
    """)
    assert [(f.scope["worker"], f.scope["period_end"], f.scope["classification"],
             f.figures["back_pay"]) for f in check_prevailing_wage(frame, schedule_).findings
            ] == [("Ana", "2025-03-09", "CARPENTER", "20.00"),
                  ("Ana", "2025-03-16", "CARPENTER", "10.00"),
                  ("Bo", "2025-03-16", "LABORER", "40.00")]


def test_lines_that_are_not_hours_worked_are_left_out():
    frame = payroll("""
        worker | classification | type     | hours | rate
        Ana    | Laborer        | regular  | 40    | 41.00
        Ana    | Laborer        | holiday  | 8     | 10.00
        Ana    | Laborer        | overtime | 4     |
    """)
    assert check_prevailing_wage(frame, FACT_SHEET).findings == []


# -- apprentices -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("classification", "step", "rate", "fringe", "expected"),
    [
        # Carpenter step 2: 60% of $45.00 = $27.00, the full $29.00 fringe (40 h: $1,160.00).
        ("Carpenter", "2", "27.00", "1160.00", []),
        ("Carpenter", "2", "26.99", "1160.00", [("0.40", "0.00", "0.40")]),
        # "RA 2", "Step 2" and "2nd period" all name step 2.
        ("Carpenter", "RA 2", "27.00", "1160.00", []),
        ("Carpenter", "2nd period", "27.00", "1160.00", []),
        # Electrician step 1: 40% of $52.00 = $20.80, 50% of the $33.00 fringe = $16.50.
        ("Electrician", "1", "20.80", "660.00", []),
        ("Electrician", "1", "20.80", "659.00", [("0.00", "1.00", "1.00")]),
        # No step given, or one the schedule lacks: the journey-level rate, $45.00 + $29.00.
        ("Carpenter", "", "27.00", "1160.00", [("720.00", "0.00", "720.00")]),
        ("Carpenter", "9", "27.00", "1160.00", [("720.00", "0.00", "720.00")]),
    ],
)
def test_a_registered_apprentice_is_owed_the_steps_percentage(classification, step, rate,
                                                             fringe, expected):
    frame = payroll("worker | classification | class | step | hours | rate | fringe\n"
                    f"Cy | {classification} | RA | {step} | 40 | {rate} | {fringe}")
    outcome = check_prevailing_wage(frame, CONSTRUCTION)
    assert [row[2:] for row in below(outcome)] == expected


def test_the_apprentice_finding_says_the_step_and_its_percentage():
    frame = payroll("worker | classification | class | step | hours | rate | fringe\n"
                    "Cy | Carpenter | RA | 2 | 40 | 25.00 | 1160.00\n"
                    "Dee | Carpenter | RA |  | 40 | 25.00 | 1160.00")
    first, second = check_prevailing_wage(frame, CONSTRUCTION).findings
    assert (first.figures["apprentice_step"], first.figures["apprentice_percent"],
            first.figures["base_required"]) == ("2", "60", "27.00")
    assert "Cy is a registered apprentice at step 2: 60% of the journey-level rate." \
        in first.message
    assert "the payroll gives no step: the journey-level rate applies" in second.message
    assert second.figures["base_required"] == "45.00"


def test_a_journey_worker_is_owed_the_journey_rate_whatever_the_step_column_says():
    frame = payroll("worker | classification | class | step | hours | rate | fringe\n"
                    "Ed | Carpenter | J | 2 | 40 | 27.00 | 1160.00")
    assert [row[2:] for row in below(check_prevailing_wage(frame, CONSTRUCTION))] == [
        ("720.00", "0.00", "720.00")]


# -- what cannot be checked ----------------------------------------------------------------

def test_an_unlisted_classification_is_an_issue_with_the_three_closest():
    frame = payroll("""
        worker | classification     | hours | rate
        Ana    | Carpentry          | 40    | 10.00
        Bo     | Laborer            | 40    | 74.00
        Ana    | Carpentry          | 8     | 10.00
        Cy     | Elevator mechanic  | 40    | 10.00
    """)
    outcome = check_prevailing_wage(frame, CONSTRUCTION, sheet="WH-347")

    assert outcome.findings == []  # nothing guessed for the unlisted lines
    assert [(i.code, i.row, i.value, i.sheet, i.column) for i in outcome.issues] == [
        (UNLISTED, 2, "Carpentry", "WH-347", "Labor classification"),
        (UNLISTED, 5, "Elevator mechanic", "WH-347", "Labor classification")]
    first = outcome.issues[0]
    assert "(2 lines) is not on schedule EXAMPLE-CN-0001" in first.message
    assert "Closest on the schedule: Carpenter; " in first.message
    assert len(first.message.split("Closest on the schedule: ")[1].split("; ")) == 3
    assert "Department of Labor Standards" in first.hint
    assert outcome.issue_counts == {UNLISTED: 2}
    assert outcome.unchecked_rows == {2, 4, 5}


def test_a_federal_schedule_asks_for_a_conformance_request():
    frame = payroll("worker | classification | hours | rate\nAna | Plumber | 40 | 50.00")
    (issue,) = check_prevailing_wage(frame, FACT_SHEET).issues
    assert "conformance request, 29 CFR 5.5(a)(1)(iii)" in issue.hint


def test_closest_classifications_are_three_titles_best_first():
    assert closest_classifications(CONSTRUCTION, "carpentr") == [
        "Carpenter", *closest_classifications(CONSTRUCTION, "carpentr")[1:]]
    assert len(closest_classifications(CONSTRUCTION, "x")) == 3


def test_a_formula_fringe_is_a_notice_and_never_a_guessed_figure():
    schedule_ = schedule(line("Electrician", "40.00", formula="37.885+a+b"),
                         line("Laborer", "27.00", "14.00"))
    frame = payroll("""
        worker | classification | hours | rate  | fringe
        Ana    | Electrician    | 40    | 39.00 |
        Bo     | Electrician    | 40    | 40.00 |
        Cy     | Laborer        | 40    | 41.00 |
    """)
    outcome = check_prevailing_wage(frame, schedule_)

    violation, notice = outcome.findings
    assert (violation.code, violation.scope["worker"]) == (BELOW_RATE, "Ana")
    assert violation.figures["back_pay"] == violation.figures["back_pay_base"] == "40.00"
    assert "fringe_required" not in violation.figures
    assert violation.figures["fringe_formula"] == "37.885+a+b"
    assert "a formula (37.885+a+b) a person must work out" in violation.message
    assert (notice.code, notice.severity, notice.scope) == (
        FRINGE_FORMULA, "notice", {"classification": "ELECTRICIAN"})
    assert notice.expected == "37.885+a+b"
    assert (notice.rows, notice.row_count) == ([2, 3], 2)
    assert "a: Paid holidays" in notice.message


def test_a_day_rate_is_compared_per_day_worked_or_noticed():
    schedule_ = schedule(line("Diver", "600.00", "0.00", per="day"))
    frame = payroll("worker | classification | hours | rate\n"
                    "Ana | Diver | 16 | 70.00\nBo | Diver | 8 | 80.00")
    # Ana: 2 days owed $1,200.00, paid 16 h x $70.00 = $1,120.00. Bo: $640.00 for one day.
    outcome = check_prevailing_wage(frame.assign(days=[2.0, 1.0]), schedule_)
    ((finding),) = outcome.findings
    assert (finding.scope["worker"], finding.figures["back_pay_base"], finding.unit,
            finding.observed, finding.expected) == ("Ana", "80.00", "USD/day", "560.00",
                                                    "600.00")
    assert "for 2 days of DIVER work" in finding.message

    unknown = check_prevailing_wage(frame, schedule_)
    ((notice),) = unknown.findings
    assert (notice.code, notice.severity) == (DAY_RATE_UNCHECKED, "notice")
    assert unknown.unchecked_rows == {2, 3}


def test_one_line_a_day_gives_the_days():
    schedule_ = schedule(line("Diver", "600.00", "0.00", per="day"))
    frame = payroll("worker | classification | hours | rate\n"
                    "Ana | Diver | 8 | 70.00\nAna | Diver | 8 | 70.00")
    frame["work_date"] = pd.to_datetime(["2025-03-04", "2025-03-05"])
    (finding,) = check_prevailing_wage(frame, schedule_).findings
    assert finding.figures["days"] == "2" and finding.figures["back_pay"] == "80.00"


def test_no_classification_at_all_is_one_issue():
    frame = payroll("worker | classification | hours | rate\nAna |  | 40 | 10.00")
    outcome = check_prevailing_wage(frame, FACT_SHEET)
    assert [i.code for i in outcome.issues] == ["prevailing-wage.no-classification"]
    assert outcome.findings == [] and outcome.unchecked_rows == {2}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Ana", "Bo"]),
                          st.sampled_from(["regular", "overtime"]),
                          st.integers(min_value=0, max_value=60_0000),
                          st.integers(min_value=0, max_value=100_0000),
                          st.one_of(st.none(), st.integers(min_value=0, max_value=2000_0000))),
                min_size=1, max_size=8))
def test_back_pay_is_never_negative_and_adds_up(lines):
    frame = pd.DataFrame({
        "row": range(2, len(lines) + 2), "worker": [w for w, *_ in lines],
        "trade": ["Laborer"] * len(lines), "earning_type": [t for _, t, *_ in lines],
        "hours": [h / 10_000 for *_, h, _, _ in lines],
        "hourly_rate": pd.array([r for *_, r, _ in lines], dtype="Int64"),
        "fringe": pd.array([f for *_, f in lines], dtype="Int64"),
        "period_end": pd.to_datetime([WEEK] * len(lines))})
    for finding in check_prevailing_wage(frame, FACT_SHEET).findings:
        parts = [Decimal(finding.figures[k]) for k in ("back_pay_base", "back_pay_fringe")]
        assert min(parts) >= 0
        assert sum(parts) == Decimal(finding.figures["back_pay"]) > 0
