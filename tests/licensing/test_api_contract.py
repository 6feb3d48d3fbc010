"""The licensing API's contract: every endpoint is behind the router's authentication
(no credentials: 401; signed in without the licensing role: 403), and every response is a
declared schema, never an untyped object."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from procurement.api import api
from procurement.licensing.api import router

PATH_VALUES = {"vendor_id": "1", "token": "0" * 32}


def licensing_operations() -> list[tuple[str, str]]:
    """Every (method, path) the licensing router publishes, new ones included."""
    paths = api.get_openapi_schema()["paths"]
    found = [(method, path) for path, operations in paths.items()
             if path.startswith("/api/licensing/") for method in operations]
    assert len(found) >= 6
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: PATH_VALUES[match[1]], path)


def test_the_router_authenticates_for_every_endpoint_it_will_have():
    """The check is the router's, not each endpoint's: one added later cannot forget it (the
    tests below try every published endpoint, new ones included)."""
    assert [type(auth).__name__ for auth in router.auth] == [
        "LicensingTokenAuth", "LicensingBasicAuth", "LicensingSessionAuth"]


@pytest.mark.parametrize(("method", "path"), licensing_operations())
def test_anonymous_is_told_to_authenticate(db, method, path):
    response = getattr(Client(), method)(concrete(path))
    assert (response.status_code, response.json()["code"]) == (401, "auth.required")


@pytest.mark.parametrize(("method", "path"), licensing_operations())
@pytest.mark.parametrize("username", ["vendor", "officer"])
def test_signed_in_without_the_licensing_role_is_refused(demo, client_for, logged_in, method,
                                                         path, username):
    for client in (client_for(username), logged_in(username)):
        response = getattr(client, method)(concrete(path))
        assert (response.status_code, response.json()["code"]) == (403, "licensing.forbidden")


def _untyped(schema: object, components: dict, seen: set[str]) -> list[str]:
    """Where `schema` (or a component it refers to) is an object of unnamed fields."""
    if isinstance(schema, list):
        return [place for item in schema for place in _untyped(item, components, seen)]
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        seen.add(name)
        return [f"{name}.{place}" for place in _untyped(components[name], components, seen)]
    found = []
    if schema.get("type") == "object" and "properties" not in schema \
            and schema.get("additionalProperties") in (None, True, {}):
        found.append("object")
    for key, value in schema.items():
        found += [f"{key}.{place}" for place in _untyped(value, components, seen)]
    return found


def test_every_licensing_response_is_a_declared_schema():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    untyped = {}
    for method, path in licensing_operations():
        for status, response in schema["paths"][path][method]["responses"].items():
            content = response.get("content", {}).get("application/json", {})
            assert "schema" in content, f"{method} {path} {status} has no schema"
            if places := _untyped(content["schema"], components, set()):
                untyped[f"{method} {path} {status}"] = places
    assert untyped == {}


def test_the_untyped_check_finds_a_bare_dict():
    assert _untyped({"type": "object", "additionalProperties": True}, {}, set()) == ["object"]
    assert _untyped({"$ref": "#/components/schemas/A"},
                    {"A": {"properties": {"x": {"type": "object"}}}}, set()) == [
        "A.properties.x.object"]
    assert _untyped({"type": "object", "additionalProperties": {"type": "integer"}}, {},
                    set()) == []
