from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from procurement.models import Submission
from procurement.services.reviews import review_create

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILE = ROOT / "procurement" / "demo" / "wage_report_july_2024.csv"


def test_vendor_uploads_on_the_page_and_sees_row_level_results(
        transactional_db, logged_in, vendor_user, other_vendor_user):
    vendor = logged_in(vendor_user)
    response = vendor.post("/submissions/new/", {
        "file": SimpleUploadedFile("july.csv", DEMO_FILE.read_bytes()),
        "standards": ["boston-living-wage"],
    }, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bruno Costa was paid $18.19/hour" in page
    assert "Write it with a decimal point: 18.20." in page

    detail_url = response.redirect_chain[-1][0]
    assert logged_in(other_vendor_user).get(detail_url).status_code == 404
    assert Client().get(detail_url).status_code == 302  # to the login page


def test_vendor_dashboard_says_what_is_due(q3_filed, construction_contract, logged_in,
                                          vendor_user):
    page = logged_in(vendor_user).get("/").content.decode()
    assert "EV00012345: Library aides and event staffing" in page
    assert "Overdue: the report for October–December 2024, due Jan. 15, 2025" not in page
    assert "Overdue: the report for October–December 2024 was due Jan. 15, 2025." in page
    assert "PFD-2024-0042" not in page  # Beacon's contract


def test_contract_page_upload_files_the_period(
        transactional_db, service_contract, logged_in, vendor_user):
    contract = service_contract
    response = logged_in(vendor_user).post(f"/contracts/{contract.pk}/", {
        "period_end": "2024-12-31", "file": SimpleUploadedFile("q4.csv", DEMO_FILE.read_bytes()),
    }, follow=True)
    assert response.status_code == 200
    submission = Submission.objects.get(original_filename="q4.csv")
    assert (submission.contract_id, submission.period_end) == (contract.pk, dt.date(2024, 12, 31))


def test_officer_queue_filters_and_letters(q3_filed, submitted_report, logged_in, officer_user):
    officer = logged_in(officer_user)
    queue = officer.get("/review/").content.decode()
    assert "july.csv" in queue and "wage_report_compliant.csv" in queue
    assert queue.index("july.csv") < queue.index("wage_report_compliant.csv")  # violations first
    clean_only = officer.get("/review/?severity=clean").content.decode()
    assert "july.csv" not in clean_only and "wage_report_compliant.csv" in clean_only

    # Before a decision there is no city letter: the vendor's own summary of what to fix.
    summary = officer.get(f"/submissions/{submitted_report.pk}/letter/").content.decode()
    assert "What to fix in your report" in summary and "Bruno Costa" in summary
    assert "Deficiency notice" not in summary
    review_create(submission=submitted_report, acting_user=officer_user, decision="accept")
    letter = officer.get(f"/submissions/{submitted_report.pk}/letter/").content.decode()
    assert "Compliance letter" in letter and "accepted it" in letter


def test_upload_page_requires_login(db):
    response = Client().get("/submissions/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_construction_vendor_files_a_workforce_report_and_sees_goals_per_trade(
        transactional_db, construction_contract, other_vendor_user, logged_in):
    contract = construction_contract
    demo_file = ROOT / "procurement" / "demo" / "workforce_report_july_2024.csv"
    response = logged_in(other_vendor_user).post(f"/contracts/{contract.pk}/", {
        "period_end": "2024-07-31", "file": SimpleUploadedFile("july.csv",
                                                               demo_file.read_bytes()),
    }, follow=True)
    page = response.content.decode()
    submission = Submission.objects.get(original_filename="july.csv")
    run = submission.current_run
    assert run.valid and run.shortfall_count > 0
    assert "Share of work hours per trade against each goal" in page
    codes = {f["code"] for f in run.report["findings"]}
    assert "hiring-goal.women-share-below-goal" in codes
    carpenters_women = next(b for b in run.evidence["hours_share"]
                            if b["trade"] == "Carpenter" and b["category"] == "Women")
    # 40 of 480 carpenter hours were worked by a woman: 8.3% against the 12% goal.
    assert (carpenters_women["share"], carpenters_women["goal"], carpenters_women["below"]) \
        == (8.3, 12.0, True)
    # One electrician (60 h) has no gender recorded: the share is of the 400 known hours
    # (150 / 400 = 37.5%), not of all 460 (32.6%), which would count them as "not a woman".
    electricians_women = next(b for b in run.evidence["hours_share"]
                              if b["trade"] == "Electrician" and b["category"] == "Women")
    assert (electricians_women["share"], electricians_women["known_hours"]) == (37.5, "400")


def test_pages_link_only_to_what_is_installed(logged_in, licensing_user):
    from procurement.context_processors import _has_page

    page = logged_in(licensing_user).get("/").content.decode()
    if _has_page("/licensing/"):
        assert 'href="/licensing/"' in page
    else:
        assert 'href="/licensing/"' not in page
        assert "not installed on this site yet" in page
    assert "/reports/workforce/" in page


def test_a_report_with_hundreds_of_findings_lists_the_first_and_exports_them_all(
        transactional_db, logged_in, vendor_user):
    rows = ["Worker,Job title,Hourly rate,Hours,Pay period end"] + [
        f"Worker {n:03d},Custodian,18.00,40,2024-07-07" for n in range(205)]
    vendor = logged_in(vendor_user)
    response = vendor.post("/submissions/new/", {
        "file": SimpleUploadedFile("many.csv", "\n".join(rows).encode()),
        "standards": ["boston-living-wage"]}, follow=True)
    page = response.content.decode()
    assert "Findings 1 to 200 of 205" in page
    assert "Worker 199 was paid $18.00/hour" in page
    assert "Worker 204 was paid" not in page
    detail = response.redirect_chain[-1][0]
    # The next page, read from the run's findings file.
    following = vendor.get(f"{detail}?findings_from=200").content.decode()
    assert "Findings 201 to 205 of 205" in following
    assert "Worker 204 was paid $18.00/hour" in following and "Worker 199 was" not in following
    exported = b"".join(vendor.get(f"{detail}export.csv").streaming_content).decode()
    assert "Worker 204 was paid $18.00/hour" in exported
    letter = vendor.get(f"{detail}letter/").content.decode()
    assert "The first 200 of 205 findings are listed here" in letter
