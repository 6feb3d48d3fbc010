"""Issue 11 as a new vendor tries it, in a real browser on a phone-sized screen: the files a
payroll system exports, uploaded as they are, reach their findings without matching columns."""

from __future__ import annotations

import re

from django.utils import translation
from playwright.sync_api import expect

from procurement.services.demo import demo_load
from tests.browser.support import log_in, shot
from tests.imports.layouts import fixture_bytes


def upload(page, name: str, filename: str, *, spanish: bool = False) -> None:
    words = _es if spanish else (lambda text: text)
    page.get_by_role("link", name=words("Upload a report")).first.click()
    mime = "text/csv" if filename.endswith(".csv") else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    page.get_by_label(words("Report file (.xlsx or .csv)")).set_input_files(
        {"name": filename, "mimeType": mime, "buffer": fixture_bytes(name)})
    page.get_by_role("button", name=words("Upload and check")).click()
    page.wait_for_url(re.compile(r"/submissions/\d+/$"))


def _es(text: str) -> str:
    with translation.override("es"):
        spanish = translation.gettext(text)
    assert spanish != text, f"not translated: {text}"
    return spanish


def test_exports_with_the_period_in_a_title_row_with_overtime_lines_and_a_wh347(
        page, transactional_db):
    demo_load()
    log_in(page, "vendor", "vendor-demo-2024")

    # Gusto's Payroll Journal: the pay period is in the title rows above the table.
    upload(page, "gusto-payroll-journal.csv", "Gusto payroll journal.csv")
    expect(page.locator("#read-as")).to_have_text("Read as: Gusto Payroll Journal")
    expect(page.get_by_text("2024-07-14").first).to_be_visible()
    expect(page.get_by_text("Alvarez, Maria was paid $17.90/hour in the pay period ending "
                            "2024-07-14")).to_be_visible()
    expect(page.get_by_text("Chen, David was paid")).to_have_count(0)  # overtime at $48.75
    expect(page.get_by_role("heading", name="Match your columns")).to_be_visible()
    expect(page.locator("details#columns")).not_to_have_attribute("open", "")
    shot(page, "gusto-payroll-journal")

    # ADP's Earnings and Hours: one row per earnings code, Regular and overtime lines.
    page.goto("/")
    upload(page, "adp-wfn-earnings-hours.xlsx.csv", "Earnings and Hours.xlsx")
    expect(page.locator("#read-as")).to_have_text(
        "Read as: ADP Workforce Now Earnings and Hours")
    expect(page.get_by_text(re.compile(r"Chen, David \(ID 0*147\) was paid \$17\.90/hour")))\
        .to_be_visible()
    expect(page.get_by_text("was paid $42.75/hour")).to_have_count(0)

    # The earlier WH-347: the O line above the S line, the name on the first.
    page.goto("/")
    upload(page, "wh347-2008.xlsx.csv", "WH-347 week 24.xlsx")
    expect(page.locator("#read-as")).to_have_text(re.compile(r"Read as: WH-347"))
    expect(page.get_by_text(re.compile(r"Grace Okafor \(ID xxx-xx-3307\) was paid "
                                       r"\$17\.90/hour"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"also pay \$1\.80 of overtime premium"))).to_be_visible()
    expect(page.get_by_text("was paid $26.85/hour")).to_have_count(0)


def test_a_file_with_no_pay_period_asks_for_it_once_in_spanish(page, transactional_db):
    demo_load()
    log_in(page, "vendor", "vendor-demo-2024")
    language = page.get_by_label("Language")
    language.select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # Toast's payroll export has no dates; its file name gives the suggestion.
    upload(page, "toast-payroll-export.csv", "PayrollExport_2024_07_14.csv", spanish=True)
    expect(page.get_by_role("heading", name=_es("Which pay period is this?"))).to_be_visible()
    field = page.get_by_label(_es("Last day of the pay period"))
    expect(field).to_have_value("2024-07-14")
    shot(page, "pay-period-question-es")
    page.get_by_role("button", name=_es("Check with this pay period")).click()
    remedy = _es("Pay {worker} at least {floor}/hour and pay the back pay owed for this "
                 "period: {back_pay} ({shortfall}/hour short over {hours} hours).").format(
        worker="Alvarez, Maria", floor="$18,20", back_pay="$11,40", shortfall="$0,30",
        hours="38")  # money as Spanish writes it
    expect(page.get_by_text(remedy)).to_be_visible()
    expect(page.get_by_role("heading", name=_es("Which pay period is this?"))).to_have_count(0)
    expect(page.get_by_text(_es("as you gave it")).first).to_be_visible()
