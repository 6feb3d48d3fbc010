"""Licensing API (/api/licensing): screening one business or a list, candidate decisions and
the review flag.
Licensing staff and administrators only; everyone else is refused (403)."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from procurement.licensing.batch import (
    Batch,
    batch_create,
    batch_get,
    batch_report_get,
    business_list_screen,
)
from procurement.licensing.services import (
    business_screen,
    candidate_decide,
    licensing_flag,
    subject_key_for,
)
from procurement.models import Role
from procurement.schemas import ErrorOut, Id, Text
from procurement.selectors import user_scope
from procurement.services.errors import ServiceError

router = Router(tags=["licensing"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def require_licensing(request: HttpRequest) -> None:
    if user_scope(request.user).role not in (Role.LICENSING, Role.ADMIN):
        raise ServiceError("licensing.forbidden",
                           "Only licensing staff and administrators can screen businesses.",
                           status=403)


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


@router.post("/screen", response={200: dict, **ERRORS})
def screen(request: HttpRequest, body: ScreenIn):
    """Ranked candidate records for one business, each with its score, `offered` (true: offered
    for confirmation; false: listed for reference, or an investigation that found no
    violations), the evidence (`reasons`, and `why` in words), an earlier decision (for this
    business, or `decided_earlier` for the same business under another spelling) and the case
    summary; records rejected earlier for this business are left out."""
    require_licensing(request)
    return business_screen(**body.dict())


@router.post("/decisions", response={201: dict, **ERRORS})
def decide(request: HttpRequest, body: DecisionIn):
    """Confirm or reject a candidate for a business (audited)."""
    require_licensing(request)
    decision = candidate_decide(acting_user=request.user, **body.dict())
    return Status(201, {"id": decision.pk, "subject_key": decision.subject_key,
                        "record_id": decision.record_id, "verdict": decision.verdict,
                        "flag": licensing_flag(subject_key=decision.subject_key)})


@router.get("/vendors/{vendor_id}/flag", response={200: dict | None, **ERRORS})
def vendor_flag(request: HttpRequest, vendor_id: Id):
    """The licensing-review flag from the vendor's confirmed history (null when none)."""
    require_licensing(request)
    return licensing_flag(subject_key=subject_key_for(name="", vendor_id=vendor_id))


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


@router.post("/batch", response={200: BatchReportOut, 413: ErrorOut, **ERRORS})
def batch(request: HttpRequest, file: File[UploadedFile]):
    """Screen an uploaded .xlsx or .csv list of businesses now, in this request (a Name
    column; DBA, Street, City, State and ZIP optional; at most 10,000 rows). `lines` has one
    entry per (row, candidate) and one per row without a candidate, with the same columns as
    the downloadable report. A long list can take longer than a proxy waits: send it to
    POST /batches instead."""
    require_licensing(request)
    return asdict(business_list_screen(upload=file))


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


def _batch_out(batch: Batch) -> dict:
    report = batch_report_get(batch=batch)
    return {"token": batch.token, "status": batch.state, "progress": batch.progress,
            "rows_done": batch.rows_done, "rows_total": batch.rows_total,
            "message": batch.message or None,
            "status_url": f"/api/licensing/batches/{batch.token}",
            "report": asdict(report) if report is not None else None}


@router.post("/batches", response={202: BatchOut, 413: ErrorOut, **ERRORS})
def batch_start(request: HttpRequest, file: File[UploadedFile]):
    """Upload a list to screen in the background (same list format and limits as /batch).
    A file that cannot be screened is refused at once, saying what to fix. Only the uploader
    can read the batch; it is kept for a day."""
    require_licensing(request)
    token = batch_create(upload=file, owner_id=request.user.pk)
    return Status(202, _batch_out(batch_get(token=token, owner_id=request.user.pk)))


@router.get("/batches/{token}", response={200: BatchOut, **ERRORS})
def batch_read(request: HttpRequest, token: str):
    """A batch's status and progress and, once screened, its report."""
    require_licensing(request)
    return _batch_out(batch_get(token=token, owner_id=request.user.pk))
