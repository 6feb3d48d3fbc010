from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import licensing_sample


@pytest.fixture
def whd_sample() -> Path:
    return licensing_sample("whd_whisard_sample.csv")


@pytest.fixture
def ma_sample() -> Path:
    return licensing_sample("ma_ago_fair_labor_citations_sample.csv")


@pytest.fixture
def logged_in(demo, logged_in):
    """The licensing tests sign in as the demo's users, by name: `logged_in("licensing")`."""
    return logged_in


@pytest.fixture
def records(demo, whd_sample, ma_sample) -> None:
    """The shipped WHD and MA AG samples, imported, beside the demo (needs a transactional
    database: the import runs when its transaction commits)."""
    from procurement.licensing.services import source_import_create

    source_import_create(path=whd_sample, source="whd")
    source_import_create(path=ma_sample, source="ma-ago")
