"""A permission matrix: every object endpoint and page, every role. Another vendor and staff
without a need get 404 (existence not leaked); the owner and the jurisdiction's officer do not."""

from __future__ import annotations

import json

import pytest
from django.test import Client

API_OBJECT_ENDPOINTS = [
    ("get", "/api/submissions/{s}", None),
    ("get", "/api/submissions/{s}/versions", None),
    ("get", "/api/submissions/{s}/findings", None),
    ("get", "/api/submissions/{s}/issues", None),
    ("get", "/api/submissions/{s}/export.csv", None),
    ("get", "/api/submissions/{s}/export.xlsx", None),
    ("post", "/api/submissions/{s}/attest", {"name": "X", "title": "Y"}),
    ("post", "/api/submissions/{s}/recheck", None),
    ("get", "/api/submissions/{s}/columns", None),
    ("put", "/api/submissions/{s}/pay-period", {"period_end": "2024-07-14"}),
    ("get", "/api/reviews/submissions/{s}", None),
    ("post", "/api/reviews/submissions/{s}", {"decision": "accept"}),
    ("get", "/api/contracts/{c}", None),
]
PAGES = [
    ("get", "/submissions/{s}/"),
    ("get", "/submissions/{s}/letter/"),
    ("get", "/submissions/{s}/export.csv"),
    ("post", "/submissions/{s}/attest/"),
    ("post", "/submissions/{s}/review/"),
    ("post", "/submissions/{s}/correct/"),
    ("post", "/submissions/{s}/recheck/"),
    ("post", "/submissions/{s}/columns/"),
    ("post", "/submissions/{s}/pay-period/"),
    ("get", "/contracts/{c}/"),
]
# Who may see Harbor's submitted report: its own vendor user and Boston's officer (and an
# administrator); not another vendor's user, nor licensing staff. By the user's fixture.
SEES = {"vendor_user": True, "officer_user": True, "admin_user": True,
        "other_vendor_user": False, "licensing_user": False}


def _call(client: Client, method: str, url: str, body: dict | None):
    if method == "get":
        return client.get(url)
    send = client.put if method == "put" else client.post
    return send(url, json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize(("method", "path", "body"), API_OBJECT_ENDPOINTS)
@pytest.mark.parametrize("who", list(SEES))
def test_api_object_access(request, client_for, submitted_report, method, path, body, who):
    url = path.format(s=submitted_report.pk, c=submitted_report.contract_id)
    response = _call(client_for(request.getfixturevalue(who)), method, url, body)
    if SEES[who]:
        assert response.status_code != 404, response.content
    else:
        assert response.status_code == 404
        assert response.json()["code"].endswith("not-found")


@pytest.mark.parametrize(("method", "path"), PAGES)
@pytest.mark.parametrize("who", list(SEES))
def test_page_object_access(request, logged_in, submitted_report, method, path, who):
    client = logged_in(request.getfixturevalue(who))
    url = path.format(s=submitted_report.pk, c=submitted_report.contract_id)
    response = client.get(url) if method == "get" else client.post(url, {})
    if SEES[who]:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404


def test_lists_show_only_what_the_user_may_see(client_for, submitted_report,
                                               construction_contract, vendor_user,
                                               other_vendor_user, officer_user,
                                               licensing_user):
    assert client_for(other_vendor_user).get("/api/submissions").json() == []
    assert [c["number"] for c in client_for(other_vendor_user).get("/api/contracts").json()] == [
        "PFD-2024-0042"]
    assert [s["id"] for s in client_for(vendor_user).get("/api/submissions").json()] == [
        submitted_report.pk]
    assert [c["number"] for c in client_for(vendor_user).get("/api/contracts").json()] == [
        "EV00012345"]
    assert client_for(licensing_user).get("/api/submissions").json() == []
    for user in (vendor_user, other_vendor_user, licensing_user):
        assert client_for(user).get("/api/reviews/queue").json() == []
        assert client_for(user).get("/api/audit").json() == []
    queue = client_for(officer_user).get("/api/reviews/queue").json()
    assert [s["id"] for s in queue] == [submitted_report.pk]


def test_a_vendor_cannot_upload_against_another_vendors_contract_or_report(
        client_for, submitted_report, other_vendor_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    other = client_for(other_vendor_user)
    by_contract = other.post("/api/submissions", {
        "file": SimpleUploadedFile("x.csv", b"a"), "contract_id": submitted_report.contract_id})
    assert by_contract.status_code == 404
    by_version = other.post("/api/submissions", {
        "file": SimpleUploadedFile("x.csv", b"a"), "supersedes": submitted_report.pk})
    assert by_version.status_code == 404


@pytest.mark.parametrize("path", ["/review/", "/audit/"])
def test_officer_pages_are_not_for_vendors(logged_in, vendor_user, officer_user, path):
    for user, status in ((vendor_user, 404), (officer_user, 200)):
        assert logged_in(user).get(path).status_code == status
