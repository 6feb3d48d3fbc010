from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def sample(name: str) -> Path:
    """The published sample in ../shared/samples when CI has it beside the repository, else
    the copy kept with the tests."""
    shared = SHARED_SAMPLES / name
    return shared if shared.is_file() else FIXTURES / name


@pytest.fixture
def whd_sample() -> Path:
    return sample("whd_whisard_sample.csv")


@pytest.fixture
def ma_sample() -> Path:
    return sample("ma_ago_fair_labor_citations_sample.csv")


@pytest.fixture
def records(whd_sample, ma_sample) -> None:
    """The shipped WHD and MA AG samples, imported (needs a transactional database: the
    import runs when its transaction commits)."""
    from procurement.licensing.services import source_import_create

    source_import_create(path=whd_sample, source="whd")
    source_import_create(path=ma_sample, source="ma-ago")
