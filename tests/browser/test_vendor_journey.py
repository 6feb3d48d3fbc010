"""Issue 13 as a new vendor tries it, in Debian's chromium at 390 px: the period follows the
file, an unreadable upload leaves the period due, back pay is resolved only by a payment an
officer confirms, the total shows on the page, the letter and the exports, and a Spanish
vendor reads no English sentence on the way."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polib
from django.utils import translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from procurement.services.demo import demo_load
from tests.browser.support import log_in, shot

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "procurement" / "demo"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STUB = {"name": "pay-stub.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 stub"}


def es(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


def upload_on_the_contract(page, content: bytes, filename: str, words=lambda t: t) -> None:
    page.goto("/")
    page.get_by_role("link", name=words("Upload a report")).first.click()
    page.get_by_label(words("Report file (.xlsx or .csv)")).set_input_files(
        {"name": filename, "mimeType": "text/csv", "buffer": content})
    page.get_by_role("button", name=words("Upload and check")).click()
    page.wait_for_url(re.compile(r"/submissions/\d+/$"))


def record_payment(page, worker: str, amount: str) -> None:
    page.get_by_text("Record a back-pay payment").click()
    page.get_by_label("Worker paid").select_option(value=worker)
    page.get_by_label("Amount paid (USD)").fill(amount)
    page.get_by_label("Date paid").fill("2024-08-01")
    page.get_by_label(re.compile("Proof of payment")).set_input_files(STUB)
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_text("Payment recorded: the city confirms it")).to_be_visible()


def test_the_july_payroll_is_filed_for_its_quarter_and_back_pay_is_paid_for_real(
        page, browser, live_server, transactional_db):
    demo_load()
    log_in(page, "vendor", "vendor-demo-2024")
    upload_on_the_contract(page, (DEMO / "wage_report_july_2024.csv").read_bytes(), "july.csv")

    # The default period is the newest; the file's pay dates say July 2024.
    expect(page.get_by_text("This report is for July–September 2024.")).to_be_visible()
    expect(page.get_by_text("GoodBid proposed it from the pay dates in your file.")) \
        .to_be_visible()
    expect(page.get_by_text("Numbers written with a comma: 1 row")).to_be_visible()
    expect(page.get_by_text("import.decimal-comma")).to_have_count(0)
    expect(page.get_by_text("Back pay owed in all: $26.40; still to be shown paid: $26.40."))\
        .to_be_visible()
    expect(page.locator("#next-step")).to_contain_text("Fix the problems listed below")

    page.get_by_label("Corrected report file (.xlsx or .csv)").set_input_files(
        DEMO / "wage_report_compliant.csv")
    page.get_by_role("button", name="Upload the correction").click()
    expect(page.get_by_text("Corrected figures for 2 findings: back pay of $26.40 is still "
                            "to be shown paid.")).to_be_visible()
    expect(page.get_by_text("findings fixed")).to_have_count(0)

    record_payment(page, "Dinh Nguyen", "26.00")
    record_payment(page, "Bruno Costa", "0.40")
    expect(page.get_by_text("Payment recorded, waiting for the city to confirm")) \
        .to_have_count(2)
    page.get_by_label("Your full name").fill("Maria Santos")
    page.get_by_label("Your job title").fill("Office manager")
    page.get_by_label("I confirm the statement above.").check()
    page.get_by_label(re.compile(r"\$26\.40 of back pay found in earlier versions")).check()
    page.get_by_role("button", name="Sign and submit to the city").click()
    expect(page.locator("#status")).to_have_text("Signed and submitted")
    report_url = page.url
    shot(page, "journey-vendor-signed")

    officer = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 390, "height": 844}).new_page()
    log_in(officer, "officer", "officer-demo-2024")
    officer.goto(report_url)
    expect(officer.locator("#next-step")).to_contain_text("Confirm or dispute")
    for _payment in range(2):
        officer.get_by_role("button", name="Confirm the payment").first.click()
        expect(officer.get_by_text("Decision on the payment recorded.")).to_be_visible()
    expect(officer.locator("#back-pay td.ok")).to_have_count(2)
    expect(officer.locator("#back-pay td.ok").first).to_contain_text("Paid")
    shot(officer, "journey-officer-confirmed")

    page.reload()
    expect(page.get_by_text("Back pay owed in all: $26.40; still to be shown paid: $0.00."))\
        .to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_download() as download:
        page.get_by_role("link", name="Download issues and findings (.xlsx)").click()
    rows = list(load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
                ["Back pay"].values)
    assert rows[-1][:5] == ("Total", None, 26.4, 26.4, 0)
    page.get_by_role("link", name="What to fix, to print").click()
    expect(page.get_by_text("EV00012345: Library aides and event staffing")).to_be_visible()
    expect(page.get_by_text("July–September 2024")).to_be_visible()
    expect(page.get_by_role("cell", name="$26.40")).to_be_visible()


def test_a_pdf_upload_leaves_the_period_due(page, transactional_db):
    demo_load()
    log_in(page, "vendor", "vendor-demo-2024")
    page.goto("/")
    before = page.locator("main").inner_text()
    upload_on_the_contract(page, PDF, "payroll.pdf")
    expect(page.locator("#status")).to_have_text("Could not be read")
    page.goto("/")
    assert page.locator("main").inner_text().count("Overdue: the report for") == \
        before.count("Overdue: the report for")
    expect(page.get_by_text("Every report so far is filed.")).to_have_count(0)


# Words that make an English sentence and no Spanish one.
ENGLISH = re.compile(r"\b(the|and|your|with|this|that|was|were|been|you|which|from|would|"
                     r"should|could|must|every|only|before|after|of|is|to|be|for|in|on|by|"
                     r"not|are|it|at|an|still|paid|owed|rows?|file|report)\b", re.IGNORECASE)


def english_left(page) -> list[str]:
    """Lines of the page, outside the language menu, that read as English (a contract's title
    is the city's own words, data not interface, and is left out)."""
    from procurement.models import Contract

    titles = [title for title in Contract.objects.values_list("title", flat=True)]
    # What is marked lang="en" is English on purpose (the machine-draft note's way to the
    # English text).
    text = page.evaluate("""() => {
        const main = document.querySelector('main').cloneNode(true);
        main.querySelectorAll('[lang="en"]').forEach(element => element.remove());
        document.body.appendChild(main);
        const text = main.innerText;
        main.remove();
        return text;
    }""")
    return [line for line in text.splitlines() if ENGLISH.search(line)
            and not any(title in line for title in titles)]


def test_a_spanish_vendor_reads_no_english_sentence(page, transactional_db):
    catalogue = polib.pofile(str(ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    assert not [e.msgid for e in catalogue if not e.translated() or "fuzzy" in e.flags]
    demo_load()
    log_in(page, "vendor", "vendor-demo-2024")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    seen = {"home": english_left(page)}
    upload_on_the_contract(page, (DEMO / "wage_report_july_2024.csv").read_bytes(),
                           "july.csv", es)
    expect(page.get_by_text(es("Numbers written with a comma") + ": 1")).to_be_visible()
    expect(page.get_by_text("$26,40").first).to_be_visible()  # money as Spanish writes it
    seen["report"] = english_left(page)
    page.get_by_label(es("Corrected report file (.xlsx or .csv)")).set_input_files(
        DEMO / "wage_report_compliant.csv")
    page.get_by_role("button", name=es("Upload the correction")).click()
    expect(page.locator("#status")).to_have_text(es("Checked, no violations"))
    seen["correction"] = english_left(page)
    page.get_by_role("link", name=es("What to fix, to print")).click()
    seen["letter"] = english_left(page)
    page.goto("/")
    page.get_by_role("link", name=re.compile("EV00012345")).first.click()
    seen["contract"] = english_left(page)
    shot(page, "journey-spanish-contract")

    assert {name: lines for name, lines in seen.items() if lines} == {}
