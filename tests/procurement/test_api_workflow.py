"""The whole workflow over the API, as a payroll system and an officer's tool would use it."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openapi_spec_validator import validate

from procurement.models import AuditEvent, ColumnMapping
from procurement.services.tokens import api_token_create
from tests.factories import ContractFactory
from tests.support import COMPLIANT, LOW_WAGES


def post_json(client: Client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_contract_upload_correct_attest_review_over_the_api(
        client_for, service_contract, transactional_db, vendor_user, officer_user):
    ContractFactory(jurisdiction=service_contract.jurisdiction, vendor=service_contract.vendor,
                    number="EV00012346")
    vendor, officer = client_for(vendor_user), client_for(officer_user)
    contracts = {c["number"]: c for c in vendor.get("/api/contracts").json()}
    assert set(contracts) == {"EV00012345", "EV00012346"}
    contract = contracts["EV00012345"]
    assert contract["standards"] == ["boston-living-wage"]

    first = vendor.post("/api/submissions", {
        "file": SimpleUploadedFile("q3.csv", LOW_WAGES), "contract_id": contract["id"],
        "period_end": "2024-09-30"}).json()
    report = vendor.get(first["url"]).json()
    assert (report["status"], report["version"], report["period_end"]) == (
        "checked", 1, "2024-09-30")
    refused = post_json(vendor, f"{first['url']}/attest", {"name": "M S", "title": "Owner"})
    assert (refused.status_code, refused.json()["code"]) == (409, "attestation.file-has-errors")

    second = vendor.post("/api/submissions", {
        "file": SimpleUploadedFile("q3-fixed.csv", COMPLIANT),
        "supersedes": first["id"]}).json()
    versions = vendor.get(f"/api/submissions/{second['id']}/versions").json()
    assert [(v["version"], v["status"]) for v in versions] == [(1, "superseded"),
                                                                (2, "checked")]
    # The corrected rates do not pay the $26.40 the first version found owed.
    body = vendor.get(f"/api/submissions/{second['id']}").json()
    assert (body["back_pay"]["total_back_pay"], body["back_pay"]["outstanding"]) == (
        "26.40", "26.40")
    unacknowledged = post_json(vendor, f"/api/submissions/{second['id']}/attest",
                               {"name": "Maria Santos", "title": "Office manager"})
    assert unacknowledged.json()["code"] == "attestation.violations-not-acknowledged"
    assert "$26.40 of back pay found in earlier versions" in unacknowledged.json()["message"]
    signed = post_json(vendor, f"/api/submissions/{second['id']}/attest",
                       {"name": "Maria Santos", "title": "Office manager",
                        "acknowledge_violations": True})
    assert signed.json()["status"] == "submitted"

    queue = officer.get("/api/reviews/queue").json()
    assert second["id"] in [s["id"] for s in queue]
    decided = post_json(officer, f"/api/reviews/submissions/{second['id']}",
                        {"decision": "accept", "note": "Rates meet the floor."})
    assert decided.status_code == 201
    assert decided.json()["decided_by"] == officer_user.username
    assert vendor.get(second["url"]).json()["status"] == "accepted"
    assert vendor.get(f"/api/reviews/submissions/{second['id']}").json()[0]["decision"] == \
        "accept"
    trail = officer.get(f"/api/audit?object_type=procurement.submission"
                        f"&object_id={second['id']}").json()
    assert [e["action"] for e in trail] == ["review.accept", "submission.attested",
                                            "submission.checked", "submission.uploaded"]


def test_findings_and_issues_endpoints_carry_the_report(client_for, transactional_db, vendor_user):
    vendor = client_for(vendor_user)
    created = vendor.post("/api/submissions", {
        "file": SimpleUploadedFile("q.csv", LOW_WAGES),
        "standard": "boston-living-wage"}).json()
    findings = vendor.get(f"{created['url']}/findings").json()
    assert [(f["code"], f["rows"]) for f in findings] == [
        ("wage-floor.below-minimum", [3]), ("wage-floor.below-minimum", [6])]
    issues = vendor.get(f"{created['url']}/issues").json()
    assert [(i["row"], i["column_letter"], i["code"]) for i in issues] == [
        (7, "C", "import.decimal-comma"), (8, "E", "standard.before-first-version")]


def test_token_auth_for_machine_clients(transactional_db, vendor_user):
    _, key = api_token_create(user=vendor_user, name="ADP export")
    payroll = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    created = payroll.post("/api/submissions", {
        "file": SimpleUploadedFile("q.csv", COMPLIANT), "standard": "boston-living-wage"})
    assert created.status_code == 201
    assert AuditEvent.objects.filter(action="api-token.created").exists()
    wrong = Client(HTTP_AUTHORIZATION="Bearer gb_not-a-real-key").get("/api/submissions")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "auth.required")


def test_column_mappings_are_saved_per_vendor(
        client_for, vendor_user, other_vendor_user, officer_user):
    vendor = client_for(vendor_user)
    saved = vendor.put("/api/mappings", json.dumps({
        "report_type": "wage", "mapping": {"Sueldo por hora": "hourly_rate"}}),
        content_type="application/json")
    assert saved.status_code == 200
    assert vendor.get("/api/mappings?report_type=wage").json() == [
        {"report_type": "wage", "header": "Sueldo por hora", "field": "hourly_rate"}]
    assert client_for(other_vendor_user).get("/api/mappings").json() == []
    bad = vendor.put("/api/mappings", json.dumps({
        "report_type": "wage", "mapping": {"X": "salary"}}), content_type="application/json")
    assert (bad.status_code, bad.json()["code"]) == (400, "mapping.unknown-field")
    officer = client_for(officer_user).put("/api/mappings", json.dumps({
        "report_type": "wage", "mapping": {"X": "hours"}}), content_type="application/json")
    assert officer.status_code == 403
    assert ColumnMapping.objects.count() == 1


def test_export_neutralises_formulas(client_for, transactional_db, vendor_user):
    vendor = client_for(vendor_user)
    hostile = (b"Worker,Job title,Hourly rate,Hours,Pay period end\n"
               b"=HYPERLINK(\"http://evil\"),Custodian,17.00,40,2024-07-07\n"
               b"@SUM(A1),Custodian,abc,40,2024-07-07\n")
    created = vendor.post("/api/submissions", {
        "file": SimpleUploadedFile("h.csv", hostile), "standard": "boston-living-wage"}).json()

    csv_text = b"".join(vendor.get(f"{created['url']}/export.csv").streaming_content) \
        .decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text
    workbook = openpyxl.load_workbook(io.BytesIO(
        vendor.get(f"{created['url']}/export.xlsx").content))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.lstrip("'")[:1] in "=+-@"]
    assert cells, "the hostile names should be in the export"
    assert all(c.data_type == "s" and c.value.startswith("'") for c in cells)


def test_openapi_document_is_valid_and_complete(client):
    schema = client.get("/api/openapi.json").json()
    validate(schema)
    paths = set(schema["paths"])
    assert {"/api/contracts", "/api/submissions", "/api/submissions/{submission_id}",
            "/api/submissions/{submission_id}/versions", "/api/submissions/{submission_id}/attest",
            "/api/reviews/queue", "/api/reviews/submissions/{submission_id}", "/api/audit",
            "/api/mappings", "/api/templates/{report_type}", "/api/standards",
            "/api/rules"} <= paths
    upload = schema["paths"]["/api/submissions"]["post"]["requestBody"]["content"]
    assert {"file", "standard", "contract_id", "period_end", "supersedes"} <= set(
        upload["multipart/form-data"]["schema"]["properties"])


def test_contract_periods_and_what_is_due(q3_filed, service_contract):
    from procurement.selectors import contract_due_periods

    periods = contract_due_periods(contract=service_contract, today=dt.date(2025, 1, 20))
    assert [(p.period_end, p.status) for p in periods] == [
        (dt.date(2024, 12, 31), "overdue"), (dt.date(2024, 9, 30), "filed")]
    assert periods[0].due_date == dt.date(2025, 1, 15)


def test_template_download_is_an_xlsx_that_imports_cleanly(client, db):
    from imports import import_file

    response = client.get("/api/templates/workforce")
    assert response.status_code == 200
    assert response["Content-Disposition"] == \
        'attachment; filename="goodbid-workforce-report-template.xlsx"'
    result = import_file(response.content, "template.xlsx", "workforce")
    assert result.issues.flatten(("row", "code")) == []
    unknown = client.get("/api/templates/payroll")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "template.unknown-report-type")


def test_a_county_variant_of_a_standard_is_checked(
        client_for, transactional_db, other_vendor_user):
    content = (b"Trade,Week ending,Hours,Gender,Person of color\n"
               b"Carpenter,2024-07-07,40,Woman,t\nCarpenter,2024-07-07,40,Man,f\n")
    vendor = client_for(other_vendor_user)
    created = vendor.post("/api/submissions", {
        "file": SimpleUploadedFile("mn.csv", content),
        "standard": "mdhr-workforce-goals:hennepin"})
    assert created.status_code == 201, created.content
    submission = vendor.get(created.json()["url"]).json()
    assert submission["status"] == "checked"
    assert submission["report"]["standards_applied"][0]["code"].startswith(
        "mdhr-workforce-goals")
