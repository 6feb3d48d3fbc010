"""The cross-vendor workforce summary hides every figure that could identify a worker or a
contractor, even to a contractor who knows its own figures, pads a report, and compares the
table before and after (issue 12, item 4)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from procurement.models import Contract
from procurement.services.submissions import submission_attest, submission_create
from procurement.services.summaries import (
    Contribution,
    DisclosureRules,
    Suppression,
    cell_suppression,
)
from tests.factories import ContractFactory, VendorFactory, VendorUserFactory
from tests.support import PASSWORD, basic_client, user

HEADER = ("agency,compliance_project_name,trade,period_ending,gender,person_of_color,race,"
          "boston_resident,worker_hours_this_period")
JULY, AUGUST = dt.date(2024, 7, 31), dt.date(2024, 8, 31)
HIDDEN = "Hidden: too few workers or contractors to show without identifying someone."


@dataclass(frozen=True)
class Worker:
    trade: str = "Carpenter"
    gender: str = "Man"
    person_of_color: bool = False
    resident: bool = True
    hours: float = 40.0


def crew(count: int, **worker) -> list[Worker]:
    return [Worker(**worker)] * count


@dataclass(frozen=True)
class Contractor:
    username: str
    password: str
    contract: Contract

    def files(self, workers: list[Worker], *, period_end: dt.date = JULY) -> None:
        """Upload a Boston workforce report for the period, and sign it."""
        flag = {True: "t", False: "f"}
        lines = [HEADER] + [
            f"PFD,Library,{w.trade},{period_end},{w.gender},{flag[w.person_of_color]},,"
            f"{flag[w.resident]},{w.hours:g}" for w in workers]
        submission = submission_create(
            uploaded_by=user(self.username), contract=self.contract, period_end=period_end,
            upload=SimpleUploadedFile("report.csv", "\n".join(lines).encode()))
        submission.refresh_from_db()
        assert submission.current_run.valid, submission.current_run.report["issues"][:3]
        submission_attest(submission=submission, acting_user=user(self.username),
                          name="Pat Doe", title="Payroll", acknowledged=True)

    def reads_summary(self) -> dict:
        response = basic_client(self.username, self.password).get(
            "/api/reports/workforce-summary?jurisdiction=boston")
        assert response.status_code == 200
        return response.json()


@pytest.fixture
def contractor(transactional_db, boston):
    """A construction contractor in Boston with a contract and a user who files for it.
    The same name gives the same contractor."""
    known: dict[str, Contractor] = {}

    def _contractor(name: str) -> Contractor:
        if name not in known:
            vendor = VendorFactory(legal_name=f"{name.title()} Construction Co.")
            VendorUserFactory(username=name, profile__vendor=vendor)
            contract = ContractFactory(construction=True, jurisdiction=boston, vendor=vendor,
                                       number=f"PFD-2024-{name}", title=f"{name.title()} works")
            known[name] = Contractor(name, PASSWORD, contract)
        return known[name]
    return _contractor


def row(summary: dict, trade: str) -> dict | None:
    return next((t for t in summary["trades"] if t["trade"] == trade), None)


def shares(trade_row: dict) -> dict[str, float | None]:
    return {c["category"]: c["share"] for c in trade_row["categories"]}


def about_others(summary: dict, trade: str, own: dict[str, float]) -> dict[str, float]:
    """What a contractor can work out about everyone else in the trade from one table and
    its own figures (`own`: hours in the trade, in each category and outside it), taking
    the known hours to be all the hours, as they are here."""
    shown = row(summary, trade)
    if shown is None or shown["hours"] is None:
        return {}
    figures = {"hours": shown["hours"] - own["hours"]}
    for category in shown["categories"]:
        if category["share"] is not None:
            name, inside = category["category"], category["share"] / 100 * shown["hours"]
            figures[name] = inside - own[name]
            figures[f"not {name}"] = shown["hours"] - inside - own[f"not {name}"]
    return figures


def worked_out(before: dict, after: dict, own: dict[str, float], trade: str) -> list[float]:
    """Every figure about others from the tables before and after the contractor's own
    filing: each table less its own part, and what changed between them."""
    first = about_others(before, trade, dict.fromkeys(own, 0.0))
    then = about_others(after, trade, own)
    return [*first.values(), *then.values(),
            *(then[name] - first[name] for name in first.keys() & then.keys())]


# Beacon has one woman carpenter: her hours, and Beacon's carpenter hours, are the secrets.
WOMAN = Worker(gender="Woman", hours=37.5)
BEACON_CARPENTERS = [WOMAN, Worker(hours=41), Worker(hours=42), Worker(hours=43)]
# The attacker pads with many short-hours workers: enough to lift any worker count, too few
# hours to dominate the cell.
PADDING = crew(12, gender="Woman", hours=5) + crew(12, hours=5)
ATTACKER_OWN = {"hours": 120.0, "Women": 60.0, "not Women": 60.0, "People of color": 0.0,
                "not People of color": 120.0, "Residents": 120.0, "not Residents": 0.0}


@pytest.mark.parametrize(("bystanders", "carpenters_shown"), [
    ([], False),  # the probe: attacker and victim alone
    ([crew(3, hours=39)], False),  # 8 workers besides the attacker's: a small group
    ([crew(6, hours=39), crew(5, hours=38)], True),  # 16 besides: shown, the woman is not
])
def test_a_padded_report_and_its_own_rows_recover_no_one_elses_hours(contractor, bystanders,
                                                                      carpenters_shown):
    beacon, attacker = contractor("beacon"), contractor("attacker")
    beacons = BEACON_CARPENTERS + ([Worker(hours=44)] if bystanders else [])
    beacon.files(beacons)
    for n, workers in enumerate(bystanders):
        contractor(f"bystander{n}").files(workers)
    before = attacker.reads_summary()

    attacker.files(PADDING, period_end=AUGUST)
    after = attacker.reads_summary()

    carpenters = row(after, "Carpenter")
    assert carpenters["suppressed"] is not carpenters_shown
    assert shares(carpenters)["Women"] is None
    beacon_hours = sum(w.hours for w in beacons)
    small_groups = [beacon_hours, WOMAN.hours]
    if len(bystanders) == 1:
        small_groups.append(beacon_hours + 3 * 39)  # Beacon's and the bystander's 8
    figures = worked_out(before, after, ATTACKER_OWN, "Carpenter")
    assert [f for f in figures if any(abs(f - secret) < 1 for secret in small_groups)] == []


def test_a_cell_of_two_contractors_is_hidden_however_many_workers(contractor):
    contractor("beacon").files(crew(15, hours=40))
    contractor("rival").files(crew(15, hours=36))
    (carpenters,) = contractor("rival").reads_summary()["trades"]
    # Shown, its 1140 hours less the rival's own 540 would be Beacon's 600.
    assert (carpenters["workers"], carpenters["hours"], carpenters["suppressed"]) == (
        None, None, True)


@pytest.mark.parametrize(("small_crew", "shown"), [(1, False), (8, True)])
def test_a_cell_one_contractor_dominates_is_hidden(contractor, small_crew, shown):
    contractor("beacon").files(crew(40))  # 1600 hours
    contractor("middle").files(crew(10))  # 400 hours
    contractor("small").files(crew(small_crew))
    (carpenters,) = contractor("middle").reads_summary()["trades"]
    # With one small crew, the middle contractor would know Beacon's hours to within 40
    # (2040 - 400 - at most 40); with eight, only to within 320, and the cell is shown.
    assert carpenters["suppressed"] is not shown
    assert carpenters["hours"] == (1600 + 400 + 40 * small_crew if shown else None)


def test_a_healthy_cell_is_shown_with_its_figures(contractor):
    for name in ("beacon", "north", "south", "east"):
        contractor(name).files(crew(4, gender="Woman", person_of_color=True)
                               + crew(1, person_of_color=True) + crew(5)
                               + crew(2, trade="Electrician"))
    summary = contractor("north").reads_summary()
    carpenters = row(summary, "Carpenter")
    assert (carpenters["workers"], carpenters["hours"], carpenters["suppressed"]) == (
        40, 1600.0, False)
    # 16 women and 24 men, 20 people of color and 20 others: shown. Every carpenter lives in
    # Boston: "100% residents" says where each one lives, so it is hidden.
    assert shares(carpenters) == {"Women": 40.0, "People of color": 50.0, "Residents": None}
    # 8 electricians, 6 besides any one contractor's: nothing about them is shown.
    electricians = row(summary, "Electrician")
    assert electricians["suppressed"] and electricians["hours"] is None
    assert shares(electricians) == {"Women": None, "People of color": None, "Residents": None}


def test_a_share_is_hidden_when_the_rest_of_the_trade_is_a_small_group(contractor):
    """The complement: 100% less the women's share would give the few men's hours."""
    for name in ("beacon", "north", "south", "east"):
        contractor(name).files(crew(5, gender="Woman") + crew(1) + crew(5, trade="Laborer")
                               + crew(1, trade="Laborer", gender="Woman"))
    summary = contractor("north").reads_summary()
    carpenters, laborers = row(summary, "Carpenter"), row(summary, "Laborer")
    assert (carpenters["workers"], shares(carpenters)["Women"]) == (24, None)
    assert (laborers["workers"], shares(laborers)["Women"]) == (24, None)


def test_no_total_is_published_that_would_give_away_a_hidden_trade(contractor):
    """With a total over trades, one hidden trade would be the total less the others; the
    summary publishes none (add one only with a second hidden cell in its row)."""
    for name in ("beacon", "north", "south"):
        contractor(name).files(crew(6) + crew(1, trade="Electrician"))
    summary = contractor("north").reads_summary()
    assert set(summary) == {"jurisdiction", "threshold", "min_contractors", "trades"}
    assert [(t["trade"], t["hours"]) for t in summary["trades"]] == [
        ("Carpenter", 720.0), ("Electrician", None)]
    for trade in summary["trades"]:
        assert set(trade) == {"trade", "workers", "hours", "suppressed", "reason",
                              "categories"}


def test_the_page_says_why_a_figure_is_hidden_the_same_way_for_every_hidden_figure(
        contractor, licensing_user):
    for name in ("beacon", "north", "south"):
        contractor(name).files(crew(6) + crew(1, trade="Electrician"))
    summary = contractor("north").reads_summary()
    reasons = [(t["suppressed"], t["reason"]) for t in summary["trades"]] + [
        (c["suppressed"], c["reason"]) for t in summary["trades"] for c in t["categories"]]
    assert {reason for hidden, reason in reasons if hidden} == {HIDDEN}
    assert {reason for hidden, reason in reasons if not hidden} == {None}

    browser = Client()
    browser.force_login(licensing_user)
    page = browser.get("/reports/workforce/").content.decode()
    carpenters = page[page.index("Carpenter"):page.index("Electrician")]
    cells = re.compile(r'<td(?: data-label="[^"]*")?( title="[^"]*")?>([^<]*)</td>')
    assert [text for _title, text in cells.findall(carpenters)][:2] == ["18", "720.0"]
    electricians = page[page.index("Electrician"):page.index("</tbody>")]
    assert cells.findall(electricians).count((f' title="{HIDDEN}"', "—")) == 5
    assert "at least 3 contractors and at least 10 workers besides any one" in page


RULES = DisclosureRules(threshold=10)  # the defaults: 3 contractors, a share of 0.85


@pytest.mark.parametrize(("cell", "hidden_because"), [
    # (workers, hours) per contractor
    ([(5, 200), (5, 200), (5, 200)], None),  # 10 workers besides any one contractor's
    ([(6, 200), (5, 200), (4, 200)], Suppression.TOO_FEW_WORKERS),  # 9 besides the largest
    ([(100, 10), (1, 10), (1, 10)], Suppression.TOO_FEW_WORKERS),  # a padded report
    ([(50, 2000), (50, 2000)], Suppression.TOO_FEW_CONTRACTORS),  # each knows the other's
    ([(50, 2000)], Suppression.TOO_FEW_CONTRACTORS),
    ([(0, 0), (6, 200), (6, 200)], Suppression.TOO_FEW_CONTRACTORS),  # no one in the cell
    # The second largest, subtracting its own, knows the largest to within the rest: the
    # largest may be at most 0.85 of what is left once the second largest is taken away.
    ([(6, 170), (6, 30), (6, 30)], None),  # 170 = 0.85 x (230 - 30)
    ([(6, 171), (6, 30), (6, 30)], Suppression.DOMINATED),
    ([(20, 800), (20, 800), (20, 100)], Suppression.DOMINATED),  # two share nearly all
])
def test_the_primary_rules_at_their_boundaries(cell, hidden_because):
    parts = [Contribution(workers=workers, hours=hours) for workers, hours in cell]
    assert cell_suppression(parts, RULES) == hidden_because


def test_the_rules_come_from_settings_with_documented_defaults(settings):
    settings.GOODBID_SMALL_CELL_THRESHOLD = 10
    del settings.GOODBID_MIN_CONTRACTORS, settings.GOODBID_DOMINANCE_SHARE
    assert DisclosureRules.in_force() == DisclosureRules(10, 3, 0.85)
    settings.GOODBID_MIN_CONTRACTORS, settings.GOODBID_DOMINANCE_SHARE = 4, 0.7
    assert DisclosureRules.in_force() == DisclosureRules(10, 4, 0.7)
    settings.GOODBID_DOMINANCE_SHARE = 1  # would never find a cell dominated
    with pytest.raises(ImproperlyConfigured):
        DisclosureRules.in_force()
