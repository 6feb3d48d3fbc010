"""API schemas. Field lists are explicit: nothing is exposed by default."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import StringConstraints

from procurement.i18n import localise_report
from procurement.selectors import contract_report_kinds
from procurement.services.findings import FIRST_PAGE
from procurement.services.remedy import back_pay_ledger

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


class PayDatesOut(Schema):
    first: dt.date = Field(description="the first pay period end among the file's rows")
    last: dt.date = Field(description="the last pay period end among the file's rows")


class ReportingPeriodOut(Schema):
    start: dt.date | None
    end: dt.date | None = Field(description="the reporting period the report is for (None: "
                                            "the file's pay dates are in none of the "
                                            "contract's periods)")
    proposed: bool = Field(description="proposed from the file's pay dates (the report was "
                                       "uploaded without a period)")
    best_end: dt.date | None = Field(description="the period most of the file's rows are in")


class ReportWorkerBackPayOut(Schema):
    worker: str
    standard: str | None = Field(None, description="the standard the back pay is owed under")
    back_pay: str
    rows: int | None = Field(None, description="the payroll rows behind it")
    periods: list[dt.date]


class BackPayLineOut(Schema):
    worker: str
    amount: str
    rows: list[int]


class ReportOut(Schema):
    valid: bool
    rows_read: int
    rows_accepted: int
    issues: list[IssueOut]
    findings: list[FindingOut] = Field(description="the first page of findings (200): "
                                                   "GET /api/submissions/{id}/findings?offset= "
                                                   "gives every one, a page at a time")
    findings_total: int = Field(0, description="how many findings the check found")
    standards_applied: list[StandardAppliedOut]
    rejected: bool
    issue_counts: dict[str, int]
    sheet: str | None
    header_row: int | None
    layout: LayoutOut | None = None
    facts: list[FactOut] = []
    back_pay: BackPayOut | None = None
    pay_dates: PayDatesOut | None = None
    reporting_period: ReportingPeriodOut | None = None
    total_back_pay: str | None = Field(None, description="back pay and overtime premium the "
                                                         "findings owe, in dollars")
    back_pay_by_worker: list[ReportWorkerBackPayOut] = Field(
        [], description="back pay per worker and standard, the first 200 this check found "
                        "(the `back_pay` ledger and the exports have every worker)")
    back_pay_workers_total: int | None = None
    back_pay_paid: list[BackPayLineOut] = Field(
        [], description="back pay the payroll itself shows paid: its back-pay lines (\"Retro "
                        "pay\", \"Back wages\") per worker")
    paid_vs_required: list[dict[str, str | int | bool | None]] = Field(
        [], description="for a certified payroll checked against a prevailing wage schedule: "
                        "per classification, the schedule's base, fringe and required rate, "
                        "the workers, hours, lowest rate paid, lines below the rate and back "
                        "pay")


class SubmissionCreatedOut(Schema):
    id: int
    status: str
    url: str


class WorkerBackPayOut(Schema):
    worker: str
    periods: list[dt.date]
    back_pay: str = Field(description="owed over every version of the report, in dollars")
    shown_paid: str = Field(description="by back-pay lines in the payroll and payments the "
                                        "city confirmed")
    recorded: str = Field(description="payments recorded, not yet confirmed by the city")
    outstanding: str
    state: str = Field(description="paid, waiting (recorded payments cover it) or owed")


class LedgerOut(Schema):
    total_back_pay: str
    outstanding: str
    workers_total: int = 0
    workers: list[WorkerBackPayOut] = Field(description="the first 200 workers owed back pay "
                                                        "(`workers_total` says how many; the "
                                                        "exports list every one)")


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
    back_pay: LedgerOut | None = Field(
        None, description="the back pay the report owes per worker over all its versions, "
                          "and how much is shown paid")


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


class SubmissionStatusOut(Schema):
    """What a client polls while a report is checked: never the report itself."""
    id: int
    status: str
    state: str
    status_text: str
    progress: int
    error: str | None
    run: int | None
    findings_total: int | None = Field(description="violations, shortfalls and notices "
                                                   "together; GET .../findings pages them")
    violations: int | None
    shortfalls: int | None
    notices: int | None
    issues: int | None


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
    report_types: list[str] = Field(description="every kind of report the contract takes, its "
                                                "own first (give one as `report_type` when "
                                                "uploading)")
    cadence: str
    trades: list[str]
    starts_on: dt.date
    ends_on: dt.date
    schedule: str | None = Field(None, description="the number of the prevailing wage "
                                                   "schedule the contract names")
    awarded_on: dt.date | None = None


class ScheduleVersionOut(Schema):
    modification: int
    effective_from: dt.date
    source: str
    classifications: int
    added_at: dt.datetime


class ScheduleOut(Schema):
    number: str
    kind: str
    title: str
    updates: str = Field(description='"award": the version in force at award applies for the '
                                     'life of the contract; "anniversary": the version in '
                                     'force on each anniversary')
    example: bool = Field(description="made-up figures for training, not a real schedule")
    versions: list[ScheduleVersionOut]


class ClassificationOut(Schema):
    title: str
    base: str
    per: str
    fringe: str | None = Field(None, description="per hour; None when a person computes it")
    fringe_formula: str | None = None
    group: str | None = None
    identifier: str | None = None
    apprentice_steps: list[dict[str, str | None]] = []


class ScheduleDetailOut(ScheduleOut):
    modification: int = Field(description="the version whose classifications are listed")
    classifications: list[ClassificationOut]


class ContractScheduleIn(Schema):
    schedule: str | None = Field(None, description="a schedule's number; null clears it")
    awarded_on: dt.date | None = None


class PeriodOut(Schema):
    """A reporting period that has ended and what decides its status: filed only when a signed
    report covering it was submitted."""
    period_start: dt.date
    period_end: dt.date
    label: str = Field(description='the period in words, in the language asked for '
                                   '("April–June 2025")')
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
    acknowledge_violations: bool = Field(
        False, description="required (true) to sign a report with violations: the signer "
                           "has read how many there are and the back pay not yet shown paid")


class PaymentOut(Schema):
    id: int
    submission_id: int
    worker: str
    amount: str
    paid_on: dt.date
    has_proof: bool
    note: str
    status: str = Field(description="recorded, confirmed or disputed")
    decision_note: str
    recorded_at: dt.datetime


class PaymentDecisionIn(Schema):
    decision: Literal["confirm", "dispute"]
    note: Text(2000) = ""


class ReplyIn(Schema):
    text: Text(5000)


class ReplyOut(Schema):
    id: int
    review_id: int
    submission_id: int
    text: str
    written_at: dt.datetime


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
        "report_types": list(contract_report_kinds(contract=contract)),
        "cadence": contract.cadence, "trades": contract.trades,
        "starts_on": contract.starts_on, "ends_on": contract.ends_on,
        "schedule": contract.wage_schedule.number if contract.wage_schedule_id else None,
        "awarded_on": contract.awarded_on,
    }


def schedule_out(schedule) -> dict:
    return {"number": schedule.number, "kind": schedule.kind, "title": schedule.title,
            "updates": schedule.updates, "example": schedule.example,
            "versions": [{"modification": v.modification, "effective_from": v.effective_from,
                          "source": v.source, "classifications": v.classification_count,
                          "added_at": v.added_at} for v in schedule.versions.all()]}


def classification_out(item) -> dict:
    return {"title": item.title, "base": f"{item.base:.2f}", "per": item.per,
            "fringe": f"{item.fringe.amount:.2f}" if item.fringe.computable else None,
            "fringe_formula": item.fringe.formula, "group": item.group,
            "identifier": item.identifier,
            "apprentice_steps": [{"step": s.step, "percent": f"{s.percent}",
                                  "fringe_percent": None if s.fringe_percent is None
                                  else f"{s.fringe_percent}"} for s in item.apprentice_steps]}


def period_out(period) -> dict:
    return {"period_start": period.period_start, "period_end": period.period_end,
            "label": period.words, "due_date": period.due_date,
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


def submission_status_out(submission) -> dict:
    run = submission.current_run
    counts = (run.violation_count, run.shortfall_count, run.notice_count) if run else None
    return {
        "id": submission.pk, "status": submission.status, "state": submission.state,
        "status_text": submission.status_text, "progress": submission.progress,
        "error": gettext(submission.error_message) if submission.error_message else None,
        "run": run.number if run else None,
        "findings_total": sum(counts) if counts else None,
        "violations": counts[0] if counts else None,
        "shortfalls": counts[1] if counts else None,
        "notices": counts[2] if counts else None,
        "issues": run.issue_count if run else None,
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
        "back_pay": back_pay_ledger(submission=submission).to_dict(workers=FIRST_PAGE)
        if run else None,
    }


def payment_out(payment) -> dict:
    return {"id": payment.pk, "submission_id": payment.submission_id,
            "worker": payment.worker, "amount": str(payment.amount),
            "paid_on": payment.paid_on, "has_proof": bool(payment.proof),
            "note": payment.note, "status": payment.status,
            "decision_note": payment.decision_note, "recorded_at": payment.recorded_at}


def review_out(review) -> dict:
    return {
        "id": review.pk, "submission_id": review.submission_id, "decision": review.decision,
        "reason_code": review.reason_code, "note": review.note, "due_date": review.due_date,
        "decided_by": review.decided_by.get_username(), "decided_at": review.decided_at,
    }
