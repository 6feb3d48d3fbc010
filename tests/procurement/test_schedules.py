"""Prevailing wage schedules in the application: added by an administrator from a
determination's text or a state schedule's CSV, named by a contract, and applied to its
certified payroll (the version in force at award, or on each anniversary)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from procurement.models import AuditEvent, Contract, WageSchedule, WageScheduleVersion
from procurement.services.findings import run_findings
from procurement.services.schedules import anniversary_on_or_before
from procurement.services.submissions import submission_create, submission_recheck
from tests.support import DEMO_DIR, user

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixtures"
CA_TEXT = (FIXTURES / "wage_determinations" / "CA20250001.txt").read_bytes()
WH347 = (DEMO_DIR / "certified_payroll_week_2024-07-07.csv").read_bytes()
BUILDING = (DEMO_DIR / "building_services_july_2024.csv").read_bytes()


def _upload(username: str, number: str, content: bytes, *, report_type: str | None = None):
    submission = submission_create(uploaded_by=user(username),
                                   contract=Contract.objects.get(number=number),
                                   upload=SimpleUploadedFile("payroll.csv", content),
                                   report_type=report_type)
    submission.refresh_from_db()
    return submission


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def _back_pay(submission) -> dict[str, tuple[str, str, str]]:
    """Per worker: back pay owed, of it wages and fringe benefits, as the findings say."""
    return {f["scope"]["worker"]: (f["figures"]["back_pay"], f["figures"]["back_pay_base"],
                                   f["figures"]["back_pay_fringe"])
            for f in run_findings(submission.current_run)
            if f["code"] == "prevailing-wage.below-rate"}


def test_a_wh347_on_the_construction_contract_is_checked_against_its_schedule(demo):
    submission = _upload("vendor2", "PFD-2024-0042", WH347, report_type="certified_payroll")

    assert submission.report_type == "certified_payroll"
    assert submission.standards == ["boston-prevailing-wage"]
    # Base and fringe shortfalls apart, per worker and week.
    assert _back_pay(submission) == {
        "Okafor, Daniel (ID 5521)": ("120.00", "0.00", "120.00"),
        "Reyes, Marisol (ID 4410)": ("60.00", "60.00", "0.00"),
        "Walsh, Tom (ID 3390)": ("104.00", "104.00", "0.00"),
    }
    report = submission.current_run.report
    assert report["total_back_pay"] == "284.00"
    assert {(s["code"], s["version"]) for s in report["standards_applied"]} == {
        ("boston-prevailing-wage", "2023-10-23"), ("EXAMPLE-BOS-PFD-0042", "0")}
    carpenters = next(c for c in report["paid_vs_required"] if c["classification"] == "Carpenter")
    assert (carpenters["required"], carpenters["workers"], carpenters["lines_below"]) == (
        "74.00", 2, 1)
    # The weekly certified payroll does not stand in for the monthly workforce report.
    assert submission.period_end == dt.date(2024, 7, 7)


def test_the_contract_still_takes_its_workforce_report_by_default(demo):
    submission = _upload("vendor2", "PFD-2024-0042",
                         (DEMO_DIR / "workforce_report_july_2024.csv").read_bytes())
    assert submission.report_type == "workforce"
    assert submission.standards == ["boston-brjp"]


def test_a_report_the_contract_does_not_take_is_refused_with_the_ones_it_does(demo):
    from procurement.services.errors import ServiceError

    with pytest.raises(ServiceError) as refused:
        _upload("vendor", "EV00012345", BUILDING, report_type="certified_payroll")
    assert "This contract takes these reports: Service-contract wage report." \
        in refused.value.message


def test_the_building_service_contract_follows_its_schedule_from_each_anniversary(demo):
    first_year = _upload("vendor", "EV00012346", BUILDING)
    assert _back_pay(first_year) == {"Bruno Costa": ("120.00", "0.00", "120.00"),
                                     "Chloé Martin": ("154.38", "40.63", "113.75")}
    assert {s["code"]: s["version"] for s in first_year.current_run.report[
        "standards_applied"]}["EXAMPLE-BOS-BS-0001"] == "0"

    # After the contract's first anniversary (2025-06-20) the revision issued for it applies:
    # Ana's $24.00 met $20.50 + $3.50, not $21.25 + $3.70.
    second_year = _upload("vendor", "EV00012346",
                          BUILDING.replace(b"2024-07-07", b"2025-07-13"))
    assert {s["code"]: s["version"] for s in second_year.current_run.report[
        "standards_applied"]}["EXAMPLE-BOS-BS-0001"] == "1"
    assert _back_pay(second_year)["Ana Lopez"] == ("38.00", "0.00", "38.00")


def test_without_a_schedule_named_the_vendor_is_told_and_a_named_one_applies_on_recheck(
        demo, client_for):
    Contract.objects.filter(number="EV00012346").update(wage_schedule=None)
    submission = _upload("vendor", "EV00012346", BUILDING)
    (issue,) = [i for i in submission.current_run.report["issues"]
                if i["code"] == "prevailing-wage.no-schedule"]
    assert issue["severity"] == "error"
    assert "No prevailing wage schedule is named for this contract yet" in issue["message"]
    assert not _back_pay(submission)

    officer = client_for("officer")
    contract = Contract.objects.get(number="EV00012346")
    response = officer.put(f"/api/contracts/{contract.pk}/schedule",
                           {"schedule": "EXAMPLE-BOS-BS-0001", "awarded_on": "2024-06-20"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["schedule"], response.json()["awarded_on"]) == (
        "EXAMPLE-BOS-BS-0001", "2024-06-20")
    event = AuditEvent.objects.get(action="contract.schedule-set")
    assert (event.before["schedule"], event.after["schedule"]) == (None, "EXAMPLE-BOS-BS-0001")

    submission_recheck(submission=submission, acting_user=user("vendor"))
    submission.refresh_from_db()
    assert set(_back_pay(submission)) == {"Bruno Costa", "Chloé Martin"}


def test_only_city_staff_name_a_schedule_and_only_on_contracts_they_see(demo, client_for):
    contract = Contract.objects.get(number="EV00012346")
    body = {"schedule": "EXAMPLE-BOS-PFD-0042", "awarded_on": None}
    vendor = client_for("vendor")
    response = vendor.put(f"/api/contracts/{contract.pk}/schedule", body,
                          content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (403, "schedule.not-allowed")
    other = client_for("vendor2")
    assert other.put(f"/api/contracts/{contract.pk}/schedule", body,
                     content_type="application/json").status_code == 404
    unknown = client_for("admin").put(f"/api/contracts/{contract.pk}/schedule",
                                      {"schedule": "XX99999999"},
                                      content_type="application/json")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "schedule.not-found")
    assert Contract.objects.get(pk=contract.pk).wage_schedule.number == "EXAMPLE-BOS-BS-0001"


def test_schedules_are_public_to_read_like_the_standards(demo):
    anyone = Client()
    listed = {s["number"]: s for s in anyone.get("/api/schedules").json()}
    assert set(listed) == {"EXAMPLE-BOS-BS-0001", "EXAMPLE-BOS-PFD-0042"}
    building = listed["EXAMPLE-BOS-BS-0001"]
    assert (building["example"], building["updates"]) == (True, "anniversary")
    assert [(v["modification"], v["effective_from"]) for v in building["versions"]] == [
        (0, "2024-06-14"), (1, "2025-06-13")]

    first = anyone.get("/api/schedules/EXAMPLE-BOS-BS-0001?modification=0").json()
    assert [(c["title"], c["base"], c["fringe"]) for c in first["classifications"]] == [
        ("Custodian", "20.50", "3.50"), ("Security guard", "21.25", "3.50")]
    assert anyone.get("/api/schedules/NOPE").status_code == 404


def test_an_administrator_adds_a_determination_from_its_text(demo, client_for):
    admin = client_for("admin")
    created = admin.post("/api/schedules", {"file": SimpleUploadedFile("CA20250001.txt",
                                                                        CA_TEXT)})
    assert created.status_code == 201, created.content
    assert created.json()["classifications"] == 145
    schedule = WageSchedule.objects.get(number="CA20250001")
    assert (schedule.kind, schedule.updates, schedule.example) == ("davis-bacon", "award",
                                                                   False)
    # The same version again is the version on file; pasted, it is the same.
    again = admin.post("/api/schedules", {"text": CA_TEXT.decode()})
    assert again.status_code == 200
    assert WageScheduleVersion.objects.filter(schedule=schedule).count() == 1

    detail = Client().get("/api/schedules/CA20250001").json()
    elevator = next(c for c in detail["classifications"] if c["title"].startswith("ELEVATOR"))
    assert (elevator["base"], elevator["fringe"], elevator["fringe_formula"]) == (
        "66.63", None, "37.885+a+b")


def test_a_version_on_file_is_never_edited(demo, client_for):
    admin = client_for("admin")
    assert admin.post("/api/schedules", {"text": CA_TEXT.decode()}).status_code == 201
    edited = CA_TEXT.replace(b"46.30", b"47.30")
    assert edited != CA_TEXT
    refused = admin.post("/api/schedules", {"text": edited.decode()})
    assert (refused.status_code, refused.json()["code"]) == (409, "schedule.version-exists")
    assert "never edited" in refused.json()["message"]


@pytest.mark.parametrize("username, status", [("officer", 403), ("vendor", 403)])
def test_only_an_administrator_adds_a_schedule(demo, client_for, username, status):
    response = client_for(username).post("/api/schedules", {"text": CA_TEXT.decode()})
    assert (response.status_code, response.json()["code"]) == (status, "schedule.not-allowed")
    assert Client().post("/api/schedules", {"text": "x"}).status_code == 401
    assert not WageSchedule.objects.filter(number="CA20250001").exists()


@pytest.mark.parametrize("content, filename", [
    (b"", "empty.txt"), (b"\x00\xff\xfe garbage", "x.txt"), (b"Classification\n", "x.csv"),
    (b"General Decision Number: CA20250001 01/03/2025\n", "wd.txt")])
def test_a_schedule_that_cannot_be_read_is_refused_with_what_is_wrong(demo, client_for,
                                                                       content, filename):
    response = client_for("admin").post("/api/schedules",
                                        {"file": SimpleUploadedFile(filename, content)})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "schedule.unreadable"
    assert response.json()["message"]
    assert WageScheduleVersion.objects.count() == 3  # the demo's, nothing half-stored


def test_the_pages_show_the_schedule_and_paid_vs_required(demo, client_for):
    contract = Contract.objects.get(number="PFD-2024-0042")
    vendor = logged_in("vendor2")
    page = vendor.get(f"/contracts/{contract.pk}/").content.decode()
    assert "Prevailing wage schedule" in page
    assert "EXAMPLE-BOS-PFD-0042, modification 0" in page
    assert 'name="report_type"' in page and "Certified payroll (WH-347): Weekly" in page
    assert "/api/templates/certified_payroll?schedule=EXAMPLE-BOS-PFD-0042&amp;modification=0" \
        in page
    # A vendor does not name schedules, nor see the schedules' pages.
    assert 'name="schedule-schedule"' not in page
    assert vendor.get("/schedules/").status_code == 404

    response = vendor.post(f"/contracts/{contract.pk}/", {
        "report_type": "certified_payroll", "period_end": "",
        "file": SimpleUploadedFile("wh347.csv", WH347)})
    assert response.status_code == 302
    page = vendor.get(response["Location"]).content.decode()
    assert "Paid vs required, per classification" in page
    assert "Okafor, Daniel (ID 5521)" in page

    officer = logged_in("officer")
    page = officer.get(f"/contracts/{contract.pk}/").content.decode()
    assert 'name="schedule-schedule"' in page
    listing = officer.get("/schedules/").content.decode()
    assert "EXAMPLE-BOS-BS-0001" in listing and "Example: not real rates" in listing
    detail = officer.get("/schedules/EXAMPLE-BOS-BS-0001/?modification=1").content.decode()
    assert "$21.25" in detail and "Custodian" in detail


def test_the_certified_payroll_template_offers_the_schedules_classifications(demo):
    response = Client().get("/api/templates/certified_payroll?schedule=EXAMPLE-BOS-PFD-0042")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    titles = [cell.value for sheet in book.worksheets for row in sheet.iter_rows()
              for cell in row if cell.value in ("Carpenter", "Laborer", "Electrician")]
    assert {"Carpenter", "Laborer", "Electrician"} <= set(titles)
    assert any(sheet.data_validations.dataValidation for sheet in book.worksheets)


@pytest.mark.parametrize("awarded, day, anniversary", [
    (dt.date(2024, 6, 20), dt.date(2024, 9, 30), dt.date(2024, 6, 20)),
    (dt.date(2024, 6, 20), dt.date(2025, 6, 19), dt.date(2024, 6, 20)),
    (dt.date(2024, 6, 20), dt.date(2025, 6, 20), dt.date(2025, 6, 20)),
    (dt.date(2024, 6, 20), dt.date(2027, 1, 5), dt.date(2026, 6, 20)),
    (dt.date(2024, 2, 29), dt.date(2025, 3, 1), dt.date(2025, 2, 28)),
    (dt.date(2024, 6, 20), dt.date(2024, 1, 1), dt.date(2024, 6, 20)),
])
def test_the_anniversary_a_period_falls_after(awarded, day, anniversary):
    assert anniversary_on_or_before(awarded, day) == anniversary


def test_decimal_figures_survive_storage(demo):
    version = WageScheduleVersion.objects.get(schedule__number="EXAMPLE-BOS-PFD-0042")
    from procurement.services.schedules import schedule_of

    carpenter = schedule_of(version).classification("carpenter")
    assert (carpenter.base, carpenter.fringe.amount) == (Decimal("45.00"), Decimal("29.00"))
