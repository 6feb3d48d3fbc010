"""The demo's construction project: a general contractor and two subcontractors filing weekly
workforce reports in Boston's published layout (one subcontractor two weeks late), the
contractors' workforce plans approved, August and September 2024 graded (each as of the
day the commission would have seen it), and a good-faith effort logged against a "not
meeting" grade. Loaded through the same services a real user goes through."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from procurement.models import (
    Cadence,
    Contract,
    ContractKind,
    EffortKind,
    Jurisdiction,
    Profile,
    Project,
    Role,
    Vendor,
    WorkforcePlan,
)

PROJECT_CODE = "egleston-library"
GENERAL = "PFD-2024-0107"
FIRST_WEEK = dt.date(2024, 8, 4)  # a Sunday: weeks end on Sundays
LAST_WEEK = dt.date(2024, 9, 29)
LATE_FROM = dt.date(2024, 9, 22)  # the masonry subcontractor has not filed from this week


@dataclass(frozen=True)
class Crew:
    """One contractor's workers: (ID, trade, class, gender, person of color, resident,
    weekly hours)."""

    vendor: str
    number: str
    username: str
    password: str
    workers: tuple[tuple[str, str, str, str, str, str, float], ...]


def _crew(prefix: str, trade: str, count: int, *, women: int, of_color: int, residents: int,
          apprentices: int = 0, hours: float = 40) -> tuple:
    return tuple((f"{prefix}-{i + 1:03d}", trade, "Apprentice" if i < apprentices else "Journey",
                  "Woman" if i < women else "Man", "t" if i % 10 < of_color else "f",
                  "t" if (i + 3) % 10 < residents else "f", hours) for i in range(count))


CREWS = (
    Crew("Beacon Builders Inc.", GENERAL, "vendor2", "vendor2-demo-2024",
         _crew("BB", "Carpenter", 12, women=1, of_color=5, residents=6, apprentices=2)
         + tuple((f"BB-L{i + 1:02d}", "Laborer", "Journey", "Woman" if i == 0 else "Man",
                  "t" if i % 2 else "f", "t" if i < 5 else "f", 40.0) for i in range(8))),
    Crew("Codman Electric Co.", f"{GENERAL}-E", "electric", "electric-demo-2024",
         _crew("CE", "Electrician", 10, women=2, of_color=4, residents=5, apprentices=3)
         + tuple((f"CE-L{i + 1:02d}", "Laborer", "Journey", "Woman" if i < 2 else "Man",
                  "t" if i < 4 else "f", "t" if i % 2 else "f", 36.0) for i in range(7))),
    Crew("Fields Corner Masonry LLC", f"{GENERAL}-M", "masonry", "masonry-demo-2024",
         _crew("FM", "Bricklayer", 9, women=0, of_color=6, residents=7, apprentices=2)
         + tuple((f"FM-L{i + 1:02d}", "Laborer", "Journey", "Woman" if i == 0 else "Man",
                  "t" if i < 3 else "f", "t" if i < 4 else "f", 32.0) for i in range(7))),
)
# One carpenter of the general contractor's also appears in the electrician's report for
# the same week and trade (the same hours reported twice): the project counts them once.
SHARED_WORKER = ("BB-001", "Carpenter", "Apprentice", "Woman", "t", "t", 40.0)
HEADER = ["agency", "compliance_project_name", "project_address", "neighborhood", "developer",
          "general_contractor_name", "subcontractor", "Employee ID", "trade",
          "journey_or_apprentice", "period_ending", "gender", "person_of_color",
          "boston_resident", "worker_hours_this_period"]
ADDRESS = "2044 Columbus Ave, Boston MA 02119"


def _weeks(last: dt.date = LAST_WEEK) -> list[dt.date]:
    weeks, day = [], FIRST_WEEK
    while day <= last:
        weeks.append(day)
        day += dt.timedelta(days=7)
    return weeks


def _report(crew: Crew, week: dt.date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    workers = list(crew.workers)
    if crew.number.endswith("-E") and week == dt.date(2024, 8, 11):
        workers.append(SHARED_WORKER)
    for worker_id, trade, worker_class, gender, of_color, resident, hours in workers:
        writer.writerow(["PFD", "Egleston Square Library renovation", ADDRESS, "Roxbury",
                         "City of Boston", "Beacon Builders Inc.", crew.vendor, worker_id,
                         trade, worker_class, week.isoformat(), gender, of_color, resident,
                         f"{hours:g}"])
    return out.getvalue().encode()


def _plan_rows(crew: Crew) -> list[dict]:
    """Per trade, class and month, the crew's hours and the shares it commits to."""
    rows = []
    for month in (dt.date(2024, 8, 31), dt.date(2024, 9, 30), dt.date(2024, 10, 31)):
        hours: dict[tuple[str, str], float] = {}
        for _id, trade, worker_class, *_rest, weekly in crew.workers:
            key = (trade, worker_class.lower())
            hours[key] = hours.get(key, 0.0) + weekly * 4.3
        for (trade, worker_class), total in sorted(hours.items()):
            rows.append({"trade": trade, "worker_class": worker_class,
                         "period_end": month.isoformat(), "estimated_hours": round(total, 1),
                         "residents_share": 51.0, "people_of_color_share": 40.0,
                         "women_share": 12.0 if trade != "Bricklayer" else 5.0})
    return rows


def demo_project_load(officer) -> Project:
    """Create the demo project once (safe to run again: an existing project is kept)."""
    from procurement.services.audit import audit_record
    from procurement.services.projects import effort_add, plan_decide, project_grade
    from procurement.services.submissions import submission_attest, submission_create

    boston = Jurisdiction.objects.get(code="boston")
    existing = Project.objects.filter(jurisdiction=boston, code=PROJECT_CODE).first()
    if existing is not None:
        return existing
    user_model = get_user_model()
    with transaction.atomic():
        project = Project.objects.create(
            jurisdiction=boston, code=PROJECT_CODE,
            name="Egleston Square Library renovation",
            awarding_agency="Public Facilities Department", developer="City of Boston",
            address=ADDRESS, neighbourhood="Roxbury", standards=["boston-brjp"],
            starts_on=dt.date(2024, 7, 29), ends_on=dt.date(2024, 9, 29),
            subcontractors_added_by_prime=True, grade_after_percent=Decimal("10"))
        parent = None
        contracts = []
        for crew in CREWS:
            vendor, _ = Vendor.objects.get_or_create(
                legal_name=crew.vendor, defaults={"city": "Boston", "state": "MA"})
            contract = Contract.objects.create(
                jurisdiction=boston, vendor=vendor, number=crew.number,
                title=("Egleston Square Library renovation" if parent is None else
                       f"Subcontract of {GENERAL}: {crew.workers[0][1].lower()} work"),
                kind=ContractKind.CONSTRUCTION,
                value=Decimal("3400000.00") if parent is None else Decimal("420000.00"),
                standards=["boston-brjp"], report_type="workforce", cadence=Cadence.WEEKLY,
                trades=sorted({w[1] for w in crew.workers}),
                starts_on=project.starts_on, ends_on=project.ends_on, project=project,
                parent=parent, tier=0 if parent is None else 1)
            contracts.append(contract)
            parent = parent or contract
            user, created = user_model.objects.get_or_create(username=crew.username)
            if created:
                user.set_password(crew.password)
                user.email = f"{crew.username}@demo.goodbid.local"
                user.save()
                Profile.objects.create(user=user, role=Role.VENDOR, vendor=vendor)
        audit_record(actor=officer, action="project.created", obj=project,
                     after={"code": project.code, "contracts": [c.number for c in contracts]})
    for crew, contract in zip(CREWS, contracts, strict=True):
        user = user_model.objects.get(username=crew.username)
        plan = WorkforcePlan.objects.create(
            contract=contract, original_filename="workforce-plan.xlsx", rows=_plan_rows(crew),
            planned_hours=sum(Decimal(str(r["estimated_hours"])) for r in _plan_rows(crew)),
            submitted_by=user)
        plan_decide(acting_user=officer, plan=plan, approve=True,
                    note="Approved at the pre-construction meeting.")
        last = LATE_FROM - dt.timedelta(days=7) if crew.number.endswith("-M") else LAST_WEEK
        for week in _weeks(last):
            name = f"workforce-{crew.number}-{week.isoformat()}.csv"
            submission = submission_create(
                uploaded_by=user, contract=contract, period_end=week,
                upload=SimpleUploadedFile(name, _report(crew, week), "text/csv"))
            submission.refresh_from_db()
            if submission.current_run is not None and submission.current_run.valid:
                submission_attest(submission=submission, acting_user=user,
                                  name=f"{crew.vendor} payroll office", title="Payroll manager")
    tz = timezone.get_current_timezone()
    august = project_grade(project=project, month=dt.date(2024, 8, 31),
                           now=dt.datetime(2024, 9, 12, 9, 0, tzinfo=tz))
    project_grade(project=project, month=dt.date(2024, 9, 30),
                  now=dt.datetime(2024, 10, 10, 9, 0, tzinfo=tz))
    if august is not None and "not_meeting" in (august.grade, august.recent_grade):
        general = user_model.objects.get(username=CREWS[0].username)
        effort_add(acting_user=general, contract=contracts[0], grade=august,
                   kind=EffortKind.UNION_REFERRAL, happened_on=dt.date(2024, 8, 20),
                   description="Asked Carpenters Local 327 to refer two journeywomen and a "
                               "Boston-resident apprentice; one journeywoman started on "
                               "2024-09-02.")
        effort_add(acting_user=general, contract=contracts[0], grade=august,
                   kind=EffortKind.OUTREACH, happened_on=dt.date(2024, 8, 27),
                   description="Posted the openings with Building Pathways and the "
                               "Roxbury YouthBuild program.")
    return project
