from __future__ import annotations

import json

import pytest

from procurement.licensing.models import CandidateDecision, WageTheftRecord
from procurement.licensing.selectors import confirmed_cases_for_vendor
from procurement.licensing.services import source_import_create
from procurement.models import AuditEvent, Vendor
from rules.wage_theft import ConfirmedWageTheftCase

SCREEN = "/api/licensing/screen"


@pytest.fixture
def records(demo, whd_sample, ma_sample):  # noqa: F811
    source_import_create(path=whd_sample, source="whd")
    source_import_create(path=ma_sample, source="ma-ago")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("username", ["vendor", "vendor2", "officer"])
def test_only_licensing_staff_and_admins_reach_the_api(records, client_for, username):  # noqa: F811
    client = client_for(username)
    assert post(client, SCREEN, {"name": "Datt"}).status_code == 403
    assert post(client, "/api/licensing/decisions",
                {"record_id": 1, "verdict": "confirmed", "name": "Datt"}).status_code == 403
    response = client.get("/api/licensing/vendors/1/flag")
    assert response.status_code == 403 and response.json()["code"] == "licensing.forbidden"


def test_confirm_links_vendor_reject_hides_candidate_and_both_are_audited(records, client_for):  # noqa: F811
    staff = client_for("licensing")
    harbor = Vendor.objects.get(legal_name="Harbor Facility Services LLC")
    found = post(staff, SCREEN, {"name": "Red Tree Co", "city": "Salem", "state": "MA",
                                 "vendor_id": harbor.pk}).json()
    ids = [c["case"]["record_id"] for c in found["candidates"]]
    assert len(ids) == 3  # three citations of Red Tree Company
    wages = WageTheftRecord.objects.get(record_key="14-02-28365-003")
    confirmed = post(staff, "/api/licensing/decisions",
                     {"record_id": wages.pk, "verdict": "confirmed", "vendor_id": harbor.pk,
                      "score": 95}).json()
    assert confirmed["flag"]["total_penalties"] == "8404.13"
    post(staff, "/api/licensing/decisions", {"record_id": ids[0] if ids[0] != wages.pk
                                             else ids[1], "verdict": "rejected",
                                             "vendor_id": harbor.pk, "note": "other firm"})
    again = post(staff, SCREEN, {"name": "Red Tree Co", "city": "Salem", "state": "MA",
                                 "vendor_id": harbor.pk}).json()
    assert len(again["candidates"]) == 2 and again["previously_rejected"] == 1
    assert {c["decision"] for c in again["candidates"]} == {"confirmed", None}

    cases = confirmed_cases_for_vendor(vendor_id=harbor.pk)
    assert [type(c) for c in cases] == [ConfirmedWageTheftCase]
    assert (cases[0].case_id, cases[0].confirmed_by) == ("14-02-28365-003", "licensing")

    # Changing one's mind is recorded with the state before and after.
    post(staff, "/api/licensing/decisions", {"record_id": wages.pk, "verdict": "rejected",
                                             "vendor_id": harbor.pk})
    assert confirmed_cases_for_vendor(vendor_id=harbor.pk) == []
    events = AuditEvent.objects.filter(object_type="licensing.candidatedecision")
    assert events.count() == 3
    change = events.filter(action="licensing.candidate-rejected",
                           before__isnull=False).get()
    assert change.before["verdict"] == "confirmed" and change.after["verdict"] == "rejected"
    assert change.actor.username == "licensing" and change.vendor_id == harbor.pk
    assert CandidateDecision.objects.filter(vendor=harbor).count() == 2
    assert staff.get(f"/api/licensing/vendors/{harbor.pk}/flag").json() is None


def test_bad_verdict_is_explained(records, client_for):  # noqa: F811
    response = post(client_for("admin"), "/api/licensing/decisions",
                    {"record_id": WageTheftRecord.objects.first().pk, "verdict": "maybe",
                     "name": "X"})
    assert response.status_code == 400 and "confirmed" in response.json()["message"]


def test_a_confirmed_history_is_a_notice_on_the_vendors_next_check(records, client_for):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from procurement.models import Submission
    from procurement.services.submissions import submission_recheck
    from tests.support import LOW_WAGES, user

    vendor = client_for("vendor")
    created = vendor.post("/api/submissions", {"file": SimpleUploadedFile("q.csv", LOW_WAGES),
                                               "standard": "boston-living-wage"}).json()
    codes = lambda: [f["code"] for f in vendor.get(created["url"]).json()["report"]["findings"]]  # noqa: E731
    assert "wage-theft.history" not in codes()

    harbor = Vendor.objects.get(legal_name="Harbor Facility Services LLC")
    wages = WageTheftRecord.objects.get(record_key="14-02-28365-003")
    post(client_for("licensing"), "/api/licensing/decisions",
         {"record_id": wages.pk, "verdict": "confirmed", "vendor_id": harbor.pk})
    submission_recheck(submission=Submission.objects.get(pk=created["id"]),
                       acting_user=user("officer"))

    history = [f for f in vendor.get(created["url"]).json()["report"]["findings"]
               if f["code"] == "wage-theft.history"]
    assert len(history) == 1 and history[0]["severity"] == "notice"
    assert "confirmed by licensing" in history[0]["message"]
