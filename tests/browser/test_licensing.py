"""Licensing staff screen a business and a list in a real browser on a phone-sized screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from procurement.licensing import batch
from procurement.licensing.models import CandidateDecision
from procurement.licensing.services import source_import_create
from procurement.licensing.tasks import screen_business_list
from procurement.services.demo import demo_load
from tests.browser.support import log_in, violations
from tests.support import licensing_sample as sample


@pytest.fixture
def licensing_page(page, transactional_db):
    demo_load()
    source_import_create(path=sample("whd_whisard_sample.csv"), source="whd")
    source_import_create(path=sample("ma_ago_fair_labor_citations_sample.csv"),
                         source="ma-ago")
    log_in(page, "licensing", "licensing-demo-2024")
    return page


def test_licensing_staff_screen_a_business_and_confirm_a_candidate(licensing_page):
    page = licensing_page
    page.get_by_role("link", name="Licensing screening").click()
    page.get_by_label("Business name").fill("Red Tree Co")
    page.get_by_label("City (optional)").fill("Salem")
    page.get_by_label("State (optional)").fill("MA")
    page.get_by_role("button", name="Screen this business").click()

    expect(page.get_by_role("heading", name="3 records offered for confirmation")) \
        .to_be_visible()
    candidate = page.get_by_role("article").filter(has_text="case 14-02-28365-003")
    expect(candidate.get_by_text("Why: same name, same city, same state")).to_be_visible()
    expect(candidate.get_by_text("149.148 Non-Payment of Wages: 1")).to_be_visible()
    assert violations(page) == []

    candidate.get_by_label("Note (optional)").fill("Same owner, same Salem address.")
    candidate.get_by_role("button", name="Confirm: same business").click()

    expect(page.get_by_text(re.compile(r"^Confirmed: Red Tree Company .* is Red Tree Co\."))) \
        .to_be_visible()
    expect(page.get_by_role("heading", name="Flagged for licensing review")).to_be_visible()
    expect(page.get_by_text("1 confirmed case: $0.00 back wages, $8404.13 penalties.")) \
        .to_be_visible()
    assert page.get_by_label("Business name").input_value() == "Red Tree Co"
    assert violations(page) == []
    decision = CandidateDecision.objects.get()
    assert (decision.verdict, decision.note) == ("confirmed", "Same owner, same Salem address.")


def test_licensing_staff_batch_screen_a_list(licensing_page, tmp_path, monkeypatch):
    page = licensing_page
    queued: list[str] = []  # as with a broker: the worker screens the list a moment later
    monkeypatch.setattr(batch, "_enqueue_screening", queued.append)
    applicants = tmp_path / "applicants.csv"
    applicants.write_text("Business name,City,State\nRed Tree Co,Salem,MA\n"
                          "Zyxwv Quantum Bakery,Boston,MA\n")
    page.goto("/licensing/")
    page.get_by_role("link", name="Screen a list of businesses").click()
    page.get_by_label("List of businesses (.xlsx or .csv)").set_input_files(applicants)
    page.get_by_role("button", name="Screen the list").click()

    expect(page.get_by_role("heading", name="Screening of applicants.csv")).to_be_visible()
    expect(page.get_by_text("Waiting to be screened")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("0 of 2 businesses screened.")
    assert violations(page) == []
    screen_business_list.delay(queued[0])
    # poll.js sees the screening done and shows the summary, no reload by hand.
    expect(page.get_by_text("2 businesses screened")).to_be_visible()
    expect(page.get_by_text("1 with candidate records to check")).to_be_visible()
    assert violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("link", name="Screen Red Tree Co").click()
    expect(page.get_by_role("heading", name="3 records offered for confirmation")) \
        .to_be_visible()
