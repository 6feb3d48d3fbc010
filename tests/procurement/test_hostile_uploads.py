"""Hostile uploads through the whole path (page or API, store, check): refused fast in bounded
memory, never kept, and never leaving a file without its record."""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from bench.hostile import macro_bomb, wide_line_csv
from procurement.models import AuditEvent, Submission, SubmissionStatus
from procurement.services.errors import ServiceError
from procurement.services.submissions import submission_create, submission_recheck
from tests.support import LOW_WAGES, with_macro


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(os.path.relpath(os.path.join(folder, name), root)
                  for folder, _dirs, names in os.walk(root) for name in names)


def unreferenced_files(settings) -> list[str]:
    """Stored files no submission refers to."""
    known = set(Submission.objects.values_list("file", flat=True))
    return [name for name in media_files(settings) if name not in known]


@pytest.mark.parametrize(("name", "content", "code"), [
    ("payroll.xlsm", macro_bomb(), "import.too-large-uncompressed"),
    ("payroll.csv", wide_line_csv(4 << 20), "import.row-too-wide"),
], ids=["macro-workbook-over-a-1-GB-sheet", "csv-with-one-4-MB-line"])
def test_the_denial_of_service_files_are_refused_within_a_second_and_not_kept(
        client_for, settings, name, content, code, transactional_db, vendor_user):
    before = peak_rss_mb()
    started = time.perf_counter()
    response = client_for(vendor_user).post(
        "/api/submissions", {"file": SimpleUploadedFile(name, content),
                             "standard": "boston-living-wage"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 201, response.content

    submission = Submission.objects.get(pk=response.json()["id"])
    assert elapsed < 1.5
    assert peak_rss_mb() - before < 150  # the web process and the check: nothing unpacked
    assert submission.current_run.rejected
    (issue,) = submission.current_run.report["issues"]
    assert issue["code"] == code
    # Refused files are deleted at once; the checksum and the reason stay.
    assert not submission.file and submission.file_purged_at is not None
    assert unreferenced_files(settings) == []
    purge = AuditEvent.objects.get(action="submission.file-purged",
                                   object_id=str(submission.pk))
    assert code in purge.after["reason"] and purge.after["checksum"] == submission.checksum
    # Checking it again is refused with what to do, not a silent no-op.
    with pytest.raises(ServiceError) as refused:
        submission_recheck(submission=submission, acting_user=vendor_user)
    assert refused.value.code == "submission.file-deleted"
    assert "Upload the file again" in refused.value.message


def test_a_macro_workbook_is_checked_and_kept_without_its_macros(upload_report):
    from tests.support import ROW, WAGE_HEADER, xlsx_bytes

    xlsm = with_macro(xlsx_bytes([WAGE_HEADER, ROW]))
    submission = upload_report(xlsm, name="wages.xlsm")

    assert submission.status == SubmissionStatus.CHECKED
    assert submission.current_run.rows_accepted == 1
    with submission.file.open("rb") as stored:
        kept = zipfile.ZipFile(io.BytesIO(stored.read()))
    assert "xl/vbaProject.bin" not in kept.namelist()
    assert b"vbaProject" not in kept.read("[Content_Types].xml")
    # The checksum is still the one of what the vendor uploaded.
    import hashlib
    assert submission.checksum == hashlib.sha256(xlsm).hexdigest()
    assert AuditEvent.objects.filter(action="submission.macros-removed",
                                     object_id=str(submission.pk)).exists()


def test_a_readable_file_with_a_missing_column_is_kept_for_the_vendor_to_map(upload_report):
    submission = upload_report(LOW_WAGES.replace(b"Hourly rate", b"Remarks"))
    assert submission.current_run.rejected
    assert submission.file  # the vendor can say which column is the rate and check again


def test_an_upload_that_fails_after_storing_its_file_leaves_no_file(
        service_contract, settings, monkeypatch, transactional_db, vendor_user):
    from procurement.services import submissions

    def broken_audit(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(submissions, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        submission_create(uploaded_by=vendor_user,
                          upload=SimpleUploadedFile("july.csv", LOW_WAGES),
                          contract=service_contract, period_end=dt.date(2024, 12, 31))
    assert not Submission.objects.filter(original_filename="july.csv").exists()
    assert unreferenced_files(settings) == []


def test_stray_uploads_are_found_and_removed(upload_report, settings, capsys):
    submission = upload_report(LOW_WAGES)
    folder = settings.MEDIA_ROOT / "submissions" / "2024" / "01"
    folder.mkdir(parents=True)
    old_stray, young_stray = folder / "old.csv", folder / "young.csv"
    old_stray.write_bytes(b"left by a crash")
    young_stray.write_bytes(b"still committing")
    two_hours_ago = time.time() - 7200
    os.utime(old_stray, (two_hours_ago, two_hours_ago))

    call_command("remove_stray_uploads", "--dry-run")
    assert old_stray.exists() and "submissions/2024/01/old.csv" in capsys.readouterr().out

    call_command("remove_stray_uploads")
    assert not old_stray.exists()
    assert young_stray.exists()
    assert (settings.MEDIA_ROOT / submission.file.name).exists()
    assert "1 stray upload(s) removed." in capsys.readouterr().out
