"""Demo data: Boston, two vendors, a service and a construction contract, one user of each
role with a known password, and one report already submitted so the officer's queue is not
empty. Loaded through the same services a real user goes through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from procurement.models import (
    Cadence,
    Contract,
    ContractKind,
    Jurisdiction,
    Profile,
    Role,
    Submission,
    Vendor,
    WageSchedule,
)

DEMO_FILES = Path(__file__).resolve().parents[1] / "demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    vendor: str | None = None


DEMO_VENDOR = "Harbor Facility Services LLC"
DEMO_OTHER_VENDOR = "Beacon Builders Inc."
DEMO_USERS = (
    DemoUser("vendor", "vendor-demo-2024", Role.VENDOR, DEMO_VENDOR),
    DemoUser("vendor2", "vendor2-demo-2024", Role.VENDOR, DEMO_OTHER_VENDOR),
    DemoUser("officer", "officer-demo-2024", Role.OFFICER),
    DemoUser("licensing", "licensing-demo-2024", Role.LICENSING),
    DemoUser("admin", "admin-demo-2024", Role.ADMIN),
)
BOSTON_HELP = ("City of Boston, Office of Workforce Development: Living Wage and Boston "
               "Residents Jobs Policy staff, 43 Hawkins St, Boston MA 02114, "
               "weekdays 9-5. Help in Spanish, Haitian Creole, Portuguese, Chinese and "
               "Vietnamese on request.")
# As the city would write it for its Spanish-reading vendors (admin: help contact translations).
BOSTON_HELP_ES = ("Ciudad de Boston, Oficina de Desarrollo de la Fuerza Laboral: personal de "
                  "Salario Digno y de la Política de Empleo para Residentes de Boston, "
                  "43 Hawkins St, Boston MA 02114, días laborables de 9 a 5. Ayuda en español, "
                  "criollo haitiano, portugués, chino y vietnamita a pedido.")


def demo_load(*, with_project: bool = False) -> tuple[DemoUser, ...]:
    """Create or reset the demo data. Safe to run again. `with_project`: also the
    construction project across three contractors (procurement.services.demo_project),
    whose weekly reports take a few seconds to check."""
    user_model = get_user_model()
    with transaction.atomic():
        boston, _ = Jurisdiction.objects.update_or_create(
            code="boston", defaults={"name": "City of Boston", "help_contact": BOSTON_HELP,
                                     "help_contact_translations": {"es": BOSTON_HELP_ES}})
        harbor, _ = Vendor.objects.update_or_create(
            legal_name=DEMO_VENDOR, defaults={
                "trade_name": "Harbor Cleaning", "street": "12 Dorchester Ave",
                "city": "Boston", "state": "MA", "zip_code": "02127", "employee_count": 38})
        beacon, _ = Vendor.objects.update_or_create(
            legal_name=DEMO_OTHER_VENDOR, defaults={
                "street": "400 Blue Hill Ave", "city": "Boston", "state": "MA",
                "zip_code": "02121", "employee_count": 55})
        vendors = {DEMO_VENDOR: harbor, DEMO_OTHER_VENDOR: beacon}
        for demo in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(username=demo.username)
            user.set_password(demo.password)
            user.email = f"{demo.username}@demo.goodbid.local"
            user.is_staff = user.is_superuser = demo.role == Role.ADMIN
            user.save()
            Profile.objects.update_or_create(
                user=user,
                defaults={"role": demo.role,
                          "vendor": vendors[demo.vendor] if demo.vendor else None,
                          "jurisdiction": boston if demo.role == Role.OFFICER else None},
            )
        schedules = _demo_schedules()
        Contract.objects.update_or_create(
            jurisdiction=boston, number="EV00012345", defaults={
                "vendor": harbor,
                "title": "Library aides and event staffing, Boston Public Library branches",
                "kind": ContractKind.SERVICE, "value": Decimal("480000.00"),
                "standards": ["boston-living-wage"], "report_type": "wage",
                "cadence": Cadence.QUARTERLY, "trades": [],
                "starts_on": dt.date(2024, 7, 1), "ends_on": dt.date(2025, 6, 30)})
        # A building-service contract: its janitors and guards are owed the state schedule
        # issued for it (updated on each anniversary), not the living wage (POLICY.md s.1).
        Contract.objects.update_or_create(
            jurisdiction=boston, number="EV00012346", defaults={
                "vendor": harbor, "title": "Custodial and security services, Boston City Hall",
                "kind": ContractKind.SERVICE, "value": Decimal("620000.00"),
                "standards": ["boston-prevailing-wage"], "report_type": "certified_payroll",
                "cadence": Cadence.QUARTERLY, "trades": [],
                "wage_schedule": schedules["EXAMPLE-BOS-BS-0001"],
                "awarded_on": dt.date(2024, 6, 20),
                "starts_on": dt.date(2024, 7, 1), "ends_on": dt.date(2026, 6, 30)})
        # Public works: the monthly workforce report (BRJP) and the weekly certified payroll
        # checked against the project's state schedule.
        Contract.objects.update_or_create(
            jurisdiction=boston, number="PFD-2024-0042", defaults={
                "vendor": beacon, "title": "Dorchester Library renovation",
                "kind": ContractKind.CONSTRUCTION, "value": Decimal("6200000.00"),
                "standards": ["boston-brjp", "boston-prevailing-wage"],
                "report_type": "workforce",
                "cadence": Cadence.MONTHLY, "trades": ["Carpenter", "Electrician", "Laborer"],
                "wage_schedule": schedules["EXAMPLE-BOS-PFD-0042"],
                "awarded_on": dt.date(2024, 6, 17),
                "starts_on": dt.date(2024, 7, 1), "ends_on": dt.date(2024, 12, 31)})
    _submit_demo_report(user_model.objects.get(username="vendor"))
    if with_project:
        from procurement.services.demo_project import demo_project_load

        demo_project_load(user_model.objects.get(username="officer"))
    return DEMO_USERS


# Made-up Massachusetts schedules in GoodBid's template, marked as examples until the city
# enters the real ones (the building-service schedule in two revisions: award and the first
# anniversary).
DEMO_SCHEDULES = ("ma-schedule-boston-building-services-EXAMPLE.csv",
                  "ma-schedule-boston-building-services-rev1-EXAMPLE.csv",
                  "ma-schedule-dorchester-library-EXAMPLE.csv")


def _demo_schedules() -> dict[str, WageSchedule]:
    from procurement.services.schedules import schedule_version_add

    for filename in DEMO_SCHEDULES:
        schedule_version_add(acting_user=None, content=(DEMO_FILES / filename).read_bytes(),
                             filename=filename, example=True, check_permission=False)
    return {schedule.number: schedule for schedule in WageSchedule.objects.all()}


def _submit_demo_report(vendor_user) -> None:
    """One compliant quarterly report, checked and signed, waiting in the officer's queue."""
    from procurement.services.submissions import submission_attest, submission_create

    contract = Contract.objects.get(number="EV00012345")
    if Submission.objects.filter(contract=contract).exists():
        return
    content = (DEMO_FILES / "wage_report_compliant.csv").read_bytes()
    submission = submission_create(
        uploaded_by=vendor_user, contract=contract, period_end=dt.date(2024, 9, 30),
        upload=SimpleUploadedFile("wage_report_compliant.csv", content))
    submission.refresh_from_db()
    if submission.current_run is not None and submission.current_run.valid:
        submission_attest(submission=submission, acting_user=vendor_user,
                          name="Maria Santos", title="Office manager")
