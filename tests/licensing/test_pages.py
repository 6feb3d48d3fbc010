"""The licensing pages: screening one business, confirming or rejecting its candidates, and who
may use them."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import Client

from procurement.licensing.models import CandidateDecision, WageTheftRecord
from procurement.licensing.selectors import confirmed_cases_for_vendor
from procurement.models import AuditEvent, Vendor
from tests.licensing.support import decide, screen

RED_TREE = {"name": "Red Tree Co", "city": "Salem", "state": "MA"}
CARDILE = {"name": "Cardile Mushrooms Incorporated", "street": "540 Church Road",
           "city": "Avondale", "state": "PA", "zip_code": "19348"}


def record(key: str) -> WageTheftRecord:
    return WageTheftRecord.objects.get(record_key=key)


def test_search_ranks_candidates_with_reasons_and_case_summary(records, logged_in):
    staff = logged_in("licensing")
    page = screen(staff, CARDILE)
    assert "1 record offered for confirmation" in page
    assert "listed for reference" not in page
    assert "Cardile Mushrooms, Inc. (d/b/a Cardile Mushrooms)" in page
    assert "Score 100 of 100" in page
    assert "Why: same name, same street address, ZIP agrees, same city, same state" in page
    assert "2004-01-28 – 2006-01-27" in page  # findings period
    assert "U.S. Department of Labor, Wage and Hour Division · case 1431317" in page

    page = screen(staff, RED_TREE)
    assert "3 records offered for confirmation" in page
    assert "149.148 Non-Payment of Wages: 1" in page and "$8404.13" in page  # by statute
    assert "Salem, MA" in page
    assert "Massachusetts Attorney General, Fair Labor Division · case 14-02-28365-003" in page
    assert "Flagged for licensing review" not in page


def test_an_unrelated_name_says_there_is_no_candidate(records, logged_in):
    page = screen(logged_in("admin"), {"name": "Zyxwv Quantum Bakery"})
    assert "No record matches this business closely enough" in page


def test_a_search_without_a_name_or_vendor_says_what_is_missing(records, logged_in):
    page = screen(logged_in("licensing"), {"name": "", "city": "Salem"})
    assert "Type the business name, or choose a vendor." in page
    assert "offered for confirmation" not in page


def test_confirm_shows_the_flag_and_writes_the_audit_event(records, logged_in):
    staff = logged_in("licensing")
    wages = record("14-02-28365-003")
    response = decide(staff, RED_TREE, wages, "confirmed", note="Same owner and address")
    assert response.status_code == 302
    assert response["Location"] == f"/licensing/?{urlencode(RED_TREE)}"

    page = staff.get(response["Location"]).content.decode()
    assert ("Confirmed: Red Tree Company (Massachusetts Attorney General citation "
            "14-02-28365-003) is Red Tree Co.") in page
    assert "Flagged for licensing review" in page
    assert "1 confirmed case: $0.00 back wages, $8404.13 penalties." in page
    assert "Confirmed: this record is this business." in page
    assert page.count("Confirm: same business") == 2  # the confirmed one can only be undone

    event = AuditEvent.objects.get(action="licensing.candidate-confirmed")
    assert event.actor.username == "licensing" and event.before is None
    assert event.after["record"] == "ma-ago 14-02-28365-003"
    decision = CandidateDecision.objects.get()
    assert (decision.note, decision.score, decision.verdict) == (
        "Same owner and address", 97, "confirmed")


def test_reject_removes_the_candidate_from_the_next_search(records, logged_in):
    staff = logged_in("licensing")
    first = record("14-02-28365-001")
    response = decide(staff, RED_TREE, first, "rejected")
    page = staff.get(response["Location"]).content.decode()
    assert "will not be shown again for this business" in page
    assert "2 records offered for confirmation" in page
    assert "1 record rejected earlier for this business is not shown." in page
    assert f'id="case-{first.pk}"' not in page
    assert f'id="case-{record("14-02-28365-002").pk}"' in page
    assert AuditEvent.objects.filter(action="licensing.candidate-rejected").count() == 1
    # Another business of the same name elsewhere still sees it.
    assert f'id="case-{first.pk}"' in screen(staff, {**RED_TREE, "state": "NH"})


def test_confirming_for_a_vendor_links_the_record_to_the_vendor(records, logged_in):
    staff = logged_in("licensing")
    harbor = Vendor.objects.get(legal_name="Harbor Facility Services LLC")
    query = {**RED_TREE, "vendor": harbor.pk}
    decide(staff, query, record("14-02-28365-002"), "confirmed")
    assert [c.case_id for c in confirmed_cases_for_vendor(vendor_id=harbor.pk)] == [
        "14-02-28365-002"]
    assert "Flagged for licensing review" in screen(staff, query)
    # The vendor alone (no name typed) is screened under the vendor's own names.
    page = screen(staff, {"vendor": harbor.pk})
    assert "Flagged for licensing review" in page


def test_a_decision_without_a_verdict_is_not_recorded(records, logged_in):
    staff = logged_in("licensing")
    response = staff.post("/licensing/decisions/", {**RED_TREE,
                                                    "record_id": record("14-02-28365-001").pk},
                          follow=True)
    assert "The decision was not recorded" in response.content.decode()
    assert not CandidateDecision.objects.exists()


PAGES = ["/licensing/", f"/licensing/?{urlencode(RED_TREE)}", "/licensing/batch/",
         "/licensing/batch/0123456789abcdef0123456789abcdef/",
         "/licensing/batch/0123456789abcdef0123456789abcdef/report.csv",
         "/licensing/batch/0123456789abcdef0123456789abcdef/status"]


@pytest.mark.parametrize("username", ["vendor", "vendor2", "officer"])
def test_vendors_and_officers_are_refused_every_licensing_page(records, logged_in, username):
    client = logged_in(username)
    assert [client.get(url).status_code for url in PAGES] == [403] * len(PAGES)
    response = decide(client, RED_TREE, record("14-02-28365-001"), "rejected")
    assert response.status_code == 403 and not CandidateDecision.objects.exists()
    assert "Licensing screening" not in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(db):
    responses = [Client().get(url) for url in PAGES]
    responses.append(Client().post("/licensing/decisions/", {"record_id": 1}))
    for response in responses:
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/?next=/licensing/")


def test_licensing_staff_see_the_nav_link(records, logged_in):
    assert '<a href="/licensing/">Licensing screening</a>' in \
        logged_in("licensing").get("/").content.decode()


def test_licensing_templates_have_no_inline_script_or_style():
    folder = Path(__file__).resolve().parents[2] / "procurement" / "licensing" / "templates"
    templates = list(folder.rglob("*.html"))
    assert templates
    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|style=|\son\w+=")
    assert [str(t) for t in templates if inline.search(t.read_text())] == []
