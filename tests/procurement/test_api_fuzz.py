"""Schemathesis against the published OpenAPI, as a vendor, an officer and licensing staff:
whatever the request (wrong types, huge numbers, strange text, missing bodies), the API
answers with a client error in its envelope, never a server error.

GOODBID_API_FUZZ_EXAMPLES sets the examples per operation and role (default 25)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from procurement.services.tokens import api_token_create
from procurement.wsgi import application
from tests.support import user

EXAMPLES = int(os.environ.get("GOODBID_API_FUZZ_EXAMPLES", "25"))
ROLES = ("vendor", "officer", "licensing")

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def tokens(demo):
    return {role: api_token_create(user=user(role), name="fuzz")[1] for role in ROLES}


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, role, tokens):
    response = case.call(headers={"Authorization": f"Bearer {tokens[role]}"})
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} as {role} -> {response.status_code}\n"
        f"{case.as_curl_command()}\n{response.text[:2000]}")
    if response.status_code >= 400:
        body = response.json()
        assert {"code", "message", "detail"} <= set(body), body
