"""An administrator adds a standard's next dated version (Boston's rate from 2025-07-01) in the
application: reports with those pay periods are then checked against it instead of saying
"no rate on file", and the reports it covers are checked again in one action."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from procurement.models import AuditEvent, StandardVersion, Submission, SubmissionStatus
from procurement.services.errors import ServiceError
from procurement.services.standards import (
    standard_version_add,
    standard_version_next,
    standard_version_recheck,
    standards_load,
)
from procurement.services.submissions import submission_create, submission_recheck
from rules import StandardError
from tests import factories
from tests.support import WAGE_HEADER, csv_bytes, user

CODE = "boston-living-wage"
# A figure for these tests only, not the rate Boston publishes for 2025-07-01 (UNCONFIRMED).
TEST_FLOOR = "19.00"
NO_RATE = "standard.no-version-in-force"
BELOW = "wage-floor.below-minimum"


def wages(*rows: tuple[str, str, str]) -> bytes:
    """A wage report: (worker, hourly rate, pay period end) at 40 hours each."""
    return csv_bytes([WAGE_HEADER, *[(worker, "Custodian", rate, 40, day)
                                     for worker, rate, day in rows]])


JULY_2025_LOW = wages(("Ana Lopez", "18.99", "2025-07-06"), ("Bruno Costa", "19.50", "2025-07-06"))
JULY_2025_HIGH = wages(("Ana Lopez", "19.00", "2025-07-06"), ("Bruno Costa", "19.50", "2025-07-06"))
JULY_2024 = wages(("Ana Lopez", "18.20", "2024-07-07"))


@pytest.fixture
def loaded(transactional_db):
    """The standard files loaded, and one user of each role, by role name (the checks run
    when their upload commits: transactional)."""
    call_command("load_standards")
    factories.VendorUserFactory(username="vendor")
    factories.VendorUserFactory(username="vendor2")
    factories.OfficerFactory(username="officer")
    factories.LicensingUserFactory(username="licensing")
    factories.AdminFactory(username="admin")
    with translation.override("en"):  # the messages below are read in English
        yield


def upload(content: bytes, *, name: str = "wages.csv", username: str = "vendor") -> Submission:
    """A vendor's own check of a wage report against Boston's living wage (no contract)."""
    submission = submission_create(uploaded_by=user(username),
                                   upload=SimpleUploadedFile(name, content), standards=[CODE])
    submission.refresh_from_db()
    return submission


def codes(submission: Submission) -> tuple[set[str], list[tuple[str, str]]]:
    """The issue codes of the current run, and its findings as (code, expected figure)."""
    submission.refresh_from_db()
    report = submission.current_run.report
    return ({issue["code"] for issue in report["issues"]},
            [(finding["code"], finding["expected"]) for finding in report["findings"]])


def add_2025(*, username: str = "admin", floor: str = TEST_FLOOR, **changes) -> StandardVersion:
    parameters = standard_version_next(code=CODE)["parameters"]
    parameters["hourly_floor"] = {**parameters["hourly_floor"], "value": floor}
    fields = {"version": "2025-07-01", "effective_from": dt.date(2025, 7, 1),
              "effective_to": dt.date(2026, 6, 30),
              "source": "City of Boston, Living Wage Division page (boston.gov): rate "
                        "effective July 1, 2025 (test figure)",
              "parameters": parameters, **changes}
    return standard_version_add(acting_user=user(username), code=CODE, **fields)


def test_a_july_2025_report_has_no_rate_until_an_administrator_adds_it(loaded):
    low = upload(JULY_2025_LOW)
    issues, findings = codes(low)
    assert NO_RATE in issues and findings == []

    add_2025()
    submission_recheck(submission=low, acting_user=user("vendor"))

    issues, findings = codes(low)
    assert NO_RATE not in issues
    assert findings == [(BELOW, TEST_FLOOR)]  # Ana at $18.99, one cent below $19.00
    assert low.runs.count() == 2


def test_a_report_at_or_above_the_new_rate_has_no_finding(loaded):
    add_2025()
    issues, findings = codes(upload(JULY_2025_HIGH))
    assert NO_RATE not in issues
    assert findings == []


def test_the_next_version_is_drafted_from_the_latest(loaded):
    draft = standard_version_next(code=CODE)
    assert (draft["effective_from"], draft["effective_to"]) == (dt.date(2025, 7, 1),
                                                                dt.date(2026, 6, 30))
    assert draft["parameters"]["hourly_floor"] == {"value": "18.20", "unit": "USD/hour",
                                                   "note": ""}


def test_an_overlapping_version_is_refused_and_says_which_one(loaded):
    with pytest.raises(ServiceError) as refused:
        add_2025(version="2025-06-01", effective_from=dt.date(2025, 6, 1))
    assert refused.value.code == "standard-version.overlap"
    assert "2024-07-01, which runs from 2024-07-01 to 2025-06-30" in refused.value.message
    assert not StandardVersion.objects.filter(standard__code=CODE, version="2025-06-01").exists()


@pytest.mark.parametrize(("changes", "code", "words"), [
    ({"source": "  "}, "standard-version.no-source", "Give the source"),
    ({"floor": "$19.00"}, "standard-version.not-a-number", "'hourly_floor' must be a number"),
    ({"floor": ""}, "standard-version.not-a-number", "'hourly_floor' must be a number"),
    ({"floor": "-1"}, "standard-version.invalid", "is negative"),
    ({"effective_to": dt.date(2025, 6, 1)}, "standard-version.invalid",
     "effective_to is before effective_from"),
])
def test_a_version_the_engine_could_not_apply_is_refused(loaded, changes, code, words):
    with pytest.raises(ServiceError) as refused:
        add_2025(**changes)
    assert refused.value.code == code
    assert words in refused.value.message
    assert not StandardVersion.objects.filter(standard__code=CODE, version="2025-07-01").exists()


def test_parameters_keep_the_latest_versions_names_and_units(loaded):
    renamed = standard_version_next(code=CODE)["parameters"]
    renamed["hourly_rate"] = renamed.pop("hourly_floor")
    with pytest.raises(ServiceError) as refused:
        add_2025(parameters=renamed)
    assert refused.value.code == "standard-version.parameters-differ"
    assert "Missing: hourly_floor" in refused.value.message

    parameters = standard_version_next(code=CODE)["parameters"]
    parameters["hourly_floor"] = {"value": "19.00", "unit": "USD/week"}
    with pytest.raises(ServiceError) as refused:
        add_2025(parameters=parameters)
    assert refused.value.code == "standard-version.unit-differs"


@pytest.mark.parametrize("username", ["officer", "vendor", "licensing"])
def test_only_an_administrator_adds_a_version(loaded, username):
    with pytest.raises(ServiceError) as refused:
        add_2025(username=username)
    assert refused.value.status == 403
    assert not StandardVersion.objects.filter(standard__code=CODE, version="2025-07-01").exists()


def test_adding_a_version_is_audited(loaded):
    added = add_2025()
    event = AuditEvent.objects.get(action="standard.version-added")
    assert event.actor == user("admin")
    assert event.object_id == str(added.pk)
    assert event.jurisdiction.code == "boston"
    assert event.after["effective_from"] == "2025-07-01"
    assert event.after["parameters"]["hourly_floor"] == TEST_FLOOR
    assert (added.origin, added.added_by) == ("admin", user("admin"))


def test_one_action_checks_again_the_unsigned_reports_the_version_covers(loaded):
    covered = upload(JULY_2025_LOW)
    not_covered = upload(JULY_2024, name="july-2024.csv")
    signed = upload(JULY_2025_LOW, name="signed.csv", username="vendor2")
    # A signed report keeps the run it was signed with (signing is refused while rows lack a
    # rate, so such a report was signed some other way, e.g. before a rate was withdrawn).
    Submission.objects.filter(pk=signed.pk).update(status=SubmissionStatus.SUBMITTED)
    signed_run = signed.current_run_id
    add_2025()

    result = standard_version_recheck(acting_user=user("admin"), code=CODE,
                                      version="2025-07-01")

    assert (result.rechecked, result.signed, result.without_file) == (1, 1, 0)
    assert codes(covered)[1] == [(BELOW, TEST_FLOOR)]
    assert not_covered.runs.count() == 1
    signed.refresh_from_db()
    assert (signed.status, signed.current_run_id) == (SubmissionStatus.SUBMITTED, signed_run)
    assert AuditEvent.objects.filter(action="standard.version-recheck",
                                     after__rechecked=1).exists()


def test_load_standards_keeps_the_version_an_administrator_added(loaded):
    add_2025()
    call_command("load_standards")
    versions = StandardVersion.objects.filter(standard__code=CODE)
    assert [(v.version, v.origin, v.parameters["hourly_floor"]["value"]) for v in versions] == [
        ("2023-07-01", "file", "17.55"), ("2024-07-01", "file", "18.20"),
        ("2025-07-01", "admin", TEST_FLOOR)]


def test_a_file_version_overlapping_an_added_one_loads_nothing(loaded, tmp_path: Path):
    add_2025()
    shipped = Path(__file__).resolve().parents[2] / "rules" / "standards" / f"{CODE}.toml"
    text = shipped.read_text(encoding="utf-8").replace(
        "effective_to = 2025-06-30", "effective_to = 2025-07-31")
    (tmp_path / f"{CODE}.toml").write_text(text, encoding="utf-8")
    with pytest.raises(StandardError, match="clashes with a version an administrator added"):
        standards_load(directory=tmp_path)
    assert StandardVersion.objects.get(standard__code=CODE,
                                       version="2024-07-01").effective_to == dt.date(2025, 6, 30)


def test_the_page_lists_versions_and_adds_the_next_one(loaded):
    waiting = upload(JULY_2025_LOW)  # "no rate on file" for its July 2025 rows
    page = Client()
    page.force_login(user("admin"))
    response = page.get(f"/standards/{CODE}/")
    assert response.status_code == 200
    assert b'value="18.20"' in response.content and b'value="2025-07-01"' in response.content

    form = {"version": "2025-07-01", "effective_from": "2025-07-01",
            "effective_to": "2026-06-30", "source": "City of Boston (test figure)",
            "parameter-hourly_floor": TEST_FLOOR, "parameter-min_contract_value": "25000",
            "parameter-min_employer_fte": "25"}
    response = page.post(f"/standards/{CODE}/", form, follow=True)
    assert "Added the rate 2025-07-01" in response.content.decode()
    assert "admin, " in response.content.decode()  # who added it
    added = StandardVersion.objects.get(standard__code=CODE, version="2025-07-01")
    assert added.parameters["hourly_floor"]["value"] == TEST_FLOOR

    response = page.post(f"/standards/{CODE}/versions/2025-07-01/recheck/", follow=True)
    assert "Reports checked again against 2025-07-01: 1." in response.content.decode()
    assert codes(waiting)[1] == [(BELOW, TEST_FLOOR)]


def test_the_page_says_what_is_wrong(loaded):
    page = Client()
    page.force_login(user("admin"))
    response = page.post(f"/standards/{CODE}/", {
        "effective_from": "2025-01-01", "source": "x", "parameter-hourly_floor": "19.00",
        "parameter-min_contract_value": "25000", "parameter-min_employer_fte": "25"})
    assert response.status_code == 200
    assert "The dates overlap the rate 2024-07-01" in response.content.decode()


@pytest.mark.parametrize("username", ["officer", "vendor"])
def test_other_roles_do_not_see_the_standards_pages(loaded, username):
    page = Client()
    page.force_login(user(username))
    assert page.get("/standards/").status_code == 404
    assert page.get(f"/standards/{CODE}/").status_code == 404
    assert page.post(f"/standards/{CODE}/versions/2024-07-01/recheck/").status_code == 404
