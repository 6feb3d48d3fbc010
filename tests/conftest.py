"""Fixtures every test folder shares. People, contracts and reports are built by the factories
(tests/factories.py), only as a test asks for them; `demo` loads the whole demo, for the tests
that are about the demo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpRequest
from django.test import Client

from procurement.models import Contract, Jurisdiction, Submission, Vendor
from tests import factories
from tests.support import COMPLIANT, LOW_WAGES, PASSWORD, basic_client


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files go to a per-test folder, never into the developer's var/; passwords are
    hashed with a fast hasher (users are created for every test that needs them)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    # A request a test made in Spanish leaves the thread's language active (LocaleMiddleware
    # does not reset it): the next test starts in the default language, as a new request would.
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def demo(transactional_db):
    """The whole demo: jurisdiction, vendors, contracts and users (one compliant report
    already submitted), for tests about the demo. Transactional: uploads queue their check
    with on_commit, which fires only when a real transaction commits, as in production."""
    from procurement.services.demo import DEMO_USERS, demo_load

    demo_load()
    return {user.username: user for user in DEMO_USERS}


def _password_of(username: str) -> str:
    """A demo user's published password; every factory user's is PASSWORD."""
    from procurement.services.demo import DEMO_USERS

    return {demo.username: demo.password for demo in DEMO_USERS}.get(username, PASSWORD)


def _username(who) -> str:
    return who if isinstance(who, str) else who.username


@pytest.fixture
def client_for():
    """`client_for(user)`: an API client signed in as `user` with HTTP Basic auth (a demo
    user may be named: `client_for("vendor")`)."""
    def _client(who) -> Client:
        username = _username(who)
        return basic_client(username, _password_of(username))
    return _client


@pytest.fixture
def logged_in():
    """`logged_in(user)`: a browser session logged in on the login page's backend."""
    def _client(who) -> Client:
        username = _username(who)
        client = Client()
        assert client.login(request=HttpRequest(), username=username,
                            password=_password_of(username))
        return client
    return _client


@pytest.fixture
def boston(db) -> Jurisdiction:
    return factories.JurisdictionFactory()


@pytest.fixture
def vendor(db) -> Vendor:
    return factories.VendorFactory(legal_name="Harbor Facility Services LLC",
                                   trade_name="Harbor Cleaning")


@pytest.fixture
def vendor_user(vendor):
    """Harbor's user, who uploads and signs its reports."""
    return factories.VendorUserFactory(username="harbor-clerk", profile__vendor=vendor)


@pytest.fixture
def other_vendor_user(db):
    """A user of another vendor (Beacon): sees none of Harbor's contracts or reports."""
    return factories.VendorUserFactory(
        username="beacon-clerk", profile__vendor=factories.VendorFactory(
            legal_name="Beacon Builders Inc.", street="400 Blue Hill Ave"))


@pytest.fixture
def officer_user(boston):
    """A procurement officer of Boston, where Harbor's contracts are."""
    return factories.OfficerFactory(username="boston-officer", profile__jurisdiction=boston)


@pytest.fixture
def licensing_user(db):
    return factories.LicensingUserFactory(username="licensing-staff")


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(username="site-admin")


@pytest.fixture
def service_contract(boston, vendor) -> Contract:
    """Harbor's quarterly service contract under Boston's living wage (July 2024 on)."""
    return factories.ContractFactory(jurisdiction=boston, vendor=vendor, number="EV00012345")


@pytest.fixture
def upload_report(transactional_db, vendor_user, service_contract):
    """Upload a wage report for Harbor's service contract as `vendor_user` (for the
    reporting period its pay dates propose, unless `period_end` says). Transactional: the
    check runs when the upload's transaction commits, as in production."""
    def _upload(content: bytes = LOW_WAGES, *, name: str = "july.csv",
                period_end: dt.date | None = None,
                supersedes: Submission | None = None) -> Submission:
        return factories.SubmissionFactory(
            uploaded_by=vendor_user, contract=service_contract, content=content, name=name,
            period_end=period_end, supersedes=supersedes)
    return _upload


@pytest.fixture
def submitted_report(upload_report):
    """A checked, signed report with findings (rates under the living wage), waiting for the
    officer."""
    from procurement.services.submissions import submission_attest

    submission = upload_report(COMPLIANT.replace(b"18.25", b"18.00"))
    return submission_attest(submission=submission, acting_user=submission.uploaded_by,
                             name="Maria Santos", title="Office manager",
                             acknowledged=True)
