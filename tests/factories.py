"""Factories for the domain models: a test builds the jurisdiction, vendors, people, contracts
and reports it needs, and nothing else (the demo loader is for the demo).

Writes that have a service go through it, as a user's would: a report is uploaded with
`submission_create` (its check runs when the upload's transaction commits, so a test that
uploads needs `transactional_db`) and signed with `submission_attest`; a wage schedule is
added with `schedule_version_add`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

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
    WageScheduleVersion,
)
from tests.support import COMPLIANT, DEMO_DIR, PASSWORD


class JurisdictionFactory(factory.django.DjangoModelFactory):
    """Boston unless told: the standard files in rules/standards are Boston's, and an upload
    checked without a contract lands in the jurisdiction of its standard."""

    class Meta:
        model = Jurisdiction
        django_get_or_create = ("code",)

    code = "boston"
    name = "City of Boston"
    help_contact = "Office of Workforce Development, 43 Hawkins St, Boston MA 02114"


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    legal_name = factory.Sequence(lambda n: f"Vendor {n} LLC")
    street = "12 Dorchester Ave"
    city = "Boston"
    state = "MA"
    zip_code = "02127"
    employee_count = 38


class UserFactory(factory.django.DjangoModelFactory):
    """A user without a role (a profile comes with the role factories below). Every factory
    user's password is `tests.support.PASSWORD`."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.django.Password(PASSWORD)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    role = Role.VENDOR
    vendor = factory.Maybe(factory.LazyAttribute(lambda p: p.role == Role.VENDOR),
                           yes_declaration=factory.SubFactory(VendorFactory),
                           no_declaration=None)
    jurisdiction = factory.Maybe(factory.LazyAttribute(lambda p: p.role == Role.OFFICER),
                                 yes_declaration=factory.SubFactory(JurisdictionFactory),
                                 no_declaration=None)


class VendorUserFactory(UserFactory):
    """A vendor's user: `VendorUserFactory(profile__vendor=harbor)` for a given vendor."""

    username = factory.Sequence(lambda n: f"vendor-user{n}")
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user",
                                     role=Role.VENDOR)


class OfficerFactory(UserFactory):
    """A procurement officer of a jurisdiction (Boston unless `profile__jurisdiction`)."""

    username = factory.Sequence(lambda n: f"officer{n}")
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user",
                                     role=Role.OFFICER)


class LicensingUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"licensing{n}")
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user",
                                     role=Role.LICENSING)


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user",
                                     role=Role.ADMIN)


class ContractFactory(factory.django.DjangoModelFactory):
    """A quarterly service contract under Boston's living wage, July 2024 to June 2025.
    `construction=True`: a public-works contract with the monthly workforce report."""

    class Meta:
        model = Contract

    class Params:
        construction = factory.Trait(
            kind=ContractKind.CONSTRUCTION, standards=["boston-brjp"], report_type="workforce",
            cadence=Cadence.MONTHLY, trades=["Carpenter", "Electrician", "Laborer"],
            value=Decimal("6200000.00"), ends_on=dt.date(2024, 12, 31))

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    vendor = factory.SubFactory(VendorFactory)
    number = factory.Sequence(lambda n: f"EV{n:08d}")
    title = "Library aides and event staffing"
    kind = ContractKind.SERVICE
    value = Decimal("480000.00")
    standards = factory.LazyFunction(lambda: ["boston-living-wage"])
    report_type = "wage"
    cadence = Cadence.QUARTERLY
    trades = factory.LazyFunction(list)
    starts_on = dt.date(2024, 7, 1)
    ends_on = dt.date(2025, 6, 30)


class WageScheduleFactory(factory.Factory):
    """A made-up state schedule from procurement/demo, added as an administrator would add it
    (one version per file; `filename` chooses which)."""

    class Meta:
        model = WageSchedule

    filename = "ma-schedule-boston-building-services-EXAMPLE.csv"

    @classmethod
    def _create(cls, model_class, *, filename: str) -> WageSchedule:
        from procurement.services.schedules import schedule_version_add

        version: WageScheduleVersion = schedule_version_add(
            acting_user=None, content=(DEMO_DIR / filename).read_bytes(), filename=filename,
            example=True, check_permission=False)
        return version.schedule


class SubmissionFactory(factory.Factory):
    """A report uploaded by a vendor user through `submission_create` and checked (needs
    `transactional_db`): Harbor's compliant July 2024 payroll unless `content` says;
    `signed=True` also signs it, acknowledging any violations."""

    class Meta:
        model = Submission

    uploaded_by = factory.SubFactory(VendorUserFactory)
    supersedes = None
    contract = factory.Maybe(
        "supersedes", yes_declaration=None,
        no_declaration=factory.SubFactory(
            ContractFactory, vendor=factory.SelfAttribute("..uploaded_by.profile.vendor")))
    content = COMPLIANT
    name = "wage_report_compliant.csv"
    period_end = None
    signed = False

    @classmethod
    def _create(cls, model_class, *, uploaded_by, contract, content: bytes, name: str,
                period_end: dt.date | None, supersedes: Submission | None,
                signed: bool) -> Submission:
        from procurement.services.submissions import submission_attest, submission_create

        submission = submission_create(
            uploaded_by=uploaded_by, upload=SimpleUploadedFile(name, content),
            contract=None if supersedes else contract,
            period_end=None if supersedes else period_end, supersedes=supersedes)
        submission.refresh_from_db()
        if signed:
            submission = submission_attest(submission=submission, acting_user=uploaded_by,
                                           name="Maria Santos", title="Office manager",
                                           acknowledged=True)
        return submission
