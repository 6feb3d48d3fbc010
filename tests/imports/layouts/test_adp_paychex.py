"""ADP and Paychex exports: ADP Workforce Now's Earnings and Hours report and Payroll Register,
RUN Powered by ADP's Payroll Details, Paychex Flex's Payroll Journal and a Paychex earnings
export with one column of hours per pay component (imports/layouts/adp-*.toml and
paychex-*.toml name the sources and say what is documented and what is inferred).

Every fixture pays the same crew for 07/01/2024 - 07/14/2024: Alvarez $28.50 with overtime
at $42.75 (1.5 x $28.50, never compared with the floor), Chen $17.90 against Boston's
$18.20, Okafor $34.25 with a holiday line."""

from __future__ import annotations

import datetime as dt

from rules.check import check_upload
from tests.imports.layouts import check_fixture, facts_of, findings_of, read_fixture

PERIOD_END = dt.date(2024, 7, 14)
PERIOD = {"period_start": "2024-07-01", "period_end": "2024-07-14"}


def issue_codes(report: dict) -> list[str]:
    return [issue["code"] for issue in report["issues"]]


def pay_lines(name: str, **options) -> list[tuple[str, str | None, str, float]]:
    """(worker, worker ID, kind of pay, hours) of each pay line GoodBid read, in file order."""
    frame = read_fixture(name, **options).frame
    return [(worker, worker_id if isinstance(worker_id, str) else None, kind,
             round(float(hours), 2))
            for worker, worker_id, kind, hours in frame[
                ["worker", "worker_id", "earning_type", "hours"]].itertuples(index=False)]


def layout_of(own: bytes, filename: str) -> dict | None:
    report = check_upload(own, filename, ["boston-living-wage"],
                          period_end=PERIOD_END).to_dict()
    return report["layout"]


# -- ADP Workforce Now: Earnings and Hours (detail) -----------------------------------------

def test_wfn_earnings_and_hours_is_read_one_row_per_earnings_code():
    report = check_fixture("adp-wfn-earnings-hours.xlsx.csv")
    assert report["layout"]["code"] == "adp-wfn-earnings-hours"
    assert report["layout"]["label"] == "ADP Workforce Now Earnings and Hours"
    assert facts_of(report) == {"employer": "BB7 - Bayside Builders Inc",
                                "pay_date": "2024-07-19", **PERIOD}
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (6, 6, True)
    # No rate column: Chen's rate is 1288.80 / 72 = $17.90, $0.30 short over 72 hours =
    # $21.60. Alvarez's overtime row (256.50 / 6 = $42.75) is overtime, not a low rate.
    assert findings_of(report) == [("Chen, David (ID 147)", "2024-07-14", "21.60", None)]
    assert report["findings"][0]["figures"]["rate_basis"] == "worked out"
    assert issue_codes(report) == []


def test_wfn_earnings_and_hours_kind_of_pay_comes_from_the_description():
    """Earnings codes are the company's own: Okafor's 'OT2' ('Wkday Eve OT', 102.75 for 2
    hours = 1.5 x $34.25) is evening overtime, as its description says, not double time."""
    assert pay_lines("adp-wfn-earnings-hours.xlsx.csv") == [
        ("Alvarez, Maria", "123", "regular", 80.0), ("Alvarez, Maria", "123", "overtime", 6.0),
        ("Chen, David", "147", "regular", 72.0), ("Okafor, James", "162", "regular", 72.0),
        ("Okafor, James", "162", "overtime", 2.0), ("Okafor, James", "162", "holiday", 8.0)]


# -- ADP Workforce Now: Payroll Register (data export) --------------------------------------

def test_wfn_payroll_register_reads_the_earnings_column_groups():
    report = check_fixture("adp-wfn-payroll-register.csv")
    assert report["layout"]["code"] == "adp-wfn-payroll-register"
    assert report["layout"]["label"] == "ADP Workforce Now Payroll Register"
    # The period is in each row's Period Beginning / Ending Date columns, nothing above.
    assert facts_of(report) == {}
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (3, 3, True)
    # Chen: Regular Earnings Total 1288.80 / Regular Hours Total 72 = $17.90: $0.30 x 72 =
    # $21.60; his 4 overtime hours were paid 107.40 / 4 = $26.85, 1.5 x the low rate:
    # 1.5 x $0.30 x 4 = $1.80 more, reported beside the back pay.
    assert findings_of(report) == [("Chen, David (ID 000147)", "2024-07-14", "21.60", "1.80")]
    assert issue_codes(report) == []


def test_wfn_payroll_register_deductions_and_direct_deposits_are_not_pay():
    assert pay_lines("adp-wfn-payroll-register.csv") == [
        ("Alvarez, Maria", "000123", "regular", 80.0),
        ("Alvarez, Maria", "000123", "overtime", 6.0),
        ("Chen, David", "000147", "regular", 72.0), ("Chen, David", "000147", "overtime", 4.0),
        ("Okafor, James", "000162", "regular", 72.0),
        ("Okafor, James", "000162", "holiday", 8.0)]


def test_a_vendor_sheet_with_adp_field_names_is_not_read_as_workforce_now():
    own = (b"Payroll Name,File Number,Company Code,Hours,Rate,Period Ending Date\n"
           b"\"Chen, David\",000147,BB7,72,17.90,07/14/2024\n")
    assert layout_of(own, "own.csv") is None


# -- RUN Powered by ADP: Payroll Details ----------------------------------------------------

def test_run_payroll_details_reads_the_earnings_lines_of_each_block():
    """Each block lists the earnings lines, then Gross Pay, taxes, deductions and Net Pay in
    the same Description column: only the earnings lines are pay. Fails until the engine
    reads such blocks (research/engine-gaps-adp_paychex.md, gap 1)."""
    report = check_fixture("adp-run-payroll-details.xlsx.csv")
    assert report["layout"]["code"] == "adp-run-payroll-details"
    assert report["layout"]["label"] == "RUN Powered by ADP Payroll Details"
    # The pay period is in each block's Pay Period cell; the check date above the table.
    assert facts_of(report) == {"pay_date": "2024-07-19"}
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (5, 5, True)
    # Chen: 72 hours at the stated $17.90: $0.30 x 72 = $21.60 (once, not again for his
    # Gross Pay line of the same 72 hours).
    assert findings_of(report) == [("Chen, David (ID 147)", "2024-07-14", "21.60", None)]
    assert report["findings"][0]["figures"]["rate_basis"] == "stated"
    assert issue_codes(report) == ["import.totals-row-excluded"]


def test_run_payroll_details_pay_lines_carry_the_name_down_the_block():
    assert pay_lines("adp-run-payroll-details.xlsx.csv") == [
        ("Alvarez, Maria", "123", "regular", 80.0), ("Alvarez, Maria", "123", "overtime", 6.0),
        ("Chen, David", "147", "regular", 72.0), ("Okafor, James", "162", "regular", 72.0),
        ("Okafor, James", "162", "holiday", 8.0)]


def test_a_vendor_sheet_with_run_like_column_names_is_not_read_as_run():
    own = (b"Employee,Employee ID,Description,Rate,Hours,Amount,Pay Period\n"
           b"\"Chen, David\",147,Regular,17.90,72,1288.80,07/01/2024 - 07/14/2024\n")
    assert layout_of(own, "own.csv") is None


# -- Paychex Flex: Payroll Journal ----------------------------------------------------------

def test_paychex_payroll_journal_is_read_with_its_two_row_header_and_title_rows():
    """Fails until the engine reads the 'ID: 123' and 'Dept: 100' cells under a worker's name
    as that worker's ID and department, not as workers (engine-gaps-adp_paychex.md, gap 2)."""
    report = check_fixture("paychex-flex-payroll-journal.xlsx.csv")
    assert report["layout"]["code"] == "paychex-flex-payroll-journal"
    assert report["layout"]["label"] == "Paychex Flex Payroll Journal"
    facts = facts_of(report)
    assert {k: facts.get(k) for k in ("pay_date", "period_start", "period_end")} == {
        "pay_date": "2024-07-19", **PERIOD}
    assert report["header_row"] == 7
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (5, 5, True)
    # Chen's Hourly line: 72 hours at the stated $17.90: $0.30 x 72 = $21.60.
    assert findings_of(report) == [("Chen, David (ID 147)", "2024-07-14", "21.60", None)]
    assert issue_codes(report) == ["import.totals-row-excluded"]


def test_paychex_payroll_journal_lines_belong_to_the_worker_named_above():
    assert pay_lines("paychex-flex-payroll-journal.xlsx.csv") == [
        ("Alvarez, Maria L.", "123", "regular", 80.0),
        ("Alvarez, Maria L.", "123", "overtime", 6.0),
        ("Chen, David", "147", "regular", 72.0),
        ("Okafor, James T.", "162", "regular", 72.0),
        ("Okafor, James T.", "162", "holiday", 8.0)]


def test_paychex_client_number_is_not_the_employer():
    """'Client: 0071-B2345' is Paychex's client number, not the employer's name (gap 3)."""
    facts = facts_of(check_fixture("paychex-flex-payroll-journal.xlsx.csv"))
    assert facts.get("employer") != "0071-B2345"


# -- Paychex: earnings export, hours by pay component ---------------------------------------

def test_paychex_earnings_by_column_works_out_the_rate_from_the_gross():
    """'Salary' is every worker's gross; the rate is the gross over the hours, overtime
    counted 1.5 times. Fails until the engine leaves the job-title rows under each name out
    and adds both paid-leave columns (engine-gaps-adp_paychex.md, gaps 4 and 5)."""
    report = check_fixture("paychex-flex-earnings-by-column.xlsx.csv", period_end=PERIOD_END)
    assert report["layout"]["code"] == "paychex-flex-earnings-by-column"
    assert report["layout"]["label"] == "Paychex Flex earnings export (hours by column)"
    assert facts_of(report) == {"period_end": "2024-07-14"}
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (3, 3, True)
    # Chen: 1288.80 for 64 regular + 8 bereavement/jury hours = $17.90 an hour: $0.30 x 64
    # regular hours = $19.20. Alvarez: 2536.50 / (80 + 1.5 x 6) = $28.50.
    assert findings_of(report) == [("Chen, David", "2024-07-14", "19.20", None)]
    assert report["findings"][0]["figures"]["rate_basis"] == "worked out"
    assert issue_codes(report) == ["import.totals-row-excluded"]


def test_paychex_earnings_by_column_job_title_rows_are_not_workers():
    workers = {line[0] for line in pay_lines("paychex-flex-earnings-by-column.xlsx.csv",
                                             period_end=PERIOD_END)}
    assert workers == {"Alvarez, Maria L.", "Chen, David", "Okafor, James T."}


def test_paychex_earnings_by_column_reads_every_paid_leave_column():
    """PTO and 'Other: Bereav  Jury' are both paid leave: Chen's 8 bereavement/jury hours
    are hours the gross paid for (engine-gaps-adp_paychex.md, gap 5)."""
    chen = [line for line in pay_lines("paychex-flex-earnings-by-column.xlsx.csv",
                                       period_end=PERIOD_END) if line[0] == "Chen, David"]
    assert chen == [("Chen, David", None, "regular", 64.0),
                    ("Chen, David", None, "paid_leave", 8.0)]


def test_paychex_earnings_by_column_without_a_period_is_refused_with_no_period():
    report = check_fixture("paychex-flex-earnings-by-column.xlsx.csv")
    assert report["rejected"] is True
    assert report["findings"] == []
    assert issue_codes(report) == ["import.no-period"]


def test_a_vendor_sheet_with_a_salary_column_is_not_read_as_paychex():
    own = (b"Employee,Salary,Reg Hrs,OT Hrs,PTO,Holiday,Week Ending\n"
           b"\"Chen, David\",1288.80,64,,,8,07/14/2024\n")
    assert layout_of(own, "own.csv") is None
