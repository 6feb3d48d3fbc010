"""Licensing API (/api/licensing): screening one business or a list, candidate decisions and
the review flag.
Licensing staff and administrators only, checked by the router's authentication for every
endpoint: no credentials is 401, anyone else is refused (403)."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from procurement.api import BasicAuth, SessionAuth, TokenAuth
from procurement.licensing.batch import batch_create, batch_report_get, business_list_screen
from procurement.licensing.models import ScreeningBatch
from procurement.licensing.schemas import (
    BatchOut,
    BatchReportOut,
    DecisionIn,
    DecisionOut,
    FlagOut,
    ScreenIn,
    ScreeningOut,
)
from procurement.licensing.selectors import (
    business_screen,
    licensing_flag,
    screening_batch_get,
    subject_key_for,
)
from procurement.licensing.services import candidate_decide
from procurement.models import Role
from procurement.schemas import ErrorOut, Id
from procurement.selectors import user_scope
from procurement.services.errors import ServiceError

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class LicensingStaffOnly:
    """Authenticates as the rest of the API does, then refuses (403) a user who is neither
    licensing staff nor an administrator; no credentials at all stays a 401."""

    def __call__(self, request: HttpRequest) -> AbstractBaseUser | None:
        user = super().__call__(request)
        if user and user_scope(user).role not in (Role.LICENSING, Role.ADMIN):
            raise ServiceError("licensing.forbidden",
                               "Only licensing staff and administrators can screen "
                               "businesses.", status=403)
        return user


class LicensingTokenAuth(LicensingStaffOnly, TokenAuth):
    pass


class LicensingBasicAuth(LicensingStaffOnly, BasicAuth):
    pass


class LicensingSessionAuth(LicensingStaffOnly, SessionAuth):
    pass


# In the API's order: a machine client's token or password first, a browser's session last.
router = Router(tags=["licensing"],
                auth=[LicensingTokenAuth(), LicensingBasicAuth(), LicensingSessionAuth()])


@router.post("/screen", response={200: ScreeningOut, **ERRORS})
def screen(request: HttpRequest, body: ScreenIn):
    """Ranked candidate records for one business, each with its score, `offered` (true: offered
    for confirmation; false: listed for reference, or an investigation that found no
    violations), the evidence (`reasons`, and `why` in words), an earlier decision (for this
    business, or `decided_earlier` for the same business under another spelling) and the case
    summary; records rejected earlier for this business are left out."""
    return business_screen(**body.dict())


@router.post("/decisions", response={201: DecisionOut, **ERRORS})
def decide(request: HttpRequest, body: DecisionIn):
    """Confirm or reject a candidate for a business (audited)."""
    decision = candidate_decide(acting_user=request.user, **body.dict())
    return Status(201, {"id": decision.pk, "subject_key": decision.subject_key,
                        "record_id": decision.record_id, "verdict": decision.verdict,
                        "flag": licensing_flag(subject_key=decision.subject_key)})


@router.get("/vendors/{vendor_id}/flag", response={200: FlagOut | None, **ERRORS})
def vendor_flag(request: HttpRequest, vendor_id: Id):
    """The licensing-review flag from the vendor's confirmed history (null when none)."""
    return licensing_flag(subject_key=subject_key_for(name="", vendor_id=vendor_id))


@router.post("/batch", response={200: BatchReportOut, 413: ErrorOut, **ERRORS})
def batch(request: HttpRequest, file: File[UploadedFile]):
    """Screen an uploaded .xlsx or .csv list of businesses now, in this request (a Name
    column; DBA, Street, City, State and ZIP optional; at most 10,000 rows). `lines` has one
    entry per (row, candidate) and one per row without a candidate, with the same columns as
    the downloadable report. A long list can take longer than a proxy waits: send it to
    POST /batches instead."""
    return asdict(business_list_screen(upload=file))


def _batch_out(batch: ScreeningBatch) -> dict:
    report = batch_report_get(batch=batch)
    return {"token": batch.token, "status": batch.status, "progress": batch.progress,
            "rows_done": batch.rows_done, "rows_total": batch.rows_total,
            "message": batch.message or None,
            "status_url": f"/api/licensing/batches/{batch.token}",
            "report": asdict(report) if report is not None else None}


@router.post("/batches", response={202: BatchOut, 413: ErrorOut, **ERRORS})
def batch_start(request: HttpRequest, file: File[UploadedFile]):
    """Upload a list to screen in the background (same list format and limits as /batch).
    A file that cannot be screened is refused at once, saying what to fix. Only the uploader
    can read the batch; it is kept for a day."""
    created = batch_create(upload=file, owner=request.user)
    return Status(202, _batch_out(screening_batch_get(token=created.token, owner=request.user)))


@router.get("/batches/{token}", response={200: BatchOut, **ERRORS})
def batch_read(request: HttpRequest, token: str):
    """A batch's status and progress and, once screened, its report."""
    return _batch_out(screening_batch_get(token=token, owner=request.user))
