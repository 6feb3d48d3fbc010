"""API schemas. Field lists are explicit: nothing is exposed by default."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


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


class StandardAppliedOut(Schema):
    code: str
    version: str
    effective_from: str
    source: str


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


class SubmissionCreatedOut(Schema):
    id: int
    status: str
    url: str


class SubmissionOut(Schema):
    id: int
    vendor: str
    status: str
    standards: list[str]
    filename: str
    checksum: str
    created_at: dt.datetime
    checked_at: dt.datetime | None
    error: str | None
    report: ReportOut | None


class SubmissionSummaryOut(Schema):
    id: int
    status: str
    filename: str
    created_at: dt.datetime


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
