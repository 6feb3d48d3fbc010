"""A period is filed only when a signed report covering it has been submitted: an unreadable
upload, a report with problems or one checked but never signed is a draft, the period stays
due, reminders go on, and the vendor's home page and the API say so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils.formats import date_format

from procurement.selectors import contract_due_periods
from procurement.services.reminders import report_reminders_send
from procurement.services.reviews import review_create
from procurement.services.submissions import submission_attest
from tests.support import compliant_for

Q4 = dt.date(2024, 12, 31)
AFTER_Q4_DUE = dt.date(2025, 1, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Harbor's service contract with its first period (July–September 2024) filed.
pytestmark = pytest.mark.usefixtures("q3_filed")


def q4(contract, today=AFTER_Q4_DUE):
    return next(p for p in contract_due_periods(contract=contract, today=today)
                if p.period_end == Q4)


def harbor_reminders(vendor_user, today=AFTER_Q4_DUE) -> list[str]:
    mail.outbox.clear()
    report_reminders_send(today=today)
    return [m.body for m in mail.outbox if m.to == [vendor_user.email]
            and m.subject.endswith("EV00012345")]


@pytest.fixture
def correction_requested(upload_report, vendor_user, officer_user):
    """`correction_requested(period_end)`: a signed report for the period, and the officer
    asking for a correction."""
    def _request(period_end: dt.date) -> None:
        report = submission_attest(submission=upload_report(compliant_for(period_end),
                                                            period_end=period_end),
                                   acting_user=vendor_user, name="Maria Santos",
                                   title="Office manager", acknowledged=True)
        review_create(submission=report, acting_user=officer_user,
                      decision="request_correction", note="Bruno Costa is below $18.20.",
                      due_date=dt.date.today() + dt.timedelta(days=14))
    return _request


def test_a_pdf_upload_leaves_the_period_to_file_and_the_reminders_on(upload_report,
                                                                     service_contract,
                                                                     vendor_user):
    upload_report(PDF, name="payroll.pdf", period_end=Q4)
    period = q4(service_contract)
    assert (period.status, period.done, period.overdue) == ("draft", False, True)
    (body,) = harbor_reminders(vendor_user)
    assert "Overdue: the report for October–December 2024 was due on Jan. 15, 2025." in body


def test_a_checked_report_is_a_draft_until_it_is_signed(upload_report, service_contract,
                                                        vendor_user):
    draft = upload_report(compliant_for(Q4), period_end=Q4)
    assert q4(service_contract).status == "draft"
    assert harbor_reminders(vendor_user)  # not signed: still owed
    submission_attest(submission=draft, acting_user=vendor_user, name="Maria Santos",
                      title="Office manager", acknowledged=True)
    period = q4(service_contract)
    assert (period.status, period.done, period.overdue) == ("filed", True, False)
    assert harbor_reminders(vendor_user) == []


def test_a_correction_request_is_open_and_accepted_is_done(upload_report, service_contract,
                                                          correction_requested):
    correction_requested(Q4)
    period = q4(service_contract)
    assert (period.status, period.done) == ("correction_requested", False)
    # A new draft for the same period does not hide that it is not filed yet...
    upload_report(compliant_for(Q4).replace(b"18.25", b"18.30"), name="again.csv",
                  period_end=Q4)
    assert q4(service_contract).status == "correction_requested"


def test_the_home_page_says_what_is_a_draft_and_what_was_asked(upload_report, logged_in,
                                                               vendor_user, service_contract):
    newest = contract_due_periods(contract=service_contract)[0]
    upload_report(PDF, name="payroll.pdf", period_end=newest.period_end)
    page = logged_in(vendor_user).get("/").content.decode()
    assert "Every report so far is filed." not in page
    assert (f"Overdue, draft not signed: the report for April–June 2025 was due "
            f"{date_format(newest.due_date)}. It is filed only once you sign it.") in page
    assert "Open the draft" in page


def test_the_home_page_shows_a_correction_request(correction_requested, logged_in,
                                                  vendor_user, service_contract):
    newest = contract_due_periods(contract=service_contract)[0].period_end
    correction_requested(newest)
    page = logged_in(vendor_user).get("/").content.decode()
    assert newest == dt.date(2025, 6, 30)
    assert ("Correction requested: the city asked you to correct the report for "
            "April–June 2025.") in page
    assert "See what to correct" in page


def test_a_signed_report_is_filed_when_no_other_period_has_ended(service_contract):
    periods = contract_due_periods(contract=service_contract, today=dt.date(2024, 12, 1))
    assert [(p.period_end, p.status, p.done) for p in periods] == [
        (dt.date(2024, 9, 30), "filed", True)]


def test_the_api_lists_each_period_with_its_status_and_deciding_submission(
        upload_report, client_for, vendor_user, service_contract):
    draft = upload_report(PDF, name="payroll.pdf", period_end=Q4)
    body = client_for(vendor_user).get(f"/api/contracts/{service_contract.pk}").json()
    periods = {p["period_end"]: p for p in body["periods"]}
    assert periods["2024-09-30"]["status"] == "filed"
    assert (periods["2024-12-31"]["status"], periods["2024-12-31"]["submission_id"],
            periods["2024-12-31"]["submission_status"], periods["2024-12-31"]["overdue"]) == (
        "draft", draft.pk, "checked", True)
    assert periods["2025-03-31"] == {
        "period_start": "2025-01-01", "period_end": "2025-03-31", "label": "January–March 2025",
        "due_date": "2025-04-15", "status": "overdue",
        "overdue": True, "submission_id": None, "submission_status": None}


def test_reminders_stop_once_a_contract_has_ended(service_contract, vendor_user):
    service_contract.ends_on = dt.date(2024, 12, 31)
    service_contract.save(update_fields=["ends_on"])
    assert harbor_reminders(vendor_user, today=dt.date(2025, 1, 20))  # its last report is due
    assert harbor_reminders(vendor_user, today=dt.date(2025, 3, 1)) == []  # long ended: left alone


def test_one_status_vocabulary_never_checked_over_could_not_be_read(upload_report, logged_in,
                                                                      client_for, vendor_user):
    refused = upload_report(PDF, name="payroll.pdf", period_end=Q4)
    problems = upload_report(b"Worker,Hourly rate,Hours,Pay period end\nAna,18,40,\n",
                             name="no-date.csv", period_end=Q4)
    findings = upload_report(compliant_for(Q4).replace(b"18.25", b"18.00"), name="low.csv",
                             period_end=Q4)
    assert [(s.state, s.status_text) for s in (refused, problems, findings)] == [
        ("unreadable", "Could not be read"), ("problems", "Has problems to fix"),
        ("violations", "Checked, violations found")]
    page = logged_in(vendor_user).get(f"/submissions/{refused.pk}/").content.decode()
    assert '<strong id="status">Could not be read</strong>' in page
    body = client_for(vendor_user).get(f"/api/submissions/{refused.pk}").json()
    assert (body["status"], body["state"], body["status_text"]) == (
        "checked", "unreadable", "Could not be read")
    spanish = client_for(vendor_user).get(f"/api/submissions/{findings.pk}",
                                       HTTP_ACCEPT_LANGUAGE="es").json()
    assert spanish["status_text"] == "Revisado, con infracciones"
