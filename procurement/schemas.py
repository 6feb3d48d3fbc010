"""API schemas. Field lists are explicit: nothing is exposed by default."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import StringConstraints

from procurement.i18n import localise_report

# What a database column holds: an id is a positive 64-bit integer, a text has its column's
# length. A request outside them is a 422 with the field named, never a database error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def Text(max_length: int):  # noqa: N802 (a type, spelt as one)
    return Annotated[str, StringConstraints(max_length=max_length)]


I18N = ("Each sentence's message id and values: message (and hint or remedy) -> {id, "
        "params}. The text fields are already in the request's language (Accept-Language); "
        "a client with its own catalogue can translate the id itself.")


class ErrorOut(Schema):
    code: str
    message: str
    detail: object | None = None


class IssueOut(Schema):
    code: str
    severity: str
    sheet: str | None
    row: int | None
    column: str | None
    column_letter: str | None
    value: str | None
    message: str
    hint: str
    i18n: dict[str, object] = Field(default={}, description=I18N)


class FindingOut(Schema):
    code: str
    rule: str
    rule_version: str
    standard: str
    standard_version: str
    source: str
    severity: str
    scope: dict[str, str]
    observed: str
    expected: str
    unit: str
    rows: list[int]
    row_count: int
    message: str
    remedy: str
    figures: dict[str, str]
    i18n: dict[str, object] = Field(default={}, description=I18N)


class StandardAppliedOut(Schema):
    code: str
    version: str
    effective_from: str
    source: str


class LayoutOut(Schema):
    """The payroll system's export the file was read as."""

    code: str
    label: str
    system: str
    source: str


class FactOut(Schema):
    """A fact read outside the table (the pay period in a title row, the employer in a form's
    header block), or given by the vendor."""

    name: str
    value: str
    text: str
    sheet: str | None = None
    row: int | None = None
    column_letter: str | None = None
    source: str
    label: str = ""


class BackPayOut(Schema):
    back_pay: str = Field(description="Back pay owed across the findings, in dollars.")
    overtime_back_pay: str = Field(description="Overtime premium owed on underpaid rates, "
                                               "reported beside the back pay.")


class ReportOut(Schema):
    valid: bool
    rows_read: int
    rows_accepted: int
    issues: list[IssueOut]
    findings: list[FindingOut]
    standards_applied: list[StandardAppliedOut]
    rejected: bool
    issue_counts: dict[str, int]
    sheet: str | None
    header_row: int | None
    layout: LayoutOut | None = None
    facts: list[FactOut] = []
    back_pay: BackPayOut | None = None


class SubmissionCreatedOut(Schema):
    id: int
    status: str
    url: str


class SubmissionOut(Schema):
    id: int
    vendor: str
    status: str
    state: str = Field(description="what the report is, as pages and e-mail say it: "
                                   "checking, unreadable, problems, violations, "
                                   "no_violations, submitted, correction_requested, "
                                   "accepted, waived or superseded")
    status_text: str = Field(description="`state` in words, in the reader's language")
    progress: int
    standards: list[str]
    report_type: str
    contract_id: int | None
    period_end: dt.date | None
    version: int
    supersedes: int | None
    filename: str
    checksum: str
    created_at: dt.datetime
    checked_at: dt.datetime | None
    attested_at: dt.datetime | None
    attested_name: str | None
    attested_title: str | None
    error: str | None
    run: int | None
    report: ReportOut | None


class SubmissionSummaryOut(Schema):
    id: int
    status: str
    state: str = Field(description="what the report is, as pages and e-mail say it: "
                                   "checking, unreadable, problems, violations, "
                                   "no_violations, submitted, correction_requested, "
                                   "accepted, waived or superseded")
    status_text: str = Field(description="`state` in words, in the reader's language")
    filename: str
    created_at: dt.datetime
    version: int
    contract_id: int | None
    period_end: dt.date | None
    vendor: str
    violations: int | None
    shortfalls: int | None
    notices: int | None


class ParameterOut(Schema):
    value: object
    unit: str
    note: str


class StandardVersionOut(Schema):
    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    parameters: dict[str, ParameterOut]


class StandardOut(Schema):
    code: str
    title: str
    jurisdiction: str
    program: str
    report_type: str
    rules: list[str]
    versions: list[StandardVersionOut]


class ContractOut(Schema):
    id: int
    number: str
    title: str
    jurisdiction: str
    vendor: str
    kind: str
    value: str
    standards: list[str]
    report_type: str
    cadence: str
    trades: list[str]
    starts_on: dt.date
    ends_on: dt.date


class PeriodOut(Schema):
    """A reporting period that has ended and what decides its status: filed only when a signed
    report covering it was submitted."""
    period_end: dt.date
    due_date: dt.date
    status: str = Field(description="due, overdue, draft, correction_requested, filed, "
                                    "accepted or waived")
    overdue: bool
    submission_id: int | None = Field(description="the submission that decides the status")
    submission_status: str | None


class ContractDetailOut(ContractOut):
    periods: list[PeriodOut] = Field(description="every reporting period that has ended, "
                                                 "newest first")


class AttestIn(Schema):
    name: Text(200)
    title: Text(200)


class ReviewIn(Schema):
    decision: Text(30)
    note: Text(10_000) = ""
    reason_code: Text(40) = ""
    due_date: dt.date | None = None


class ReviewOut(Schema):
    id: int
    submission_id: int
    decision: str
    reason_code: str
    note: str
    due_date: dt.date | None
    decided_by: str
    decided_at: dt.datetime


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str | None
    action: str
    object_type: str
    object_id: str
    before: dict | None
    after: dict | None


class ColumnMappingIn(Schema):
    report_type: Text(40)
    mapping: dict[Text(200), Text(60)] = Field(max_length=500)


class FieldRefOut(Schema):
    name: str
    label: str
    required: bool = True


class FileColumnOut(Schema):
    sheet: str | None = None
    letter: str
    header: str
    placed: str | None = None  # what GoodBid reads the column as (a field or "kind:measure")
    placed_label: str = ""
    examples: list[str] = []


class ColumnsToMapOut(Schema):
    report_type: str
    unplaced: list[str]
    missing: list[FieldRefOut]
    fields: list[FieldRefOut]
    columns: list[FileColumnOut] = []


class PayPeriodIn(Schema):
    period_end: dt.date


class ColumnMappingOut(Schema):
    report_type: str
    header: str
    field: str


class CategoryShareOut(Schema):
    category: str
    share: float | None
    suppressed: bool
    reason: str | None  # why it is hidden, the same words for every hidden cell


class TradeSummaryOut(Schema):
    trade: str
    workers: int | None
    hours: float | None
    suppressed: bool
    reason: str | None
    categories: list[CategoryShareOut]


class WorkforceSummaryOut(Schema):
    jurisdiction: str
    threshold: int
    min_contractors: int
    trades: list[TradeSummaryOut]


def contract_out(contract) -> dict:
    return {
        "id": contract.pk, "number": contract.number, "title": contract.title,
        "jurisdiction": contract.jurisdiction.code, "vendor": contract.vendor.legal_name,
        "kind": contract.kind, "value": f"{contract.value:.2f}",
        "standards": contract.standards, "report_type": contract.report_type,
        "cadence": contract.cadence, "trades": contract.trades,
        "starts_on": contract.starts_on, "ends_on": contract.ends_on,
    }


def period_out(period) -> dict:
    return {"period_end": period.period_end, "due_date": period.due_date,
            "status": period.status, "overdue": period.overdue,
            "submission_id": period.submission.pk if period.submission else None,
            "submission_status": period.submission.status if period.submission else None}


def submission_summary_out(submission) -> dict:
    run = submission.current_run
    return {
        "id": submission.pk, "status": submission.status, "state": submission.state,
        "status_text": submission.status_text, "filename": submission.original_filename,
        "created_at": submission.created_at, "version": submission.version,
        "contract_id": submission.contract_id, "period_end": submission.period_end,
        "vendor": submission.vendor.legal_name,
        "violations": run.violation_count if run else None,
        "shortfalls": run.shortfall_count if run else None,
        "notices": run.notice_count if run else None,
    }


def submission_out(submission) -> dict:
    run = submission.current_run
    return {
        "id": submission.pk,
        "vendor": submission.vendor.legal_name,
        "status": submission.status,
        "state": submission.state,
        "status_text": submission.status_text,
        "progress": submission.progress,
        "standards": submission.standards,
        "report_type": submission.report_type,
        "contract_id": submission.contract_id,
        "period_end": submission.period_end,
        "version": submission.version,
        "supersedes": submission.supersedes_id,
        "filename": submission.original_filename,
        "checksum": submission.checksum,
        "created_at": submission.created_at,
        "checked_at": submission.checked_at,
        "attested_at": submission.attested_at,
        "attested_name": submission.attested_name or None,
        "attested_title": submission.attested_title or None,
        # Stored in the worker's English; the message is its own msgid.
        "error": gettext(submission.error_message) if submission.error_message else None,
        "run": run.number if run else None,
        "report": localise_report(run.report) if run else None,
    }


def review_out(review) -> dict:
    return {
        "id": review.pk, "submission_id": review.submission_id, "decision": review.decision,
        "reason_code": review.reason_code, "note": review.note, "due_date": review.due_date,
        "decided_by": review.decided_by.get_username(), "decided_at": review.decided_at,
    }
