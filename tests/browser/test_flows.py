"""The two journeys of issue 5, in a real browser on a phone-sized screen."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import expect

from procurement.models import Submission
from procurement.services.demo import demo_load
from tests.browser.support import log_in, shot

DEMO = Path(__file__).resolve().parents[2] / "procurement" / "demo"
def test_vendor_uploads_fixes_resubmits_and_attests(page, transactional_db):
    demo_load()
    log_in(page, "vendor", "vendor-demo-2024")
    expect(page.get_by_role("heading", name=re.compile("EV00012345"))).to_be_visible()
    page.get_by_role("link", name="Upload a report").first.click()

    # The period is left to follow the file: July 2024 pay dates, July-September 2024.
    page.get_by_label("Report file (.xlsx or .csv)").set_input_files(
        DEMO / "wage_report_july_2024.csv")
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r"/submissions/\d+/$"))
    expect(page.get_by_text("Bruno Costa was paid $18.19/hour")).to_be_visible()
    expect(page.get_by_text("Numbers written with a comma: 1 row")).to_be_visible()
    expect(page.get_by_text("This report is for July–September 2024.")).to_be_visible()
    expect(page.get_by_text("Write it with a decimal point: 18.20.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign and submit")).to_have_count(0)
    expect(page.locator("#status")).to_have_text("Has problems to fix")
    shot(page, "vendor-results")

    page.get_by_label("Corrected report file (.xlsx or .csv)").set_input_files(
        DEMO / "wage_report_compliant.csv")
    page.get_by_role("button", name="Upload the correction").click()
    expect(page.get_by_role("heading", name="What changed since the previous version")) \
        .to_be_visible()
    # New rates are corrected figures; the back pay is still owed until shown paid.
    expect(page.get_by_text("Corrected figures for 2 findings: back pay of $26.40 is still "
                            "to be shown paid.")).to_be_visible()
    expect(page.get_by_text("No problems found")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Checked, no violations")

    page.get_by_label("Your full name").fill("Maria Santos")
    page.get_by_label("Your job title").fill("Office manager")
    page.get_by_label("I confirm the statement above.").check()
    page.get_by_label(re.compile(r"\$26\.40 of back pay found in earlier versions")).check()
    page.get_by_role("button", name="Sign and submit to the city").click()
    expect(page.locator("#status")).to_have_text("Signed and submitted")
    expect(page.get_by_text("Signed by Maria Santos, Office manager")).to_be_visible()
    shot(page, "vendor-attested")
    latest = Submission.objects.latest("id")
    assert (latest.version, latest.status, latest.attested_name) == (2, "submitted",
                                                                     "Maria Santos")


def test_officer_reviews_requests_correction_then_accepts(page, transactional_db):
    demo_load()  # Harbor's Q3 report is waiting in the queue
    log_in(page, "officer", "officer-demo-2024")
    page.get_by_role("link", name="Review queue").first.click()
    page.get_by_role("link", name=re.compile(r"wage_report_compliant\.csv")).click()
    expect(page.get_by_role("heading", name="Hourly rates against the floor")).to_be_visible()
    expect(page.get_by_text("Harbor Facility Services LLC").or_(
        page.get_by_text("Harbor Cleaning")).first).to_be_visible()

    page.get_by_label("Request a correction").check()
    due = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    page.get_by_label("Correction due by (for a correction request)").fill(due)
    page.get_by_label("Note to the vendor and the record").fill(
        "Add the porters' hours for September.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#status")).to_have_text("Correction requested")
    expect(page.get_by_text("Please upload a corrected version by")).to_be_visible()
    shot(page, "officer-correction")

    from django.core.files.uploadedfile import SimpleUploadedFile

    from procurement.services.submissions import submission_attest, submission_create
    from tests.support import user

    first = Submission.objects.get(status="correction_requested")
    fixed = submission_create(
        uploaded_by=user("vendor"), supersedes=first,
        upload=SimpleUploadedFile("q3-fixed.csv", (DEMO / "wage_report_compliant.csv")
                                  .read_bytes() + b"Esi Mensah,Porter,18.40,24,2024-07-07\n"))
    submission_attest(submission=fixed, acting_user=user("vendor"), name="Maria Santos",
                      title="Office manager")

    page.goto("/review/")
    page.get_by_role("link", name=re.compile(r"q3-fixed\.csv")).click()
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#status")).to_have_text("Accepted")
    page.goto("/audit/")
    expect(page.get_by_role("cell", name="review.accept")).to_be_visible()
    expect(page.get_by_role("cell", name="review.request_correction")).to_be_visible()
    shot(page, "officer-audit")
