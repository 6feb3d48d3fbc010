"""Writes for construction projects: monthly grades (kept as of the day given), subcontracts
a general contractor adds, workforce plans filed and decided, and good-faith efforts."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from fractions import Fraction

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.plans import read_plan
from procurement.models import (
    Contract,
    EffortKind,
    GoodFaithEffort,
    Grade,
    PlanStatus,
    Profile,
    Project,
    ProjectGrade,
    Role,
    Vendor,
    WorkforcePlan,
)
from procurement.project_selectors import project_plan, project_standard, project_workforce
from procurement.selectors import user_scope
from procurement.services.audit import audit_record
from rules.rollup import grades, month_end, months_back

logger = logging.getLogger(__name__)
MAX_PLAN_ROWS = 20_000
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".csv", ".txt")


# -- grades -------------------------------------------------------------------------------

def project_grade(*, project: Project, month: dt.date,
                  now: dt.datetime | None = None) -> ProjectGrade | None:
    """Grade the project for the month ending `month` from the reports signed by now, and
    keep the grade as of now (an earlier grade of the month stays on record). None for a
    project with no workforce standard."""
    standard = project_standard(project)
    if standard is None:
        return None
    last = month_end(month)
    workforce, _unread = project_workforce(project, dt.date.min, last)
    table = grades(workforce.frame, standard, month=last, plan=project_plan(project),
                   grade_after=Fraction(project.grade_after_percent) / 100)
    with transaction.atomic():
        grade = ProjectGrade.objects.create(
            project=project, month=last, graded_at=now or timezone.now(),
            grade=table["grade"], recent_grade=table["recent_grade"], table=table)
        audit_record(actor=None, action="project.graded", obj=project,
                     after={"month": last.isoformat(), "grade": grade.grade,
                            "recent_grade": grade.recent_grade})
    return grade


def projects_grade(*, month: dt.date | None = None,
                   today: dt.date | None = None) -> list[ProjectGrade]:
    """Grade every monitored project for `month` (by default the month before today's) that
    has started by its end."""
    today = today or timezone.localdate()
    if month is None:
        month = today.replace(day=1) - dt.timedelta(days=1)
    last = month_end(month)
    graded = []
    for project in Project.objects.filter(monitored=True, starts_on__lte=last):
        grade = project_grade(project=project, month=last)
        if grade is not None:
            graded.append(grade)
    return graded


def project_months(project: Project, today: dt.date | None = None) -> list[dt.date]:
    """The months of the project that have ended, newest first (month ends)."""
    today = today or timezone.localdate()
    last = min(project.ends_on, today.replace(day=1) - dt.timedelta(days=1))
    months = []
    day = month_end(project.starts_on)
    while day <= month_end(last):
        months.append(day)
        day = month_end(day + dt.timedelta(days=1))
    return list(reversed(months))


def three_months_window(month: dt.date) -> tuple[dt.date, dt.date]:
    return months_back(month, 3), month_end(month)


# -- subcontracts -------------------------------------------------------------------------

def subcontract_add(*, acting_user: AbstractBaseUser, parent: Contract, legal_name: str,
                    number: str, value, username: str, email: str,
                    ein: str = "") -> Contract:
    """A subcontract under `parent`, for a vendor (found by EIN, else created), with a user
    for it who sets a password from the e-mail GoodBid sends. Officers may always add one;
    the general contractor (or a subcontractor, under its own contract) only where the city
    allows it on the project."""
    scope = user_scope(acting_user)
    project = parent.project
    if project is None:
        raise ValidationError(_("Only a contract on a construction project takes "
                                "subcontractors."))
    city = scope.role == Role.ADMIN or (scope.role == Role.OFFICER
                                        and scope.jurisdiction_id == parent.jurisdiction_id)
    own = scope.role == Role.VENDOR and scope.vendor_id == parent.vendor_id
    if not city and not (own and project.subcontractors_added_by_prime):
        raise PermissionDenied(_("The city adds subcontractors to this project. Ask the "
                                 "project's officer to add yours."))
    legal_name, number, username = legal_name.strip(), number.strip(), username.strip()
    if not legal_name or not number or not username or not email.strip():
        raise ValidationError(_("Give the subcontractor's legal name, the subcontract's "
                                "number, and a user name and e-mail for its user."))
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(_("The user name %(name)s is taken: choose another.")
                              % {"name": username})
    if Contract.objects.filter(jurisdiction=parent.jurisdiction, number=number).exists():
        raise ValidationError(_("A contract numbered %(number)s exists already: give the "
                                "subcontract its own number.") % {"number": number})
    with transaction.atomic():
        vendor = (Vendor.objects.filter(ein=ein).first() if ein.strip() else None) \
            or Vendor.objects.create(legal_name=legal_name, ein=ein.strip())
        contract = Contract.objects.create(
            jurisdiction=parent.jurisdiction, vendor=vendor, number=number,
            title=_("Subcontract of %(number)s") % {"number": parent.number},
            kind=parent.kind, value=value, standards=list(parent.standards),
            report_type=parent.report_type, cadence=parent.cadence, trades=parent.trades,
            starts_on=parent.starts_on, ends_on=parent.ends_on,
            wage_schedule=parent.wage_schedule, awarded_on=parent.awarded_on,
            project=project, parent=parent, tier=parent.tier + 1)
        # A random password no one knows: the user sets its own from the e-mailed link
        # (Django's reset sends only to users whose password is usable).
        user = user_model.objects.create_user(username=username, email=email.strip(),
                                              password=secrets.token_urlsafe(32))
        Profile.objects.create(user=user, role=Role.VENDOR, vendor=vendor)
        audit_record(actor=acting_user, action="contract.subcontract-added", obj=contract,
                     after={"parent": parent.number, "vendor": vendor.legal_name,
                            "tier": contract.tier, "user": username})
    _send_welcome(user, contract)
    return contract


def _send_welcome(user, contract: Contract) -> None:
    """The new user's e-mail with a link to set a password (Django's reset form)."""
    form = PasswordResetForm({"email": user.email})
    if form.is_valid():
        form.save(domain_override=settings.GOODBID_BASE_URL.split("://")[-1],
                  use_https=settings.GOODBID_BASE_URL.startswith("https"),
                  subject_template_name="registration/subcontract_welcome_subject.txt",
                  email_template_name="registration/subcontract_welcome_email.txt",
                  extra_email_context={"contract": contract})


# -- workforce plans ----------------------------------------------------------------------

def plan_submit(*, acting_user: AbstractBaseUser, contract: Contract,
                upload: UploadedFile) -> tuple[WorkforcePlan | None, list]:
    """Read a workforce plan the contractor filed for its contract. A plan with problems is
    not stored: the problems come back to fix (the issues, in the file's coordinates)."""
    scope = user_scope(acting_user)
    if not (scope.role == Role.VENDOR and scope.vendor_id == contract.vendor_id):
        raise PermissionDenied(_("Only the contractor files its workforce plan."))
    if contract.project_id is None:
        raise ValidationError(_("Only a contract on a construction project has a workforce "
                                "plan."))
    content = upload.read()
    read = read_plan(content, upload.name or "plan")
    if not read.usable:
        return None, list(read.issues.issues)
    frame = read.frame
    if len(frame) > MAX_PLAN_ROWS:
        raise ValidationError(_("A workforce plan has at most %(count)s rows: one per trade, "
                                "journey or apprentice, and month.") % {"count": MAX_PLAN_ROWS})
    rows = []
    for record in frame.to_dict("records"):
        rows.append({key: (None if _missing(value) else
                           value.date().isoformat() if hasattr(value, "date") else
                           float(value) if key.endswith(("_hours", "_share")) else str(value))
                     for key, value in record.items()})
    planned = sum(row.get("estimated_hours") or 0 for row in rows)
    with transaction.atomic():
        last = contract.plans.select_for_update().order_by("-version").first()
        if last is not None and last.status in (PlanStatus.SUBMITTED,
                                                PlanStatus.CHANGE_REQUESTED):
            WorkforcePlan.objects.filter(pk=last.pk).update(status=PlanStatus.SUPERSEDED)
        plan = WorkforcePlan.objects.create(
            contract=contract, version=(last.version + 1) if last else 1,
            original_filename=(upload.name or "plan")[:255], rows=rows,
            planned_hours=round(planned, 2), submitted_by=acting_user)
        audit_record(actor=acting_user, action="plan.submitted", obj=plan,
                     jurisdiction_id=contract.jurisdiction_id, vendor_id=contract.vendor_id,
                     after={"version": plan.version, "rows": len(rows),
                            "planned_hours": str(plan.planned_hours)})
    return plan, list(read.issues.issues)


def _missing(value) -> bool:
    try:
        return value is None or value != value  # NaN and NA
    except TypeError:
        return True


def plan_decide(*, acting_user: AbstractBaseUser, plan: WorkforcePlan, approve: bool,
                note: str = "") -> WorkforcePlan:
    """The officer approves the plan, or asks for a change (with what to change)."""
    scope = user_scope(acting_user)
    if not (scope.role == Role.ADMIN or (scope.role == Role.OFFICER and
                                         scope.jurisdiction_id == plan.contract.jurisdiction_id)):
        raise PermissionDenied(_("Only the city's officers decide on workforce plans."))
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("This plan is no longer waiting for a decision."))
    if not approve and not note.strip():
        raise ValidationError(_("Say what the contractor should change in its plan."))
    with transaction.atomic():
        before = plan.status
        if approve:
            WorkforcePlan.objects.filter(contract=plan.contract, status=PlanStatus.APPROVED) \
                .update(status=PlanStatus.SUPERSEDED)
        plan.status = PlanStatus.APPROVED if approve else PlanStatus.CHANGE_REQUESTED
        plan.decided_by, plan.decided_at, plan.decision_note = (acting_user, timezone.now(),
                                                                 note.strip())
        plan.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(actor=acting_user, action="plan.decided", obj=plan,
                     jurisdiction_id=plan.contract.jurisdiction_id,
                     vendor_id=plan.contract.vendor_id,
                     before={"status": before}, after={"status": plan.status, "note": note})
    return plan


# -- good-faith efforts -------------------------------------------------------------------

def effort_add(*, acting_user: AbstractBaseUser, contract: Contract, grade: ProjectGrade,
               kind: str, happened_on: dt.date, description: str,
               document: UploadedFile | None = None) -> GoodFaithEffort:
    """A good-faith effort the contractor documents against a "not meeting" grade of its
    project (outreach, a union referral request...), with an optional document."""
    scope = user_scope(acting_user)
    if not (scope.role == Role.VENDOR and scope.vendor_id == contract.vendor_id):
        raise PermissionDenied(_("Only the contractor records its own efforts."))
    if grade.project_id != contract.project_id or Grade.NOT_MEETING not in (
            grade.grade, grade.recent_grade):
        raise ValidationError(_("Efforts are attached to a month the project was not "
                                "meeting its goals."))
    if kind not in EffortKind.values:
        raise ValidationError(_("Choose what kind of effort it was."))
    if not description.strip():
        raise ValidationError(_("Say what was done: who was contacted, and what came of it."))
    if happened_on > timezone.localdate():
        raise ValidationError(_("The date of an effort cannot be in the future."))
    if document is not None:
        if document.size > MAX_DOCUMENT_BYTES:
            raise ValidationError(_("The document is larger than 10 MB: send a smaller "
                                    "copy (a PDF or a photo)."))
        if not (document.name or "").lower().endswith(DOCUMENT_TYPES):
            raise ValidationError(_("Attach a PDF, a photo (.png, .jpg), or a Word, Excel, "
                                    "CSV or text file."))
    effort = GoodFaithEffort(project_id=contract.project_id, contract=contract, grade=grade,
                             kind=kind, happened_on=happened_on,
                             description=description.strip(), recorded_by=acting_user,
                             document_name=(document.name or "")[:255] if document else "")
    try:
        with transaction.atomic():
            if document is not None:  # the file first, the row after: a failure deletes it
                effort.document.save(document.name, document, save=False)
            effort.save()
            audit_record(actor=acting_user, action="project.effort-recorded", obj=effort,
                         jurisdiction_id=contract.jurisdiction_id,
                         vendor_id=contract.vendor_id,
                         after={"kind": kind, "happened_on": happened_on.isoformat(),
                                "grade_month": grade.month.isoformat()})
    except BaseException:
        if effort.document:
            effort.document.storage.delete(effort.document.name)
        raise
    return effort
