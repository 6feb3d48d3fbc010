"""The HTTP API: one NinjaAPI, one error envelope {"code", "message", "detail"}."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Form, NinjaAPI, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.security import HttpBasicAuth, django_auth

from procurement import selectors
from procurement.models import Submission
from procurement.schemas import (
    ErrorOut,
    StandardOut,
    SubmissionCreatedOut,
    SubmissionOut,
    SubmissionSummaryOut,
)
from procurement.services.submissions import ServiceError, submission_create
from rules import shipped_standards


class BasicAuth(HttpBasicAuth):
    """HTTP Basic with a GoodBid user's name and password, for scripts and payroll systems."""

    def authenticate(self, request: HttpRequest, username: str, password: str):
        user = authenticate(request, username=username, password=password)
        if user is not None and user.is_active:
            request.user = user
            return user
        return None


api = NinjaAPI(
    title="GoodBid API",
    version="1",
    description="Upload wage and workforce reports and get them checked against city labor "
                "standards. Every error has the shape {code, message, detail}.",
    # Basic first: a script sends credentials and no cookie, so no CSRF token is due.
    auth=[BasicAuth(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, code: str, message: str,
           detail: object = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "detail": detail},
                               status=status)


@api.exception_handler(ServiceError)
def _service_error(request, exc: ServiceError):
    return _error(request, exc.status, exc.code, exc.message)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    return _error(request, 422, "request.invalid",
                  "Some fields of the request are missing or wrong.", exc.errors)


@api.exception_handler(AuthenticationError)
def _authentication_error(request, exc):
    return _error(request, 401, "auth.required",
                  "Log in, or send your user name and password with HTTP Basic auth.")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not-found", "Nothing was found at this address.")


@api.exception_handler(Submission.DoesNotExist)
def _submission_not_found(request, exc):
    return _error(request, 404, "submission.not-found", "No submission with this id is "
                  "visible to you.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # django-ninja raises HttpError(403, "CSRF check Failed") for a session without a token.
    code = "auth.csrf-failed" if exc.status_code == 403 and "CSRF" in str(exc) else "request.error"
    return _error(request, exc.status_code, code, str(exc))


submissions = Router(tags=["submissions"])
standards = Router(tags=["standards"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut,
          422: ErrorOut}


def _submission_out(submission: Submission) -> dict:
    return {
        "id": submission.pk,
        "vendor": str(submission.vendor),
        "status": submission.status,
        "standards": submission.standards,
        "filename": submission.original_filename,
        "checksum": submission.checksum,
        "created_at": submission.created_at,
        "checked_at": submission.checked_at,
        "error": submission.error_message or None,
        "report": submission.report,
    }


@submissions.post("", response={201: SubmissionCreatedOut, **ERRORS})
def create_submission(request: HttpRequest, file: File[UploadedFile],
                      standard: Form[list[str]]):
    """Upload a report (multipart) and check it against one or more standards.

    `standard` may be repeated, or given as a comma-separated list. Checking runs in the
    background; poll `GET /api/submissions/{id}` until `status` is `checked` or `failed`.
    """
    submission = submission_create(uploaded_by=request.user, upload=file, standards=standard)
    submission.refresh_from_db(fields=["status"])
    return Status(201, {"id": submission.pk, "status": submission.status,
                        "url": f"/api/submissions/{submission.pk}"})


@submissions.get("", response={200: list[SubmissionSummaryOut], **ERRORS})
def list_submissions(request: HttpRequest):
    """Your submissions, newest first (a vendor sees only its own)."""
    return [
        {"id": s.pk, "status": s.status, "filename": s.original_filename,
         "created_at": s.created_at}
        for s in selectors.submission_list(user=request.user)[:200]
    ]


@submissions.get("/{submission_id}", response={200: SubmissionOut, **ERRORS})
def get_submission(request: HttpRequest, submission_id: int):
    """A submission's status and, once checked, its report."""
    return _submission_out(selectors.submission_get(user=request.user,
                                                    submission_id=submission_id))


@standards.get("", response={200: list[StandardOut], **ERRORS}, auth=None)
def list_standards(request: HttpRequest):
    """Every shipped standard with its dated versions, parameters and sources."""
    return [standard.model_dump() for standard in shipped_standards().values()]


api.add_router("/submissions", submissions)
api.add_router("/standards", standards)
