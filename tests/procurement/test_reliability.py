"""What happens when checking goes wrong, and the retention of raw uploads."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from procurement.models import AuditEvent, Submission, SubmissionStatus
from procurement.services.findings import run_findings
from procurement.services.submissions import submission_check, submission_uploads_purge
from procurement.tasks import check_submission
from tests.support import LOW_WAGES


def test_a_file_that_fails_every_time_ends_failed_with_a_message_not_a_retry_loop(
        upload_report):
    submission = upload_report(LOW_WAGES)
    # The standard it names was withdrawn since: checking it again can never succeed.
    Submission.objects.filter(pk=submission.pk).update(standards=["withdrawn-standard"])

    result = check_submission.apply(args=[submission.pk])

    assert result.successful() and result.get() == "failed"
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED
    assert "fault on our side" in submission.error_message
    assert AuditEvent.objects.filter(action="submission.check-failed",
                                     object_id=str(submission.pk)).count() == 1


def test_uploads_past_retention_are_purged_and_findings_stay(upload_report, settings):
    old = upload_report(LOW_WAGES)
    recent = upload_report(LOW_WAGES, period_end=dt.date(2025, 3, 31))
    Submission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1100))
    stored = old.file.name
    assert old.file.storage.exists(stored)

    assert submission_uploads_purge(older_than_days=1095) == 1

    old.refresh_from_db()
    assert not old.file and old.file_purged_at is not None
    assert not old.file.storage.exists(stored)
    assert len(run_findings(old.current_run)) == 2  # the evidence stays
    assert Submission.objects.get(pk=recent.pk).file
    purge = AuditEvent.objects.get(action="submission.file-purged")
    assert purge.before == {"file": stored} and purge.after["retention_days"] == 1095
    assert submission_uploads_purge(older_than_days=1095) == 0
    # Re-checking a purged report is a no-op: its run is already stored.
    assert submission_check(submission_id=old.pk).current_run_id == old.current_run_id


def test_uploads_are_stored_through_the_storage_api(upload_report, settings):
    submission = upload_report(SimpleUploadedFile("x.csv", LOW_WAGES).read())
    assert submission.file.name.startswith("submissions/")
    assert (settings.MEDIA_ROOT / submission.file.name).is_file()


def test_a_file_with_a_full_ssn_is_refused_and_not_kept(upload_report, settings):
    content = LOW_WAGES.replace(b"Ana Lopez,Library aide", b"Ana Lopez 123-45-6789,Library aide")
    submission = upload_report(content)

    assert submission.current_run.rejected
    (issue,) = submission.current_run.report["issues"]
    assert (issue["code"], issue["value"]) == ("import.full-ssn", "***-**-6789")
    assert not submission.file and submission.file_purged_at is not None
    purge = AuditEvent.objects.get(action="submission.file-purged",
                                   object_id=str(submission.pk))
    assert "Social Security" in purge.after["reason"]
    assert not (settings.MEDIA_ROOT / purge.before["file"]).exists()
    assert b"123-45-6789" not in str(submission.current_run.report).encode()
