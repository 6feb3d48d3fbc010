"""The factories build what the application would: users with their role, contracts a
vendor can file against, reports checked and signed through the services."""

from __future__ import annotations

from procurement.models import Role, SubmissionStatus
from procurement.selectors import submission_list
from tests import factories


def test_each_role_factory_gives_its_user_the_role_and_what_the_role_belongs_to(db):
    vendor_user = factories.VendorUserFactory()
    officer = factories.OfficerFactory()
    assert (vendor_user.profile.role, officer.profile.role) == (Role.VENDOR, Role.OFFICER)
    assert vendor_user.profile.vendor is not None and officer.profile.jurisdiction.code == "boston"
    assert factories.LicensingUserFactory().profile.role == Role.LICENSING
    admin = factories.AdminFactory()
    assert (admin.profile.role, admin.is_superuser) == (Role.ADMIN, True)


def test_a_submission_is_uploaded_checked_and_signed_through_the_services(transactional_db):
    officer = factories.OfficerFactory()
    draft = factories.SubmissionFactory()
    assert draft.status == SubmissionStatus.CHECKED and draft.current_run is not None
    assert not submission_list(user=officer).filter(pk=draft.pk).exists()
    signed = factories.SubmissionFactory(signed=True, name="signed.csv")
    assert signed.status == SubmissionStatus.SUBMITTED and signed.attested_name
    assert submission_list(user=officer).filter(pk=signed.pk).exists()
    # Each report came from its own vendor, on that vendor's contract.
    assert signed.vendor_id != draft.vendor_id
    assert signed.contract.vendor_id == signed.vendor_id


def test_a_wage_schedule_is_added_as_an_administrator_adds_it(db):
    schedule = factories.WageScheduleFactory()
    assert (schedule.number, schedule.example) == ("EXAMPLE-BOS-BS-0001", True)
    assert schedule.versions.count() == 1
