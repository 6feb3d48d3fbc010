"""The reporting period follows the file: proposed from its pay dates, rows outside the
period told, changed by the vendor before signing and by an officer after (audited), and
named in months."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from procurement.models import AuditEvent, Submission
from procurement.services.errors import ServiceError
from procurement.services.submissions import submission_attest, submission_period_set
from tests.support import COMPLIANT, LOW_WAGES

Q3_2024, Q2_2025 = dt.date(2024, 9, 30), dt.date(2025, 6, 30)


def outside(submission: Submission) -> list[tuple[int, str]]:
    """The rows outside the report's period: errors when most of the file is in another
    period (`period.other-period`), else warnings (`period.outside`)."""
    submission.refresh_from_db()
    return [(i["row"], i["severity"]) for i in submission.current_run.report["issues"]
            if i["code"] in ("period.outside", "period.other-period")]


def test_a_july_2024_payroll_uploaded_on_the_page_is_filed_for_july_to_september_2024(
        transactional_db, service_contract, logged_in, vendor_user):
    contract = service_contract
    vendor = logged_in(vendor_user)
    form = vendor.get(f"/contracts/{contract.pk}/").content.decode()
    assert "The period of the file&#x27;s pay dates" in form
    assert ">April–June 2025</option>" in form  # months, not 2025-06-30

    response = vendor.post(f"/contracts/{contract.pk}/", {
        "file": SimpleUploadedFile("july.csv", COMPLIANT)}, follow=True)

    page = response.content.decode()
    submission = Submission.objects.get(original_filename="july.csv")
    assert submission.period_end == Q3_2024
    assert "This report is for July–September 2024." in page
    assert "GoodBid proposed it from the pay dates in your file." in page
    # Dinh Nguyen's week ending 2024-06-30 is across the quarter's edge: told, not refused.
    assert outside(submission) == [(5, "warning")]
    assert AuditEvent.objects.filter(action="submission.period-proposed",
                                     object_id=str(submission.pk)).exists()


def test_filed_for_a_later_period_the_rows_are_errors_and_signing_waits_for_the_change(
        upload_report, vendor_user):
    draft = upload_report(COMPLIANT, period_end=Q2_2025)
    assert {severity for _row, severity in outside(draft)} == {"error"}
    with pytest.raises(ServiceError):
        submission_attest(submission=draft, acting_user=vendor_user, name="Maria Santos",
                          title="Office manager")

    submission_period_set(submission=draft, acting_user=vendor_user, period_end=Q3_2024)

    draft.refresh_from_db()
    assert draft.period_end == Q3_2024
    assert outside(draft) == [(5, "warning")]
    signed = submission_attest(submission=draft, acting_user=vendor_user,
                               name="Maria Santos", title="Office manager")
    assert signed.status == "submitted"


def test_the_page_offers_the_period_most_rows_are_in(upload_report, logged_in, vendor_user):
    draft = upload_report(COMPLIANT, period_end=Q2_2025)
    page = logged_in(vendor_user).get(f"/submissions/{draft.pk}/").content.decode()
    assert "Most of the file's rows are in July–September 2024." in page
    assert "Change the period to July–September 2024" in page


def test_after_signing_only_an_officer_changes_the_period_and_it_is_audited(
        upload_report, vendor_user, officer_user):
    signed = submission_attest(submission=upload_report(COMPLIANT), acting_user=vendor_user,
                               name="Maria Santos", title="Office manager")
    with pytest.raises(ServiceError) as refused:
        submission_period_set(submission=signed, acting_user=vendor_user,
                              period_end=dt.date(2024, 12, 31))
    assert "ask the city's officer" in refused.value.message

    submission_period_set(submission=signed, acting_user=officer_user,
                          period_end=dt.date(2024, 12, 31))

    event = AuditEvent.objects.get(action="submission.period-changed",
                                   object_id=str(signed.pk))
    assert (event.before, event.after, event.actor) == (
        {"period_end": "2024-09-30"}, {"period_end": "2024-12-31"}, officer_user)


def test_a_day_that_ends_no_period_of_the_contract_is_refused(upload_report, vendor_user):
    draft = upload_report(LOW_WAGES)
    with pytest.raises(ServiceError) as refused:
        submission_period_set(submission=draft, acting_user=vendor_user,
                              period_end=dt.date(2024, 8, 15))
    assert refused.value.code == "submission.not-a-period"


def test_the_page_changes_the_period_and_checks_the_report_again(
        upload_report, logged_in, vendor_user, other_vendor_user):
    draft = upload_report(COMPLIANT, period_end=Q2_2025)
    response = logged_in(vendor_user).post(
        f"/submissions/{draft.pk}/period/", {"reporting-period_end": "2024-09-30"}, follow=True)

    page = response.content.decode()
    assert "Period changed: the report is checked again for it." in page
    assert "This report is for July–September 2024." in page
    assert outside(draft) == [(5, "warning")]
    # Another vendor cannot reach it.
    assert logged_in(other_vendor_user).post(
        f"/submissions/{draft.pk}/period/", {"reporting-period_end": "2025-06-30"}
    ).status_code == 404
