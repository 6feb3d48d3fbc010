"""A report checked again gets a new run exactly when what the check applies changed: the
standard in force as applied, or a rule fixed (its version raised). Otherwise the stored run
stands (a redelivered task, a second click)."""

from __future__ import annotations

from procurement.services.submissions import submission_check
from rules.wage_floor import WageFloor


def test_checking_again_with_nothing_changed_keeps_the_run(upload_report):
    report = upload_report()
    submission_check(submission_id=report.pk)
    assert report.runs.count() == 1


def test_a_fixed_rule_checks_the_report_again(upload_report, monkeypatch):
    report = upload_report()
    # A release that fixes the wage floor raises its version, as every rule's docstring asks.
    monkeypatch.setattr(WageFloor, "version", f"{WageFloor.version}.1")

    submission_check(submission_id=report.pk)

    report.refresh_from_db()
    assert report.runs.count() == 2
    assert report.current_run.number == 2
