"""Project pages: the projects list (with the commission packet), and a project across all
its contractors: who filed and who is late by tier, the per-trade roll-up and the grades for
the city's staff, plans and good-faith efforts for the contractors."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procurement import project_selectors as projects
from procurement.i18n import localise
from procurement.models import (
    EffortKind,
    GoodFaithEffort,
    Grade,
    ProjectGrade,
    Role,
    WorkforcePlan,
)
from procurement.selectors import contract_list, user_scope
from procurement.services.exports import XLSX_TYPE
from procurement.services.packet import commission_packet_file
from procurement.services.packet_files import PacketTooLarge
from procurement.services.projects import (
    effort_add,
    plan_decide,
    plan_submit,
    project_grade,
    project_months,
    subcontract_add,
)
from procurement.services.templates import plan_template
from rules.rollup import LAST_THREE_MONTHS, WHOLE_PROJECT, month_end


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workforce plan (.xlsx or .csv)"))


class PlanDecisionForm(forms.Form):
    plan = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=gettext_lazy("Note to the contractor"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class EffortForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What was done"), choices=EffortKind.choices)
    happened_on = forms.DateField(label=gettext_lazy("Date"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=gettext_lazy("Who was contacted, and what came of it"),
                                  max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(label=gettext_lazy("Document (optional)"), required=False)


class SubcontractForm(forms.Form):
    parent = forms.IntegerField(widget=forms.HiddenInput)
    legal_name = forms.CharField(label=gettext_lazy("Subcontractor's legal name"),
                                 max_length=200)
    ein = forms.CharField(label=gettext_lazy("EIN (optional)"), max_length=10, required=False)
    number = forms.CharField(label=gettext_lazy("Subcontract number"), max_length=60)
    value = forms.DecimalField(label=gettext_lazy("Subcontract value (USD)"), max_digits=14,
                               decimal_places=2, min_value=0)
    username = forms.CharField(label=gettext_lazy("User name for the subcontractor"),
                               max_length=150)
    email = forms.EmailField(label=gettext_lazy("The subcontractor user's e-mail"))


class PacketForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("To"),
                              widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=gettext_lazy("Format"),
                               choices=[("pdf", "PDF"), ("xlsx", "Excel (.xlsx)")])


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    listed = list(projects.project_list(user=request.user))
    for project in listed:
        history = projects.grade_history(project, months=1)
        project.latest_grade = history[0] if history else None
    city = user_scope(request.user).role in (Role.OFFICER, Role.ADMIN)
    form = PacketForm(request.GET or None) if city else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        if data["date_from"] > data["date_to"]:
            form.add_error("date_to", _("The end of the range comes before its start."))
        else:
            try:
                content, content_type, filename = commission_packet_file(
                    user=request.user, date_from=data["date_from"], date_to=data["date_to"],
                    fmt=data["format"])
            except PacketTooLarge as error:
                form.add_error(None, _("A PDF packet holds up to %(limit)s rows; this range "
                                       "has %(rows)s. Download it as .xlsx, or choose a "
                                       "shorter range.") % {"limit": error.limit,
                                                            "rows": error.rows})
            else:
                response = HttpResponse(content, content_type=content_type)
                response["Content-Disposition"] = f'attachment; filename="{filename}"'
                return response
    return render(request, "procurement/project_list.html", {
        "projects": listed, "packet_form": form or None})


@login_required
def plan_template_view(request: HttpRequest, contract_id: int) -> HttpResponse:
    """The workforce plan template for one of the user's contracts, its trades and months
    filled in."""
    try:
        contract = contract_list(user=request.user).get(pk=contract_id, project__isnull=False)
    except ObjectDoesNotExist as error:
        raise Http404("No such contract") from error
    content, filename = plan_template(contract)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def effort_document_view(request: HttpRequest, effort_id: int) -> HttpResponse:
    """An effort's document, as an attachment: the city's staff of the project and the
    contractor that recorded it."""
    effort = GoodFaithEffort.objects.select_related("project", "contract").filter(
        pk=effort_id).first()
    if effort is None or not effort.document or not (
            projects.sees_workforce(request.user, effort.project)
            or user_scope(request.user).vendor_id == effort.contract.vendor_id):
        raise Http404("No such document")
    with effort.document.open("rb") as stored:
        content = stored.read()
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="effort-{effort.pk}-document"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _month_of(request: HttpRequest, months: list[dt.date]) -> dt.date:
    chosen = request.GET.get("period") or ""
    for month in months:
        if month.strftime("%Y-%m") == chosen:
            return month
    return months[0] if months else month_end(timezone.localdate())


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    try:
        project = projects.project_get(user=request.user, project_id=project_id)
    except ObjectDoesNotExist as error:
        raise Http404("No such project") from error
    scope = user_scope(request.user)
    city = projects.sees_workforce(request.user, project)
    contracts = projects.project_contracts(project)
    mine = set() if city else projects.subtree(contracts, scope.vendor_id)
    own = [c for c in contracts if c.vendor_id == scope.vendor_id]
    if request.method == "POST":
        response = _post(request, project, contracts, own, city)
        if response is not None:
            return response
    months = project_months(project)
    month = _month_of(request, months)
    shown = contracts if city else [c for c in contracts if c.pk in mine]
    filers = projects.project_filing(project, shown, month)
    rollup = projects.project_rollup(project, month, filers=filers) if city else None
    grade = projects.grade_as_of(project, month)
    history = projects.grade_history(project)
    plans = {c.pk: projects.contract_plans(c) for c in shown}
    efforts = project.efforts.select_related("contract__vendor", "grade")
    if not city:
        efforts = efforts.filter(contract__in=shown)
    not_meeting = [g for g in history if Grade.NOT_MEETING in (g.grade, g.recent_grade)]
    return render(request, "procurement/project_detail.html", {
        "project": project, "city": city, "month": month, "months": months,
        "filers": filers, "late": [f for f in filers if f.flagged],
        "rollup": rollup, "grade": grade, "history": history,
        # The shares behind a grade are the city's staff's (a contractor sees its grade).
        "grade_project": _grade_rows(projects.grade_rows(grade, WHOLE_PROJECT)) if city else [],
        "grade_recent": (_grade_rows(projects.grade_rows(grade, LAST_THREE_MONTHS))
                         if city else []),
        "plans": [(c, plans[c.pk]) for c in shown], "efforts": efforts,
        "own": own, "plan_form": PlanUploadForm() if own else None,
        "effort_form": EffortForm() if own and not_meeting else None,
        "not_meeting": not_meeting,
        "subcontract_form": (SubcontractForm() if own and project.subcontractors_added_by_prime
                             or city else None),
        "parents": own if not city else contracts,
        "trade_rows": _trade_rows(rollup) if rollup else [],
    })


CATEGORY_WORDS = {"residents": gettext_lazy("Residents"),
                  "people_of_color": gettext_lazy("People of color"),
                  "women": gettext_lazy("Women")}
GRADE_WORDS = dict(Grade.choices)
CLASS_WORDS = {"journey": gettext_lazy("Journey"), "apprentice": gettext_lazy("Apprentice"),
               "not stated": gettext_lazy("Not stated")}


def category_label(key: str) -> str:
    return str(CATEGORY_WORDS.get(key, key.replace("_", " ").capitalize()))


def _trade_rows(rollup: dict) -> list[dict]:
    """The roll-up's shares as one row per group (the whole project first, then each trade
    and class) with a cell per category, in the standard's order."""
    rows: dict[tuple, dict] = {}
    for share in rollup["shares"]:
        key = (share["measured_per"] != "project", share.get("trade") or "",
               share.get("worker_class") or "")
        row = rows.setdefault(key, {
            "trade": share.get("trade"),
            "worker_class": CLASS_WORDS.get(share.get("worker_class") or "",
                                            share.get("worker_class")),
            "hours": share["total_hours"], "categories": []})
        row["categories"].append({**share, "label": category_label(share["category"])})
    return [rows[key] for key in sorted(rows)]


def _grade_rows(rows: list[dict]) -> list[dict]:
    """A stored grade's rows with the words a page shows."""
    return [{**row, "grade_text": GRADE_WORDS.get(row["grade"], row["grade"]),
             "plan_grade_text": GRADE_WORDS.get(row.get("plan_grade") or "", ""),
             "categories": [{**c, "label": category_label(c["category"])}
                            for c in row["categories"]]} for row in rows]


def _post(request: HttpRequest, project, contracts, own, city) -> HttpResponse | None:
    action = request.POST.get("action")
    back = redirect("project-detail", project_id=project.pk)
    try:
        if action == "grade" and city:
            month = dt.date.fromisoformat(request.POST.get("month", ""))
            project_grade(project=project, month=month)
            messages.success(request, _("Graded again from the reports signed by now; the "
                                        "earlier grade stays on record."))
            return back
        if action in ("approve", "change") and city:
            form = PlanDecisionForm(request.POST)
            if form.is_valid():
                plan = WorkforcePlan.objects.get(pk=form.cleaned_data["plan"],
                                                 contract__project=project)
                plan_decide(acting_user=request.user, plan=plan, approve=action == "approve",
                            note=form.cleaned_data["note"])
                messages.success(request, _("Decision recorded."))
                return back
        if action == "plan" and own:
            form = PlanUploadForm(request.POST, request.FILES)
            contract = next((c for c in own if str(c.pk) == request.POST.get("contract")),
                            own[0])
            if form.is_valid():
                plan, issues = plan_submit(acting_user=request.user, contract=contract,
                                           upload=form.cleaned_data["file"])
                if plan is None:
                    for issue in issues[:20]:
                        messages.error(request, _issue_text(issue))
                else:
                    messages.success(request, _("Plan received: the city's officer will "
                                                "approve it or ask for a change."))
                return back
        if action == "effort" and own:
            form = EffortForm(request.POST, request.FILES)
            grade = ProjectGrade.objects.filter(project=project,
                                                pk=request.POST.get("grade")).first()
            if form.is_valid() and grade is not None:
                data = form.cleaned_data
                effort_add(acting_user=request.user, contract=own[0], grade=grade,
                           kind=data["kind"], happened_on=data["happened_on"],
                           description=data["description"], document=data["document"])
                messages.success(request, _("Effort recorded with the grade."))
                return back
        if action == "subcontract":
            form = SubcontractForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                parent = contract_list(user=request.user).get(pk=data["parent"],
                                                              project=project)
                subcontract_add(acting_user=request.user, parent=parent,
                                legal_name=data["legal_name"], number=data["number"],
                                value=data["value"], username=data["username"],
                                email=data["email"], ein=data["ein"])
                messages.success(request, _("Subcontract added: its user gets an e-mail to "
                                            "set a password."))
                return back
    except (PermissionDenied, ValidationError, ValueError, ObjectDoesNotExist) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
        return back
    messages.error(request, _("Something in the form is missing: fill in every field."))
    return back


def _issue_text(issue) -> str:
    """A problem in the plan, in the reader's language, where it is in the file."""
    item = localise(issue.to_dict())
    where = f"{item.get('column_letter') or ''}{item.get('row') or ''}"
    text = f"{item['message']} {item.get('hint') or ''}".strip()
    return f"{where}: {text}" if where else text
