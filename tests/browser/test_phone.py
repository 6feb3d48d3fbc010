"""Issue 13 item 8, phones: every vendor, officer and licensing page at 390 px wide has no
horizontal scroll, shows its table rows as cards with their column names, fits its charts in
the width, and gives every link, button and field a touch target at least 44 px high."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from procurement.licensing import batch
from procurement.licensing.services import source_import_create
from procurement.licensing.tasks import screen_business_list
from procurement.models import Contract, Project, Submission
from procurement.services.demo import demo_load
from procurement.services.submissions import submission_attest, submission_create
from tests.browser.support import log_in, shot, violations
from tests.support import licensing_sample as sample
from tests.support import user

DEMO = Path(__file__).resolve().parents[2] / "procurement" / "demo"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Links alone in their paragraph, cell, list item or the navigation, and every button, field
# and summary: the targets WCAG 2.5.5 asks 44 px of. A link inside a sentence is exempt.
PHONE_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const text = el => (el.innerText || el.value || el.getAttribute('aria-label') || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 50);
  const name = el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text(el)}"`;
  const shown = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const inHiddenHeader = el => {
    const head = el.closest('thead');
    return head !== null && head.getBoundingClientRect().width <= 1;
  };
  const overflowing = [...document.body.querySelectorAll('*')]
    .filter(el => shown(el) && !inHiddenHeader(el)
            && el.getBoundingClientRect().right > width + 0.5)
    .map(el => `${name(el)} ends at ${Math.round(el.getBoundingClientRect().right)}`);

  const rows = [...document.querySelectorAll('main tbody tr')].filter(shown);
  const notCards = rows.filter(tr => !['block', 'flex', 'grid']
    .includes(getComputedStyle(tr).display)).map(name);
  const unlabelled = [];
  for (const table of document.querySelectorAll('main table:not(.chart)')) {
    const headers = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    if (!headers.length) continue;
    for (const td of table.querySelectorAll('tbody td:not([colspan]):not(:first-child)')) {
      const label = td.dataset.label;
      if (label !== headers[td.cellIndex]) {
        unlabelled.push(`${name(td)} labelled ${label}, column ${headers[td.cellIndex]}`);
      } else if (getComputedStyle(td, '::before').content === 'none') {
        unlabelled.push(`${name(td)}: its label is not shown`);
      }
    }
  }

  const aloneInParagraph = a => a.parentElement.tagName === 'P'
    && a.parentElement.textContent.trim() === a.textContent.trim();
  const leadsItem = a => a.closest('li').textContent.trim().startsWith(a.textContent.trim());
  const targets = [
    ...document.querySelectorAll(
      'header.site a, header.site button, td a, th a, li > a, main > a, .card > h3 > a, ' +
      '.actions a, button, .button, select, summary, textarea, ' +
      'input:not([type=checkbox]):not([type=radio]):not([type=hidden])'),
    ...[...document.querySelectorAll('p > a')].filter(aloneInParagraph),
    ...[...document.querySelectorAll('li a')].filter(leadsItem),
    ...[...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
      .map(input => input.labels[0]),
  ].filter(el => el && shown(el) && !el.closest('.skip'));
  const small = [...new Set(targets)]
    .filter(el => el.getBoundingClientRect().height < 44)
    .map(el => `${name(el)} is ${el.getBoundingClientRect().height.toFixed(1)} px high`);
  return {scrollWidth: document.documentElement.scrollWidth, overflowing, notCards,
          unlabelled, small, rows: rows.length, targets: targets.length};
}"""


def check_phone(page, name: str, *, rows: bool = True) -> None:
    """The page as it is now, at 390 px: screenshot it and find what does not fit a phone."""
    shot(page, f"phone-{name}")
    found = page.evaluate(PHONE_PROBLEMS)
    assert found["scrollWidth"] <= PHONE["width"], (name, found["overflowing"])
    assert (found["overflowing"], found["notCards"], found["unlabelled"], found["small"]) \
        == ([], [], [], []), name
    assert found["targets"] > 0, name
    if rows:
        assert found["rows"] > 0, f"{name}: no table rows to check"


def check_chart(chart) -> None:
    """Every bar's track lies inside the screen, wide enough to read, and all are the same
    length: tracks of different lengths would misstate the shares they draw."""
    tracks = chart.locator("svg.track").evaluate_all(
        "svgs => svgs.map(s => [s.getBoundingClientRect().left, s.getBoundingClientRect().right])")
    assert tracks and all(left >= 0 and right <= PHONE["width"] for left, right in tracks), tracks
    lengths = {round(right - left) for left, right in tracks}
    assert len(lengths) == 1 and lengths.pop() >= 150, tracks


def check_desktop_tables(page, path: str) -> None:
    """At 1280 px the same tables are still tables, with their header row shown."""
    page.set_viewport_size(DESKTOP)
    page.goto(path)
    looks = page.evaluate("""() => [...document.querySelectorAll('main table')].map(t => [
        getComputedStyle(t).display,
        t.tHead ? getComputedStyle(t.tHead).display + ' ' + t.tHead.offsetHeight : '',
        getComputedStyle(t.tBodies[0].rows[0]).display])""")
    page.set_viewport_size(PHONE)
    assert looks, path
    for table, head, row in looks:
        assert (table, row) == ("table", "table-row"), path
        assert head == "" or (head.startswith("table-header-group")
                              and int(head.split()[1]) > 0), path


def test_vendor_pages_fit_a_phone(page, transactional_db):
    demo_load()
    page.goto("/")
    check_phone(page, "anonymous-home", rows=False)
    page.goto("/accounts/login/")
    check_phone(page, "login", rows=False)
    log_in(page, "vendor", "vendor-demo-2024")
    check_phone(page, "vendor-home")
    # The recent reports link is the file's name, not a bare number.
    expect(page.get_by_role("cell").get_by_role(
        "link", name="wage_report_compliant.csv")).to_be_visible()

    contract = Contract.objects.get(number="EV00012345")
    page.goto(f"/contracts/{contract.pk}/")
    check_phone(page, "vendor-contract")
    page.get_by_label("Report file (.xlsx or .csv)").set_input_files(
        DEMO / "wage_report_july_2024.csv")
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r"/submissions/\d+/$"))
    expect(page.get_by_role("heading", name="Problems in the file")).to_be_visible()
    expect(page.get_by_role("heading", name="Findings")).to_be_visible()
    check_phone(page, "vendor-issues-and-findings")
    with_problems = page.url

    page.goto(f"{with_problems}letter/")
    check_phone(page, "vendor-letter", rows=False)
    page.goto("/submissions/new/")
    check_phone(page, "vendor-new-submission", rows=False)

    page.goto(with_problems)
    page.get_by_label("Corrected report file (.xlsx or .csv)").set_input_files(
        DEMO / "wage_report_compliant.csv")
    page.get_by_role("button", name="Upload the correction").click()
    expect(page.get_by_label("I confirm the statement above.")).to_be_visible()
    check_phone(page, "vendor-sign", rows=False)

    check_desktop_tables(page, with_problems)
    check_desktop_tables(page, f"/contracts/{contract.pk}/")


def test_officer_pages_fit_a_phone(page, transactional_db):
    demo_load()
    construction = Contract.objects.get(number="PFD-2024-0042")
    builder = user("vendor2")
    workforce = submission_create(
        uploaded_by=builder, contract=construction, period_end=dt.date(2024, 7, 31),
        upload=SimpleUploadedFile("workforce_report_july_2024.csv",
                                  (DEMO / "workforce_report_july_2024.csv").read_bytes()))
    submission_attest(submission=workforce, acting_user=builder, name="Ana Reyes",
                      title="Payroll lead")
    wages = Submission.objects.get(contract__number="EV00012345")
    log_in(page, "officer", "officer-demo-2024")
    check_phone(page, "officer-home")
    page.goto("/review/")
    check_phone(page, "officer-review-queue")

    page.goto(f"/submissions/{workforce.pk}/")
    share = page.locator("section", has=page.get_by_role(
        "heading", name="Share of work hours per trade against each goal"))
    expect(share).to_be_visible()
    check_phone(page, "officer-hours-share")
    check_chart(share)
    # Its header stays in sight: it says what the black line is.
    assert share.locator("thead").bounding_box()["width"] > 200

    page.goto(f"/submissions/{wages.pk}/")
    floor = page.locator("section", has=page.get_by_role(
        "heading", name="Hourly rates against the floor"))
    expect(floor).to_be_visible()
    check_phone(page, "officer-wage-floor")
    check_chart(floor)
    page.goto(f"/submissions/{wages.pk}/letter/")
    check_phone(page, "officer-letter", rows=False)
    page.goto(f"/contracts/{construction.pk}/")
    check_phone(page, "officer-contract")
    page.goto("/audit/")
    check_phone(page, "officer-audit")
    page.goto("/reports/workforce/")
    check_phone(page, "officer-workforce-summary")

    check_desktop_tables(page, "/review/")
    check_desktop_tables(page, f"/submissions/{workforce.pk}/")


def test_licensing_pages_fit_a_phone(page, transactional_db, tmp_path, monkeypatch):
    demo_load()
    source_import_create(path=sample("whd_whisard_sample.csv"), source="whd")
    source_import_create(path=sample("ma_ago_fair_labor_citations_sample.csv"),
                         source="ma-ago")
    log_in(page, "licensing", "licensing-demo-2024")
    check_phone(page, "licensing-home", rows=False)
    page.goto("/licensing/?name=Red+Tree+Co&city=Salem&state=MA")
    expect(page.get_by_role("heading", name="3 records offered for confirmation")) \
        .to_be_visible()
    check_phone(page, "licensing-screen")

    queued: list[str] = []
    monkeypatch.setattr(batch, "_enqueue_screening", queued.append)
    applicants = tmp_path / "applicants.csv"
    applicants.write_text("Business name,City,State\nRed Tree Co,Salem,MA\n"
                          "Zyxwv Quantum Bakery,Boston,MA\n")
    page.goto("/licensing/batch/")
    check_phone(page, "licensing-batch-new", rows=False)
    page.get_by_label("List of businesses (.xlsx or .csv)").set_input_files(applicants)
    page.get_by_role("button", name="Screen the list").click()
    expect(page.get_by_text("Waiting to be screened")).to_be_visible()
    screen_business_list.delay(queued[0])
    page.reload()
    expect(page.get_by_text("1 with candidate records to check")).to_be_visible()
    check_phone(page, "licensing-batch-report")
    page.goto("/reports/workforce/")
    check_phone(page, "licensing-workforce-summary")


def test_the_standards_pages_fit_a_phone(page, transactional_db):
    from procurement.services.standards import standards_load

    standards_load()  # what `make run` loads before the demo
    demo_load()
    log_in(page, "admin", "admin-demo-2024")
    page.get_by_role("link", name="Standards").first.click()
    check_phone(page, "admin-standards")
    page.goto("/standards/boston-living-wage/")
    expect(page.get_by_role("button", name="Add this version")).to_be_visible()
    check_phone(page, "admin-standard-versions")


def test_project_pages_fit_a_phone(page, transactional_db):
    """The officer's project page (who filed, the roll-up, grades, plans), the general
    contractor's, and the public scorecard without logging in, at 390 px and in Spanish."""
    demo_load(with_project=True)
    project = Project.objects.get(code="egleston-library")
    page.goto("/public/boston/")
    expect(page.get_by_role("link", name="Egleston Square Library renovation")).to_be_visible()
    check_phone(page, "public-scorecard")
    assert violations(page) == []  # axe-core, WCAG 2.1 A and AA
    page.get_by_role("link", name="Egleston Square Library renovation").click()
    expect(page.get_by_role("heading", name="Egleston Square Library renovation")) \
        .to_be_visible()
    check_phone(page, "public-project")
    assert violations(page) == []
    log_in(page, "officer", "officer-demo-2024")
    page.goto("/projects/")
    check_phone(page, "officer-projects")
    page.get_by_role("link", name="Egleston Square Library renovation").click()
    page.get_by_label("Month").select_option("2024-09")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Fields Corner Masonry LLC (subcontractor, tier 1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Hours per trade, across every contractor")) \
        .to_be_visible()
    expect(page.get_by_role("heading", name="Grade for September 2024")).to_be_visible()
    check_phone(page, "officer-project")
    assert violations(page) == []
    check_desktop_tables(page, f"/projects/{project.pk}/?period=2024-09")
    page.set_viewport_size(PHONE)
    page.goto(f"/projects/{project.pk}/?period=2024-09")
    page.locator("select[name=language]").select_option("es")
    page.locator("footer form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Calificación de septiembre de 2024")).to_be_visible()
    check_phone(page, "officer-project-es")
    page.locator("select[name=language]").select_option("en")
    page.locator("footer form button[type=submit]").click()
    # The general contractor: its subcontractors' late weeks, its plan, no workforce figures.
    page.get_by_role("button", name=re.compile("Log out")).click()
    log_in(page, "vendor2", "vendor2-demo-2024")
    page.goto(f"/projects/{project.pk}/?period=2024-09")
    expect(page.get_by_text("Fields Corner Masonry LLC (subcontractor, tier 1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Hours per trade, across every contractor")) \
        .to_have_count(0)
    expect(page.get_by_role("link", name="Download the plan template for PFD-2024-0107")) \
        .to_be_visible()
    check_phone(page, "contractor-project")
    assert violations(page) == []
