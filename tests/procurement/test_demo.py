"""The README's run command: `load_demo` gives a newcomer something to try in every role."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from procurement.licensing.models import WageTheftRecord


def test_load_demo_prints_the_users_and_loads_wage_theft_records_once(transactional_db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "licensing / licensing-demo-2024 / licensing" in out.getvalue()
    records = WageTheftRecord.objects.count()
    assert records > 50 and {"whd", "ma-ago"} == set(
        WageTheftRecord.objects.values_list("source", flat=True))

    call_command("load_demo", stdout=io.StringIO())  # again: nothing duplicated
    assert WageTheftRecord.objects.count() == records

    staff = Client()
    assert staff.login(request=HttpRequest(), username="licensing",
                       password="licensing-demo-2024")
    page = staff.get("/licensing/", {"name": "Burger King"}).content.decode()
    assert "Mastoran, Inc." in page
