"""The licensing screens' demo data: real public extracts (U.S. DOL Wage and Hour enforcement
cases, Massachusetts Attorney General citations) shipped with the core's demo files."""

from __future__ import annotations

from procurement.licensing.models import RunStatus, SourceImport, WageTheftRecord
from procurement.licensing.services import file_checksum, source_import_create
from procurement.services.demo import DEMO_FILES

DEMO_WAGE_THEFT = (("whd_enforcement_sample.csv", "whd"),
                   ("ma_ago_citations_sample.csv", "ma-ago"))


def demo_wage_theft_load() -> int:
    """Import the extracts once (importing again would only update them). Returns the number
    of records on file."""
    for filename, source in DEMO_WAGE_THEFT:
        path = DEMO_FILES / filename
        done = SourceImport.objects.filter(checksum=file_checksum(path), status=RunStatus.DONE)
        if not done.exists():
            source_import_create(path=path, source=source)
    return WageTheftRecord.objects.count()
