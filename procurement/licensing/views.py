"""Licensing pages: screen one business and decide on its candidates, batch-screen a list.
Licensing staff and administrators only: anyone else signed in is refused (403, as the API)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from procurement.licensing.batch import (
    QUERY_FIELDS,
    REPORT_FORMATS,
    BatchReport,
    batch_create,
    batch_report_get,
)
from procurement.licensing.forms import (
    SEARCH_FIELDS,
    BusinessListForm,
    DecisionForm,
    ScreenForm,
)
from procurement.licensing.matching import why
from procurement.licensing.models import BatchStatus, ScreeningBatch, Verdict
from procurement.licensing.selectors import (
    business_screen,
    licensing_flag,
    screening_batch_get,
    screening_best_lines,
    source_words,
)
from procurement.licensing.services import candidate_decide
from procurement.models import Role
from procurement.selectors import user_scope
from procurement.services.errors import ServiceError

BATCH_ROWS_SHOWN = 200
SOURCE_LABELS = {"whd": gettext_lazy("U.S. Department of Labor, Wage and Hour Division"),
                 "ma-ago": gettext_lazy("Massachusetts Attorney General, Fair Labor Division")}
REPEAT_OR_WILLFUL = {"R": gettext_lazy("Repeat violator"), "W": gettext_lazy("Willful violation"),
                     "RW": gettext_lazy("Repeat and willful")}


def licensing_staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if user_scope(request.user).role not in (Role.LICENSING, Role.ADMIN):
            raise PermissionDenied(_("Only licensing staff and administrators can screen "
                                     "businesses."))
        return view(request, *args, **kwargs)
    return checked


def _search_url(items: dict[str, str]) -> str:
    url = reverse("licensing-search")
    return f"{url}?{urlencode(items)}" if items else url


def _labelled_case(case: dict) -> dict:
    flags = case["repeat_or_willful"]
    return {**case, "source_label": SOURCE_LABELS.get(case["source"], case["source"]),
            "repeat_or_willful_label": REPEAT_OR_WILLFUL.get(flags, flags) if flags
            else _("No")}


def _labelled(result: dict) -> dict:
    """Labels a reader understands for sources and repeat/willful codes; the evidence in the
    reader's words; the candidates in two tiers."""
    candidates = [{**c, "case": _labelled_case(c["case"]), "why": why(c["reasons"], _)}
                  for c in result["candidates"]]
    return {**result, "candidates": candidates,
            "offered": [c for c in candidates if c["offered"]],
            "reference": [c for c in candidates if not c["offered"]]}


def _labelled_flag(flag: dict | None) -> dict | None:
    if flag is None:
        return None
    flags = flag["repeat_or_willful"]
    return {**flag, "most_recent_case": _labelled_case(flag["most_recent_case"]),
            "repeat_or_willful_label": REPEAT_OR_WILLFUL.get(flags, flags) if flags else ""}


@licensing_staff_only
def search(request: HttpRequest) -> HttpResponse:
    asked = any(key in request.GET for key in SEARCH_FIELDS)
    form = ScreenForm(request.GET if asked else None)
    result = flag = None
    if asked and form.is_valid():
        try:
            result = business_screen(**form.screen_arguments())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            flag = _labelled_flag(licensing_flag(subject_key=result["subject_key"]))
            result = _labelled(result)
    return render(request, "licensing/search.html", {
        "form": form, "result": result, "flag": flag,
        "search_items": form.query_string_items() if asked else {},
    })


@require_POST
@licensing_staff_only
def decide(request: HttpRequest) -> HttpResponse:
    """Confirm or reject one candidate, then back to the same search (post/redirect/get)."""
    searched, decision = ScreenForm(request.POST), DecisionForm(request.POST)
    if not (searched.is_valid() and decision.is_valid()):
        messages.error(request, _("The decision was not recorded: choose Confirm or Reject on "
                                  "a candidate of the search below."))
        return redirect(_search_url(searched.query_string_items()))
    business = searched.screen_arguments()
    try:
        made = candidate_decide(
            acting_user=request.user, record_id=decision.cleaned_data["record_id"],
            verdict=decision.cleaned_data["verdict"], name=business["name"],
            state=business["state"], zip_code=business["zip_code"],
            vendor_id=business["vendor_id"], note=decision.cleaned_data["note"],
            score=decision.cleaned_data["score"])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        record = made.record
        names = {"record": f"{record.employer_name} ({source_words(record)})",
                 "business": made.subject_name}
        messages.success(request, (
            _("Confirmed: %(record)s is %(business)s. It is flagged for licensing review.")
            if made.verdict == Verdict.CONFIRMED else
            _("Rejected: %(record)s is not %(business)s and will not be shown again for this "
              "business.")) % names)
    return redirect(_search_url(searched.query_string_items()))


@licensing_staff_only
def batch_new(request: HttpRequest) -> HttpResponse:
    """Upload a list: it is checked and kept, then screened in the background while the
    batch page shows progress."""
    form = BusinessListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = batch_create(upload=form.cleaned_data["file"], owner=request.user)
        except ServiceError as error:
            form.add_error("file", error.message)
        else:
            return redirect("licensing-batch-report", token=created.token)
    return render(request, "licensing/batch_new.html", {"form": form})


def _own_batch(request: HttpRequest, token: str) -> ScreeningBatch:
    try:
        return screening_batch_get(token=token, owner=request.user)
    except ServiceError as error:
        raise Http404(error.message) from error


def _finished_report(batch: ScreeningBatch) -> BatchReport:
    report = batch_report_get(batch=batch)
    if report is None:
        raise Http404("The screening is not finished")
    return report


@licensing_staff_only
def batch_report(request: HttpRequest, token: str) -> HttpResponse:
    """While the list is screened: its progress; then the summary and the downloads; or why
    it could not be screened."""
    batch = _own_batch(request, token)
    context: dict = {"batch": batch, "token": token}
    if batch.status == BatchStatus.DONE:
        best = list(screening_best_lines(batch=batch)[:BATCH_ROWS_SHOWN])
        for line in best:
            line.search_url = _search_url({key: getattr(line, f"input_{key}")
                                           for key in QUERY_FIELDS
                                           if getattr(line, f"input_{key}")})
        context.update({
            "report": batch, "best": best,
            "hidden": max(batch.rows_with_candidates - BATCH_ROWS_SHOWN, 0),
            "rows_without_candidates": batch.rows_screened - batch.rows_with_candidates})
    return render(request, "licensing/batch_report.html", context)


@licensing_staff_only
def batch_status(request: HttpRequest, token: str) -> JsonResponse:
    """Progress for the batch page's poll.js (status and progress, as a submission's)."""
    batch = _own_batch(request, token)
    return JsonResponse({"status": batch.status, "progress": batch.progress,
                         "rows_done": batch.rows_done, "rows_total": batch.rows_total})


@licensing_staff_only
def batch_download(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    if fmt not in REPORT_FORMATS:
        raise Http404("No such format")
    report = _finished_report(_own_batch(request, token))
    content_type, build = REPORT_FORMATS[fmt]
    response = HttpResponse(build(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="goodbid-screening-{token[:8]}.{fmt}"'
    return response
