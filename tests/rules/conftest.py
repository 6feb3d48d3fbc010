"""Fixtures the rule engine's tests share: certified payrolls written as tables an analyst can
read, and the example Massachusetts construction schedule."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from rules.schedules import Schedule
from rules.state_schedules import parse_state_schedule
from tests.rules.support import FIXTURES, certified_payroll_frame


@pytest.fixture
def certified_payroll() -> Callable[..., pd.DataFrame]:
    """A certified payroll frame from a readable table (certified_payroll_frame)."""
    return certified_payroll_frame


@pytest.fixture(scope="session")
def ma_construction_schedule() -> Schedule:
    """The made-up Massachusetts construction schedule EXAMPLE-CN-0001: Carpenter $45.00 +
    $29.00, Laborer $38.00 + $20.50, Electrician $52.00 + $33.00, with apprentice steps."""
    return parse_state_schedule((FIXTURES / "ma-schedule-construction-EXAMPLE.csv").read_bytes())
