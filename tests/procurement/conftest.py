from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from procurement.models import Contract, Submission
from procurement.services.demo import DEMO_USERS, demo_load
from procurement.services.submissions import submission_attest, submission_create

DEMO_DIR = Path(__file__).resolve().parents[2] / "procurement" / "demo"
LOW_WAGES = (DEMO_DIR / "wage_report_july_2024.csv").read_bytes()
COMPLIANT = (DEMO_DIR / "wage_report_compliant.csv").read_bytes()


def compliant_for(period_end: dt.date) -> bytes:
    """The compliant report with its pay periods in the reporting period ending `period_end`
    (Dinh Nguyen's week before July 2024, at the earlier rate, left out)."""
    lines = [line for line in COMPLIANT.splitlines() if b"2024-06-30" not in line]
    return b"\n".join(lines).replace(b"2024-07-07", period_end.isoformat().encode()) + b"\n"


@pytest.fixture
def demo(transactional_db):
    """Demo jurisdiction, vendors, contracts and users (one compliant report already submitted).
    Transactional: uploads queue their check with on_commit, which fires only when a real
    transaction commits, as in production."""
    demo_load()
    return {user.username: user for user in DEMO_USERS}


def user(username: str):
    return get_user_model().objects.get(username=username)


def basic_client(username: str, password: str) -> Client:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Basic {token}")


@pytest.fixture
def client_for(demo):
    def _client(username: str) -> Client:
        return basic_client(username, demo[username].password)
    return _client


@pytest.fixture
def service_contract(demo) -> Contract:
    return Contract.objects.get(number="EV00012345")


@pytest.fixture
def upload_report(demo, service_contract):
    """Upload a wage report for Harbor's service contract as the `vendor` user (for the
    reporting period its pay dates propose, unless `period_end` says)."""
    def _upload(content: bytes = LOW_WAGES, *, name: str = "july.csv",
                period_end: dt.date | None = None,
                supersedes: Submission | None = None) -> Submission:
        submission = submission_create(
            uploaded_by=user("vendor"), upload=SimpleUploadedFile(name, content),
            contract=None if supersedes else service_contract,
            period_end=None if supersedes else period_end, supersedes=supersedes)
        submission.refresh_from_db()
        return submission
    return _upload


@pytest.fixture
def submitted_report(upload_report):
    """A checked, signed report with findings, waiting for the officer."""
    submission = upload_report(COMPLIANT.replace(b"18.25", b"18.00"))
    return submission_attest(submission=submission, acting_user=user("vendor"),
                             name="Maria Santos", title="Office manager",
                             acknowledged=True)
