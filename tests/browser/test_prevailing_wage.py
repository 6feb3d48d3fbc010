"""Issue 16 as its users try it, in Debian's chromium at 390 px: a construction contractor
uploads its weekly WH-347 on the contract page and reads, per worker, the back pay in wages
and in fringe benefits against the project's schedule; the officer sees paid vs required per
classification and the schedule itself; in Spanish too."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation
from playwright.sync_api import expect

from procurement.services.demo import demo_load
from tests.browser.support import log_in, shot

DEMO = Path(__file__).resolve().parents[2] / "procurement" / "demo"
WH347 = DEMO / "certified_payroll_week_2024-07-07.csv"


def es(text: str) -> str:
    with translation.override("es"):
        spanish = translation.gettext(text)
    assert spanish != text, f"not translated: {text}"
    return spanish


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide at a 390px phone"


def test_a_wh347_uploaded_on_the_page_shows_base_and_fringe_back_pay_per_worker(
        page, transactional_db):
    demo_load()
    log_in(page, "vendor2", "vendor2-demo-2024")
    page.get_by_role("link", name=re.compile("PFD-2024-0042")).first.click()
    expect(page.get_by_role("heading", name="Prevailing wage schedule")).to_be_visible()
    page.get_by_label("Which report").select_option("certified_payroll")
    page.get_by_label("Report file (.xlsx or .csv)").set_input_files(WH347)
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r"/submissions/\d+/$"))

    expect(page.get_by_text(re.compile(r"Okafor, Daniel \(ID 5521\) was paid \$46\.00/hour "
                                       r"and \$25\.00/hour in fringe benefits"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Back pay owed: \$120\.00 \(\$0\.00 in wages and "
                                       r"\$120\.00 in fringe benefits\)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Back pay owed: \$60\.00 \(\$60\.00 in wages and "
                                       r"\$0\.00 in fringe benefits\)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"the 4 overtime hours were paid only "
                                       r"\$52\.00/hour"))).to_be_visible()
    table = page.locator("section", has=page.get_by_role(
        "heading", name="Paid vs required, per classification"))
    expect(table.get_by_role("row", name=re.compile(
        r"Carpenter .*\$74\.00 \(\$45\.00 \+ \$29\.00\)"))).to_be_visible()
    _fits(page)
    shot(page, "prevailing-wage-vendor")
    report_url = page.url

    # In Spanish, the same findings and the table's heading.
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name=es("Paid vs required, per classification"))
           ).to_be_visible()
    expect(page.get_by_text(re.compile(r"Okafor, Daniel \(ID 5521\)")).first).to_be_visible()
    _fits(page)
    shot(page, "prevailing-wage-vendor-es")

    # The officer names schedules and reads them; the vendor's draft is not the city's yet.
    page.context.clear_cookies()
    log_in(page, "officer", "officer-demo-2024")
    page.get_by_role("link", name="Wage schedules").click()
    expect(page.get_by_text("Example: not real rates").first).to_be_visible()
    page.get_by_role("link", name="EXAMPLE-BOS-PFD-0042").first.click()
    expect(page.get_by_role("row", name=re.compile(r"Electrician .*\$52\.00 per hour"))
           ).to_be_visible()
    _fits(page)
    shot(page, "prevailing-wage-schedule")
    assert page.goto(report_url).status == 404
