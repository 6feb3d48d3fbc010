"""Fixtures of the procurement tests (the shared people, contracts and reports are in
tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from procurement.models import Contract, Submission
from procurement.services.submissions import submission_attest
from tests.factories import ContractFactory
from tests.support import COMPLIANT

Q3_2024 = dt.date(2024, 9, 30)


@pytest.fixture
def q3_filed(upload_report, vendor_user) -> Submission:
    """Harbor's compliant report for July–September 2024, signed and submitted: the first
    period of its service contract is filed (as in the demo)."""
    report = upload_report(COMPLIANT, name="wage_report_compliant.csv", period_end=Q3_2024)
    return submission_attest(submission=report, acting_user=vendor_user, name="Maria Santos",
                             title="Office manager")


@pytest.fixture
def construction_contract(boston, other_vendor_user) -> Contract:
    """Beacon's public-works contract, with the monthly workforce report (Boston Residents
    Jobs Policy goals per trade)."""
    return ContractFactory(construction=True, jurisdiction=boston,
                           vendor=other_vendor_user.profile.vendor, number="PFD-2024-0042")
