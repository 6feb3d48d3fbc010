"""The lifecycle a vendor and an officer go through, at the service level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils.formats import date_format

from procurement.models import AuditEvent, EvaluationRun, SubmissionStatus
from procurement.services.audit import AuditOutsideTransaction, audit_record
from procurement.services.errors import ServiceError
from procurement.services.findings import findings_total, run_findings
from procurement.services.reviews import review_create
from procurement.services.submissions import submission_attest, submission_check
from tests.support import COMPLIANT, LOW_WAGES, compliant_for


def test_upload_is_checked_and_the_run_stored_with_issues_and_findings(upload_report):
    submission = upload_report(LOW_WAGES)

    assert submission.status == SubmissionStatus.CHECKED
    assert submission.progress == 100
    run = submission.current_run
    assert (run.number, run.valid, run.violation_count) == (1, False, 2)
    assert [(f["observed"], f["expected"]) for f in run_findings(run)] == [
        ("18.19", "18.20"), ("17.55", "18.20")]
    # Dinh Nguyen's week ending 2024-06-30 and Farid Haddad's of 2023 are outside the
    # July-September 2024 period the file's pay dates propose: told, as warnings.
    assert [(i["row"], i["code"], i["severity"]) for i in run.report["issues"]] == [
        (5, "period.outside", "warning"), (7, "import.decimal-comma", "error"),
        (8, "period.outside", "warning"), (8, "standard.before-first-version", "error")]
    assert run.evidence["wage_distribution"][0] == {
        "label": "Below the floor", "rows": 2, "below": True, "percent": 40.0}


def test_rerunning_a_check_is_idempotent(upload_report):
    submission = upload_report(LOW_WAGES)

    submission_check(submission_id=submission.pk)
    submission_check(submission_id=submission.pk)

    assert EvaluationRun.objects.filter(submission=submission).count() == 1
    (run,) = EvaluationRun.objects.filter(submission=submission)
    assert (findings_total(run), len(run.report["issues"])) == (2, 4)


def test_a_correction_is_a_new_version_and_nothing_is_deleted(upload_report):
    first = upload_report(LOW_WAGES)
    second = upload_report(COMPLIANT, name="july-fixed.csv", supersedes=first)

    first.refresh_from_db()
    assert (first.status, second.version, second.supersedes_id) == (
        SubmissionStatus.SUPERSEDED, 2, first.pk)
    assert (second.contract_id, second.period_end) == (first.contract_id, first.period_end)
    assert findings_total(first.current_run) == 2  # the old evidence stays
    assert second.current_run.valid and second.current_run.violation_count == 0
    with pytest.raises(ServiceError) as error:
        upload_report(COMPLIANT, supersedes=first)
    assert error.value.code == "submission.already-superseded"


def test_attestation_needs_a_readable_file_a_name_and_a_title(
        upload_report, vendor_user, other_vendor_user):
    with_errors = upload_report(LOW_WAGES)
    with pytest.raises(ServiceError) as error:
        submission_attest(submission=with_errors, acting_user=vendor_user, name="M S",
                          title="Owner")
    assert error.value.code == "attestation.file-has-errors"

    clean = upload_report(compliant_for(dt.date(2025, 3, 31)), period_end=dt.date(2025, 3, 31))
    with pytest.raises(ServiceError) as error:
        submission_attest(submission=clean, acting_user=vendor_user, name=" ", title="x")
    assert error.value.code == "attestation.incomplete"
    signed = submission_attest(submission=clean, acting_user=vendor_user,
                               name="Maria Santos", title="Office manager",
                             acknowledged=True)
    assert signed.status == SubmissionStatus.SUBMITTED
    assert signed.attested_at is not None
    assert ("authorised to sign for Harbor Facility Services LLC, doing business as Harbor "
            "Cleaning.") in signed.attestation_statement
    with pytest.raises(ServiceError):
        submission_attest(submission=clean, acting_user=other_vendor_user, name="X", title="Y")


def test_request_correction_then_resubmit_then_accept(
        submitted_report, upload_report, vendor_user, officer_user):
    officer = officer_user
    review = review_create(submission=submitted_report, acting_user=officer,
                           decision="request_correction", note="Bruno Costa is below $18.20.",
                           due_date=dt.date.today() + dt.timedelta(days=14))
    submitted_report.refresh_from_db()
    assert submitted_report.status == SubmissionStatus.CORRECTION_REQUESTED
    (email,) = mail.outbox
    assert email.to == [vendor_user.email]
    assert "not yet" in email.body and date_format(review.due_date) in email.body
    assert "43 Hawkins St" in email.body  # where to get help

    fixed = upload_report(COMPLIANT, supersedes=submitted_report)
    submission_attest(submission=fixed, acting_user=vendor_user, name="Maria Santos",
                      title="Office manager", acknowledged=True)
    review_create(submission=fixed, acting_user=officer, decision="accept")
    fixed.refresh_from_db()
    assert fixed.status == SubmissionStatus.ACCEPTED
    actions = list(AuditEvent.objects.filter(object_type="procurement.submission",
                                             object_id__in=[submitted_report.pk, fixed.pk])
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["submission.uploaded", "submission.period-proposed",
                       "submission.checked", "submission.attested",
                       "review.request_correction", "submission.uploaded",
                       "submission.superseded", "submission.checked", "submission.attested",
                       "review.accept"]


@pytest.mark.parametrize(
    ("decision", "fields", "code"),
    [
        ("waive", {"note": "ok"}, "review.waiver-needs-reason"),
        ("waive", {"reason_code": "hardship"}, "review.waiver-needs-note"),
        ("request_correction", {}, "review.correction-needs-due-date"),
        ("request_correction", {"due_date": dt.date(2020, 1, 1)}, "review.due-date-in-past"),
        ("approve", {}, "review.unknown-decision"),
    ],
)
def test_decisions_need_their_reasons(submitted_report, decision, fields, code, officer_user):
    with pytest.raises(ServiceError) as error:
        review_create(submission=submitted_report, acting_user=officer_user,
                      decision=decision, **fields)
    assert error.value.code == code
    submitted_report.refresh_from_db()
    assert submitted_report.status == SubmissionStatus.SUBMITTED


def test_waiver_records_reason_and_vendors_cannot_decide(
        submitted_report, vendor_user, officer_user):
    with pytest.raises(ServiceError) as error:
        review_create(submission=submitted_report, acting_user=vendor_user, decision="accept")
    assert error.value.code == "review.not-an-officer"
    review_create(submission=submitted_report, acting_user=officer_user, decision="waive",
                  reason_code="hardship", note="Hardship waiver granted at hearing 2024-09-12.")
    event = AuditEvent.objects.get(action="review.waive")
    assert event.before == {"status": "submitted"}
    assert event.after["status"] == "waived" and event.after["reason_code"] == "hardship"
    assert event.actor == officer_user


def test_a_decided_report_cannot_be_decided_again(submitted_report, officer_user):
    review_create(submission=submitted_report, acting_user=officer_user, decision="accept")
    with pytest.raises(ServiceError) as error:
        review_create(submission=submitted_report, acting_user=officer_user,
                      decision="accept")
    assert error.value.code == "review.not-reviewable"


def test_audit_rows_roll_back_with_the_change(submitted_report, officer_user):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=officer_user, action="test.action", obj=submitted_report)
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == before
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=officer_user, action="test.action", obj=submitted_report)


def test_check_again_stores_a_new_run_only_when_something_changed(
        upload_report, settings, tmp_path, vendor_user):
    from procurement.services.submissions import submission_recheck

    submission = upload_report(LOW_WAGES)
    submission_recheck(submission=submission, acting_user=vendor_user)
    assert EvaluationRun.objects.filter(submission=submission).count() == 1
    assert AuditEvent.objects.filter(action="submission.recheck-requested").count() == 1
