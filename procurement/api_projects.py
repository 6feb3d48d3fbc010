"""Construction projects over the API (mounted at /api/projects): the project with its
contractors and who filed, the per-trade roll-up across every contractor, the grades as they
stood on any day, and the contractors' workforce plans.

A project the user may not see is 'not found'; the roll-up's unsuppressed figures are the
city's staff's (a contractor gets 403 and the public scorecard)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from procurement import project_selectors as projects
from procurement.models import WorkforcePlan
from procurement.schemas import ErrorOut, Id, Text
from procurement.selectors import contract_get, contract_list, user_scope
from procurement.services.errors import ServiceError
from procurement.services.projects import plan_decide, plan_submit, project_grade
from rules.rollup import month_end

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
router = Router(tags=["projects"])
plans = Router(tags=["projects"])


class PeriodOut(Schema):
    period_end: dt.date
    status: str
    label: str
    submission: int | None


class FilerOut(Schema):
    contract: int
    number: str
    contractor: str
    tier: int
    parent: int | None
    periods: list[PeriodOut]
    late: list[dt.date]
    last_filed: dt.datetime | None
    hours: str
    share: str | None


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    jurisdiction: str
    awarding_agency: str
    developer: str
    address: str
    neighbourhood: str
    standards: list[str]
    starts_on: dt.date
    ends_on: dt.date
    grade: str | None
    recent_grade: str | None
    graded_month: dt.date | None


class ProjectDetailOut(ProjectOut):
    month: dt.date
    filers: list[FilerOut]


class RollupOut(Schema):
    project: dict
    period: dict
    standard: dict | None
    hours: str
    shares: list[dict]
    contributions: list[dict]
    workers: dict
    overlaps: list[dict]
    overlap_count: int
    unread_reports: list[int]
    filers: list[FilerOut]


class GradeOut(Schema):
    month: dt.date
    graded_at: dt.datetime
    grade: str
    recent_grade: str
    table: dict


class PlanOut(Schema):
    id: int
    contract: int
    version: int
    status: str
    status_text: str
    planned_hours: str
    rows: list[dict]
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str


class PlanDecisionIn(Schema):
    approve: bool
    note: Text(2000) = ""


def _month(period: str | None) -> dt.date:
    """'2024-08' (or a date in the month) as the month's last day; the last month that has
    ended by default."""
    if not period:
        return dt.date.today().replace(day=1) - dt.timedelta(days=1)
    try:
        text = period.strip()
        return month_end(dt.date.fromisoformat(text + "-01" if len(text) == 7 else text))
    except (ValueError, OverflowError) as error:  # not a date, or December 9999
        raise ServiceError("project.bad-period", _("Give the period as a month, for example "
                                                   "2024-08."), status=422) from error


def project_out(project) -> dict:
    latest = projects.grade_history(project, months=1)
    grade = latest[0] if latest else None
    return {"id": project.pk, "code": project.code, "name": project.name,
            "jurisdiction": project.jurisdiction.code,
            "awarding_agency": project.awarding_agency, "developer": project.developer,
            "address": project.address, "neighbourhood": project.neighbourhood,
            "standards": project.standards, "starts_on": project.starts_on,
            "ends_on": project.ends_on, "grade": grade.grade if grade else None,
            "recent_grade": grade.recent_grade if grade else None,
            "graded_month": grade.month if grade else None}


def filer_out(filer: projects.Filer) -> dict:
    contract = filer.contract
    return {"contract": contract.pk, "number": contract.number,
            "contractor": str(contract.vendor), "tier": contract.tier,
            "parent": contract.parent_id,
            "periods": [{"period_end": p.period_end, "status": p.status, "label": p.label,
                         "submission": p.submission.pk if p.submission else None}
                        for p in filer.periods],
            "late": [p.period_end for p in filer.late], "last_filed": filer.last_filed,
            "hours": filer.hours, "share": filer.share}


def _filers(request: HttpRequest, project, month: dt.date) -> list[projects.Filer]:
    """Every contractor for the city's staff; a contractor sees its own contracts and those
    let under them."""
    contracts = projects.project_contracts(project)
    scope = user_scope(request.user)
    if not projects.sees_workforce(request.user, project):
        mine = projects.subtree(contracts, scope.vendor_id)
        contracts = [c for c in contracts if c.pk in mine]
    return projects.project_filing(project, contracts, month)


@router.get("", response={200: list[ProjectOut], **ERRORS})
def list_projects(request: HttpRequest):
    """Projects you can see: an officer's jurisdiction's, a contractor's own."""
    return [project_out(p) for p in projects.project_list(user=request.user)]


@router.get("/{project_id}", response={200: ProjectDetailOut, **ERRORS})
def get_project(request: HttpRequest, project_id: Id, period: str | None = None):
    """The project, and per contractor (by tier) its reporting periods in the month with
    their status, the periods now late, and its last filing."""
    project = projects.project_get(user=request.user, project_id=project_id)
    month = _month(period)
    return {**project_out(project), "month": month,
            "filers": [filer_out(f) for f in _filers(request, project, month)]}


@router.get("/{project_id}/rollup", response={200: RollupOut, **ERRORS})
def project_rollup(request: HttpRequest, project_id: Id, period: str | None = None):
    """The month's hiring-goal roll-up over every contractor's accepted rows (signed
    reports): shares per trade and journey/apprentice class and for the whole project, each
    contractor's share of each trade, distinct workers, and workers found in two
    contractors' reports (counted once by worker ID, else listed)."""
    project = projects.project_get(user=request.user, project_id=project_id)
    if not projects.sees_workforce(request.user, project):
        raise ServiceError("project.city-staff-only",
                           _("The project's figures across contractors are for the city's "
                             "staff. The public scorecard shows them, with small groups "
                             "hidden."), status=403)
    month = _month(period)
    filers = _filers(request, project, month)
    return {**projects.project_rollup(project, month, filers=filers),
            "filers": [filer_out(f) for f in filers]}


@router.get("/{project_id}/grades", response={200: list[GradeOut], **ERRORS})
def list_grades(request: HttpRequest, project_id: Id, as_of: dt.datetime | None = None):
    """Each month's grade as it stood at `as_of` (now by default), newest month first. The
    table behind each grade (shares per trade) is the city's staff's; a contractor gets the
    grades."""
    project = projects.project_get(user=request.user, project_id=project_id)
    city = projects.sees_workforce(request.user, project)
    return [{"month": g.month, "graded_at": g.graded_at, "grade": g.grade,
             "recent_grade": g.recent_grade,
             "table": projects.grade_as_of(project, g.month, as_of).table if city else {}}
            for g in projects.grade_history(project, at=as_of)]


@router.post("/{project_id}/grades", response={201: GradeOut, **ERRORS})
def grade_project(request: HttpRequest, project_id: Id, period: str | None = None):
    """Grade a month again from the reports signed by now (officers); the earlier grade
    stays on record."""
    project = projects.project_get(user=request.user, project_id=project_id)
    if not projects.sees_workforce(request.user, project):
        raise ServiceError("project.city-staff-only", _("Only the city's staff grade "
                                                        "projects."), status=403)
    grade = project_grade(project=project, month=_month(period))
    if grade is None:
        raise ServiceError("project.no-workforce-standard",
                           _("This project names no workforce standard to grade it by."),
                           status=422)
    return Status(201, {"month": grade.month, "graded_at": grade.graded_at,
                        "grade": grade.grade, "recent_grade": grade.recent_grade,
                        "table": grade.table})


def plan_out(plan: WorkforcePlan) -> dict:
    return {"id": plan.pk, "contract": plan.contract_id, "version": plan.version,
            "status": plan.status, "status_text": plan.get_status_display(),
            "planned_hours": f"{plan.planned_hours:.2f}", "rows": plan.rows,
            "submitted_at": plan.submitted_at, "decided_at": plan.decided_at,
            "decision_note": plan.decision_note}


@plans.get("/contracts/{contract_id}/plans", response={200: list[PlanOut], **ERRORS})
def list_plans(request: HttpRequest, contract_id: Id):
    """The contract's workforce plans, newest first."""
    contract = contract_get(user=request.user, contract_id=contract_id)
    return [plan_out(p) for p in projects.contract_plans(contract)]


@plans.post("/contracts/{contract_id}/plans", response={201: PlanOut, **ERRORS})
def submit_plan(request: HttpRequest, contract_id: Id, file: File[UploadedFile]):
    """File a workforce plan (the template from /api/templates/workforce_plan): per trade,
    journey/apprentice and month, the estimated hours and the shares committed. A plan with
    problems is refused with each problem where it is in the file."""
    contract = contract_get(user=request.user, contract_id=contract_id)
    try:
        plan, issues = plan_submit(acting_user=request.user, contract=contract, upload=file)
    except PermissionDenied as error:
        raise ServiceError("plan.forbidden", str(error), status=403) from error
    except ValidationError as error:
        raise ServiceError("plan.invalid", " ".join(error.messages), status=422) from error
    if plan is None:
        raise ServiceError("plan.has-problems", _("The plan has problems to fix: see each "
                                                  "one below."), status=422,
                           detail=[issue.to_dict() for issue in issues])
    return Status(201, plan_out(plan))


@plans.post("/plans/{plan_id}/decision", response={200: PlanOut, **ERRORS})
def decide_plan(request: HttpRequest, plan_id: Id, body: PlanDecisionIn):
    """Approve a plan, or ask for a change saying what (officers); audited."""
    plan = (WorkforcePlan.objects.select_related("contract")
            .filter(contract__in=contract_list(user=request.user)).get(pk=plan_id))
    try:
        plan = plan_decide(acting_user=request.user, plan=plan, approve=body.approve,
                           note=body.note)
    except PermissionDenied as error:
        raise ServiceError("plan.forbidden", str(error), status=403) from error
    except ValidationError as error:
        raise ServiceError("plan.invalid", " ".join(error.messages), status=422) from error
    return plan_out(plan)
