"""Writes for submissions: create from an upload, check (idempotently)."""

from __future__ import annotations

import hashlib
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from imports.reader import MAX_UPLOAD_BYTES
from procurement.models import Role, Submission, SubmissionStatus
from rules import StandardError, check_upload, get_standard

logger = logging.getLogger(__name__)


class ServiceError(Exception):
    """A request a user made that cannot be carried out; `code` is stable, `message` plain."""

    def __init__(self, code: str, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def _standard_codes(standards: list[str]) -> list[str]:
    codes = [code.strip() for value in standards for code in value.split(",") if code.strip()]
    if not codes:
        raise ServiceError("submission.no-standard",
                           "Name at least one standard to check the file against, "
                           "for example boston-living-wage.")
    for code in codes:
        try:
            get_standard(code)
        except StandardError as error:
            raise ServiceError("submission.unknown-standard", str(error)) from error
    return list(dict.fromkeys(codes))


def submission_create(*, uploaded_by: AbstractBaseUser, upload: UploadedFile,
                      standards: list[str]) -> Submission:
    profile = getattr(uploaded_by, "profile", None)
    if profile is None or profile.role != Role.VENDOR or profile.vendor_id is None:
        raise ServiceError("submission.not-a-vendor",
                           "Only a vendor's users can upload reports for that vendor.",
                           status=403)
    codes = _standard_codes(standards)
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ServiceError("import.file-too-large",
                           f"The file is {upload.size / 1_048_576:.1f} MB; the limit is "
                           f"{MAX_UPLOAD_BYTES // 1_048_576} MB. Split the report into "
                           f"several files, for example one per month.", status=413)
    content = upload.read()
    with transaction.atomic():
        submission = Submission(
            vendor_id=profile.vendor_id,
            uploaded_by=uploaded_by,
            standards=codes,
            original_filename=(upload.name or "upload")[:255],
            checksum=hashlib.sha256(content).hexdigest(),
            size=len(content),
        )
        submission.file.save(upload.name or "upload", ContentFile(content), save=False)
        submission.save()
        transaction.on_commit(lambda: _enqueue_check(submission.pk))
    return submission


def _enqueue_check(submission_id: int) -> None:
    from procurement.tasks import check_submission

    check_submission.delay(submission_id)


def submission_check(*, submission_id: int) -> Submission:
    """Check a stored submission and store its report. Running it again replaces the report."""
    submission = Submission.objects.get(pk=submission_id)
    Submission.objects.filter(pk=submission_id).update(status=SubmissionStatus.PROCESSING)
    try:
        with submission.file.open("rb") as stored:
            content = stored.read()
        report = check_upload(content, submission.original_filename, submission.standards)
    except Exception:
        logger.exception("checking submission %s failed", submission_id)
        Submission.objects.filter(pk=submission_id).update(
            status=SubmissionStatus.FAILED,
            error_message="GoodBid could not check this file because of a fault on our side. "
                          "The city's team has been told; you can upload it again later.",
            checked_at=timezone.now(),
        )
        raise
    Submission.objects.filter(pk=submission_id).update(
        status=SubmissionStatus.CHECKED, report=report.to_dict(), error_message="",
        checked_at=timezone.now(),
    )
    submission.refresh_from_db()
    return submission
