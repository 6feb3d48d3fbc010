"""Server-rendered pages. Thin: parse input, call a service or selector, render.
Every object comes through a selector scoped to the user: what they may not see is a 404."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from imports import IGNORE, REPORT_TYPES
from imports.codes import Code, issue_title
from procurement import project_selectors, selectors
from procurement.i18n import localise_all, localise_report, money, period_words
from procurement.models import (
    SIGNED_STATUSES,
    BackPayment,
    Cadence,
    Decision,
    Jurisdiction,
    Review,
    Role,
    Submission,
    SubmissionStatus,
    TranslatedDocument,
    WaiverReason,
)
from procurement.services.errors import ServiceError
from procurement.services.exports import XLSX_MAX_FINDINGS, submission_export
from procurement.services.findings import run_findings
from procurement.services.mappings import column_mapping_save
from procurement.services.remedy import (
    back_pay_ledger,
    back_payment_decide,
    back_payment_record,
    report_reply_create,
)
from procurement.services.reviews import review_create
from procurement.services.schedules import contract_schedule_set, schedule_version_for
from procurement.services.submissions import (
    submission_attest,
    submission_create,
    submission_pay_period_set,
    submission_period_set,
    submission_recheck,
)
from procurement.services.summaries import workforce_summary
from procurement.services.versions import run_changes
from procurement.translations import is_machine_draft
from rules.standards import standard_choices

# Findings a page lists (a report of a million rows can hold hundreds of thousands); the
# exports hold every one.
FINDINGS_SHOWN = 200
# Workers listed in the back-pay table and offered in the payment form's list; beyond, the
# export lists every one and the form takes the name typed.
LETTER_WORKERS = 200
WORKERS_LISTED = 200


def _standard_choices() -> list[tuple[str, str]]:
    return standard_choices()


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Report file (.xlsx or .csv)"))
    standards = forms.MultipleChoiceField(
        label=_("Standards to check against"), choices=_standard_choices,
        widget=forms.CheckboxSelectMultiple, initial=["boston-living-wage"],
    )


def _period_choices(periods: list[tuple[dt.date, dt.date]]) -> list[tuple[str, str]]:
    """Newest first, named as a person names them ("April–June 2025")."""
    return [(end.isoformat(), period_words(start, end)) for start, end in reversed(periods)]


class ContractUploadForm(forms.Form):
    file = forms.FileField(label=_("Report file (.xlsx or .csv)"))
    period_end = forms.TypedChoiceField(
        label=_("Reporting period"), coerce=dt.date.fromisoformat, empty_value=None,
        required=False,
        help_text=_("GoodBid reads the pay dates in your file and proposes the period they "
                    "fall in; choose one only to say which it is yourself."))

    report_type = forms.ChoiceField(label=_("Which report"), required=False)

    def __init__(self, *args, periods: list[tuple[dt.date, dt.date]],
                 kinds: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_end"].choices = [
            ("", _("The period of the file's pay dates")), *_period_choices(periods)]
        if len(kinds) > 1:
            self.fields["report_type"].choices = kinds
            self.fields["report_type"].initial = kinds[0][0]
            self.fields["period_end"].help_text = _(
                "For the contract's own report. GoodBid reads the pay dates in your file and "
                "proposes the period they fall in; a certified payroll always follows the "
                "week its file gives.")
        else:
            del self.fields["report_type"]
        self.order_fields(["report_type", "file", "period_end"])


def _report_kinds(contract) -> list[tuple[str, str]]:
    """The kinds of report a contract takes, as the upload form offers them."""
    return [(kind, f"{_(REPORT_TYPES[kind].label)}: "
                   f"{Cadence(selectors.report_cadence(contract, kind)).label}")
            for kind in selectors.contract_report_kinds(contract=contract)]


class ScheduleNameForm(forms.Form):
    schedule = forms.ChoiceField(label=_("Prevailing wage schedule"), required=False)
    awarded_on = forms.DateField(label=_("Awarded on"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("The day the contract was executed: the "
                                             "schedule's version in force that day applies."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule"].choices = [("", _("None"))] + [
            (s.number, f"{s.number} {s.title}".strip())
            for s in selectors.schedule_list().only("number", "title")]


class PeriodForm(forms.Form):
    period_end = forms.TypedChoiceField(label=_("Reporting period"),
                                        coerce=dt.date.fromisoformat)

    def __init__(self, *args, periods: list[tuple[dt.date, dt.date]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_end"].choices = _period_choices(periods)


class CorrectionForm(forms.Form):
    file = forms.FileField(label=_("Corrected report file (.xlsx or .csv)"))


class AttestForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    title = forms.CharField(label=_("Your job title"), max_length=200)
    confirm = forms.BooleanField(label=_("I confirm the statement above."))
    acknowledge = forms.BooleanField(required=False)

    def __init__(self, *args, violations: int = 0, outstanding: Decimal | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        if not violations and not outstanding:
            del self.fields["acknowledge"]
            return
        self.fields["acknowledge"].required = True
        words = {"count": violations, "owed": money(outstanding or 0)}
        if not violations:
            self.fields["acknowledge"].label = _(
                "I have read that %(owed)s of back pay found in earlier versions of this report "
                "is not yet shown paid, and that the city will ask to see it paid.") % words
        elif outstanding:
            self.fields["acknowledge"].label = ngettext(
                "I have read that this report shows %(count)d violation and %(owed)s of back "
                "pay not yet shown paid, and that the city will ask to see it paid.",
                "I have read that this report shows %(count)d violations and %(owed)s of back "
                "pay not yet shown paid, and that the city will ask to see it paid.",
                violations) % words
        else:
            self.fields["acknowledge"].label = ngettext(
                "I have read that this report shows %(count)d violation.",
                "I have read that this report shows %(count)d violations.", violations) % words


class BackPaymentForm(forms.Form):
    worker = forms.ChoiceField(label=_("Worker paid"))
    amount = forms.DecimalField(label=_("Amount paid (USD)"), min_value=Decimal("0.01"),
                                max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Date paid"),
                              widget=forms.DateInput(attrs={"type": "date"}))
    proof = forms.FileField(label=_("Proof of payment (optional): a pay stub, a cancelled "
                                    "cheque or a bank statement, as PDF, JPEG or PNG"),
                            required=False)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, workers: list[tuple[str, str]], by_name: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        if by_name:
            # Too many to choose from a list: the name as the report writes it (the service
            # refuses a worker the report does not owe).
            self.fields["worker"] = forms.CharField(
                label=_("Worker paid"), max_length=300,
                help_text=_("The worker's name as the report writes it, as in the table "
                            "above."))
        else:
            self.fields["worker"].choices = workers


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your answer to the city"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


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
        for contract in selectors.contract_list_with_reports(user=request.user):
            periods = selectors.contract_due_periods(contract=contract,
                                                     reports=contract.current_reports)
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
    form = schedule_form = None
    if scope.role == Role.VENDOR:
        started = [span for span in selectors.contract_periods(contract=contract)
                   if span[0] <= timezone.localdate()]
        form = ContractUploadForm(request.POST or None, request.FILES or None, periods=started,
                                  kinds=_report_kinds(contract))
        if request.method == "POST" and form.is_valid():
            kind = form.cleaned_data.get("report_type") or contract.report_type
            try:
                submission = submission_create(
                    uploaded_by=request.user, contract=contract,
                    upload=form.cleaned_data["file"], report_type=kind,
                    # The period chosen is one of the contract's own report's.
                    period_end=(form.cleaned_data["period_end"]
                                if kind == contract.report_type else None))
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                return redirect("submission-detail", submission_id=submission.pk)
    elif scope.role in (Role.OFFICER, Role.ADMIN):
        schedule_form = ScheduleNameForm(
            request.POST if request.method == "POST" else None, prefix="schedule",
            initial={"schedule": contract.wage_schedule.number if contract.wage_schedule
                     else "", "awarded_on": contract.awarded_on})
        if request.method == "POST" and schedule_form.is_valid():
            try:
                contract_schedule_set(contract=contract, acting_user=request.user,
                                      number=schedule_form.cleaned_data["schedule"] or None,
                                      awarded_on=schedule_form.cleaned_data["awarded_on"])
            except ServiceError as error:
                schedule_form.add_error(None, error.message)
            else:
                messages.success(request, _("The contract's prevailing wage schedule is "
                                            "saved. Reports already checked use it when "
                                            "checked again."))
                return redirect("contract-detail", contract_id=contract.pk)
    version = schedule_version_for(contract=contract, period_end=timezone.localdate())
    submissions = selectors.submission_list(user=request.user, contract_id=contract.pk)
    return render(request, "procurement/contract_detail.html", {
        "contract": contract, "periods": periods, "form": form, "submissions": submissions,
        "schedule_form": schedule_form, "schedule_version": version,
        "kinds": _report_kinds(contract),
        "visible": set(submissions.values_list("pk", flat=True)),
        "drafts": (selectors.contract_draft_count(contract=contract)
                   if scope.role in (Role.OFFICER, Role.ADMIN) else None),
        "late_subcontracts": _late_subcontracts(contract),
    })


def _late_subcontracts(contract) -> list:
    """The contractors let under this contract (at any depth) with periods now late: a
    general contractor answers for its subcontractors' filing."""
    if contract.project_id is None:
        return []
    tree = project_selectors.project_contracts(contract.project)
    below = project_selectors.subtree(tree, contract.vendor_id) - {
        c.pk for c in tree if c.vendor_id == contract.vendor_id}
    filers = project_selectors.project_filing(contract.project,
                                              [c for c in tree if c.pk in below],
                                              timezone.localdate())
    return [filer for filer in filers if filer.flagged]


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
            "code": issue["code"], "title": issue_title(issue["code"]),
            "severity": issue["severity"], "issues": [],
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
    ledger = back_pay_ledger(submission=submission, versions=versions)
    if submission.supersedes_id and run is not None:
        previous = Submission.objects.select_related("current_run").get(
            pk=submission.supersedes_id)
        if previous.current_run is not None:
            changes = run_changes(previous.current_run, run, ledger)
    is_vendor = scope.role == Role.VENDOR
    is_officer = scope.role in (Role.OFFICER, Role.ADMIN)
    report = localise_report(run.report, findings_shown=FINDINGS_SHOWN) if run else None
    findings_from = _findings_page(request, report)
    if findings_from:
        report["findings"] = localise_all(run_findings(run, offset=findings_from,
                                                       limit=FINDINGS_SHOWN))
    return render(request, "procurement/submission_detail.html", {
        "findings_from": findings_from,
        "xlsx_max": XLSX_MAX_FINDINGS,
        "findings_to": findings_from + len(report["findings"]) if report else 0,
        "findings_previous": max(0, findings_from - FINDINGS_SHOWN),
        "findings_next": findings_from + FINDINGS_SHOWN,
        "next_step": _next_step(submission, ledger, is_vendor=is_vendor, is_officer=is_officer),
        **_reporting_period(submission, report, is_vendor=is_vendor, is_officer=is_officer),
        **_remedy(submission, versions, ledger, is_vendor=is_vendor, is_officer=is_officer),
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
        "attest_form": AttestForm(violations=run.violation_count if run else 0,
                                  outstanding=ledger.outstanding),
        "correction_form": CorrectionForm(),
        "review_form": ReviewForm(initial={"due_date": timezone.localdate()
                                           + dt.timedelta(days=14)}),
        "in_progress": submission.status in (SubmissionStatus.RECEIVED,
                                             SubmissionStatus.PROCESSING),
        "period_form": _period_form(report) if is_vendor and report else None,
        "facts": _facts(report) if report else [],
        "help_contact": submission.jurisdiction.help_contact_in(get_language()),
    })


def _next_step(submission: Submission, ledger, *, is_vendor: bool, is_officer: bool) -> str:
    """The one sentence at the top of a result: what to do next, for who is reading."""
    state, owed = submission.state, ledger.outstanding_cents
    owed_text = money(ledger.outstanding)
    if is_officer:
        if ledger.payments_recorded:
            return _("Confirm or dispute the back-pay payments the vendor recorded, below.")
        if submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ESCALATED):
            return _("Review the findings and the rows behind them, then record a decision "
                     "below.")
        return ""
    if not is_vendor:
        return ""
    if state == "checking":
        return _("GoodBid is checking your file: this page updates by itself.")
    if state == "superseded":
        return _("A newer version of this report exists: open it from the list of versions.")
    if state in ("unreadable", "problems"):
        return _("Fix the problems listed below, then upload a corrected version.")
    if submission.contract_id and submission.period_end is None:
        return _("Choose the reporting period this report is for, below.")
    if state == "correction_requested":
        review = submission.reviews.first()
        if review is not None and review.due_date:
            return _("The city asks for a correction: upload a corrected version by "
                     "%(due)s.") % {"due": date_format(review.due_date)}
        return _("The city asks for a correction: upload a corrected version.")
    if state == "violations":
        return _("Pay the back pay owed (%(owed)s) and show it paid, correct what is wrong, "
                 "then sign and submit the report.") % {"owed": owed_text} if owed else \
            _("Correct what the findings say, then sign and submit the report.")
    if state == "no_violations":
        return _("Sign and submit the report below: the city sees it only then.")
    if owed:
        return _("Show the back pay still owed (%(owed)s) paid: record each payment below for "
                 "the city to confirm.") % {"owed": owed_text}
    if state in ("accepted", "waived"):
        return _("Nothing more to do for this report.")
    return _("Nothing to do now: the city is reviewing your report.")


def _remedy(submission: Submission, versions: list[Submission], ledger, *, is_vendor: bool,
            is_officer: bool) -> dict:
    """The back pay owed per worker and how it is shown paid; the forms to record a payment
    (the vendor) and to confirm or dispute one (an officer); the city's correction requests
    on every version of the report, with the vendor's answers."""
    owing = ledger.listed(WORKERS_LISTED, owing=True, payments_first=False)
    by_name = ledger.owing_total > WORKERS_LISTED
    requests = Review.objects.filter(submission__in=versions,
                                     decision=Decision.REQUEST_CORRECTION) \
        .select_related("decided_by", "submission").prefetch_related("replies__written_by")
    identical = Submission.objects.filter(vendor_id=submission.vendor_id,
                                          checksum=submission.checksum) \
        .exclude(pk=submission.pk).exclude(status=SubmissionStatus.SUPERSEDED) \
        .order_by("created_at").first() if is_vendor else None
    shown = ledger.listed(WORKERS_LISTED)
    return {
        "ledger": ledger,
        "ledger_shown": shown,
        "ledger_more": len(ledger) - len(shown),
        "payment_form": BackPaymentForm(
            workers=[] if by_name else [(w.worker, f"{w.worker} ({money(w.outstanding)})")
                                        for w in owing], by_name=by_name,
            initial={"amount": owing[0].outstanding if owing else None,
                     "paid_on": timezone.localdate()})
        if is_vendor and owing and submission.status != SubmissionStatus.SUPERSEDED else None,
        "can_decide_payments": is_officer,
        "requests": requests,
        "reply_form": ReplyForm() if is_vendor and submission.status in (
            SubmissionStatus.CORRECTION_REQUESTED, SubmissionStatus.SUPERSEDED) else None,
        "identical": identical,
    }


def _findings_page(request: HttpRequest, report: dict | None) -> int:
    """Where the findings shown start (?findings_from=N, a page of FINDINGS_SHOWN at a
    time), within the report's findings."""
    try:
        start = int(request.GET.get("findings_from", 0))
    except ValueError:
        return 0
    total = (report or {}).get("findings_total", 0)
    return max(0, min(start, max(0, total - 1))) // FINDINGS_SHOWN * FINDINGS_SHOWN


def _reporting_period(submission: Submission, report: dict | None, *, is_vendor: bool,
                      is_officer: bool) -> dict:
    """The period a contract's report is for, in words; whether it was proposed from the
    file; the period most of its rows are in when that is another; and the form to change
    it (the vendor before signing, an officer after)."""
    contract = submission.contract
    if contract is None:
        return {}
    spans = selectors.contract_periods(contract=contract)
    words = {end: period_words(start, end) for start, end in spans}
    placed = (report or {}).get("reporting_period") or {}
    best = placed.get("best_end")
    best = dt.date.fromisoformat(best) if best else None
    signed = submission.status in SIGNED_STATUSES
    may_change = (is_vendor and not signed and submission.status != SubmissionStatus.SUPERSEDED
                  ) or (is_officer and signed)
    pay_dates = {name: dt.date.fromisoformat(day)
                 for name, day in ((report or {}).get("pay_dates") or {}).items()}
    return {
        "period_words": words.get(submission.period_end) if submission.period_end else None,
        "period_proposed": bool(placed.get("proposed")) and submission.period_end is not None,
        "pay_dates": pay_dates,
        "better_period": (best, words[best]) if best and best != submission.period_end
        and best in words else None,
        "reporting_form": PeriodForm(initial={"period_end": submission.period_end},
                                     periods=spans, prefix="reporting")
        if may_change else None,
    }


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
    asked = next((i for i in report["issues"] if i["code"] == Code.NO_PERIOD), None)
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
def submission_payment_view(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The vendor records back pay it paid one worker, for the city to confirm."""
    submission = _submission_or_404(request, submission_id)
    if request.method == "POST":
        ledger = back_pay_ledger(submission=submission)
        by_name = len(ledger) > WORKERS_LISTED
        form = BackPaymentForm(request.POST, request.FILES, by_name=by_name,
                               workers=[] if by_name else [
                                   (w.worker, w.worker) for w in ledger.listed(WORKERS_LISTED)])
        if form.is_valid():
            try:
                back_payment_record(submission=submission, acting_user=request.user,
                                    worker=form.cleaned_data["worker"],
                                    amount=form.cleaned_data["amount"],
                                    paid_on=form.cleaned_data["paid_on"],
                                    proof=form.cleaned_data["proof"],
                                    note=form.cleaned_data["note"])
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Payment recorded: the city confirms it, then the "
                                            "back pay shows as paid."))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                             for e in errors))
    return redirect(reverse("submission-detail", args=[submission.pk]) + "#back-pay")


@login_required
def payment_decide_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    """An officer confirms or disputes a payment the vendor recorded."""
    payment = _payment_or_404(request, payment_id)
    if request.method == "POST":
        try:
            back_payment_decide(payment=payment, acting_user=request.user,
                                confirm=request.POST.get("decision") == "confirm",
                                note=request.POST.get("note", "")[:2000])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision on the payment recorded."))
    return redirect(reverse("submission-detail", args=[payment.submission_id]) + "#back-pay")


PROOF_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def _payment_or_404(request: HttpRequest, payment_id: int) -> BackPayment:
    payment = BackPayment.objects.filter(pk=payment_id).first()
    if payment is None:
        raise Http404("No such payment")
    _submission_or_404(request, payment.submission_id)  # who may see the report sees it
    return payment


@login_required
def payment_proof_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    payment = _payment_or_404(request, payment_id)
    if not payment.proof:
        raise Http404("No proof attached")
    with payment.proof.open("rb") as stored:
        content = stored.read()
    kind = payment.proof.name.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=PROOF_TYPES.get(kind, "application/pdf"))
    response["Content-Disposition"] = f'attachment; filename="proof-{payment.pk}.{kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def submission_reply_view(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The vendor answers the city's correction request."""
    submission = _submission_or_404(request, submission_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                report_reply_create(submission=submission, acting_user=request.user,
                                    text=form.cleaned_data["text"])
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your answer is with the city's request."))
        else:
            messages.error(request, _("Write your answer before sending it."))
    return redirect(reverse("submission-detail", args=[submission.pk]) + "#requests")


@login_required
def submission_period_view(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Say which reporting period a report is for (the vendor before signing, an officer
    after); the report is checked again."""
    submission = _submission_or_404(request, submission_id)
    if request.method == "POST" and submission.contract is not None:
        form = PeriodForm(request.POST, prefix="reporting",
                          periods=selectors.contract_periods(contract=submission.contract))
        if form.is_valid():
            try:
                submission_period_set(submission=submission, acting_user=request.user,
                                      period_end=form.cleaned_data["period_end"])
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Period changed: the report is checked again "
                                            "for it."))
        else:
            messages.error(request, _("Choose one of the contract's reporting periods."))
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
                                  title=form.cleaned_data["title"],
                                  acknowledged=bool(request.POST.get("acknowledge")))
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
    try:
        export = submission_export(_submission_or_404(request, submission_id), fmt)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("submission-detail", submission_id=submission_id)
    if export is None:
        raise Http404("Nothing to export yet")
    content, content_type, filename = export
    response = (HttpResponse(content, content_type=content_type) if isinstance(content, bytes)
                else StreamingHttpResponse(content, content_type=content_type))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def submission_letter(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A printable letter: the city's compliance letter (accepted or waived), the city's
    deficiency notice (only once an officer has asked for a correction), else the vendor's
    own summary of what to fix. Each names the contract, the period, the standards and
    their versions, and the back pay owed."""
    submission = _submission_or_404(request, submission_id)
    run = submission.current_run
    if run is None:
        raise Http404("Not checked yet")
    review = submission.reviews.first()
    if submission.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.WAIVED):
        kind = "compliance"
    elif review is not None and review.decision == Decision.REQUEST_CORRECTION:
        kind = "notice"
    else:
        kind = "summary"
    context = _reporting_period(submission, None, is_vendor=False, is_officer=False)
    document = {"compliance": TranslatedDocument.COMPLIANCE_LETTER,
                "notice": TranslatedDocument.DEFICIENCY_NOTICE}.get(kind)
    return render(request, "procurement/letter.html", {
        "submission": submission, "kind": kind,
        # A vital document is a draft until its own translation is signed off.
        "machine_draft": is_machine_draft(get_language()) or (
            document is not None and is_machine_draft(get_language(), document)),
        "report": localise_report(run.report, findings_shown=FINDINGS_SHOWN),
        "period_words": context.get("period_words"),
        **_letter_ledger(back_pay_ledger(submission=submission)),
        "review": review, "today": timezone.localdate(),
        "help_contact": submission.jurisdiction.help_contact_in(get_language()),
    })


def _letter_ledger(ledger) -> dict:
    """The letter lists the first workers owed; the downloads list every one."""
    return {"ledger": ledger, "ledger_listed": ledger.listed(LETTER_WORKERS,
                                                             payments_first=False)}


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
