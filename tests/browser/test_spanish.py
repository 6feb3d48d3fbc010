"""A vendor who reads Spanish chooses it once, with the keyboard, and reads the results in it."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation
from playwright.sync_api import expect

from procurement.services.demo import demo_load
from tests.browser.support import log_in

DEMO = Path(__file__).resolve().parents[2] / "procurement" / "demo"


def es(text: str) -> str:
    with translation.override("es"):
        spanish = translation.gettext(text)
    assert spanish != text, f"not translated: {text}"
    return spanish


def test_vendor_chooses_spanish_and_reads_the_problems_in_spanish(page, transactional_db):
    demo_load()
    log_in(page, "vendor", "vendor-demo-2024")
    language = page.get_by_label("Language")
    language.focus()
    language.select_option("es")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the "Change language" button
    expect(page.locator("html")).to_have_attribute("lang", "es")

    page.get_by_role("link", name=es("Upload a report")).first.click()
    page.get_by_label(es("Report file (.xlsx or .csv)")).set_input_files(
        DEMO / "wage_report_july_2024.csv")
    page.get_by_role("button", name=es("Upload and check")).click()
    page.wait_for_url(re.compile(r"/submissions/\d+/$"))
    hint = es("Write it with a decimal point: {fixed}.").format(fixed="18.20")
    expect(page.get_by_text(hint)).to_be_visible()
    expect(page.get_by_text("Write it with a decimal point: 18.20.")).to_have_count(0)
    expect(page.get_by_label(es("Language"))).to_have_value("es")
