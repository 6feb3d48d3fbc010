"""The same check over HTTP: upload, poll, read the report; access and error envelope."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest

from tests.support import PASSWORD, WAGE_HEADER, basic_client, csv_bytes

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILE = ROOT / "procurement" / "demo" / "wage_report_july_2024.csv"


def upload(client, content: bytes, *standards: str, name: str = "wages.csv"):
    return client.post("/api/submissions", {
        "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        "standard": list(standards),
    })


def test_upload_then_get_returns_the_report(client_for, transactional_db, vendor_user):
    vendor = client_for(vendor_user)
    created = upload(vendor, DEMO_FILE.read_bytes(), "boston-living-wage")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "checked"  # eager mode: checked before the response

    fetched = vendor.get(body["url"])
    assert fetched.status_code == 200
    submission = fetched.json()
    assert submission["status"] == "checked"
    assert submission["vendor"] == "Harbor Facility Services LLC"
    report = submission["report"]
    assert [(f["scope"]["worker"], f["observed"]) for f in report["findings"]] == [
        ("Bruno Costa", "18.19"), ("Dinh Nguyen", "17.55")]
    assert [(i["row"], i["code"]) for i in report["issues"]] == [
        (7, "import.decimal-comma"), (8, "standard.before-first-version")]


def test_cli_and_api_give_the_same_report(client_for, transactional_db, vendor_user):
    vendor = client_for(vendor_user)
    created = upload(vendor, DEMO_FILE.read_bytes(), "boston-living-wage").json()
    api_report = vendor.get(created["url"]).json()["report"]

    cli = subprocess.run([sys.executable, "manage.py", "check_file", str(DEMO_FILE),
                          "--standard", "boston-living-wage", "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 1
    cli_report = json.loads(cli.stdout)
    assert api_report == cli_report


def test_standards_may_be_comma_separated(client_for, transactional_db, vendor_user):
    created = upload(client_for(vendor_user), csv_bytes([WAGE_HEADER]),
                     "boston-living-wage,boston-living-wage")
    assert created.status_code == 201


def test_another_vendor_gets_404_not_403(
        client_for, transactional_db, vendor_user, other_vendor_user, officer_user, licensing_user):
    created = upload(client_for(vendor_user), DEMO_FILE.read_bytes(), "boston-living-wage").json()

    other = client_for(other_vendor_user).get(created["url"])
    assert other.status_code == 404
    assert other.json()["code"] == "submission.not-found"
    assert client_for(other_vendor_user).get("/api/submissions").json() == []
    assert client_for(licensing_user).get(created["url"]).status_code == 404
    # A check without a contract is the vendor's own trial: never the city's to see.
    assert client_for(officer_user).get(created["url"]).status_code == 404


def test_errors_share_one_envelope(client_for, transactional_db, vendor_user, officer_user):
    anonymous = basic_client(vendor_user.username, "wrong-password").get("/api/submissions/1")
    assert anonymous.status_code == 401
    assert set(anonymous.json()) == {"code", "message", "detail"}

    unknown = upload(client_for(vendor_user), csv_bytes([WAGE_HEADER]), "nope")
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "submission.unknown-standard"

    no_file = client_for(vendor_user).post("/api/submissions", {"standard": "boston-living-wage"})
    assert no_file.status_code == 422
    assert no_file.json()["code"] == "request.invalid"

    officer_upload = upload(client_for(officer_user), csv_bytes([WAGE_HEADER]),
                            "boston-living-wage")
    assert officer_upload.status_code == 403
    assert officer_upload.json()["code"] == "submission.not-a-vendor"


def test_unreadable_upload_is_checked_and_reported_not_a_500(
        client_for, transactional_db, vendor_user):
    vendor = client_for(vendor_user)
    created = upload(vendor, b"PK\x03\x04broken", "boston-living-wage", name="broken.xlsx")
    report = vendor.get(created.json()["url"]).json()["report"]
    assert report["rejected"] is True
    assert report["issues"][0]["code"] == "import.damaged-file"


def test_openapi_docs_and_schema(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert {"/api/submissions", "/api/submissions/{submission_id}", "/api/standards"} <= set(
        schema["paths"])


def test_standards_endpoint_lists_dated_versions(client, db):
    (boston,) = [s for s in client.get("/api/standards").json()
                 if s["code"] == "boston-living-wage"]
    assert [(v["effective_from"], v["parameters"]["hourly_floor"]["value"])
            for v in boston["versions"]] == [("2023-07-01", "17.55"), ("2024-07-01", "18.20")]


def test_browser_session_needs_a_csrf_token(vendor_user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    assert browser.login(request=HttpRequest(), username=vendor_user.username, password=PASSWORD)
    refused = upload(browser, csv_bytes([WAGE_HEADER]), "boston-living-wage")
    assert refused.status_code == 403
    assert refused.json()["code"] == "auth.csrf-failed"
    assert browser.get("/api/submissions").status_code == 200


def test_a_wh347_checked_against_the_living_wage_is_read_as_certified_payroll(
        client_for, transactional_db, vendor_user):
    from tests.imports.layouts import fixture_bytes

    vendor = client_for(vendor_user)
    created = upload(vendor, fixture_bytes("wh347-2008.xlsx.csv"), "boston-living-wage",
                     name="wh347.xlsx")
    report = vendor.get(created.json()["url"]).json()["report"]
    assert report["layout"]["code"] == "wh347-2008"
    # Straight time and overtime kept apart: the $17.90 straight-time rate is short, the
    # $26.85 overtime rate is never set against the floor, and its premium is owed beside.
    assert [(f["observed"], f["figures"]["back_pay"], f["figures"]["overtime_back_pay"])
            for f in report["findings"]] == [("17.90", "12.00", "1.80")]
    assert report["back_pay"] == {"back_pay": "12.00", "overtime_back_pay": "1.80"}


def test_a_file_without_a_pay_period_is_checked_once_the_vendor_gives_it(
        client_for, transactional_db, vendor_user, other_vendor_user):
    from tests.imports.layouts import fixture_bytes

    vendor = client_for(vendor_user)
    created = upload(vendor, fixture_bytes("toast-payroll-export.csv"), "boston-living-wage",
                     name="PayrollExport_2024_07_14.csv").json()
    report = vendor.get(created["url"]).json()["report"]
    (asked,) = report["issues"]
    assert (asked["code"], asked["value"]) == ("import.no-period", "2024-07-14")
    given = vendor.put(f"/api/submissions/{created['id']}/pay-period",
                       {"period_end": "2024-07-14"}, content_type="application/json")
    assert given.status_code == 202, given.content
    report = vendor.get(created["url"]).json()["report"]
    assert [f["scope"]["worker"] for f in report["findings"]] == ["Alvarez, Maria",
                                                                 "Okafor, Grace"]
    assert {"name": "period_end", "value": "2024-07-14", "source": "given"}.items() <= \
        report["facts"][0].items()
    other = client_for(other_vendor_user).put(f"/api/submissions/{created['id']}/pay-period",
                                      {"period_end": "2024-07-14"},
                                      content_type="application/json")
    assert other.status_code == 404
