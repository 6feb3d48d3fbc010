"""The remedy loop: back pay owed per worker over every version of a report, resolved only
when shown paid (a back-pay line in the payroll, or a recorded payment an officer confirms);
a corrected rate alone is "corrected figures"; an identical re-upload is told; signing with
violations names the back pay outstanding; the vendor answers a correction request."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from procurement.models import AuditEvent
from procurement.services.errors import ServiceError
from procurement.services.remedy import (
    back_pay_ledger,
    back_payment_decide,
    back_payment_record,
    report_reply_create,
)
from procurement.services.reviews import review_create
from procurement.services.submissions import submission_attest
from tests.support import COMPLIANT, LOW_WAGES

PAID_ON = dt.date(2024, 8, 1)
# A report that can be signed, with two workers underpaid: Ana $4.00 and Bruno $8.00 short.
SIGNABLE = COMPLIANT.replace(b"18.25", b"18.00").replace(b"Ana Lopez,Library aide,18.20",
                                                         b"Ana Lopez,Library aide,18.10")
# The July payroll with Bruno's and Dinh's rates corrected: no one paid anything.
RATES_EDITED = LOW_WAGES.replace(b"18.19", b"18.20").replace(
    b"Dinh Nguyen,Library aide,17.55,40,2024-07-07",
    b"Dinh Nguyen,Library aide,18.20,40,2024-07-07")
# The same, with the back pay shown paid in the payroll: a "Retro pay" line for each.
WITH_BACK_PAY = (b"Worker,Job title,Earnings,Hourly rate,Hours,Amount,Pay period end\n"
                 b"Bruno Costa,Library aide,Regular,18.20,40,728.00,2024-07-07\n"
                 b"Bruno Costa,Library aide,Retro pay,,,0.40,2024-07-07\n"
                 b"Dinh Nguyen,Library aide,Regular,18.20,40,728.00,2024-07-07\n"
                 b"Dinh Nguyen,Library aide,Retro pay,,,26.00,2024-07-07\n")


def owed(submission) -> dict[str, tuple[str, str, str]]:
    ledger = back_pay_ledger(submission=submission)
    return {w.worker: (str(w.owed), str(w.outstanding), w.state) for w in ledger.workers}


def test_back_pay_is_totalled_per_worker_and_per_report(upload_report):
    report = upload_report()
    assert owed(report) == {"Bruno Costa": ("0.40", "0.40", "owed"),
                            "Dinh Nguyen": ("26.00", "26.00", "owed")}
    assert report.current_run.report["total_back_pay"] == "26.40"


def test_a_corrected_rate_is_corrected_figures_not_a_fix(upload_report, logged_in, vendor_user):
    first = upload_report()
    second = upload_report(RATES_EDITED, name="july-v2.csv", supersedes=first)

    assert owed(second)["Bruno Costa"] == ("0.40", "0.40", "owed")
    page = logged_in(vendor_user).get(f"/submissions/{second.pk}/").content.decode()
    assert "Corrected figures for 2 findings: back pay of $26.40 is still to be shown paid." \
        in page
    assert "findings fixed" not in page


def test_a_back_pay_line_in_the_corrected_payroll_shows_it_paid(
        upload_report, logged_in, vendor_user):
    first = upload_report()
    second = upload_report(WITH_BACK_PAY, name="july-v2.csv", supersedes=first)

    assert owed(second) == {"Bruno Costa": ("0.40", "0.00", "paid"),
                            "Dinh Nguyen": ("26.00", "0.00", "paid")}
    page = logged_in(vendor_user).get(f"/submissions/{second.pk}/").content.decode()
    assert "2 findings fixed" in page


def test_a_recorded_payment_resolves_nothing_until_an_officer_confirms_it(
        upload_report, vendor_user, officer_user):
    report = submission_attest(submission=upload_report(SIGNABLE), acting_user=vendor_user,
                               name="Maria Santos", title="Owner", acknowledged=True)
    payment = back_payment_record(
        submission=report, acting_user=vendor_user, worker="Bruno Costa", amount="8.00",
        paid_on=PAID_ON, proof=SimpleUploadedFile("stub.pdf", b"%PDF-1.4 pay stub"))
    assert owed(report)["Bruno Costa"] == ("8.00", "8.00", "waiting")

    back_payment_decide(payment=payment, acting_user=officer_user, confirm=True)

    assert owed(report)["Bruno Costa"] == ("8.00", "0.00", "paid")
    assert owed(report)["Ana Lopez"] == ("4.00", "4.00", "owed")
    assert AuditEvent.objects.filter(action="back-pay.confirmed",
                                     actor=officer_user).count() == 1


def test_a_disputed_payment_leaves_the_back_pay_owed_and_says_why(
        upload_report, vendor_user, officer_user):
    report = upload_report()
    payment = back_payment_record(submission=report, acting_user=vendor_user,
                                  worker="Bruno Costa", amount="0.40", paid_on=PAID_ON)
    with pytest.raises(ServiceError):
        back_payment_decide(payment=payment, acting_user=officer_user, confirm=False)
    back_payment_decide(payment=payment, acting_user=officer_user, confirm=False,
                        note="The pay stub shows $0.04.")
    assert owed(report)["Bruno Costa"][2] == "owed"


@pytest.mark.parametrize(("worker", "amount", "proof", "code"), [
    ("Ana Lopez", "1.00", None, "payment.worker-not-owed"),
    ("Bruno Costa", "-3", None, "payment.bad-amount"),
    ("Bruno Costa", "0.401", None, "payment.bad-amount"),
    ("Bruno Costa", "NaN", None, "payment.bad-amount"),
    ("Bruno Costa", "0.40", b"MZ\x90\x00 not a document", "payment.proof-not-a-document"),
])
def test_a_payment_is_refused_with_what_to_fix(
        upload_report, worker, amount, proof, code, vendor_user):
    report = upload_report()
    with pytest.raises(ServiceError) as refused:
        back_payment_record(submission=report, acting_user=vendor_user, worker=worker,
                            amount=amount, paid_on=PAID_ON,
                            proof=SimpleUploadedFile("proof.pdf", proof) if proof else None)
    assert refused.value.code == code


def test_another_vendor_and_an_officer_cannot_record_a_payment(
        upload_report, logged_in, other_vendor_user, officer_user):
    report = upload_report()
    for intruder in (other_vendor_user, officer_user):
        with pytest.raises(ServiceError) as refused:
            back_payment_record(submission=report, acting_user=intruder,
                                worker="Bruno Costa", amount="0.40", paid_on=PAID_ON)
        assert refused.value.status == 403
    # Nor reach the page of someone else's report to try.
    assert logged_in(other_vendor_user).post(f"/submissions/{report.pk}/back-pay/", {
        "worker": "Bruno Costa", "amount": "0.40", "paid_on": "2024-08-01"}).status_code == 404


def test_signing_a_report_with_violations_names_the_back_pay_outstanding(
        upload_report, logged_in, vendor_user):
    report = upload_report(SIGNABLE)
    with pytest.raises(ServiceError) as refused:
        submission_attest(submission=report, acting_user=vendor_user, name="Maria Santos",
                          title="Owner")
    assert "2 violations and $12.00 of back pay not yet shown paid" in refused.value.message
    page = logged_in(vendor_user).get(f"/submissions/{report.pk}/").content.decode()
    assert ("I have read that this report shows 2 violations and $12.00 of back pay not yet "
            "shown paid") in page
    signed = submission_attest(submission=report, acting_user=vendor_user,
                               name="Maria Santos", title="Owner", acknowledged=True)
    assert signed.status == "submitted"


def test_an_identical_correction_is_told_so(upload_report):
    first = upload_report()
    with pytest.raises(ServiceError) as refused:
        upload_report(LOW_WAGES, name="same.csv", supersedes=first)
    assert refused.value.code == "submission.identical-upload"
    assert "identical to version 1" in refused.value.message


def test_the_exports_and_the_letter_carry_the_back_pay(upload_report, logged_in, vendor_user):
    report = upload_report()
    vendor = logged_in(vendor_user)
    workbook = load_workbook(io.BytesIO(
        vendor.get(f"/submissions/{report.pk}/export.xlsx").content))
    rows = list(workbook["Back pay"].values)
    assert rows[0][:3] == ("Worker", "Pay periods", "Back pay owed (USD)")
    assert rows[-1][0] == "Total" and float(rows[-1][2]) == 26.40
    findings = list(workbook["Findings"].values)
    column = findings[0].index("Back pay (USD)")
    assert sorted(float(r[column]) for r in findings[1:] if r[column] is not None) == [0.4, 26.0]
    text = b"".join(vendor.get(f"/submissions/{report.pk}/export.csv")
                    .streaming_content).decode("utf-8-sig")
    assert ["Total", "", "26.40", "0.00", "26.40", ""] in list(csv.reader(io.StringIO(text)))

    letter = vendor.get(f"/submissions/{report.pk}/letter/").content.decode()
    assert "What to fix in your report" in letter and "Deficiency notice" not in letter
    assert "EV00012345" in letter and "July–September 2024" in letter
    assert "Boston Living Wage, rate of" in letter and "$26.40" in letter


def test_the_vendor_answers_a_correction_request_and_the_officer_reads_it_by_the_new_version(
        upload_report, logged_in, vendor_user, officer_user):
    report = submission_attest(submission=upload_report(SIGNABLE), acting_user=vendor_user,
                               name="Maria Santos", title="Owner", acknowledged=True)
    review_create(submission=report, acting_user=officer_user,
                  decision="request_correction", note="Show Bruno's back pay paid.",
                  due_date=dt.date.today() + dt.timedelta(days=14))
    report_reply_create(submission=report, acting_user=vendor_user,
                        text="Paid on August 1; the corrected payroll follows.")
    correction = upload_report(WITH_BACK_PAY, name="v2.csv", supersedes=report)
    submission_attest(submission=correction, acting_user=vendor_user, name="Maria Santos",
                      title="Owner", acknowledged=True)

    page = logged_in(officer_user).get(f"/submissions/{correction.pk}/").content.decode()
    assert "Show Bruno&#x27;s back pay paid." in page
    assert "Paid on August 1; the corrected payroll follows." in page
    letter = logged_in(vendor_user).get(f"/submissions/{report.pk}/letter/").content.decode()
    assert "Deficiency notice" in letter
