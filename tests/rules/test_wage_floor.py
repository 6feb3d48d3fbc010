"""Boston Living Wage scenarios a policy analyst can read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import check_upload
from tests.rules.frames import findings, wage_frame
from tests.support import WAGE_HEADER, csv_bytes


def check(*rows: list[object], standard: str = "boston-living-wage"):
    return check_upload(csv_bytes([WAGE_HEADER, *rows]), "wages.csv", [standard])


@pytest.mark.parametrize(
    ("rate", "period_end", "expected_floor", "is_violation"),
    [
        # The week ending 2024-07-07 is checked against the $18.20 rate from 2024-07-01.
        ("18.19", "2024-07-07", "18.20", True),
        ("18.20", "2024-07-07", "18.20", False),
        # The week ending 2024-06-30 is still under the $17.55 rate from 2023-07-01.
        ("18.19", "2024-06-30", "17.55", False),
        ("17.55", "2024-06-30", "17.55", False),
        ("17.54", "2024-06-30", "17.55", True),
        # The day a new rate takes effect, and the day before.
        ("17.60", "2024-07-01", "18.20", True),
        ("17.60", "2024-06-30", "17.55", False),
        ("17.54", "2023-07-01", "17.55", True),
    ],
)
def test_rate_in_force_on_the_pay_period_end(rate, period_end, expected_floor, is_violation):
    report = check(["Ana Lopez", "Custodian", rate, "40", period_end])

    assert report.valid
    assert [f.expected for f in report.findings] == ([expected_floor] if is_violation else [])
    applied = {(s.code, s.effective_from) for s in report.standards_applied}
    floor_from = "2024-07-01" if expected_floor == "18.20" else "2023-07-01"
    assert applied == {("boston-living-wage", floor_from)}


def test_one_cent_below_is_a_violation_with_back_pay_for_the_period():
    report = check(["Ana Lopez", "Custodian", "$18.19", "40", "2024-07-07"],
                   ["Ana Lopez", "Custodian", "18.10", "2.5", "2024-07-07"],
                   ["Bo Chen", "Porter", "18.20", "40", "2024-07-07"])

    (finding,) = report.findings
    assert finding.code == "wage-floor.below-minimum"
    assert finding.severity == "violation"
    assert finding.standard == "boston-living-wage"
    assert finding.standard_version == "2024-07-01"
    assert "boston.gov" in finding.source
    assert finding.scope == {"worker": "Ana Lopez", "period_end": "2024-07-07"}
    assert (finding.observed, finding.expected, finding.unit) == ("18.10", "18.20", "USD/hour")
    assert (finding.rows, finding.row_count) == ([2, 3], 2)
    # 40 h x $0.01 + 2.5 h x $0.10 = $0.65
    assert finding.figures["back_pay"] == "0.65"
    assert "$0.65" in finding.remedy and "$18.20" in finding.remedy


def test_a_period_before_any_rate_gets_an_issue_never_the_nearest_rate():
    report = check(["Ana Lopez", "Custodian", "10.00", "40", "2023-06-30"])

    assert report.findings == []
    assert not report.valid
    assert report.rows_accepted == 0
    (issue,) = report.issues
    assert (issue.code, issue.row, issue.column, issue.column_letter, issue.value) == (
        "standard.before-first-version", 2, "Pay period end", "E", "2023-06-30")
    assert "no Boston Living Wage rate is on file for the pay period ending 2023-06-30" \
        in issue.message
    assert "Check the date. The Boston Living Wage rates on file start on 2023-07-01" \
        in issue.hint
    assert report.exit_code() == 1


def test_a_period_after_the_last_confirmed_rate_is_not_checked_against_an_old_rate():
    report = check(["Ana Lopez", "Custodian", "18.20", "40", "2025-07-06"])

    assert report.findings == []
    assert [i.code for i in report.issues] == ["standard.no-version-in-force"]
    assert "not on file yet" in report.issues[0].hint


def test_each_worker_period_below_the_floor_is_its_own_finding():
    report = check(["Ana Lopez", "Custodian", "17.00", "40", "2024-07-07"],
                   ["Ana Lopez", "Custodian", "17.00", "40", "2024-07-14"],
                   ["Bo Chen", "Porter", "17.00", "40", "2024-07-07"])

    assert [(f.scope["worker"], f.scope["period_end"]) for f in report.findings] == [
        ("Ana Lopez", "2024-07-07"), ("Bo Chen", "2024-07-07"), ("Ana Lopez", "2024-07-14")]
    assert report.exit_code() == 1


def test_a_compliant_file_exits_zero():
    report = check(["Ana Lopez", "Custodian", "18.20", "40", "2024-07-07"])
    assert (report.valid, report.findings, report.exit_code()) == (True, [], 0)


# --- on frames: many violations, rounding, properties -------------------------------------

def test_back_pay_is_exact_and_rounded_half_up_to_the_cent():
    # $0.005/hour short (18.195 vs 18.20) x 1 hour = half a cent: rounds up to $0.01.
    frame = wage_frame([("Ana Lopez", "18.195", 1, "2024-07-07"),
                        ("Bo Chen", "18.19", 0.1, "2024-07-07")])
    found = findings(frame, "boston-living-wage")
    assert [(f.scope["worker"], f.figures["back_pay"], f.figures["hours"]) for f in found] == [
        ("Ana Lopez", "0.01", "1"), ("Bo Chen", "0.00", "0.1")]


def test_many_violations_keep_one_finding_per_worker_period_with_a_capped_row_sample():
    records = [(f"Worker {n % 7}", "17.00", 1, f"2024-07-{7 + 7 * (n % 3):02d}")
               for n in range(2_100)]
    found = findings(wage_frame(records), "boston-living-wage")
    assert len(found) == 21
    assert [(f.scope["period_end"], f.scope["worker"]) for f in found[:2]] == [
        ("2024-07-07", "Worker 0"), ("2024-07-07", "Worker 1")]
    assert all(f.row_count == 100 and len(f.rows) == 100 for f in found)
    assert found[0].rows == sorted(found[0].rows)
    # 100 rows x 1 h x $1.20 short
    assert found[0].figures["back_pay"] == "120.00"


RATES = st.integers(min_value=1000, max_value=3000).map(lambda cents: f"{cents / 100:.2f}")
WAGE_ROWS = st.lists(
    st.tuples(st.sampled_from(["Ana", "Bo", "Cy"]), RATES,
              st.integers(min_value=1, max_value=160).map(lambda q: q / 4),
              st.sampled_from(["2024-06-30", "2024-07-07", "2024-07-14"])),
    min_size=1, max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(WAGE_ROWS, st.sampled_from(["Dee", "Ana"]), st.sampled_from(["18.20", "25.00"]),
       st.sampled_from(["2024-06-30", "2024-07-07"]))
def test_adding_a_compliant_worker_never_adds_a_wage_violation(rows, worker, rate, week):
    before = findings(wage_frame(rows), "boston-living-wage")
    after = findings(wage_frame([*rows, (worker, rate, 40, week)]), "boston-living-wage")
    assert [(f.scope, f.observed, f.figures["back_pay"]) for f in after] == [
        (f.scope, f.observed, f.figures["back_pay"]) for f in before]


def test_back_pay_is_summarised_per_worker_and_standard_with_its_periods_and_rows():
    from rules.check import check_upload

    content = (b"Worker,Job title,Hourly rate,Hours,Pay period end\n"
               b"Ana Lopez,Custodian,18.00,40,2024-07-07\n"
               b"Ana Lopez,Custodian,18.00,20,2024-07-14\n"
               b"Ana Lopez,Custodian,21.00,40,2025-07-06\n")
    report = check_upload(content, "w.csv", ["boston-living-wage", "sf-minimum-compensation"])
    summary = report.to_dict()["back_pay_by_worker"]
    assert summary == [
        {"worker": "Ana Lopez", "standard": "boston-living-wage", "back_pay": "12.00",
         "rows": 2, "periods": ["2024-07-07", "2024-07-14"]},
        {"worker": "Ana Lopez", "standard": "sf-minimum-compensation", "back_pay": "22.00",
         "rows": 1, "periods": ["2025-07-06"]}]
