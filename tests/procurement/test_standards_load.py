from django.core.management import call_command

from procurement.models import StandardVersion


def test_load_standards_is_idempotent(db):
    call_command("load_standards")
    call_command("load_standards")
    versions = StandardVersion.objects.filter(standard__code="boston-living-wage")
    assert [(v.version, v.parameters["hourly_floor"]["value"]) for v in versions] == [
        ("2023-07-01", "17.55"), ("2024-07-01", "18.20")]
