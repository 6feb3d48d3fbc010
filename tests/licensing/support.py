"""Plain helpers the licensing tests share (fixtures are in conftest.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import Client

from procurement.licensing.models import WageTheftRecord


def screen(client: Client, query: dict) -> str:
    response = client.get(f"/licensing/?{urlencode(query)}")
    assert response.status_code == 200
    return response.content.decode()


def decide(client: Client, query: dict, record: WageTheftRecord, verdict: str, **extra):
    return client.post("/licensing/decisions/", {**query, "record_id": record.pk,
                                                 "verdict": verdict, "score": 97, **extra})
