"""Reads for construction projects across their contractors: who may see a project, its
contracts as a tree of tiers, who filed and who is late, the per-trade roll-up over every
filer's accepted rows (rules.rollup), and the grades as they stood on any day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet

from procurement.models import (
    SIGNED_STATUSES,
    Contract,
    PlanStatus,
    Project,
    ProjectGrade,
    Role,
    Submission,
    WorkforcePlan,
)
from procurement.rows import run_rows
from procurement.selectors import (
    DuePeriod,
    contract_due_periods,
    current_reports_of_contracts,
    standards_in_force,
    user_scope,
)
from rules.rollup import (
    TOTAL,
    Combined,
    Plan,
    combined,
    contributions,
    distinct_workers,
    month_end,
    plan_frame,
    shares,
)
from rules.standards import Standard

WORKFORCE = "workforce"


def project_list(*, user: AbstractBaseUser) -> QuerySet[Project]:
    """The projects the user may open: an officer's jurisdiction's, every one for an
    administrator, and for a vendor those it has a contract on."""
    scope = user_scope(user)
    projects = Project.objects.select_related("jurisdiction")
    if scope.role == Role.ADMIN:
        return projects
    if scope.role == Role.OFFICER and scope.jurisdiction_id is not None:
        return projects.filter(jurisdiction_id=scope.jurisdiction_id)
    if scope.role == Role.VENDOR:
        return projects.filter(contracts__vendor_id=scope.vendor_id).distinct()
    return projects.none()


def project_get(*, user: AbstractBaseUser, project_id: int) -> Project:
    """Raises Project.DoesNotExist when it does not exist or the user may not see it."""
    return project_list(user=user).get(pk=project_id)


def sees_workforce(user: AbstractBaseUser, project: Project) -> bool:
    """Whether the user sees the project's workforce figures unsuppressed (the city's staff):
    a contractor sees its own reports, and of the project what the public sees."""
    scope = user_scope(user)
    return scope.role == Role.ADMIN or (scope.role == Role.OFFICER
                                        and scope.jurisdiction_id == project.jurisdiction_id)


def project_contracts(project: Project) -> list[Contract]:
    """The project's contracts as a tree: each contract followed by its subcontracts (by
    number), the general contractor's first."""
    reports = Prefetch("submissions", queryset=current_reports_of_contracts(),
                       to_attr="current_reports")
    contracts = list(project.contracts.select_related("vendor", "parent__vendor")
                     .prefetch_related(reports).order_by("tier", "number"))
    children: dict[int | None, list[Contract]] = {}
    ids = {contract.pk for contract in contracts}
    for contract in contracts:
        parent = contract.parent_id if contract.parent_id in ids else None
        children.setdefault(parent, []).append(contract)
    ordered: list[Contract] = []

    def walk(parent: int | None) -> None:
        for contract in children.get(parent, []):
            ordered.append(contract)
            walk(contract.pk)

    walk(None)
    return ordered


def subtree(contracts: list[Contract], vendor_id: int) -> set[int]:
    """The contracts of `vendor_id` and every contract let under them, at any depth."""
    ids = {c.pk for c in contracts if c.vendor_id == vendor_id}
    grown = True
    while grown:
        more = {c.pk for c in contracts if c.parent_id in ids} - ids
        ids |= more
        grown = bool(more)
    return ids


def project_standard(project: Project) -> Standard | None:
    """The workforce standard the project's hiring goals come from."""
    standards = [s for s in standards_in_force(list(project.standards))
                 if s.report_type == WORKFORCE]
    return standards[0] if standards else None


def _filed(project: Project, first: dt.date, last: dt.date,
           report_type: str = WORKFORCE) -> QuerySet[Submission]:
    return (Submission.objects.filter(
        contract__project=project, report_type=report_type, status__in=SIGNED_STATUSES,
        period_end__gte=first, period_end__lte=last, current_run__isnull=False)
        .select_related("current_run"))


def project_workforce(project: Project, first: dt.date, last: dt.date,
                      report_type: str = WORKFORCE) -> tuple[Combined, list[Submission]]:
    """Every filer's accepted rows in signed reports for periods ending first..last, as one
    workforce (each hour once), and the reports checked before their rows were kept (left
    out, to be checked again)."""
    parts: list[tuple[int, pd.DataFrame]] = []
    unread: list[Submission] = []
    for submission in _filed(project, first, last, report_type).only(
            "pk", "contract_id", "current_run__rows_file", "original_filename", "period_end"):
        rows = run_rows(submission.current_run)
        if rows is None:
            unread.append(submission)
            continue
        parts.append((submission.contract_id, rows))
    return combined(parts, project.code), unread


@dataclass
class Filer:
    """One contract on the project: its place in the tree, its periods in the month and
    every period now late, its last filing, and its hours in the month."""

    contract: Contract
    periods: list[DuePeriod]
    late: list[DuePeriod]
    last_filed: dt.datetime | None
    hours: str = "0"
    share: str | None = None
    trades: list[dict] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.late)


def project_filing(project: Project, contracts: list[Contract], month: dt.date,
                   today: dt.date | None = None) -> list[Filer]:
    """Per contract, in tree order: the reporting periods ending in `month` with their status
    (filed only once signed), the periods overdue to date, and the last signed filing."""
    today = today or dt.date.today()
    first, last = month.replace(day=1), month_end(month)
    filers = []
    for contract in contracts:
        periods = contract_due_periods(contract=contract, today=today,
                                       reports=contract.current_reports)
        signed = [r.attested_at for r in contract.current_reports
                  if r.status in SIGNED_STATUSES and r.attested_at]
        filers.append(Filer(contract, [p for p in periods if first <= p.period_end <= last],
                            [p for p in periods if p.overdue], max(signed, default=None)))
    return filers


def project_rollup(project: Project, month: dt.date, *, filers: list[Filer] | None = None
                   ) -> dict:
    """The month's roll-up over every filer's accepted rows: the shares per trade and
    journey/apprentice class and for the whole project against the goals in force, each
    contractor's hours and share of each trade, distinct workers, and the workers found in
    two contractors' reports. `filers` (project_filing) get their hours in the month."""
    first, last = month.replace(day=1), month_end(month)
    standard = project_standard(project)
    workforce, unread = project_workforce(project, first, last)
    frame = workforce.frame
    names = {c.pk: c for c in project.contracts.select_related("vendor")}
    by_trade = contributions(frame)
    for part in by_trade:
        contract = names.get(part["filer"])
        part["contractor"] = str(contract.vendor) if contract else ""
        part["tier"] = contract.tier if contract else None
    if filers is not None:
        totals = frame.groupby("filer")["hours"].sum() if len(frame) else pd.Series(dtype=float)
        whole = float(totals.sum())
        for filer in filers:
            hours = float(totals.get(filer.contract.pk, 0.0))
            filer.hours = f"{hours:,.1f}".removesuffix(".0")
            filer.share = f"{100 * hours / whole:.1f}" if whole else None
            filer.trades = [p for p in by_trade if p["filer"] == filer.contract.pk]
    overlaps = []
    for record in workforce.overlaps.to_dict("records"):
        overlaps.append({
            "worker": record["worker"], "by_id": bool(record["by_id"]),
            "period_end": pd.Timestamp(record["period_end"]).date().isoformat(),
            "trade": record["trade"],
            "contractors": [str(names[f].vendor) if f in names else "" for f in
                            record["filers"]],
            "hours": [f"{h:g}" for h in record["hours"]], "counted": f"{record['counted']:g}"})
    version = standard.version_on(last) if standard else None
    return {
        "project": {"id": project.pk, "code": project.code, "name": project.name},
        "period": {"first": first.isoformat(), "last": last.isoformat()},
        "standard": (None if standard is None else
                     {"code": standard.label, "title": standard.title,
                      "version": version.version if version else None,
                      "source": version.source if version else None}),
        "hours": f"{float(frame['hours'].sum()):g}" if len(frame) else "0",
        "shares": shares(frame, standard) if standard is not None else [],
        "contributions": by_trade,
        "workers": distinct_workers(frame, standard) if standard is not None else {},
        "overlaps": overlaps, "overlap_count": workforce.overlap_count,
        "unread_reports": [s.pk for s in unread],
    }


def project_plan(project: Project) -> Plan:
    """The approved plans of the project's contracts (each contract's newest approved), as
    one plan."""
    rows: list[dict] = []
    seen: set[int] = set()
    for plan in (WorkforcePlan.objects.filter(contract__project=project,
                                              status=PlanStatus.APPROVED)
                 .order_by("contract_id", "-version")):
        if plan.contract_id in seen:
            continue
        seen.add(plan.contract_id)
        rows.extend(plan.rows)
    return Plan(plan_frame(rows))


def contract_plans(contract: Contract) -> list[WorkforcePlan]:
    return list(contract.plans.select_related("submitted_by", "decided_by")
                .order_by("-version"))


def grade_as_of(project: Project, month: dt.date,
                at: dt.datetime | None = None) -> ProjectGrade | None:
    """The project's grade for `month` as it stood at `at` (now by default)."""
    grades = project.grades.filter(month=month_end(month))
    if at is not None:
        grades = grades.filter(graded_at__lte=at)
    return grades.order_by("-graded_at", "-id").first()


def grade_history(project: Project, at: dt.datetime | None = None,
                  months: int | None = None) -> list[ProjectGrade]:
    """The grade of each month as it stood at `at`, newest month first."""
    grades = project.grades.all()
    if at is not None:
        grades = grades.filter(graded_at__lte=at)
    latest: dict[dt.date, ProjectGrade] = {}
    for grade in grades.order_by("month", "graded_at", "id").defer("table"):
        latest[grade.month] = grade
    history = [latest[month] for month in sorted(latest, reverse=True)]
    return history[:months] if months else history


def grade_rows(grade: ProjectGrade | None, scope: str) -> list[dict]:
    """A stored grade's rows for one scope, the total first."""
    if grade is None:
        return []
    rows = [row for row in grade.table.get("rows", []) if row["scope"] == scope]
    return sorted(rows, key=lambda row: (row["trade"] != TOTAL, row["trade"]))
