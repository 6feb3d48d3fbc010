"""The licensing API's request and response shapes: every response is typed, none a bare
object (tests/licensing/test_api_contract.py reads the OpenAPI to keep it so)."""

from __future__ import annotations

from ninja import Field, Schema

from procurement.schemas import Id, Text


class ScreenIn(Schema):
    name: Text(300)
    other_name: Text(300) = ""
    street: Text(300) = ""
    city: Text(120) = ""
    state: Text(30) = ""
    zip_code: Text(10) = ""
    vendor_id: Id | None = None


class DecisionIn(Schema):
    record_id: Id
    verdict: Text(10)
    name: Text(300) = ""
    state: Text(30) = ""
    zip_code: Text(10) = ""
    vendor_id: Id | None = None
    note: Text(10_000) = ""
    score: int | None = Field(None, ge=0, le=100)


class BusinessQueryOut(Schema):
    name: str
    other_name: str
    street: str
    city: str
    state: str
    zip_code: str


class ReasonOut(Schema):
    """One piece of evidence: the name (how alike, 0-100) or a place field, agreeing or not."""
    field: str
    agrees: bool
    detail: str | None = None
    similarity: int | None = None


class ProvenanceOut(Schema):
    file_checksum: str
    row: int


class CaseOut(Schema):
    """A wage-theft record as a reviewer judges it (money as decimal strings)."""
    record_id: int
    source: str
    case_id: str
    source_label: str
    clean: bool
    outcome: str
    employer_name: str
    trade_name: str
    legal_name: str
    street: str
    city: str
    state: str
    zip_code: str
    industry: str
    findings_start: str | None
    findings_end: str | None
    case_date: str | None
    back_wages: str
    employees_owed: int | None
    employees_violated: int | None
    penalties: str
    violation_count: int | None
    violations_by_statute: dict[str, int]
    repeat_or_willful: str | None
    provenance: ProvenanceOut


class EarlierDecisionOut(Schema):
    """A decision taken for the same business under another spelling."""
    name: str
    decided_by: str
    decided_at: str


class CandidateOut(Schema):
    score: int
    offered: bool
    reasons: list[ReasonOut]
    why: str
    decision: str | None
    decided_earlier: EarlierDecisionOut | None
    case: CaseOut


class ScreeningOut(Schema):
    subject_key: str
    query: BusinessQueryOut
    candidates: list[CandidateOut]
    previously_rejected: int


class FlagOut(Schema):
    """The licensing-review flag of a business with a confirmed wage-theft history."""
    case_count: int
    most_recent_case: CaseOut
    total_back_wages: str
    total_penalties: str
    repeat_or_willful: str | None


class DecisionOut(Schema):
    id: int
    subject_key: str
    record_id: int
    verdict: str
    flag: FlagOut | None


class BatchLineOut(Schema):
    """One report line: the row of the list, and one candidate record (or none)."""
    row: int
    input_name: str
    input_other_name: str
    input_street: str
    input_city: str
    input_state: str
    input_zip_code: str
    rank: int | None
    score: int | None
    offered: str | None
    reasons: str | None
    outcome: str | None
    decision: str | None
    source: str | None
    case_id: str | None
    employer_name: str | None
    address: str | None
    findings_start: str | None
    findings_end: str | None
    case_date: str | None
    back_wages: str | None
    employees_owed: int | None
    penalties: str | None
    repeat_or_willful: str | None


class BatchReportOut(Schema):
    filename: str
    columns: dict[str, str]
    rows_screened: int
    rows_with_candidates: int
    rows_without_name: int
    rows_without_name_sample: list[int]
    lines: list[BatchLineOut]


class BatchOut(Schema):
    """A list screened in the background: poll `status_url` until `status` is done (then
    `report` is there) or failed (then `message` says why)."""
    token: str
    status: str
    progress: int
    rows_done: int
    rows_total: int
    message: str | None
    status_url: str
    report: BatchReportOut | None
