"""The public scorecard (no login): every monitored project's grade and totals, and per project
the trades, each figure published only where the small-cell rules of
procurement.services.summaries allow, plus a second hidden cell wherever the total row would
otherwise give a hidden one away."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from procurement.models import Contract, Jurisdiction, Project
from procurement.services.projects import project_grade
from procurement.services.submissions import submission_attest, submission_create
from procurement.services.summaries import Contribution, DisclosureRules, cell_suppression
from tests.factories import (
    ContractFactory,
    VendorFactory,
    VendorUserFactory,
    WageScheduleFactory,
)

JULY = dt.date(2024, 7, 31)
FIRST_WEEK = dt.date(2024, 7, 7)
SCHEDULE = "ma-schedule-dorchester-library-EXAMPLE.csv"
HIDDEN = "Hidden: too few workers or contractors to show without identifying someone."
HEADER = ("agency,compliance_project_name,project_address,neighborhood,developer,"
          "general_contractor_name,subcontractor,Worker name,Employee ID,trade,period_ending,"
          "gender,person_of_color,race,boston_resident,Home ZIP,worker_hours_this_period")
# Every worker is named and numbered in the reports; none of this may reach the public.
NAME, ID = "Zorblat", "ZID-"
HOME, AWAY = "02136", "01801"  # Hyde Park (Boston); Woburn
CATEGORIES = ("residents", "people_of_color", "women")


@dataclass(frozen=True)
class Worker:
    trade: str
    woman: bool = False
    of_color: bool = False
    resident: bool = True
    hours: float = 40.0

    def inside(self, category: str) -> bool:
        return {"residents": self.resident, "people_of_color": self.of_color,
                "women": self.woman}[category]


def crew(trade: str, count: int, *, women: int = 0, of_color: int = 0, residents: int = 0,
         hours: float = 40.0) -> list[Worker]:
    return [Worker(trade, i < women, i < of_color, i < residents, hours) for i in range(count)]


def report(contractor: str, workers: list[Worker]) -> bytes:
    flag = {True: "t", False: "f"}
    lines = [HEADER] + [
        f"PFD,Harbor Point Library,1 Harbor Point Way,Dorchester,City of Boston,"
        f"North Builders,{contractor},{NAME} {contractor.title()} {n},{ID}{contractor}-{n:03d},"
        f"{w.trade},{JULY},{'Woman' if w.woman else 'Man'},{flag[w.of_color]},,"
        f"{flag[w.resident]},{HOME if w.resident else AWAY},{w.hours:g}"
        for n, w in enumerate(workers)]
    return "\n".join(lines).encode()


def certified_payroll(contractor: str, carpenters: list[Worker]) -> bytes:
    """A WH-347 for the first week of July: the carpenters, by the IDs of the workforce
    report, at the schedule's $45.00 base and $29.00 fringe."""
    lines = ["Name,Worker identifying no.,J/RA,Work classification,O/S,Total hours,"
             "Rate of pay,Total fringe benefit credit,Gross amount earned,Week ending"] + [
        f"{NAME} {contractor.title()} {n},{ID}{contractor}-{n:03d},J,Carpenter,S,"
        f"{w.hours:g},45.00,{29 * w.hours:.2f},{45 * w.hours:.2f},{FIRST_WEEK}"
        for n, w in enumerate(carpenters)]
    return "\n".join(lines).encode()


@pytest.fixture(autouse=True)
def _disclosure_rules(settings):
    """The documented defaults, whatever the environment says."""
    settings.GOODBID_SMALL_CELL_THRESHOLD = 10
    settings.GOODBID_MIN_CONTRACTORS = 3
    settings.GOODBID_DOMINANCE_SHARE = 0.85


@pytest.fixture
def project_of(transactional_db, boston):
    """`project_of(code, {contractor: workers}, monitored=True)`: a project whose contractors
    (the first the general contractor) each filed and signed a July report, graded for July;
    `payroll={contractor: carpenters}` adds their certified payroll for July's first week."""
    def _project(code: str, crews: dict[str, list[Worker]], *, monitored: bool = True,
                 graded: bool = True, payroll: dict[str, list[Worker]] | None = None
                 ) -> Project:
        project = Project.objects.create(
            jurisdiction=boston, code=code, name=f"{code.replace('-', ' ').title()} Library",
            awarding_agency="Public Facilities Department", developer="City of Boston",
            address="1 Harbor Point Way", neighbourhood="Dorchester",
            standards=["boston-brjp"], starts_on=dt.date(2024, 7, 1),
            ends_on=dt.date(2024, 12, 31), monitored=monitored)
        parent: Contract | None = None
        schedule = WageScheduleFactory(filename=SCHEDULE) if payroll else None
        for name, workers in crews.items():
            vendor = VendorFactory(legal_name=f"{name.title()} Builders")
            clerk = VendorUserFactory(username=f"{code}-{name}", profile__vendor=vendor)
            contract = ContractFactory(
                construction=True, jurisdiction=boston, vendor=vendor,
                number=f"PFD-{code}-{name}", project=project, parent=parent,
                tier=0 if parent is None else 1, wage_schedule=schedule,
                standards=["boston-brjp", *(["boston-prevailing-wage"] if payroll else [])])
            parent = parent or contract
            files = [("workforce", JULY, report(name, workers))]
            if payroll and name in payroll:
                files.append(("certified_payroll", FIRST_WEEK,
                              certified_payroll(name, payroll[name])))
            for report_type, period_end, content in files:
                submission = submission_create(
                    uploaded_by=clerk, contract=contract, period_end=period_end,
                    upload=SimpleUploadedFile("july.csv", content), report_type=report_type)
                submission.refresh_from_db()
                assert submission.current_run.valid, submission.current_run.report["issues"][:3]
                submission_attest(submission=submission, acting_user=clerk, name="Pat Doe",
                                  title="Payroll", acknowledged=True)
        if graded:
            project_grade(project=project, month=JULY)
        return project
    return _project


CONTRACTORS = ("north", "south", "east", "west")
# 32 carpenters (8 a contractor): every cell of theirs passes the rules on its own.
CARPENTERS = crew("Carpenter", 8, women=4, of_color=4, residents=4)
# 16 laborers (4 a contractor), 12 besides any one contractor's: their cell passes the rules.
LABORERS = crew("Laborer", 4, women=2, of_color=2, residents=2, hours=36)
# Only North has electricians: one contractor's figures, hidden.
ELECTRICIANS = crew("Electrician", 5, of_color=2, residents=3, hours=40)
# 32 laborers (8 a contractor), every one living in Boston: "100% residents" is hidden.
ALL_RESIDENT_LABORERS = crew("Laborer", 8, women=4, of_color=4, residents=8, hours=36)


def with_electricians() -> dict[str, list[Worker]]:
    return {name: CARPENTERS + LABORERS + (ELECTRICIANS if name == "north" else [])
            for name in CONTRACTORS}


def resident_laborers() -> dict[str, list[Worker]]:
    return {name: CARPENTERS + ALL_RESIDENT_LABORERS for name in CONTRACTORS}


Figures = dict[str, dict[str, float]]  # trade (and "(all trades)") -> column -> value


def figures_of(workers: list[Worker]) -> Figures:
    """Every column's real value per trade, hidden or not."""
    figures: Figures = {}
    for worker in workers:
        for trade in (worker.trade, "(all trades)"):
            row = figures.setdefault(trade, dict.fromkeys(COLUMNS, 0.0))
            row["worker_hours_this_period"] += worker.hours
            row["workers"] += 1
            for category in CATEGORIES:
                inside = worker.inside(category)
                row[f"{category}_hours"] += worker.hours * inside
                row[f"{category}_workers"] += inside
    return figures


COLUMNS = ("worker_hours_this_period", "workers",
           *(f"{c}_{figure}" for c in CATEGORIES for figure in ("hours", "workers")))
CELL_OF = {"worker_hours_this_period": ("worker_hours_this_period", "workers"),
           "workers": ("worker_hours_this_period", "workers"),
           **{f"{c}_{figure}": (f"{c}_hours", f"{c}_workers")
              for c in CATEGORIES for figure in ("hours", "workers")}}


def passes_on_its_own(crews: dict[str, list[Worker]], trade: str, column: str) -> bool:
    """Whether the primary rules would show the trade's cell of this column by itself."""
    hours, workers = CELL_OF[column]
    parts = [Contribution(workers=int(own[trade][workers]), hours=own[trade][hours])
             for own in (figures_of(w) for w in crews.values()) if trade in own]
    return cell_suppression(parts, DisclosureRules.in_force()) is None


def download(client: Client, url: str) -> tuple[str, list[dict]]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode("utf-8-sig")
    if url.endswith(".json"):
        return text, json.loads(text)["rows"]
    return text, list(csv.DictReader(io.StringIO(text)))


def value(cell: object) -> float | None:
    return None if cell in (None, "") else float(cell)


def assert_nothing_hidden_can_be_worked_out(rows: list[dict],
                                           crews: dict[str, list[Worker]]) -> None:
    """In every column the total closes, the total less the shown trades is never one hidden
    trade's figure (nor, with the total hidden, are the shown trades all there is); and what a
    contractor works out from it, less its own part of the hidden trades, is never the others'
    part of a hidden trade, unless that trade's cell would be shown on its own anyway."""
    total = next(row for row in rows if row["trade"] == "(all trades)")
    trades = [row for row in rows if row is not total]
    truth = figures_of([w for workers in crews.values() for w in workers])
    for column in COLUMNS:
        hidden = [row["trade"] for row in trades if value(row[column]) is None]
        if value(total[column]) is None:
            assert hidden, f"{column}: the total is the sum of the shown trades"
            continue
        assert len(hidden) != 1, f"{column}: {hidden[0]} is the total less the others"
        left = value(total[column]) - sum(value(row[column]) for row in trades
                                          if value(row[column]) is not None)
        for trade in hidden:
            assert abs(left - truth[trade][column]) > 0.5, (column, trade)
        for contractor, workers in crews.items():
            own = figures_of(workers)
            mine = {trade: own.get(trade, dict.fromkeys(COLUMNS, 0.0))[column]
                    for trade in hidden}
            learned = left - sum(mine.values())
            for trade in hidden:
                if abs(learned - (truth[trade][column] - mine[trade])) < 0.5:
                    assert passes_on_its_own(crews, trade, column), (contractor, column, trade)


def page_cells(page: str, trade: str) -> list[tuple[str, str]]:
    """(title, text) of each cell of the trade's row on the project page."""
    row = re.search(rf"<tr[^>]*><th scope=\"row\">(?:<strong>)?{re.escape(trade)}.*?</tr>",
                    page, re.S)
    assert row, trade
    return re.findall(r'<td data-label="[^"]*"(?: title="([^"]*)")?>([^<]*)</td>', row.group(0))


def test_the_pages_and_downloads_answer_without_a_login(project_of):
    project = project_of("harbor-point", with_electricians())
    browser = Client()
    for url in ("/public/", "/public/boston/", "/public/boston/scorecard.csv",
                "/public/boston/scorecard.json", f"/public/boston/{project.code}/",
                f"/public/boston/{project.code}/trades.csv",
                f"/public/boston/{project.code}/trades.json"):
        response = browser.get(url)
        assert response.status_code == 200, url
    index = browser.get("/public/").content.decode()
    assert 'href="/public/boston/"' in index
    listing = browser.get("/public/boston/").content.decode()
    assert f'href="/public/boston/{project.code}/"' in listing
    assert "Harbor Point Library" in listing and "Dorchester" in listing
    assert "never one row per worker" in listing


def test_a_trade_of_one_contractor_is_hidden_on_the_page_and_in_both_downloads(project_of):
    project = project_of("harbor-point", with_electricians())
    browser = Client()
    page = browser.get(f"/public/boston/{project.code}/").content.decode()
    electricians = page_cells(page, "Electrician")
    assert electricians and set(electricians) == {(HIDDEN, "—")}
    carpenters = page_cells(page, "Carpenter")
    assert carpenters[:2] == [("", "1280.0"), ("", "32")]

    for fmt in ("csv", "json"):
        _text, rows = download(browser, f"/public/boston/{project.code}/trades.{fmt}")
        (row,) = [r for r in rows if r["trade"] == "Electrician"]
        figures = [k for k in row if k.endswith(("_hours", "_workers", "_share"))
                   or k in ("worker_hours_this_period", "workers")]
        assert [value(row[k]) for k in figures] == [None] * len(figures), fmt
        assert set(row["hidden_columns"].split()) >= {"worker_hours_this_period", "workers"}
        assert row["hidden_note"] == HIDDEN


def test_a_second_trade_is_hidden_so_the_total_does_not_give_the_first_away(project_of):
    """Total hours less the carpenters' would be the laborers' and the electricians'; with
    the laborers shown, it would be North's electricians' alone."""
    crews = with_electricians()
    project = project_of("harbor-point", crews)
    _text, rows = download(Client(), f"/public/boston/{project.code}/trades.json")
    by_trade = {row["trade"]: row for row in rows}
    assert by_trade["(all trades)"]["worker_hours_this_period"] == 1280 + 576 + 200
    assert by_trade["Carpenter"]["worker_hours_this_period"] == 1280
    # The laborers' own cell passes every rule; it is hidden for the electricians' sake.
    assert by_trade["Laborer"]["worker_hours_this_period"] is None
    assert by_trade["Laborer"]["hidden_note"] == HIDDEN
    assert_nothing_hidden_can_be_worked_out(rows, crews)


def test_a_second_category_cell_is_hidden_when_one_trades_is(project_of):
    """Every laborer lives in Boston: "100% residents" is hidden, and the carpenters'
    residents with it, or the total's residents less the carpenters' would say it."""
    crews = resident_laborers()
    project = project_of("harbor-point", crews)
    for fmt in ("csv", "json"):
        _text, rows = download(Client(), f"/public/boston/{project.code}/trades.{fmt}")
        by_trade = {row["trade"]: row for row in rows}
        assert value(by_trade["Laborer"]["worker_hours_this_period"]) == 1152
        assert value(by_trade["Laborer"]["residents_hours"]) is None
        assert value(by_trade["Laborer"]["women_hours"]) == 576
        assert value(by_trade["Carpenter"]["residents_hours"]) is None
        assert value(by_trade["(all trades)"]["residents_hours"]) == 640 + 1152
        assert value(by_trade["Carpenter"]["people_of_color_hours"]) == 640
        assert_nothing_hidden_can_be_worked_out(rows, crews)


def test_no_worker_name_id_or_zip_is_published(project_of):
    project = project_of("harbor-point", with_electricians())
    browser = Client()
    for url in ("/public/", "/public/boston/", "/public/boston/scorecard.csv",
                "/public/boston/scorecard.json", f"/public/boston/{project.code}/",
                f"/public/boston/{project.code}/trades.csv",
                f"/public/boston/{project.code}/trades.json"):
        content = browser.get(url).content.decode("utf-8-sig")
        for secret in (NAME, ID, HOME, AWAY):
            assert secret not in content, (url, secret)
    _text, rows = download(browser, f"/public/boston/{project.code}/trades.csv")
    assert len(rows) == 4  # three trades and the project, for 53 workers


def test_the_scorecard_lists_monitored_projects_with_their_grade_and_shown_totals(project_of):
    shown = project_of("harbor-point", with_electricians())
    quiet = project_of("quiet-yard", resident_laborers(), monitored=False)
    browser = Client()
    listing = browser.get("/public/boston/").content.decode()
    assert shown.name in listing and quiet.name not in listing
    for fmt in ("csv", "json"):
        _text, rows = download(browser, f"/public/boston/scorecard.{fmt}")
        (row,) = rows
        assert row["compliance_project_name"] == shown.name
        assert row["general_contractor_name"] == "North Builders"
        assert value(row["worker_hours_this_period"]) == 2056
        assert value(row["workers"]) == 53
        assert row["grade"] in ("meeting", "not_meeting", "too_new")
        assert row["grade_trend"] == f"2024-07-31 {row['grade']}"
        assert row["last_filing_date"] == dt.date.today().isoformat()
        assert row["period_ending"] == "2024-07-31"
    assert browser.get(f"/public/boston/{quiet.code}/").status_code == 404
    assert browser.get(f"/public/boston/{quiet.code}/trades.csv").status_code == 404


def test_a_project_of_too_few_contractors_lists_no_totals(project_of):
    project_of("two-yard", {"north": CARPENTERS * 2, "south": CARPENTERS * 2})
    _text, (row,) = download(Client(), "/public/boston/scorecard.json")
    assert (row["worker_hours_this_period"], row["workers"]) == (None, None)
    assert row["hidden_note"] == HIDDEN


def test_an_unknown_place_project_or_format_is_not_found(project_of, db):
    project = project_of("harbor-point", with_electricians(), graded=False)
    Jurisdiction.objects.create(code="springfield", name="City of Springfield")
    browser = Client()
    for url in ("/public/nowhere/", "/public/nowhere/scorecard.csv",
                "/public/boston/no-such-project/", "/public/boston/no-such-project/trades.csv",
                f"/public/springfield/{project.code}/",
                f"/public/boston/{project.code}/trades.xlsx", "/public/boston/scorecard.xml"):
        assert browser.get(url).status_code == 404, url
    assert "springfield" not in browser.get("/public/").content.decode()


def test_every_figure_cell_is_labelled_for_a_phone_and_the_page_speaks_spanish(project_of):
    project = project_of("harbor-point", with_electricians())
    page = Client().get(f"/public/boston/{project.code}/").content.decode()
    cells = re.findall(r"<td[^>]*>", page)
    assert cells and all("data-label=" in cell or "colspan=" in cell for cell in cells)
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get(f"/public/boston/{project.code}/")
    assert "Horas por oficio" in spanish.content.decode()


@pytest.mark.parametrize(("paid_by", "shown"), [(CONTRACTORS, True), (("north",), False)])
def test_wages_paid_to_the_target_workers_are_project_totals_under_the_same_rules(
        project_of, paid_by, shown):
    """Each contractor paid its 4 resident women carpenters of color 40 hours at $45.00:
    $7,200.00 each. Four contractors' payroll is shown; one contractor's alone is its own."""
    crews = resident_laborers()
    project = project_of("harbor-point", crews,
                         payroll={name: CARPENTERS for name in paid_by})
    browser = Client()
    page = browser.get(f"/public/boston/{project.code}/").content.decode()
    _text, rows = download(browser, f"/public/boston/{project.code}/trades.csv")
    total = next(row for row in rows if row["trade"] == "(all trades)")
    expected = f"{7200 * len(paid_by)}.00"
    for category in CATEGORIES:
        assert total[f"{category}_wages_paid"] == (expected if shown else "")
        assert (f"{category}_wages_paid" in total["hidden_columns"].split()) is not shown
    assert all(row[f"{c}_wages_paid"] == "" for row in rows if row is not total
               for c in CATEGORIES)
    assert "Wages paid to the workers the goals are about" in page
    assert (expected in page) is shown
    for secret in (NAME, ID, HOME, AWAY):
        assert secret not in page
