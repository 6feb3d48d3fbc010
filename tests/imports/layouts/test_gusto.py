"""Gusto's Payroll Journal, as its CSV download lays it out (imports/layouts/
gusto-payroll-journal.toml names the sources)."""

from __future__ import annotations

from tests.imports.layouts import check_fixture, facts_of, findings_of


def test_payroll_journal_is_read_with_its_period_from_the_title_rows():
    report = check_fixture("gusto-payroll-journal.csv")
    assert report["layout"]["code"] == "gusto-payroll-journal"
    assert report["layout"]["label"] == "Gusto Payroll Journal"
    assert facts_of(report) == {"period_start": "2024-07-01", "period_end": "2024-07-14",
                                "pay_date": "2024-07-19"}
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (3, 3, True)
    # Alvarez: 80 regular hours at $17.90 against $18.20: $0.30 x 80 = $24.00; Chen's
    # overtime at $48.75 is 1.5 x $32.50, never compared with the floor.
    assert findings_of(report) == [("Alvarez, Maria", "2024-07-14", "24.00", None)]
    assert [i["code"] for i in report["issues"]] == ["import.totals-row-excluded"]
