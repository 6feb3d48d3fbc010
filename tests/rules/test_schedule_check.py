"""A certified payroll checked against a prevailing wage schedule, end to end: the WH-347 a
contractor fills in, read as it is, against a state schedule from GoodBid's CSV template or a
federal wage determination's text, from `check_file --schedule`."""

from __future__ import annotations

import json
from pathlib import Path

from rules.check import check_upload
from rules.schedules import read_schedule
from tests.imports.layouts import fixture_bytes
from tests.rules.support import run

FIXTURES = Path(__file__).parent / "fixtures"
MA_EXAMPLE = FIXTURES / "ma-schedule-construction-EXAMPLE.csv"


def by_worker(report) -> dict[str, dict]:
    return {f.scope["worker"]: f.figures for f in report.findings
            if f.code == "prevailing-wage.below-rate"}


def test_the_wh347_is_checked_rate_and_fringe_per_worker_and_week():
    schedule = read_schedule(MA_EXAMPLE.read_bytes(), MA_EXAMPLE.name)
    report = check_upload(fixture_bytes("wh347-2025.xlsx.csv"), "WH-347.xlsx", [],
                          schedule=schedule)

    figures = by_worker(report)
    # Grace Okafor, laborer: $17.90 for 40 hours and 4 overtime hours at $26.85, no fringe,
    # against $38.00 + $20.50: base short $20.10 x 40 + ($57.00 - $26.85) x 4, and $20.50 of
    # fringe on all 44 hours.
    okafor = figures["Okafor, Grace (ID 3307)"]
    assert (okafor["back_pay_base"], okafor["back_pay_fringe"]) == ("924.60", "902.00")
    # Daniel Chen is a registered apprentice in step 2 ("RA 2"): 45% of the electrician's
    # $52.00 is $23.40, and he was paid $24.10, so only the fringe (50% of $33.00) is short.
    chen = figures["Chen, Daniel J (ID 5562)"]
    # Cash above his step's rate counts toward the fringe: $6.50 x 32 short, less $0.70 x 32.
    assert (chen["back_pay_base"], chen["back_pay_fringe"]) == ("0.00", "185.60")
    assert "$23.40/hour plus $16.50/hour" in next(
        f.message for f in report.findings if f.scope.get("worker") == "Chen, Daniel J (ID 5562)")
    assert [(s.code, s.version) for s in report.standards_applied] == [("EXAMPLE-CN-0001", "1")]


def test_check_file_takes_a_schedule(tmp_path):
    payroll = tmp_path / "WH-347.xlsx"
    payroll.write_bytes(fixture_bytes("wh347-2025.xlsx.csv"))
    code, out, _ = run(str(payroll), "--schedule", str(MA_EXAMPLE), "--format", "json")

    report = json.loads(out)
    assert code == 1
    below = [f for f in report["findings"] if f["code"] == "prevailing-wage.below-rate"]
    assert len(below) == 3 and all(float(f["figures"]["back_pay"]) > 0 for f in below)
    assert report["total_back_pay"] == "2426.20"  # $414.00 + $1,826.60 + $185.60


def test_a_payroll_classification_the_determination_lacks_offers_the_closest(tmp_path):
    payroll = tmp_path / "WH-347.xlsx"
    payroll.write_bytes(fixture_bytes("wh347-2025.xlsx.csv"))
    determination = FIXTURES / "wage_determinations" / "CA20250001.txt"
    code, out, _ = run(str(payroll), "--schedule", str(determination), "--format", "json")

    report = json.loads(out)
    unlisted = {i["value"]: i for i in report["issues"]
                if i["code"] == "prevailing-wage.unlisted-classification"}
    # San Diego's determination names its carpenters by kind of work ("Carpenter (2)
    # Commercial Building"): a bare "Carpenter" is not on it, so the rows are not checked
    # against a guess, and the closest classifications are offered.
    assert "Carpenter" in unlisted
    assert "conformance" in unlisted["Carpenter"]["hint"]
    assert "CARPENTER (2) Commercial Building" in unlisted["Carpenter"]["message"]
    assert not [f for f in report["findings"] if f["code"] == "prevailing-wage.below-rate"
                and f["scope"]["classification"] == "Carpenter"]
    assert (report["rows_accepted"], code) == (0, 1)  # nothing checked is not compliant


def test_an_unreadable_schedule_is_said_plainly(tmp_path):
    payroll = tmp_path / "WH-347.xlsx"
    payroll.write_bytes(fixture_bytes("wh347-2025.xlsx.csv"))
    schedule = tmp_path / "schedule.txt"
    schedule.write_text("not a wage determination")
    code, _, err = run(str(payroll), "--schedule", str(schedule))
    assert code == 2 and "schedule.txt:" in err and "Traceback" not in err
