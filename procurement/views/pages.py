"""Server-rendered pages. Thin: parse input, call a service or selector, render.
Every object comes through a selector scoped to the user: what they may not see is a 404."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imports import IGNORE
from procurement import selectors
from procurement.i18n import localise_report
from procurement.models import (
    Decision,
    Jurisdiction,
    Role,
    Submission,
    SubmissionStatus,
    WaiverReason,
)
from procurement.services.errors import ServiceError
from procurement.services.exports import submission_export
from procurement.services.mappings import column_mapping_save
from procurement.services.reviews import review_create
from procurement.services.submissions import (
    submission_attest,
    submission_create,
    submission_pay_period_set,
    submission_recheck,
)
from procurement.services.summaries import workforce_summary
from procurement.services.versions import run_changes
from rules.standards import standard_choices

# Findings a page lists (a report of a million rows can hold hundreds of thousands); the
# exports hold every one.
FINDINGS_SHOWN = 200


def _standard_choices() -> list[tuple[str, str]]:
    return standard_choices()


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Report file (.xlsx or .csv)"))
    standards = forms.MultipleChoiceField(
        label=_("Standards to check against"), choices=_standard_choices,
        widget=forms.CheckboxSelectMultiple, initial=["boston-living-wage"],
    )


class ContractUploadForm(forms.Form):
    period_end = forms.TypedChoiceField(label=_("Reporting period ending"),
                                        coerce=dt.date.fromisoformat)
    file = forms.FileField(label=_("Report file (.xlsx or .csv)"))

    def __init__(self, *args, periods: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_end"].choices = [(p.isoformat(), p.isoformat()) for p in periods]


class CorrectionForm(forms.Form):
    file = forms.FileField(label=_("Corrected report file (.xlsx or .csv)"))


class AttestForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    title = forms.CharField(label=_("Your job title"), max_length=200)
    confirm = forms.BooleanField(label=_("I confirm the statement above."))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices,
                                 widget=forms.RadioSelect)
    due_date = forms.DateField(label=_("Correction due by (for a correction request)"),
                               required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason_code = forms.ChoiceField(label=_("Waiver reason (for a waiver)"), required=False,
                                    choices=[("", "—"), *WaiverReason.choices])
    note = forms.CharField(label=_("Note to the vendor and the record"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


def _submission_or_404(request: HttpRequest, submission_id: int) -> Submission:
    try:
        return selectors.submission_get(user=request.user, submission_id=submission_id)
    except Submission.DoesNotExist as error:
        raise Http404("No such submission") from error


def home(request: HttpRequest) -> HttpResponse:
    scope = selectors.user_scope(request.user)
    context: dict = {"scope": scope}
    if scope.role == Role.VENDOR:
        contracts = []
        for contract in selectors.contract_list(user=request.user):
            periods = selectors.contract_due_periods(contract=contract)
            # What needs the vendor: no report, a draft not signed, a correction asked for.
            open_periods = [p for p in periods if not p.done]
            contracts.append({"contract": contract, "open": open_periods[:3],
                              "more_open": max(len(open_periods) - 3, 0),
                              "done": len(periods) - len(open_periods)})
        context["contracts"] = contracts
    if scope.role in (Role.OFFICER, Role.ADMIN):
        context["queue_count"] = selectors.review_queue(user=request.user).count()
    context["submissions"] = selectors.submission_list(user=request.user)[:20]
    return render(request, "procurement/home.html", context)


@login_required
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    try:
        contract = selectors.contract_get(user=request.user, contract_id=contract_id)
    except ObjectDoesNotExist as error:
        raise Http404("No such contract") from error
    periods = selectors.contract_due_periods(contract=contract)
    scope = selectors.user_scope(request.user)
    form = None
    if scope.role == Role.VENDOR:
        choices = [p.period_end for p in periods] or [contract.starts_on]
        form = ContractUploadForm(request.POST or None, request.FILES or None, periods=choices)
        if request.method == "POST" and form.is_valid():
            try:
                submission = submission_create(uploaded_by=request.user, contract=contract,
                                               upload=form.cleaned_data["file"],
                                               period_end=form.cleaned_data["period_end"])
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                return redirect("submission-detail", submission_id=submission.pk)
    submissions = selectors.submission_list(user=request.user, contract_id=contract.pk)
    return render(request, "procurement/contract_detail.html", {
        "contract": contract, "periods": periods, "form": form, "submissions": submissions,
        "visible": set(submissions.values_list("pk", flat=True)),
        "drafts": (selectors.contract_draft_count(contract=contract)
                   if scope.role in (Role.OFFICER, Role.ADMIN) else None),
    })


@login_required
def submission_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = submission_create(uploaded_by=request.user,
                                           upload=form.cleaned_data["file"],
                                           standards=form.cleaned_data["standards"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            return redirect("submission-detail", submission_id=submission.pk)
    return render(request, "procurement/submission_new.html", {"form": form})


def _issues_by_code(report: dict) -> list[dict]:
    groups: OrderedDict[str, dict] = OrderedDict()
    counts = report.get("issue_counts", {})
    for issue in report["issues"]:
        group = groups.setdefault(issue["code"], {
            "code": issue["code"], "severity": issue["severity"], "issues": [],
            "total": counts.get(issue["code"], 0)})
        group["issues"].append(issue)
    for group in groups.values():
        group["total"] = max(group["total"], len(group["issues"]))
        group["hidden"] = group["total"] - len(group["issues"])
    return list(groups.values())


@login_required
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, submission_id)
    scope = selectors.user_scope(request.user)
    run = submission.current_run
    versions = selectors.submission_versions(submission=submission)
    changes = None
    if submission.supersedes_id and run is not None:
        previous = Submission.objects.select_related("current_run").get(
            pk=submission.supersedes_id)
        if previous.current_run is not None:
            changes = run_changes(previous.current_run, run)
    is_vendor = scope.role == Role.VENDOR
    is_officer = scope.role in (Role.OFFICER, Role.ADMIN)
    report = localise_report(run.report, findings_shown=FINDINGS_SHOWN) if run else None
    return render(request, "procurement/submission_detail.html", {
        "submission": submission,
        "run": run,
        "report": report,
        "evidence": run.evidence if run else {},
        "issue_groups": _issues_by_code(report) if report else [],
        "versions": versions,
        "changes": changes,
        "reviews": submission.reviews.select_related("decided_by"),
        "can_attest": is_vendor and submission.status == SubmissionStatus.CHECKED
        and run is not None and run.valid,
        "can_correct": is_vendor and submission.status != SubmissionStatus.SUPERSEDED,
        "can_review": is_officer and submission.status in (SubmissionStatus.SUBMITTED,
                                                           SubmissionStatus.ESCALATED),
        "attest_form": AttestForm(),
        "correction_form": CorrectionForm(),
        "review_form": ReviewForm(initial={"due_date": timezone.localdate()
                                           + dt.timedelta(days=14)}),
        "in_progress": submission.status in (SubmissionStatus.RECEIVED,
                                             SubmissionStatus.PROCESSING),
        "period_form": _period_form(report) if is_vendor and report else None,
        "facts": _facts(report) if report else [],
        "help_contact": submission.jurisdiction.help_contact,
    })


FACT_LABELS = {"period_start": _("Pay period start"), "period_end": _("Pay period end"),
               "pay_date": _("Pay date"), "employer": _("Employer"), "address": _("Address"),
               "project": _("Project"), "location": _("Project location"),
               "contract": _("Contract or project no."), "payroll_number": _("Payroll no."),
               "wage_determination": _("Wage determination")}
FACT_SOURCES = {"title": _("above the table"), "section": _("in the table"),
                "given": _("as you gave it")}


def _facts(report: dict) -> list[dict]:
    """What was read outside the table, as the page lists it."""
    return [{"label": FACT_LABELS.get(fact["name"], fact["name"]), "value": fact["value"],
             "row": fact.get("row"), "sheet": fact.get("sheet"),
             "source": FACT_SOURCES.get(fact["source"], "")}
            for fact in report.get("facts", [])]


def _period_form(report: dict) -> PayPeriodForm | None:
    """The question a file with no pay period gets, with its name's date as the answer
    offered."""
    asked = next((i for i in report["issues"] if i["code"] == "import.no-period"), None)
    if asked is None:
        return None
    return PayPeriodForm(initial={"period_end": asked.get("value") or ""})


@login_required
def submission_correct(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, submission_id)
    form = CorrectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = submission_create(uploaded_by=request.user, upload=form.cleaned_data["file"],
                                    supersedes=submission)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            return redirect("submission-detail", submission_id=new.pk)
    return redirect("submission-detail", submission_id=submission.pk)


@login_required
def submission_recheck_view(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, submission_id)
    if request.method == "POST":
        try:
            submission_recheck(submission=submission, acting_user=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Checked again."))
    return redirect("submission-detail", submission_id=submission.pk)


@login_required
def submission_columns_view(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Save what the vendor says each column holds (their choice wins over GoodBid's reading,
    now and in their next files), then check again."""
    submission = _submission_or_404(request, submission_id)
    columns = (submission.current_run.evidence or {}).get("columns") \
        if submission.current_run else None
    if request.method == "POST" and columns:
        allowed = {f["name"] for f in columns["fields"]} | {IGNORE}
        mapping = {}
        for index, column in enumerate(columns.get("columns", [])):
            choice = request.POST.get(f"map-{index}")
            if choice is None:
                continue
            mapping[column["header"]] = choice if choice in allowed else ""
        try:
            column_mapping_save(acting_user=request.user, report_type=columns["report_type"],
                                mapping=mapping)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved: GoodBid will read these columns the same way "
                                        "in your next files too."))
            try:
                submission_recheck(submission=submission, acting_user=request.user)
            except ServiceError as error:
                messages.error(request, error.message)
    return redirect("submission-detail", submission_id=submission.pk)


class PayPeriodForm(forms.Form):
    period_end = forms.DateField(label=_("Last day of the pay period"),
                                 widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def submission_pay_period_view(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A file that does not say which pay period it covers: the vendor says it, once."""
    submission = _submission_or_404(request, submission_id)
    form = PayPeriodForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                submission_pay_period_set(submission=submission, acting_user=request.user,
                                          period_end=form.cleaned_data["period_end"])
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Checked again with the pay period you gave."))
        else:
            messages.error(request, _("Give the pay period's last day as a date."))
    return redirect("submission-detail", submission_id=submission.pk)


@login_required
def submission_attest_view(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, submission_id)
    form = AttestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                submission_attest(submission=submission, acting_user=request.user,
                                  name=form.cleaned_data["name"],
                                  title=form.cleaned_data["title"])
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Signed and submitted to the city for review."))
        else:
            messages.error(request, _("Type your name and title and tick the box to sign."))
    return redirect("submission-detail", submission_id=submission.pk)


@login_required
def submission_review_view(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, submission_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_create(submission=submission, acting_user=request.user,
                          decision=form.cleaned_data["decision"],
                          note=form.cleaned_data["note"],
                          reason_code=form.cleaned_data["reason_code"],
                          due_date=form.cleaned_data["due_date"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision recorded."))
    elif request.method == "POST":
        messages.error(request, _("Choose a decision."))
    return redirect("submission-detail", submission_id=submission.pk)


@login_required
def submission_export_view(request: HttpRequest, submission_id: int, fmt: str) -> HttpResponse:
    export = submission_export(_submission_or_404(request, submission_id), fmt)
    if export is None:
        raise Http404("Nothing to export yet")
    content, content_type, filename = export
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def submission_letter(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A printable compliance letter (accepted or waived) or deficiency notice (otherwise)."""
    submission = _submission_or_404(request, submission_id)
    run = submission.current_run
    if run is None:
        raise Http404("Not checked yet")
    compliant = submission.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.WAIVED)
    return render(request, "procurement/letter.html", {
        "submission": submission,
        "report": localise_report(run.report, findings_shown=FINDINGS_SHOWN),
        "compliant": compliant,
        "review": submission.reviews.first(), "today": timezone.localdate(),
    })


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    scope = selectors.user_scope(request.user)
    if scope.role not in (Role.OFFICER, Role.ADMIN):
        raise Http404("Not available")
    filters = {key: request.GET.get(key) or None for key in ("status", "severity")}
    contract_id = request.GET.get("contract")
    queue = selectors.review_queue(user=request.user, status=filters["status"],
                                   severity=filters["severity"],
                                   contract_id=int(contract_id) if contract_id
                                   and contract_id.isascii() and contract_id.isdigit()
                                   and len(contract_id) < 19 else None)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(request, "procurement/review_queue.html", {
        "page": page, "filters": filters, "contract_id": contract_id,
        "contracts": selectors.contract_list(user=request.user),
        "today": timezone.now(),
    })


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    scope = selectors.user_scope(request.user)
    if scope.role not in (Role.OFFICER, Role.ADMIN):
        raise Http404("Not available")
    page = Paginator(selectors.audit_list(user=request.user), 100).get_page(
        request.GET.get("page"))
    return render(request, "procurement/audit_log.html", {"page": page})


@login_required
def workforce_summary_page(request: HttpRequest) -> HttpResponse:
    place = Jurisdiction.objects.filter(code=request.GET.get("jurisdiction", "boston")).first()
    if place is None:
        raise Http404("No such jurisdiction")
    return render(request, "procurement/workforce_summary.html", {
        "jurisdiction": place, **workforce_summary(jurisdiction_id=place.pk)})


def submission_url(submission: Submission) -> str:
    return reverse("submission-detail", kwargs={"submission_id": submission.pk})
