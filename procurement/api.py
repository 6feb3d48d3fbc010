"""The HTTP API: one NinjaAPI, one router per area, one error envelope
{"code", "message", "detail"}. Every object is fetched through a selector scoped to the user,
so an object the user may not see is 'not found', never 'forbidden'."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, NinjaAPI, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.security import APIKeyCookie, HttpBasicAuth, HttpBearer
from ninja.security.http import DecodeError

from procurement import selectors
from procurement.api_projects import plans as plans_router
from procurement.api_projects import router as projects_router
from procurement.api_tokens import router as tokens_router
from procurement.i18n import localise_all
from procurement.models import BackPayment, ColumnMapping, Jurisdiction, Submission
from procurement.schemas import (
    AttestIn,
    AuditEventOut,
    ColumnMappingIn,
    ColumnMappingOut,
    ColumnsToMapOut,
    ContractDetailOut,
    ContractOut,
    ContractScheduleIn,
    ErrorOut,
    FindingOut,
    Id,
    IssueOut,
    PaymentDecisionIn,
    PaymentOut,
    PayPeriodIn,
    ReplyIn,
    ReplyOut,
    ReviewIn,
    ReviewOut,
    ScheduleDetailOut,
    ScheduleOut,
    ScheduleVersionOut,
    StandardOut,
    SubmissionCreatedOut,
    SubmissionOut,
    SubmissionStatusOut,
    SubmissionSummaryOut,
    Text,
    WorkforceSummaryOut,
    classification_out,
    contract_out,
    payment_out,
    period_out,
    review_out,
    schedule_out,
    submission_out,
    submission_status_out,
    submission_summary_out,
)
from procurement.services import mappings as mapping_services
from procurement.services.errors import ServiceError
from procurement.services.exports import submission_export
from procurement.services.findings import run_findings
from procurement.services.remedy import (
    back_payment_decide,
    back_payment_record,
    report_reply_create,
)
from procurement.services.reviews import review_create
from procurement.services.schedules import (
    contract_schedule_set,
    schedule_of,
    schedule_version_add,
)
from procurement.services.submissions import (
    submission_attest,
    submission_create,
    submission_pay_period_set,
    submission_period_set,
    submission_recheck,
)
from procurement.services.summaries import workforce_summary as workforce_summary_of
from procurement.services.templates import report_template
from procurement.services.tokens import api_token_user
from rules import catalogue, shipped_standards
from rules.schedules import MAX_SCHEDULE_BYTES
from rules.state_schedules import schedule_template_csv


def _credentials(request: HttpRequest, scheme: str) -> str | None:
    """The Authorization header's credentials for `scheme`, never logged (django-ninja's own
    parsing logs the whole header under DEBUG)."""
    value = request.headers.get("Authorization", "")
    name, _, credentials = value.partition(" ")
    return credentials.strip() if name.lower() == scheme and credentials.strip() else None


class BasicAuth(HttpBasicAuth):
    """HTTP Basic with a GoodBid user's name and password, for scripts."""

    def __call__(self, request: HttpRequest):
        if _credentials(request, "basic") is None:
            return None
        try:
            username, password = self.decode_authorization(request.headers["Authorization"])
        except DecodeError:
            return None  # a malformed header is no credential: 401, and nothing logged
        return self.authenticate(request, username, password)

    def authenticate(self, request: HttpRequest, username: str, password: str):
        user = authenticate(request, username=username, password=password)
        if user is not None and user.is_active:
            request.user = user
            return user
        return None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gb_...`: a token for machine clients such as a payroll system.
    Create one with `manage.py create_api_token USER NAME`."""

    def __call__(self, request: HttpRequest):
        token = _credentials(request, "bearer")
        return self.authenticate(request, token) if token else None

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """A logged-in browser's session (with its CSRF token for a write). A request with no
    session cookie and no other credentials is told to authenticate (401), not refused for a
    missing CSRF token (403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        if self.param_name not in request.COOKIES:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(
    title="GoodBid API",
    version="1",
    description="Upload wage and workforce reports and get them checked against city labor "
                "standards. Every error has the shape {code, message, detail}.",
    # Token and Basic first: a machine client sends credentials and no cookie, so no CSRF
    # token is due; the browser's session cookie comes last and needs one.
    auth=[TokenAuth(), BasicAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, code: str, message: str,
           detail: object = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "detail": detail},
                               status=status)


@api.exception_handler(ServiceError)
def _service_error(request, exc: ServiceError):
    return _error(request, exc.status, exc.code, exc.message, exc.detail)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    return _error(request, 422, "request.invalid",
                  "Some fields of the request are missing or wrong.", exc.errors)


@api.exception_handler(AuthenticationError)
def _authentication_error(request, exc):
    return _error(request, 401, "auth.required",
                  "Log in, or send a token (Authorization: Bearer ...) or your user name and "
                  "password (HTTP Basic).")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not-found", "Nothing was found at this address.")


@api.exception_handler(ObjectDoesNotExist)
def _object_not_found(request, exc):
    kind = type(exc).__qualname__.split(".")[0].lower()
    return _error(request, 404, f"{kind}.not-found",
                  f"No {kind} with this id is visible to you.")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # django-ninja raises HttpError(403, "CSRF check Failed") for a session without a token.
    code = "auth.csrf-failed" if exc.status_code == 403 and "CSRF" in str(exc) else "request.error"
    return _error(request, exc.status_code, code, str(exc))


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
          413: ErrorOut, 422: ErrorOut}

contracts = Router(tags=["contracts"])
submissions = Router(tags=["submissions"])
reviews = Router(tags=["reviews"])
audit = Router(tags=["audit"])
reference = Router(tags=["standards and templates"])
reports = Router(tags=["reports"])
mappings = Router(tags=["column mappings"])


@contracts.get("", response={200: list[ContractOut], **ERRORS})
def list_contracts(request: HttpRequest):
    """Contracts you can see: a vendor its own, an officer its jurisdiction's."""
    return [contract_out(c) for c in selectors.contract_list(user=request.user)]


@contracts.get("/{contract_id}", response={200: ContractDetailOut, **ERRORS})
def get_contract(request: HttpRequest, contract_id: Id):
    """The contract and each of its reporting periods that has ended, with its status and the
    submission that decides it."""
    contract = selectors.contract_get(user=request.user, contract_id=contract_id)
    return {**contract_out(contract), "periods": [
        period_out(period) for period in selectors.contract_due_periods(contract=contract)]}


@contracts.put("/{contract_id}/schedule", response={200: ContractOut, **ERRORS})
def set_contract_schedule(request: HttpRequest, contract_id: Id, payload: ContractScheduleIn):
    """Name the prevailing wage schedule the contract's certified payroll is checked against
    (city staff: an officer of the contract's jurisdiction, or an administrator), and the day
    the contract was awarded. Audited; "check again" applies it to reports already checked."""
    contract = selectors.contract_get(user=request.user, contract_id=contract_id)
    return contract_out(contract_schedule_set(contract=contract, acting_user=request.user,
                                              number=payload.schedule,
                                              awarded_on=payload.awarded_on))


@submissions.post("", response={201: SubmissionCreatedOut, **ERRORS})
def create_submission(request: HttpRequest, file: File[UploadedFile],
                      standard: Form[list[str]] = [],  # noqa: B006 (ninja copies defaults)
                      contract_id: Form[Id | None] = None,
                      period_end: Form[dt.date | None] = None,
                      supersedes: Form[Id | None] = None,
                      report_type: Form[str | None] = None):
    """Upload a report (multipart) and have it checked.

    Give `contract_id` (the contract's standards apply) or one or more `standard` codes
    (repeated, or comma-separated). On a contract that takes several kinds of report (its
    `report_types`), `report_type` says which this is (the contract's own by default: a
    construction contract's certified payroll is `certified_payroll`). To correct a report,
    give `supersedes` (the id of the
    version you correct): the upload becomes its next version. Checking runs in the
    background; poll `GET /api/submissions/{id}` until `status` is no longer `processing`.
    """
    contract = (selectors.contract_get(user=request.user, contract_id=contract_id)
                if contract_id else None)
    previous = (selectors.submission_get(user=request.user, submission_id=supersedes)
                if supersedes else None)
    submission = submission_create(uploaded_by=request.user, upload=file,
                                   standards=standard or [], contract=contract,
                                   period_end=period_end, supersedes=previous,
                                   report_type=report_type)
    submission.refresh_from_db(fields=["status"])
    return Status(201, {"id": submission.pk, "status": submission.status,
                        "url": f"/api/submissions/{submission.pk}"})


@submissions.get("", response={200: list[SubmissionSummaryOut], **ERRORS})
def list_submissions(request: HttpRequest, status: str | None = None,
                     contract_id: Id | None = None):
    """Your submissions, newest first (a vendor sees only its own)."""
    return [submission_summary_out(s) for s in
            selectors.submission_list(user=request.user, status=status,
                                      contract_id=contract_id)[:500]]


def _submission(request: HttpRequest, submission_id: int) -> Submission:
    return selectors.submission_get(user=request.user, submission_id=submission_id)


@submissions.get("/{submission_id}", response={200: SubmissionOut, **ERRORS})
def get_submission(request: HttpRequest, submission_id: Id):
    """A submission's status, progress and, once checked, its report."""
    return submission_out(_submission(request, submission_id))


@submissions.get("/{submission_id}/status", response={200: SubmissionStatusOut, **ERRORS})
def get_submission_status(request: HttpRequest, submission_id: Id):
    """What to poll while a report is checked: its status, progress and counts, never the
    report (`GET /api/submissions/{id}` has the report; `.../findings` its findings a page
    at a time)."""
    return submission_status_out(_submission(request, submission_id))


@submissions.get("/{submission_id}/versions", response={200: list[SubmissionSummaryOut],
                                                       **ERRORS})
def list_versions(request: HttpRequest, submission_id: Id):
    """Every version of this report, oldest first."""
    return [submission_summary_out(s) for s in
            selectors.submission_versions(submission=_submission(request, submission_id))]


@submissions.get("/{submission_id}/findings", response={200: list[FindingOut], **ERRORS})
def list_findings(request: HttpRequest, submission_id: Id, offset: int = 0,
                  limit: int = 200):
    """The current run's findings, a page at a time: from `offset`, at most `limit` (up to
    1,000). The report's `findings_total` says how many there are."""
    run = _submission(request, submission_id).current_run
    if run is None:
        return []
    return localise_all(run_findings(run, offset=max(0, offset),
                                     limit=min(max(1, limit), 1000)))


@submissions.get("/{submission_id}/issues", response={200: list[IssueOut], **ERRORS})
def list_issues(request: HttpRequest, submission_id: Id):
    run = _submission(request, submission_id).current_run
    return localise_all(run.report["issues"]) if run else []


@submissions.post("/{submission_id}/attest", response={200: SubmissionOut, **ERRORS})
def attest_submission(request: HttpRequest, submission_id: Id, body: AttestIn):
    """Sign the checked report (typed name and title) and submit it for review."""
    submission = submission_attest(submission=_submission(request, submission_id),
                                   acting_user=request.user, name=body.name, title=body.title,
                                   acknowledged=body.acknowledge_violations)
    return submission_out(submission)


@submissions.post("/{submission_id}/payments", response={201: PaymentOut, **ERRORS})
def record_payment(request: HttpRequest, submission_id: Id, worker: Form[Text(200)],
                   amount: Form[Text(20)], paid_on: Form[dt.date],
                   note: Form[Text(2000)] = "", proof: File[UploadedFile] | None = None):
    """Record back pay paid to one worker the report owes (`back_pay.workers`), with an
    optional proof (PDF, JPEG or PNG, up to 10 MB), for an officer to confirm. The back pay
    shows as paid once confirmed."""
    payment = back_payment_record(submission=_submission(request, submission_id),
                                  acting_user=request.user, worker=worker, amount=amount,
                                  paid_on=paid_on, proof=proof, note=note)
    return Status(201, payment_out(payment))


@submissions.get("/{submission_id}/payments", response={200: list[PaymentOut], **ERRORS})
def list_payments(request: HttpRequest, submission_id: Id):
    """Every payment recorded on any version of this report."""
    versions = selectors.submission_versions(submission=_submission(request, submission_id))
    return [payment_out(p) for p in BackPayment.objects.filter(submission__in=versions)]


@submissions.post("/{submission_id}/payments/{payment_id}/decision",
                  response={200: PaymentOut, **ERRORS})
def decide_payment(request: HttpRequest, submission_id: Id, payment_id: Id,
                   body: PaymentDecisionIn):
    """An officer confirms a recorded payment or disputes it (with a note). Audited."""
    versions = selectors.submission_versions(submission=_submission(request, submission_id))
    payment = BackPayment.objects.filter(pk=payment_id, submission__in=versions).first()
    if payment is None:
        raise ServiceError("payment.not-found", _("No such payment."), status=404)
    return payment_out(back_payment_decide(payment=payment, acting_user=request.user,
                                           confirm=body.decision == "confirm",
                                           note=body.note))


@submissions.post("/{submission_id}/replies", response={201: ReplyOut, **ERRORS})
def reply_to_request(request: HttpRequest, submission_id: Id, body: ReplyIn):
    """Answer the city's correction request on this report."""
    reply = report_reply_create(submission=_submission(request, submission_id),
                                acting_user=request.user, text=body.text)
    return Status(201, {"id": reply.pk, "review_id": reply.review_id,
                        "submission_id": reply.submission_id, "text": reply.text,
                        "written_at": reply.written_at})


@submissions.get("/{submission_id}/columns", response={200: ColumnsToMapOut, **ERRORS})
def columns_to_map(request: HttpRequest, submission_id: Id):
    """Every column of the file with what GoodBid reads it as (`placed`), the headers it did
    not place, the required fields still missing, and what a column can be matched to
    (`fields`). Save matches with `PUT /api/mappings` (your choice wins over GoodBid's
    reading; "ignore" for a column to leave out), then `POST .../recheck`."""
    run = _submission(request, submission_id).current_run
    columns = (run.evidence or {}).get("columns") if run else None
    return columns or {"report_type": "", "unplaced": [], "missing": [], "fields": [],
                       "columns": []}


@submissions.put("/{submission_id}/pay-period", response={202: SubmissionSummaryOut, **ERRORS})
def set_pay_period(request: HttpRequest, submission_id: Id, body: PayPeriodIn):
    """For a file that does not say which pay period it covers (issue `import.no-period`,
    whose `value` is the date the file's name suggests): give the period's last day; the
    file is checked again with it."""
    submission = submission_pay_period_set(submission=_submission(request, submission_id),
                                           acting_user=request.user,
                                           period_end=body.period_end)
    submission.refresh_from_db()
    return Status(202, submission_summary_out(submission))


@submissions.put("/{submission_id}/period", response={202: SubmissionSummaryOut, **ERRORS})
def set_reporting_period(request: HttpRequest, submission_id: Id, body: PayPeriodIn):
    """Say which of its contract's reporting periods a report is for (`period_end`: the
    period's last day, one of `GET /api/contracts/{id}` `periods`): the vendor before
    signing, an officer for a signed report (audited). A report uploaded without a period
    gets the one its pay dates propose (`report.reporting_period`, `proposed`); rows outside
    the period are issue `period.outside`. The report is checked again."""
    submission = submission_period_set(submission=_submission(request, submission_id),
                                       acting_user=request.user, period_end=body.period_end)
    submission.refresh_from_db()
    return Status(202, submission_summary_out(submission))


@submissions.post("/{submission_id}/recheck", response={202: SubmissionSummaryOut, **ERRORS})
def recheck_submission(request: HttpRequest, submission_id: Id):
    """Check the report again, for example after the city added a standard's new version or
    you mapped a column. A new run is stored only if something it depends on changed."""
    submission = submission_recheck(submission=_submission(request, submission_id),
                                    acting_user=request.user)
    submission.refresh_from_db()
    return Status(202, submission_summary_out(submission))


@submissions.get("/{submission_id}/export.{fmt}", response={200: None, **ERRORS})
def export_submission(request: HttpRequest, submission_id: Id, fmt: str):
    """The issues and findings as `csv` or `xlsx` (formulas neutralised)."""
    export = submission_export(_submission(request, submission_id), fmt)
    if export is None:
        raise Http404
    content, content_type, filename = export
    response = (HttpResponse(content, content_type=content_type) if isinstance(content, bytes)
                else StreamingHttpResponse(content, content_type=content_type))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@reviews.get("/queue", response={200: list[SubmissionSummaryOut], **ERRORS})
def review_queue(request: HttpRequest, status: str | None = None, severity: str | None = None,
                 contract_id: Id | None = None, vendor_id: Id | None = None):
    """Officers: submitted reports awaiting a decision, most severe and oldest first."""
    return [submission_summary_out(s) for s in selectors.review_queue(
        user=request.user, status=status, severity=severity, contract_id=contract_id,
        vendor_id=vendor_id)[:500]]


@reviews.get("/submissions/{submission_id}", response={200: list[ReviewOut], **ERRORS})
def list_reviews(request: HttpRequest, submission_id: Id):
    return [review_out(r) for r in
            _submission(request, submission_id).reviews.select_related("decided_by")]


@reviews.post("/submissions/{submission_id}", response={201: ReviewOut, **ERRORS})
def create_review(request: HttpRequest, submission_id: Id, body: ReviewIn):
    """Officers: accept, request a correction (with a due date), waive (with a reason code
    and note), or escalate."""
    review = review_create(submission=_submission(request, submission_id),
                           acting_user=request.user, decision=body.decision, note=body.note,
                           reason_code=body.reason_code, due_date=body.due_date)
    return Status(201, review_out(review))


@audit.get("", response={200: list[AuditEventOut], **ERRORS})
def list_audit(request: HttpRequest, object_type: str | None = None,
               object_id: str | None = None):
    """Officers and administrators: the audit trail of their jurisdiction, newest first."""
    events = selectors.audit_list(user=request.user)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    return [{"id": e.pk, "at": e.at, "actor": e.actor.get_username() if e.actor else None,
             "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
             "before": e.before, "after": e.after} for e in events[:500]]


@mappings.get("", response={200: list[ColumnMappingOut], **ERRORS})
def list_mappings(request: HttpRequest, report_type: str | None = None):
    """Vendors: the header names you mapped once, reused on every upload."""
    rows = ColumnMapping.objects.filter(vendor_id=mapping_services.vendor_id_of(request.user))
    if report_type:
        rows = rows.filter(report_type=report_type)
    return [{"report_type": m.report_type, "header": m.header, "field": m.field} for m in rows]


@mappings.put("", response={200: list[ColumnMappingOut], **ERRORS})
def save_mappings(request: HttpRequest, body: ColumnMappingIn):
    """Vendors: map headers GoodBid did not recognise to its fields; saved for your vendor."""
    saved = mapping_services.column_mapping_save(acting_user=request.user,
                                                 report_type=body.report_type,
                                                 mapping=body.mapping)
    return [{"report_type": m.report_type, "header": m.header, "field": m.field} for m in saved]


@reports.get("/workforce-summary", response={200: WorkforceSummaryOut, **ERRORS})
def workforce_summary(request: HttpRequest, jurisdiction: str = "boston"):
    """Hours share per trade across every vendor's filed reports in a jurisdiction. Cells of
    fewer than GOODBID_SMALL_CELL_THRESHOLD workers (and their complements) are suppressed."""
    place = Jurisdiction.objects.get(code=jurisdiction)
    return {"jurisdiction": place.code, **workforce_summary_of(jurisdiction_id=place.pk)}


@reference.get("/standards", response={200: list[StandardOut], **ERRORS}, auth=None)
def list_standards(request: HttpRequest):
    """Every shipped standard with its dated versions, parameters and sources."""
    return [standard.model_dump() for standard in shipped_standards().values()]


@reference.get("/schedules/template.csv", response={200: None, **ERRORS}, auth=None)
def download_schedule_template(request: HttpRequest):
    """GoodBid's CSV template for a state prevailing wage schedule, with its instructions: a
    clerk copies each line of the schedule the state issued (a PDF) into it."""
    response = HttpResponse(schedule_template_csv(_), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="goodbid-state-schedule-template.csv"'
    return response


@reference.get("/schedules", response={200: list[ScheduleOut], **ERRORS}, auth=None)
def list_schedules(request: HttpRequest):
    """Every prevailing wage schedule on file (wage determinations and state schedules), each
    with its dated versions (modifications). Public, like the standards."""
    return [schedule_out(s) for s in selectors.schedule_list()]


@reference.get("/schedules/{number}", response={200: ScheduleDetailOut, **ERRORS}, auth=None)
def get_schedule(request: HttpRequest, number: str, modification: int | None = None):
    """One schedule, its versions, and the classifications of one version (the newest unless
    `modification` says), each with its base rate, fringe (or the formula a person computes)
    and apprentice steps."""
    schedule = selectors.schedule_get(number=number)
    version = selectors.schedule_version_get(schedule=schedule, modification=modification)
    return {**schedule_out(schedule), "modification": version.modification,
            "classifications": [classification_out(item) for item
                                in schedule_of(version).classifications]}


@reference.post("/schedules", response={201: ScheduleVersionOut, 200: ScheduleVersionOut,
                                        **ERRORS})
def create_schedule(request: HttpRequest, file: File[UploadedFile | None] = None,
                    text: Form[str | None] = None, filename: Form[str | None] = None,
                    updates: Form[str | None] = None, example: Form[bool] = False):
    """Add a schedule's version (administrators): upload or paste a wage determination's text
    as SAM.gov publishes it, or a state schedule in GoodBid's CSV template (`filename` ending
    in .csv when pasting CSV). `updates`: "award" or "anniversary" (the kind's rule by
    default). The same version again answers 200 with the version on file; a modification on
    file with other figures is refused (409): a revision is a new modification."""
    if file is not None:
        if file.size is not None and file.size > MAX_SCHEDULE_BYTES:
            raise ServiceError("schedule.too-large", "The schedule is larger than "
                               f"{MAX_SCHEDULE_BYTES:,} bytes.", status=413)
        content, name = file.read(MAX_SCHEDULE_BYTES + 1), file.name or "schedule.txt"
    elif text:
        content, name = text.encode(), filename or "schedule.txt"
    else:
        raise ServiceError("schedule.nothing-given",
                           "Upload the schedule as `file`, or paste its text as `text`.")
    before = selectors.schedule_version_count()
    version = schedule_version_add(acting_user=request.user, content=content, filename=name,
                                   updates=updates, example=example)
    status = 201 if selectors.schedule_version_count() > before else 200
    return Status(status, {"modification": version.modification,
                           "effective_from": version.effective_from, "source": version.source,
                           "classifications": version.classification_count,
                           "added_at": version.added_at})


@reference.get("/rules", response={200: list[dict], **ERRORS}, auth=None)
def list_rules(request: HttpRequest):
    """Every rule the engine applies, with its declared parameters."""
    return catalogue()


@reference.get("/templates/{report_type}", response={200: None, **ERRORS}, auth=None)
def download_template(request: HttpRequest, report_type: str, schedule: str | None = None,
                      modification: int | None = None, headers: str | None = None):
    """The .xlsx template for a report type, with instructions and dropdowns. With
    `schedule` (a schedule's number, and optionally its `modification`: the newest by
    default), its classification column offers the schedule's classifications. With
    `headers` (a language code: es, ht, zh-hans, zh-hant, vi, kea, ru, ar, pt-br, fr, so, hmn,
    lo), its headers and dropdown words are in that language; an unknown code is a 422."""
    classifications: list[str] = []
    if schedule:
        version = selectors.schedule_version_get(
            schedule=selectors.schedule_get(number=schedule), modification=modification)
        classifications = [item.title for item in schedule_of(version).classifications]
    content, filename = report_template(report_type, classifications, header_language=headers)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


api.add_router("/contracts", contracts)
api.add_router("/submissions", submissions)
api.add_router("/reviews", reviews)
api.add_router("/audit", audit)
api.add_router("/mappings", mappings)
api.add_router("/reports", reports)
api.add_router("", reference)
api.add_router("/tokens", tokens_router)
api.add_router("/projects", projects_router)
api.add_router("", plans_router)
