"""Mirror the shipped standard files into the database (validated first, all or nothing)."""

from __future__ import annotations

from django.db import transaction

from procurement.models import Standard as StandardRow
from procurement.models import StandardVersion as StandardVersionRow
from rules.standards import STANDARDS_DIR, Standard, load_standard_file


def standards_load(*, directory=STANDARDS_DIR) -> list[Standard]:
    """Validate every standard file, then upsert them. A bad file loads nothing."""
    standards = [load_standard_file(path) for path in sorted(directory.glob("*.toml"))]
    with transaction.atomic():
        for standard in standards:
            row, _ = StandardRow.objects.update_or_create(
                code=standard.code,
                defaults={"title": standard.title, "jurisdiction": standard.jurisdiction,
                          "program": standard.program, "report_type": standard.report_type},
            )
            for version in standard.versions:
                StandardVersionRow.objects.update_or_create(
                    standard=row, version=version.version,
                    defaults={
                        "effective_from": version.effective_from,
                        "effective_to": version.effective_to,
                        "parameters": {name: p.model_dump() for name, p
                                       in version.parameters.items()},
                        "source": version.source,
                        "notes": version.notes,
                    },
                )
    return standards
