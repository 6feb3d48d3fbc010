"""Writes for submissions: upload, check (idempotent), correct (new version), attest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import Counter
from typing import NamedTuple

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from imports import (
    REPORT_TYPES,
    ImportRejected,
    column_choices,
    mapping_choices,
    read_table,
)
from imports.codes import Code
from imports.reader import MAX_UPLOAD_BYTES, macros_removed
from procurement.i18n import money
from procurement.models import (
    Contract,
    EvaluationRun,
    Jurisdiction,
    Role,
    Submission,
    SubmissionStatus,
    WageScheduleVersion,
)
from procurement.models.submissions import SIGNED_STATUSES
from procurement.retry import TRANSIENT_ERRORS, retry_or_fail
from procurement.rows import rows_discard, rows_store
from procurement.selectors import (
    contract_periods,
    contract_report_kinds,
    standards_in_force,
    user_scope,
)
from procurement.services.audit import audit_record
from procurement.services.errors import ServiceError, vendor_id_or_refuse
from procurement.services.findings import FIRST_PAGE, findings_discard, findings_store
from procurement.services.mappings import vendor_mapping
from procurement.services.queue import enqueue
from procurement.services.schedules import schedule_of, schedule_version_for
from procurement.services.vendor_history import confirmed_cases
from rules import StandardError, check_table, get_standard
from rules.check import ReportingPeriods
from rules.registry import get_rule
from rules.report import CheckReport
from rules.standards import Standard
from rules.wage_theft import wage_theft_findings

logger = logging.getLogger(__name__)

__all__ = ["ServiceError", "TransientCheckError", "submission_attest", "submission_check",
           "submission_create", "submission_pay_period_set", "submission_period_set",
           "submission_recheck",
           "submission_uploads_purge"]

ATTESTABLE = {SubmissionStatus.CHECKED}


def _standard_codes(standards: list[str]) -> list[str]:
    codes = [code.strip() for value in standards for code in value.split(",") if code.strip()]
    if not codes:
        raise ServiceError("submission.no-standard",
                           _("Name at least one standard to check the file against, "
                             "for example boston-living-wage."))
    for code in codes:
        try:
            get_standard(code)
        except StandardError as error:
            raise ServiceError("submission.unknown-standard", str(error)) from error
    return list(dict.fromkeys(codes))


def _vendor_id_of(user: AbstractBaseUser) -> int:
    return vendor_id_or_refuse(user, code="submission.not-a-vendor",
                               message=_("Only a vendor's users can upload reports for that "
                                         "vendor."))


def _jurisdiction_for(codes: list[str]) -> Jurisdiction:
    code = get_standard(codes[0]).jurisdiction
    jurisdiction, _created = Jurisdiction.objects.get_or_create(
        code=code, defaults={"name": code.replace("-", " ").title()})
    return jurisdiction


def submission_create(*, uploaded_by: AbstractBaseUser, upload: UploadedFile,
                      standards: list[str] | None = None, contract: Contract | None = None,
                      period_end: dt.date | None = None,
                      supersedes: Submission | None = None,
                      report_type: str | None = None) -> Submission:
    """Store an upload as a new submission (or a new version of `supersedes`) and queue its
    check. The caller has already checked that the user may see `contract`/`supersedes`.
    `report_type`: which of the contract's kinds of report this is (its own by default; a
    construction contract with a prevailing wage schedule also takes certified payroll)."""
    vendor_id = _vendor_id_of(uploaded_by)
    pay_period_end = None
    if supersedes is not None:
        if supersedes.vendor_id != vendor_id:
            raise ServiceError("submission.not-found", _("No such submission."), status=404)
        contract, period_end = supersedes.contract, supersedes.period_end
        standards = supersedes.standards
        pay_period_end = supersedes.pay_period_end
    if contract is not None:
        if contract.vendor_id != vendor_id:
            raise ServiceError("contract.not-found", _("No such contract."), status=404)
        if supersedes is None:
            standards = _contract_standards(contract, report_type)
    codes = _standard_codes(standards or [])
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ServiceError(Code.FILE_TOO_LARGE,
                           _("The file is %(size).1f MB; the limit is %(limit)d MB. Split the "
                             "report into several files, for example one per month.")
                           % {"size": upload.size / 1_048_576,
                              "limit": MAX_UPLOAD_BYTES // 1_048_576}, status=413)
    content = upload.read()
    _refuse_identical(hashlib.sha256(content).hexdigest(), supersedes=supersedes)
    stored: list[str] = []
    try:
        with transaction.atomic():
            if supersedes is not None:
                supersedes = Submission.objects.select_for_update().get(pk=supersedes.pk)
                if supersedes.status == SubmissionStatus.SUPERSEDED:
                    raise ServiceError("submission.already-superseded",
                                       _("A newer version of this report exists already: "
                                         "upload your correction to the newest version."),
                                       status=409)
            submission = Submission.objects.create(
                jurisdiction=contract.jurisdiction if contract else _jurisdiction_for(codes),
                contract=contract,
                vendor_id=vendor_id,
                uploaded_by=uploaded_by,
                report_type=get_standard(codes[0]).report_type,
                standards=codes,
                period_end=period_end,
                pay_period_end=pay_period_end,
                version=supersedes.version + 1 if supersedes else 1,
                supersedes=supersedes,
                original_filename=(upload.name or "upload")[:255],
                checksum=hashlib.sha256(content).hexdigest(),
                size=len(content),
            )
            # The row first, then the file: a failure after the file is stored deletes it
            # below, so no file is ever left without its row.
            submission.file.save(upload.name or "upload", ContentFile(content), save=False)
            stored.append(submission.file.name)
            Submission.objects.filter(pk=submission.pk).update(file=submission.file.name)
            audit_record(actor=uploaded_by, action="submission.uploaded", obj=submission,
                         after={"version": submission.version,
                                "file": submission.original_filename,
                                "checksum": submission.checksum, "standards": codes})
            if supersedes is not None:
                before = supersedes.status
                supersedes.status = SubmissionStatus.SUPERSEDED
                supersedes.save(update_fields=["status"])
                audit_record(actor=uploaded_by, action="submission.superseded",
                             obj=supersedes, before={"status": before},
                             after={"status": supersedes.status, "by": submission.pk})
            transaction.on_commit(lambda: _enqueue_check(submission.pk))
    except BaseException:
        for name in stored:
            Submission.file.field.storage.delete(name)
        raise
    return submission


def _contract_standards(contract: Contract, report_type: str | None) -> list[str]:
    kinds = contract_report_kinds(contract=contract)
    chosen = report_type or contract.report_type
    if chosen not in kinds:
        names = ", ".join(_(REPORT_TYPES[kind].label) if kind in REPORT_TYPES else kind
                          for kind in kinds)
        raise ServiceError("submission.report-type-not-taken",
                           _("This contract takes these reports: %(kinds)s. Choose one of "
                             "them for the file.") % {"kinds": names})
    return kinds[chosen]


def _refuse_identical(checksum: str, *, supersedes: Submission | None) -> None:
    """The same bytes again as a correction change nothing: the vendor is told so."""
    if supersedes is not None and supersedes.checksum == checksum:
        raise ServiceError("submission.identical-upload",
                           _("This file is identical to version %(version)d of the report: "
                             "nothing in it changed. Correct the file, save it, and upload "
                             "it again.") % {"version": supersedes.version}, status=409,
                           detail={"submission_id": supersedes.pk})


def _enqueue_check(submission_id: int) -> None:
    enqueue("procurement.check_submission", submission_id)


def _standards_fingerprint(standards: list[Standard]) -> str:
    """What the check applies, hashed as it is applied: each standard in force (its files'
    versions and those administrators added, as this process parsed them) and the version of
    each rule it runs. A standard's new version, or a fixed rule (its version raised), gives
    a new run when the report is checked again."""
    digest = hashlib.sha256()
    for standard in sorted(standards, key=lambda s: s.label):
        digest.update(standard.model_dump_json().encode())
        for rule_code in standard.rules:
            digest.update(f"{rule_code}:{get_rule(rule_code).version}".encode())
    return digest.hexdigest()


class CheckInputs(NamedTuple):
    """Everything a check of the submission depends on besides its file, loaded once: the
    standards in force, the vendor's column mappings, the wage-theft cases confirmed as the
    vendor's and the prevailing wage schedule's version."""

    standards: list[Standard]
    mappings: dict[str, dict[str, str]]
    cases: list
    schedule: WageScheduleVersion | None


def _inputs(submission: Submission) -> CheckInputs:
    return CheckInputs(standards_in_force(submission.standards), _mappings(submission),
                       _confirmed_cases(submission), _schedule_version(submission))


def _mappings(submission: Submission) -> dict[str, dict[str, str]]:
    report_types = {get_standard(code).report_type for code in submission.standards}
    return {report_type: vendor_mapping(vendor_id=submission.vendor_id,
                                        report_type=report_type)
            for report_type in sorted(report_types)}


def _confirmed_cases(submission: Submission) -> list:
    """Wage-theft cases licensing staff confirmed as this vendor's (none without the app)."""
    return confirmed_cases(submission.vendor_id)


def _run_fingerprint(submission: Submission, inputs: CheckInputs) -> str:
    """What a run depends on: the file, the standards' data, the vendor's column mapping,
    the wage-theft cases confirmed as the vendor's and the schedule's version."""
    cases = sorted(f"{c.source}:{c.case_id}:{c.confirmed_at.isoformat()}"
                   for c in inputs.cases)
    payload = json.dumps({"file": submission.checksum, "standards": submission.standards,
                          "data": _standards_fingerprint(inputs.standards),
                          "mappings": inputs.mappings, "cases": cases,
                          "schedule": getattr(inputs.schedule, "checksum", None),
                          "pay_period_end": submission.pay_period_end.isoformat()
                          if submission.pay_period_end else None,
                          "period_end": submission.period_end.isoformat()
                          if submission.period_end else None}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _schedule_version(submission: Submission) -> WageScheduleVersion | None:
    """The version of the contract's prevailing wage schedule this report is checked against,
    when one of its standards takes its rates from a schedule."""
    if not any(get_standard(code).schedule for code in submission.standards):
        return None
    return schedule_version_for(contract=submission.contract,
                                period_end=submission.period_end)


def _set_progress(submission_id: int, progress: int, **fields) -> None:
    Submission.objects.filter(pk=submission_id).update(progress=progress, **fields)




class TransientCheckError(Exception):
    """The database was briefly unreachable: the task retries with backoff."""


def submission_check(*, submission_id: int, final_attempt: bool = True) -> Submission:
    """Check a stored submission and store the run. Idempotent: the same file against the same
    standards data is stored once, however often the task runs (a redelivered task included).
    Issues and findings are written in one transaction with the run, so a crash leaves none.

    A transient database error is raised as TransientCheckError for the task to retry (marked
    failed only on the `final_attempt`); any other error marks the submission failed with a
    message for the vendor, once, and is not retried."""
    submission = Submission.objects.get(pk=submission_id)
    try:
        inputs = _inputs(submission)
        fingerprint = _run_fingerprint(submission, inputs)
        if submission.runs.filter(fingerprint=fingerprint).exists():
            return submission
        if not submission.file:
            # Purged (refused, retention, a full SSN): nothing left to check; the last run
            # and the status stand.
            logger.info("submission %s: no file left to check", submission_id)
            return submission
        _set_progress(submission_id, 10, status=SubmissionStatus.PROCESSING)
        with submission.file.open("rb") as stored:
            content = stored.read()
        _set_progress(submission_id, 30)
        checked = _check(content, submission, inputs)
        _set_progress(submission_id, 80)
        if checked.macro_free is not None:
            _replace_file(submission, checked.macro_free)
        proposed = _proposed_period(submission, checked.report)
        if proposed is not None:
            # The run is what a check for that period gives: a later check with the period
            # now set is the same run.
            submission.period_end = proposed
            schedule = _schedule_version(submission)
            if schedule != inputs.schedule:
                # The period falls after an anniversary: its schedule is another version.
                inputs = inputs._replace(schedule=schedule)
                checked = _check(content, submission, inputs)
            fingerprint = _run_fingerprint(submission, inputs)
        _store_run(submission, fingerprint, checked.report, checked.evidence,
                   proposed_period=proposed)
        if checked.refused:
            code = checked.report.issues[0].code
            _purge_file(submission, reason=f"refused unread ({code})",
                        after={"checksum": submission.checksum})
        elif any(issue.code == Code.FULL_SSN for issue in checked.report.issues):
            _purge_file(submission, reason="the file holds a full Social Security number")
    except TRANSIENT_ERRORS as error:
        retry_or_fail(error, final_attempt=final_attempt, retry_as=TransientCheckError,
                      fail=lambda message: _mark_failed(submission_id, message),
                      message=_("GoodBid could not reach its database to check this file. "
                                "Please upload it again in a few minutes."),
                      what=f"checking submission {submission_id}")
    except SoftTimeLimitExceeded:
        _mark_failed(submission_id, _("Checking this file took too long. Split it into "
                                      "smaller files (for example one per month) and upload "
                                      "them again."))
    except Exception:
        logger.exception("checking submission %s failed", submission_id)
        _mark_failed(submission_id, _("GoodBid could not check this file because of a fault "
                                      "on our side. The city's team has been told; you can "
                                      "upload it again later."))
    submission.refresh_from_db()
    return submission


def _proposed_period(submission: Submission, report: CheckReport) -> dt.date | None:
    """The reporting period the file's pay dates propose, for a contract's report filed
    without one (the upload form's default: follow the file)."""
    period = report.reporting_period
    if submission.period_end is not None or not period or not period.get("end"):
        return None
    return dt.date.fromisoformat(period["end"])


def _reporting_periods(submission: Submission) -> ReportingPeriods | None:
    if submission.contract is None:
        return None
    return ReportingPeriods(tuple(contract_periods(contract=submission.contract,
                                                   report_type=submission.report_type)),
                            submission.period_end)


def _mark_failed(submission_id: int, message: str) -> None:
    with transaction.atomic():
        Submission.objects.filter(pk=submission_id).update(
            status=SubmissionStatus.FAILED, progress=100, error_message=message,
            checked_at=timezone.now())
        submission = Submission.objects.get(pk=submission_id)
        audit_record(actor=None, action="submission.check-failed", obj=submission,
                     after={"status": SubmissionStatus.FAILED, "message": message})


class Checked(NamedTuple):
    report: CheckReport
    evidence: dict
    refused: bool = False  # the file itself was refused (not a spreadsheet, hostile, damaged)
    macro_free: bytes | None = None  # the workbook to keep in place of one with macros


def _check(content: bytes, submission: Submission, inputs: CheckInputs) -> Checked:
    standards = inputs.standards
    try:
        raw = read_table(content, submission.original_filename)
        macro_free = macros_removed(content, submission.original_filename)
    except ImportRejected as rejection:
        return Checked(CheckReport(issues=rejection.issues, rejected=True,
                                   issue_counts={i.code: 1 for i in rejection.issues}), {},
                       refused=True)
    mappings = inputs.mappings
    report_type = standards[0].report_type
    version = inputs.schedule
    report = check_table(raw, standards, mappings, period_end=submission.pay_period_end,
                         periods=_reporting_periods(submission),
                         schedule=schedule_of(version) if version is not None else None,
                         with_evidence=True)
    # A confirmed wage-theft history is a notice for the officer on every report the vendor
    # files; never an automatic denial.
    report.findings.extend(wage_theft_findings(inputs.cases))
    evidence = {**report.evidence,
                "columns": _columns_to_map(raw, report_type, mappings.get(report_type))}
    return Checked(report, evidence, macro_free=macro_free)


def _replace_file(submission: Submission, content: bytes) -> None:
    """Keep `content` (the upload without its macros) in place of the stored file."""
    storage = submission.file.storage
    old = submission.file.name
    new = storage.save(old, ContentFile(content))
    try:
        with transaction.atomic():
            if not Submission.objects.filter(pk=submission.pk, file=old).update(
                    file=new, size=len(content)):
                storage.delete(new)  # a concurrent check of the same upload got here first
                return
            audit_record(actor=None, action="submission.macros-removed", obj=submission,
                         before={"file": old}, after={"file": new})
    except BaseException:
        storage.delete(new)
        raise
    storage.delete(old)
    submission.file.name = new


def _columns_to_map(raw, report_type: str, mapping: dict[str, str] | None) -> dict:
    """Every column of every table in the file with what GoodBid reads it as, the fields
    still missing, and what a column can be matched to: the vendor's "Match your columns"."""
    columns, missing = column_choices(raw, report_type, mapping)
    choices = mapping_choices(report_type)
    labels = dict((key, label) for key, label, _required in choices)
    return {"report_type": report_type,
            "unplaced": [c.header for c in columns if c.placed is None],
            "missing": [{"name": f.name, "label": f.label} for f in missing],
            "fields": [{"name": key, "label": label, "required": required}
                       for key, label, required in choices],
            "columns": [{"sheet": c.sheet, "letter": c.letter, "header": c.header,
                         "placed": c.placed, "placed_label": labels.get(c.placed, ""),
                         "examples": list(c.examples)} for c in columns]}


def _store_run(submission: Submission, fingerprint: str, checked: CheckReport,
               evidence: dict, *, proposed_period: dt.date | None = None) -> EvaluationRun:
    """Store the run: its findings once, in their own file (procurement.services.findings,
    the table the rules built), and its JSON with the counts, summaries and the first page
    of findings."""
    report = checked.to_dict(findings_limit=FIRST_PAGE)
    table = checked.findings.table()
    severities = Counter(table.column("severity").to_pandas().value_counts().to_dict())
    stored = findings_store(table) if table.num_rows else ""
    del table
    rows = ""
    try:
        rows = rows_store(checked.workforce_rows)
        with transaction.atomic():
            run = _create_run(submission, fingerprint, report, evidence, stored, severities,
                              proposed_period, rows)
    except BaseException:
        findings_discard(stored)
        rows_discard(rows)
        raise
    if run.findings_file != stored:  # a concurrent delivery of the same task got here first
        findings_discard(stored)
    if run.rows_file != rows:
        rows_discard(rows)
    return run


def _create_run(submission: Submission, fingerprint: str, report: dict, evidence: dict,
                stored: str, severities: Counter, proposed_period: dt.date | None,
                rows: str = "") -> EvaluationRun:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    existing = locked.runs.filter(fingerprint=fingerprint).first()
    if existing is not None:
        return existing
    number = (locked.runs.aggregate(n=Max("number"))["n"] or 0) + 1
    run = EvaluationRun.objects.create(
        submission=locked, number=number, fingerprint=fingerprint, report=report,
        findings_file=stored, rows_file=rows, evidence=evidence,
        valid=report["valid"], rejected=report["rejected"], rows_read=report["rows_read"],
        rows_accepted=report["rows_accepted"],
        violation_count=severities["violation"], shortfall_count=severities["shortfall"],
        notice_count=severities["notice"],
        issue_count=sum(report.get("issue_counts", {}).values()) or len(report["issues"]),
    )
    before = locked.status
    fields = {"current_run": run, "progress": 100, "checked_at": timezone.now(),
              "error_message": ""}
    if locked.status in (SubmissionStatus.RECEIVED, SubmissionStatus.PROCESSING,
                         SubmissionStatus.FAILED):
        fields["status"] = SubmissionStatus.CHECKED
    if proposed_period is not None and locked.period_end is None:
        fields["period_end"] = proposed_period
        audit_record(actor=None, action="submission.period-proposed", obj=locked,
                     before={"period_end": None},
                     after={"period_end": proposed_period.isoformat(),
                            "pay_dates": report.get("pay_dates")})
    Submission.objects.filter(pk=locked.pk).update(**fields)
    audit_record(actor=None, action="submission.checked", obj=locked,
                 before={"status": before},
                 after={"status": fields.get("status", before), "run": number,
                        "valid": run.valid, "violations": run.violation_count,
                        "shortfalls": run.shortfall_count, "notices": run.notice_count,
                        "issues": run.issue_count})
    return run


def submission_recheck(*, submission: Submission, acting_user: AbstractBaseUser) -> Submission:
    """Queue the check again. A new run is stored only if something it depends on changed
    (the standards' data, the vendor's column mapping, confirmed wage-theft cases)."""
    _refuse_without_file(submission)
    with transaction.atomic():
        audit_record(actor=acting_user, action="submission.recheck-requested", obj=submission,
                     after={"status": submission.status})
        transaction.on_commit(lambda: _enqueue_check(submission.pk))
    return submission


def _refuse_without_file(submission: Submission) -> None:
    if not submission.file:
        raise ServiceError("submission.file-deleted",
                           _("The file of this report was deleted (GoodBid keeps no file it "
                             "refused, and deletes uploads after the retention period), so it "
                             "cannot be checked again. Upload the file again."), status=409)


def submission_pay_period_set(*, submission: Submission, acting_user: AbstractBaseUser,
                              period_end: dt.date) -> Submission:
    """The vendor says which pay period a file that does not say covers; the file is checked
    again with it (and its corrections keep it)."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
        if locked.vendor_id != _vendor_id_of(acting_user):
            raise ServiceError("submission.not-found", _("No such submission."), status=404)
        _refuse_without_file(locked)
        if locked.status not in (SubmissionStatus.CHECKED, SubmissionStatus.FAILED,
                                 SubmissionStatus.RECEIVED, SubmissionStatus.PROCESSING):
            raise ServiceError("submission.pay-period-locked",
                               _("This report was signed or replaced: upload a corrected "
                                 "version instead."), status=409)
        before = locked.pay_period_end
        locked.pay_period_end = period_end
        locked.save(update_fields=["pay_period_end"])
        audit_record(actor=acting_user, action="submission.pay-period-set", obj=locked,
                     before={"pay_period_end": before.isoformat() if before else None},
                     after={"pay_period_end": period_end.isoformat()})
        transaction.on_commit(lambda: _enqueue_check(locked.pk))
    return locked


UNSIGNED = (SubmissionStatus.CHECKED, SubmissionStatus.FAILED, SubmissionStatus.RECEIVED,
            SubmissionStatus.PROCESSING)


def submission_period_set(*, submission: Submission, acting_user: AbstractBaseUser,
                          period_end: dt.date) -> Submission:
    """Say which of its contract's reporting periods a report is for: the vendor for a
    report not yet signed, an officer for a signed one (audited either way). The report is
    checked again, so rows outside the period are told."""
    scope = user_scope(acting_user)
    with transaction.atomic():
        locked = Submission.objects.select_for_update(of=("self",)) \
            .select_related("contract").get(pk=submission.pk)
        if locked.contract is None:
            raise ServiceError("submission.no-contract",
                               _("A check without a contract has no reporting period."),
                               status=409)
        if scope.role == Role.VENDOR:
            if locked.vendor_id != scope.vendor_id:
                raise ServiceError("submission.not-found", _("No such submission."),
                                   status=404)
            if locked.status not in UNSIGNED:
                raise ServiceError("submission.period-locked",
                                   _("This report is signed: ask the city's officer to change "
                                     "its period, or upload a corrected version."),
                                   status=409)
        elif scope.role == Role.ADMIN or (scope.role == Role.OFFICER
                                           and locked.jurisdiction_id == scope.jurisdiction_id):
            if locked.status not in SIGNED_STATUSES:
                raise ServiceError("submission.period-not-signed",
                                   _("Only the vendor changes the period of a report it has "
                                     "not signed."), status=409)
        else:
            raise ServiceError("submission.not-found", _("No such submission."), status=404)
        ends = {end for _start, end in contract_periods(contract=locked.contract,
                                                        report_type=locked.report_type)}
        if period_end not in ends:
            raise ServiceError("submission.not-a-period",
                               _("%(day)s does not end a reporting period of this contract.")
                               % {"day": period_end.isoformat()})
        before = locked.period_end
        if before == period_end:
            return locked
        locked.period_end = period_end
        locked.save(update_fields=["period_end"])
        audit_record(actor=acting_user, action="submission.period-changed", obj=locked,
                     before={"period_end": before.isoformat() if before else None},
                     after={"period_end": period_end.isoformat()})
        if locked.file:
            transaction.on_commit(lambda: _enqueue_check(locked.pk))
    return locked


def _in_another_period(run: EvaluationRun) -> bool:
    """Whether the run found most of the file in another reporting period (a run stored
    before that had its own code said so with an error `period.outside`)."""
    return any(issue["code"] == Code.OTHER_PERIOD
               or (issue["code"] == Code.PERIOD_OUTSIDE and issue["severity"] == "error")
               for issue in run.report.get("issues", []))


# The sentence the signer reads on the page (the same msgid as the template's), stored in
# the language it was read in.
ATTESTATION_STATEMENT = gettext_noop(
    "I certify that this report is true and complete, that it covers every worker on this "
    "contract for the period, and that I am authorised to sign for %(vendor)s.")


def submission_attest(*, submission: Submission, acting_user: AbstractBaseUser, name: str,
                      title: str, acknowledged: bool = False) -> Submission:
    """The vendor signs the checked report and submits it for officer review. A report with
    violations, or with back pay not yet shown paid (found in any version), is signed only
    with `acknowledged`: the signer has read how many there are and how much is owed."""
    name, title = name.strip(), title.strip()
    if not name or not title:
        raise ServiceError("attestation.incomplete",
                           _("Type your full name and your job title to sign the report."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update(of=("self",)) \
            .select_related("current_run", "vendor") \
            .get(pk=submission.pk)
        if locked.vendor_id != _vendor_id_of(acting_user):
            raise ServiceError("submission.not-found", _("No such submission."), status=404)
        if locked.status not in ATTESTABLE:
            raise ServiceError("attestation.not-allowed",
                               _("Only a checked report can be signed; this one is '%(status)s'.")
                               % {"status": locked.get_status_display()}, status=409)
        if locked.contract_id is not None and locked.period_end is None:
            raise ServiceError("attestation.no-period",
                               _("Choose the reporting period this report is for before "
                                 "signing it."), status=409)
        run = locked.current_run
        if run is not None and not run.valid and _in_another_period(run):
            raise ServiceError("attestation.wrong-period",
                               _("Most rows of this report are in another reporting period: "
                                 "change the report's period (the page offers the right one) "
                                 "before signing."), status=409)
        if run is None or not run.valid:
            raise ServiceError("attestation.file-has-errors",
                               _("Fix the problems in the file and upload it again before "
                                 "signing: the city cannot review rows it could not read."),
                               status=409)
        if not acknowledged:
            from procurement.services.remedy import back_pay_ledger

            outstanding = back_pay_ledger(submission=locked).outstanding
            if run.violation_count:
                raise ServiceError(
                    "attestation.violations-not-acknowledged",
                    (_("This report shows %(count)d violations and %(owed)s of back pay not "
                       "yet shown paid. Tick the box that says you have read this to sign "
                       "it; the city will ask to see the back pay paid.") if outstanding else
                     _("This report shows %(count)d violations. Tick the box that says you "
                       "have read this to sign it."))
                    % {"count": run.violation_count, "owed": money(outstanding)}, status=409)
            if outstanding:
                raise ServiceError(
                    "attestation.violations-not-acknowledged",
                    _("%(owed)s of back pay found in earlier versions of this report is not "
                      "yet shown paid. Tick the box that says you have read this to sign it; "
                      "the city will ask to see it paid.") % {"owed": money(outstanding)},
                    status=409)
        locked.attested_by = acting_user
        locked.attested_name, locked.attested_title = name, title
        locked.attestation_statement = _(ATTESTATION_STATEMENT) % {
            "vendor": str(locked.vendor)}
        locked.attested_at = timezone.now()
        locked.status = SubmissionStatus.SUBMITTED
        locked.save(update_fields=["attested_by", "attested_name", "attested_title",
                                   "attestation_statement", "attested_at", "status"])
        audit_record(actor=acting_user, action="submission.attested", obj=locked,
                     before={"status": SubmissionStatus.CHECKED},
                     after={"status": locked.status, "name": name, "title": title})
    return locked


def _purge_file(submission: Submission, *, reason: str,
                after: dict | None = None) -> None:
    """Delete the stored upload; the submission, its runs and the audit trail stay."""
    name = submission.file.name
    storage = submission.file.storage
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(file="",
                                                           file_purged_at=timezone.now())
        audit_record(actor=None, action="submission.file-purged", obj=submission,
                     before={"file": name}, after={"file": None, "reason": reason,
                                                   **(after or {})})
        transaction.on_commit(lambda: storage.delete(name))


def submission_uploads_purge(*, older_than_days: int) -> int:
    """Delete raw uploads past the retention period. Runs, findings and the audit trail stay;
    the submission records when its file was purged."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    purged = 0
    expired = Submission.objects.filter(created_at__lt=cutoff, file_purged_at__isnull=True) \
        .exclude(file="").only("pk", "file", "vendor_id", "jurisdiction_id")
    for submission in expired.iterator():
        _purge_file(submission, reason="retention period over",
                    after={"retention_days": older_than_days})
        purged += 1
    return purged


UPLOAD_DIR = "submissions"


def _stored_names(storage, directory: str):
    directories, files = storage.listdir(directory)
    for name in files:
        yield f"{directory}/{name}"
    for child in directories:
        yield from _stored_names(storage, f"{directory}/{child}")


def stray_uploads_remove(*, older_than: dt.timedelta, dry_run: bool = False) -> list[str]:
    """Delete stored uploads that no submission refers to (left by a process that died
    between storing a file and committing its row). Files younger than `older_than` are left
    alone: their upload may still be committing."""
    storage = Submission.file.field.storage
    try:
        names = list(_stored_names(storage, UPLOAD_DIR))
    except FileNotFoundError:
        return []
    cutoff = timezone.now() - older_than
    known: set[str] = set()
    strays = []
    for start in range(0, len(names), 500):
        batch = names[start:start + 500]
        known.update(Submission.objects.filter(file__in=batch).values_list("file", flat=True))
        for name in batch:
            if name not in known and storage.get_modified_time(name) < cutoff:
                strays.append(name)
    if not dry_run:
        for name in strays:
            storage.delete(name)
            logger.info("removed stray upload %s", name)
    return strays
