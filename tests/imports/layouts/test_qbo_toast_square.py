"""QuickBooks Online Payroll's Payroll Details and Payroll Summary reports, Toast's payroll
export and time entries, and Square's shifts (timecards) export, as each system lays them out
(imports/layouts/quickbooks-online-payroll-details.toml, quickbooks-online-payroll-summary.toml,
toast-payroll-export.toml, toast-time-entries.toml and square-timecards.toml name the
sources)."""

from __future__ import annotations

import datetime as dt

from rules.check import check_upload
from tests.imports.layouts import check_fixture, facts_of, findings_of, fixture_bytes

WEEK_END = dt.date(2024, 7, 14)
SQUARE = "shifts-export_2024-07-08_2024-07-14.csv"
OURS = {"quickbooks-online-payroll-details", "quickbooks-online-payroll-summary",
        "toast-payroll-export", "toast-time-entries", "square-timecards"}


def codes(report: dict) -> list[str]:
    return [issue["code"] for issue in report["issues"]]


def rate_bases(report: dict) -> list[str]:
    return [finding["figures"]["rate_basis"] for finding in report["findings"]]


# -- QuickBooks Online Payroll: Payroll Details --------------------------------------------

def test_qbo_payroll_details_checks_each_paycheck_against_its_own_time_period():
    report = check_fixture("quickbooks-online-payroll-details.xlsx.csv")
    assert report["layout"]["code"] == "quickbooks-online-payroll-details"
    assert report["layout"]["label"] == "QuickBooks Online Payroll Details report"
    # "From Jul 01, 2024 to Jul 31, 2024" is the report's date range (July's paychecks)...
    assert facts_of(report) == {"period_start": "2024-07-01", "period_end": "2024-07-31"}
    # ...each paycheck's own "Time period" (07/01/2024 - 07/14/2024) is what it is checked on.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (3, 3, True)
    # Alvarez: Gross pay - Regular Pay 1432 / Hours - Regular Pay 80 = $17.90 against $18.20:
    # $0.30 x 80 = $24.00. Chen's overtime (292.50 / 6 h = $48.75, 1.5 x $32.50) is never
    # compared with the floor; Okafor 1740 / 72.5 = $24.00.
    assert findings_of(report) == [("Alvarez, Maria", "2024-07-14", "24.00", None)]
    assert rate_bases(report) == ["worked out"]
    assert codes(report) == ["import.totals-row-excluded"]


def test_qbo_payroll_details_is_found_from_its_header_without_the_title_rows():
    """A vendor who deleted the company and title rows still has the report's header."""
    text = (b"Name,Pay date,Time period,Hours - total,Hours - Regular Pay,Gross pay - total,"
            b"Gross pay - Regular Pay,Net pay\n"
            b"\"Alvarez, Maria\",07/19/2024,07/01/2024 - 07/14/2024,80,80,1432,1432,1186.71\n")
    report = check_upload(text, "payroll.csv", ["boston-living-wage"]).to_dict()
    assert report["layout"]["code"] == "quickbooks-online-payroll-details"
    assert findings_of(report) == [("Alvarez, Maria", "2024-07-14", "24.00", None)]


# -- QuickBooks Online Payroll: Payroll Summary --------------------------------------------

def test_qbo_payroll_summary_works_the_rate_out_from_gross_pay_over_hours():
    report = check_fixture("quickbooks-online-payroll-summary.xlsx.csv")
    assert report["layout"]["code"] == "quickbooks-online-payroll-summary"
    assert report["layout"]["label"] == "QuickBooks Online Payroll Summary report"
    # The rows give no period: the report's date range in the title row is the period.
    assert facts_of(report) == {"period_start": "2024-07-01", "period_end": "2024-07-31"}
    # The Total row sits first, right under the header, and is left out.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (3, 3, True)
    # One Hours total and the gross pay, no rate: Alvarez 1432 / 80 = $17.90, $0.30 x 80 =
    # $24.00, and the finding says the rate was worked out. Chen's 2892.50 / 86 h = $33.63
    # blends his overtime premium in, above the floor either way.
    assert findings_of(report) == [("Alvarez, Maria", "2024-07-31", "24.00", None)]
    assert rate_bases(report) == ["worked out"]
    assert "earnings divided by the hours ($1,432.00 / 80 hours)" in \
        report["findings"][0]["message"]
    assert codes(report) == ["import.totals-row-excluded"]


def test_qbo_payroll_summary_takes_the_period_the_vendor_gives_over_the_report_range():
    report = check_fixture("quickbooks-online-payroll-summary.xlsx.csv", period_end=WEEK_END)
    assert report["layout"]["code"] == "quickbooks-online-payroll-summary"
    assert facts_of(report) == {"period_end": "2024-07-14"}
    assert findings_of(report) == [("Alvarez, Maria", "2024-07-14", "24.00", None)]


# -- Toast: payroll export -------------------------------------------------------------------

def test_toast_payroll_export_is_read_with_the_period_the_vendor_gives():
    report = check_fixture("toast-payroll-export.csv", period_end=WEEK_END)
    assert report["layout"]["code"] == "toast-payroll-export"
    assert report["layout"]["label"] == "Toast Payroll Export"
    assert facts_of(report) == {"period_end": "2024-07-14"}
    # One row per employee per job (Alvarez is a Line Cook and a Prep Cook); the trailing
    # blank line is no row.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (4, 4, True)
    # Alvarez: 38 h as Line Cook at $17.90: $0.30 x 38 = $11.40 (her 4 h as Prep Cook at
    # $18.50 are not short). Okafor: 29.150000000000002 h (Toast's float noise) at $16.50:
    # $1.70 x 29.15 = $49.555, $49.56. Chen's 5.5 OT hours at $28.50 are never compared.
    assert findings_of(report) == [("Alvarez, Maria", "2024-07-14", "11.40", None),
                                   ("Okafor, Grace", "2024-07-14", "49.56", None)]
    assert rate_bases(report) == ["stated", "stated"]
    assert report["back_pay"] == {"back_pay": "60.96", "overtime_back_pay": "0.00"}
    assert report["issues"] == []


def test_toast_payroll_export_has_no_dates_so_without_a_period_it_is_refused():
    report = check_fixture("toast-payroll-export.csv")
    assert report["rejected"] is True
    assert report["findings"] == []
    assert [(i["code"], i["value"]) for i in report["issues"]] == [("import.no-period", None)]


def test_toast_sftp_file_name_suggests_the_day_it_names():
    """Toast's nightly SFTP delivery names the file PayrollExport_YYYY_MM_DD.csv."""
    report = check_upload(fixture_bytes("toast-payroll-export.csv"),
                          "PayrollExport_2024_07_14.csv", ["boston-living-wage"]).to_dict()
    assert report["rejected"] is True
    assert [(i["code"], i["value"]) for i in report["issues"]] == [
        ("import.no-period", "2024-07-14")]


# -- Toast: time entries ---------------------------------------------------------------------

def test_toast_time_entries_have_no_rate_and_the_vendor_is_told_so():
    """One row per shift, with hours but no rate and no pay: nothing can be checked against a
    wage floor. The same file without its 'Cash Tips Declared' column is refused for the
    missing hourly rate; a tips column must not change that (engine gap, see
    /work/research/engine-gaps-qbo_toast_square.md)."""
    report = check_fixture("toast-time-entries.csv", period_end=WEEK_END)
    assert report["rejected"] is True
    assert report["findings"] == []
    assert report["rows_accepted"] == 0
    assert [(i["code"], i["column"], i["row"]) for i in report["issues"]] == [
        ("import.missing-column", "Hourly rate", 1)]
    # Refused, it still says what it was read as: the Toast report without rates.
    assert report["layout"] is not None
    assert report["layout"]["code"] == "toast-time-entries"
    assert report["layout"]["label"] == "Toast Time Entries export"


def test_toast_time_entries_without_a_period_are_refused_for_the_period_and_the_rate():
    report = check_fixture("toast-time-entries.csv")
    assert report["rejected"] is True
    assert report["findings"] == []
    assert sorted(codes(report)) == ["import.missing-column", "import.no-period"]


# -- Square: shifts (timecards) export -------------------------------------------------------

def test_square_shifts_export_is_read_per_shift_with_the_period_the_vendor_gives():
    report = check_fixture(SQUARE, period_end=WEEK_END)
    assert report["layout"]["code"] == "square-timecards"
    assert report["layout"]["label"] == "Square Shifts timecards export"
    assert facts_of(report) == {"period_end": "2024-07-14"}
    # 12 shifts; the closing "Total" row is left out.
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (12, 12, True)
    # No rate column: each shift's rate is Regular labor cost / Regular hours. Ana Lopez:
    # $143.20 / 8 = $17.90 on 30 hours: $0.30 x 30 = $9.00. Marcus Reed's 5 OT hours
    # ($240.00 / 5 = $48.00, 1.5 x $32.00) are never compared; Priya Shah's $135.38 / 4.75 h
    # is $28.50 to the cent.
    assert findings_of(report) == [("Lopez, Ana (ID 1001)", "2024-07-14", "9.00", None)]
    assert rate_bases(report) == ["worked out"]
    assert codes(report) == ["import.totals-row-excluded"]


def test_square_shifts_export_without_a_period_suggests_the_end_date_of_its_file_name():
    report = check_fixture(SQUARE)
    assert report["rejected"] is True
    assert report["findings"] == []
    assert [(i["code"], i["value"]) for i in report["issues"]] == [
        ("import.no-period", "2024-07-14")]
    assert "suggests the period ended on 2024-07-14" in report["issues"][0]["hint"]


def test_a_square_payroll_paycheck_details_sheet_is_read_by_its_headers_without_a_layout():
    # Square Payroll's custom reports (Paycheck Details, Employee Totals) are .xls downloads
    # whose columns Square does not publish (squareup.com/help/article/5867), so no layout
    # names them. This sheet is a reconstruction (payroll-industry column names, not verified
    # against a real file): the general reader still reads it with no column matching.
    content = (
        b"Pay Date,Pay Period Start,Pay Period End,Employee,Regular Hours,Regular Earnings,"
        b"Overtime Hours,Overtime Earnings,Double Overtime Hours,Double Overtime Earnings,"
        b"Tips,Gross Pay,Net Pay\n"
        b"07/19/2024,07/08/2024,07/14/2024,Ana Lopez,30.00,$537.00,0.00,$0.00,0.00,$0.00,"
        b"$0.00,$537.00,$466.12\n"
        b'07/19/2024,07/08/2024,07/14/2024,Marcus Reed,40.00,"$1,280.00",5.00,$240.00,0.00,'
        b'$0.00,$0.00,"$1,520.00","$1,201.40"\n'
        b"07/19/2024,07/08/2024,07/14/2024,Priya Shah,19.75,$562.88,0.00,$0.00,0.00,$0.00,"
        b"$0.00,$562.88,$489.31\n")
    report = check_upload(content, "Paycheck Details.csv", ["boston-living-wage"]).to_dict()
    assert report["layout"] is None
    assert (report["rows_read"], report["rows_accepted"], report["valid"]) == (3, 3, True)
    # Ana Lopez: $537.00 / 30 h = $17.90, $0.30 short over 30 hours. Marcus Reed's overtime
    # ($240.00 / 5 h = $48.00) is never compared with the floor.
    assert findings_of(report) == [("Ana Lopez", "2024-07-14", "9.00", None)]
    assert rate_bases(report) == ["worked out"]


# -- Vendors' own sheets ---------------------------------------------------------------------

def test_a_vendor_sheet_with_common_column_names_is_not_read_as_these_systems():
    own_sheets = [
        b"Name,Hours,Rate,Week ending\nAna Lopez,40,17.90,07/14/2024\n",
        # Toast's wage columns without its tips and sales columns.
        b"Employee,Job Title,Regular Hours,Overtime Hours,Hourly Rate,Total Pay,Week ending\n"
        b"\"Lopez, Ana\",Laborer,40,0,17.90,716.00,07/14/2024\n",
        # Square's name and hours columns without its clock and labor-cost columns.
        b"Employee number,First name,Last name,Job title,Regular hours,Overtime hours,"
        b"Total paid hours,Hourly rate,Week ending\n"
        b"1001,Ana,Lopez,Laborer,40,0,40,17.90,07/14/2024\n",
        # QuickBooks' name, date and pay columns without its "Section - total" columns.
        b"Name,Pay date,Hours,Rate,Gross pay,Net pay,Week ending\n"
        b"\"Lopez, Ana\",07/19/2024,40,17.90,716.00,601.10,07/14/2024\n",
    ]
    for own in own_sheets:
        report = check_upload(own, "hours.csv", ["boston-living-wage"]).to_dict()
        assert report["layout"] is None or report["layout"]["code"] not in OURS, own
        assert [f[2] for f in findings_of(report)] == ["12.00"], own


def test_toast_sftp_time_entries_are_not_read_as_the_payroll_export_or_the_manager_download():
    """Toast's nightly TimeEntries_YYYY_MM_DD.csv shares tips, hours and pay columns with the
    payroll export and break columns with the manager's download; it is neither."""
    sftp = (b"Location,Location Code,Id,GUID,Employee Id,Employee GUID,Employee External Id,"
            b"Employee,Job Id,Job GUID,Job Code,Job Title,In Date,Out Date,Auto Clock-out,"
            b"Total Hours,Unpaid Break Time,Paid Break Time,Payable Hours,Cash Tips Declared,"
            b"Non Cash Tips,Total Gratuity,Total Tips,Tips Withheld,Wage,Regular Hours,"
            b"Overtime Hours,Regular Pay,Overtime Pay,Total Pay\n"
            b"Harbor Line Cafe,,900000011000000001,5b1f0c2e-1111-4a8e-9d1e-000000000001,"
            b"900000022000000001,7c2a1d3f-2222-4b9f-8e2f-000000000001,2101,\"Alvarez, Maria\","
            b"900000033000000001,8d3b2e4a-3333-4c0a-9f3a-000000000001,2101,Line Cook,"
            b"7/12/24 6:55 AM,7/12/24 3:25 PM,No,8.5,0.5,0.0,8.0,0.0,0.0,0.0,0.0,0.0,17.9,8.0,"
            b"0.0,143.2,0.0,143.2\n")
    report = check_upload(sftp, "TimeEntries_2024_07_12.csv", ["boston-living-wage"],
                          period_end=WEEK_END).to_dict()
    assert report["layout"] is None or report["layout"]["code"] not in OURS
