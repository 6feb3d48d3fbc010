"""Other cities' rules as data: Seattle Priority Hire, San Francisco local hire per trade with
its trade exemptions, and Minneapolis's goals as they changed on 2012-05-01. Each scenario is
a small report an officer could check by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from rules import get_standard, hours_shares
from rules.check import evaluate_standard
from rules.datafiles import parse_zip_list, zip_list
from rules.standards import STANDARDS_DIR, Standard, parse_standard
from tests.rules.frames import codes, findings, issues, workforce

RESIDENTS = "hiring-goal.residents-share-below-goal"
APPRENTICES = "hiring-goal.apprentices-share-below-goal"
PEOPLE_OF_COLOR = "hiring-goal.people-of-color-share-below-goal"
WOMEN = "hiring-goal.women-share-below-goal"


def shortfalls(frame: pd.DataFrame, standard: str) -> list[tuple[str, ...]]:
    return sorted(codes(findings(frame, standard, rule="hiring-goal")))


# --- Seattle Priority Hire (SMC 20.37) ----------------------------------------------------
# From 2016: 20% of apprentices' hours and 20% of journey-level workers' hours by priority
# workers (residents of economically distressed ZIP codes, either tier), measured over the
# whole project; 15% of all hours by apprentices. 98118 and 98144 are tier-one ZIP codes on
# the shipped list; 98004 and 98033 are on no list.

def seattle_report(priority_apprentice_hours: str) -> pd.DataFrame:
    other = str(50 - float(priority_apprentice_hours))
    return workforce(f"""
    worker | trade     | class      | hours                       | zip   | week
    Ana    | Carpenter | apprentice | {priority_apprentice_hours} | 98118 | 2024-07-07
    Bo     | Carpenter | apprentice | {other}                     | 98004 | 2024-07-07
    Cy     | Carpenter | journey    | 40                          | 98144 | 2024-07-07
    Dee    | Laborer   | journey    | 160                         | 98033 | 2024-07-07
    """, project="Seawall", contractor="Sound Builders")


@pytest.mark.parametrize(
    ("priority_apprentice_hours", "shortfall", "observed"),
    [("10", False, "20.0"),     # 10 of 50 apprentice hours: exactly the 20% goal, met
     ("9.9", True, "19.8"),     # just below: a shortfall
     ("0", True, "0.0")],
)
def test_seattle_apprentices_priority_hire_share_against_the_goal(
        priority_apprentice_hours, shortfall, observed):
    found = findings(seattle_report(priority_apprentice_hours), "seattle-priority-hire",
                     rule="hiring-goal")
    # Journey-level: 40 of 200 hours by a priority worker, exactly 20%: met either way.
    assert [(f.code, f.scope.get("worker_class")) for f in found] == (
        [(RESIDENTS, "apprentice")] if shortfall else [])
    if shortfall:
        (finding,) = found
        assert (finding.standard, finding.standard_version) == ("seattle-priority-hire", "2016")
        assert (finding.observed, finding.expected) == (observed, "20")
        assert finding.scope == {"project": "Seawall", "worker_class": "apprentice",
                                 "period": "2024-07-07", "category": "residents"}
        assert (finding.rows, finding.row_count) == ([2, 3], 2)  # the apprentices' rows
        assert finding.message.startswith(
            f"Priority workers (residents of economically distressed ZIP codes, tier one or "
            f"tier two) worked {priority_apprentice_hours} of 50 hours ({observed}%) in "
            f"apprentice work on Seawall")
        assert "below the 20% goal of the Seattle Priority Hire" in finding.message


def test_seattle_measures_apprentices_and_journey_level_workers_separately():
    # All hours together: 60 of 200 by priority workers (30%), well above 20%. Journey-level
    # workers alone: 10 of 150 (6.6%), a shortfall; apprentices alone: 50 of 50.
    frame = workforce("""
    worker | trade     | class      | hours | zip   | week
    Ana    | Carpenter | apprentice | 50    | 98118 | 2024-07-07
    Cy     | Carpenter | journey    | 10    | 98144 | 2024-07-07
    Dee    | Laborer   | journey    | 140   | 98033 | 2024-07-07
    """, project="Seawall")
    found = findings(frame, "seattle-priority-hire", rule="hiring-goal")
    assert [(f.code, f.scope.get("worker_class"), f.observed) for f in found] == [
        (RESIDENTS, "journey", "6.6")]
    shares = hours_shares(frame, get_standard("seattle-priority-hire"))
    residents = shares[shares["category"] == "residents"].set_index("worker_class")
    assert residents.loc["journey", ["category_hours", "known_hours"]].tolist() == ["10", "150"]
    assert residents.loc["apprentice", ["category_hours", "known_hours"]].tolist() == [
        "50", "50"]


def test_seattle_home_zip_decides_priority_worker_status():
    # 98146 is on the list (its tier is not on file); 98004 is not, whatever the flag says;
    # with no ZIP the declared flag is used.
    frame = workforce("""
    worker | trade   | class   | hours | resident | zip   | week
    Ana    | Laborer | journey | 10    | no       | 98146 | 2024-07-07
    Bo     | Laborer | journey | 10    | yes      | 98004 | 2024-07-07
    Cy     | Laborer | journey | 10    | yes      |       | 2024-07-07
    Dee    | Laborer | journey | 70    | no       |       | 2024-07-07
    """, project="Seawall")
    shares = hours_shares(frame, get_standard("seattle-priority-hire"))
    journey = shares[(shares["category"] == "residents")
                     & (shares["worker_class"] == "journey")].iloc[0]
    assert (journey["category_hours"], journey["known_hours"], journey["share"]) == (
        "20", "100", "20.0")
    assert RESIDENTS not in [f.code for f in findings(frame, "seattle-priority-hire")]


def test_a_tier_two_zip_counts_toward_the_goal_like_a_tier_one_zip(monkeypatch):
    # The shipped list has no tier-two ZIP code yet (none could be cited): this list adds a
    # made-up one, 00000, marked tier two, to show that both tiers count.
    shipped = zip_list("seattle-priority-hire-zips-2015").entries
    text = "zip,status,place,confirmed_by_city,note\n" + "".join(
        f'{z},{e.status},"{e.place}",no,""\n' for z, e in shipped.items()) + \
        '00000,residential,"tier two (King County outside the City of Seattle)",no,"fixture"\n'
    with_tier_two = parse_zip_list(text, name="seattle-priority-hire-zips-2015")
    monkeypatch.setattr("rules.workforce.zip_list", lambda name: with_tier_two)
    frame = workforce("""
    worker | trade   | class      | hours | zip   | week
    Ana    | Laborer | apprentice | 20    | 00000 | 2024-07-07
    Bo     | Laborer | apprentice | 80    | 98004 | 2024-07-07
    Cy     | Laborer | journey    | 20    | 98118 | 2024-07-07
    Dee    | Laborer | journey    | 80    | 98004 | 2024-07-07
    """, project="Seawall")
    assert findings(frame, "seattle-priority-hire", rule="hiring-goal") == []
    shares = hours_shares(frame, get_standard("seattle-priority-hire"))
    residents = shares[shares["category"] == "residents"].set_index("worker_class")
    assert residents.loc["apprentice", "share"] == residents.loc["journey", "share"] == "20.0"


@pytest.mark.parametrize(("apprentice_hours", "observed"), [("13.5", None), ("13.4", "14.8")])
def test_seattle_apprentice_utilization_is_a_share_of_the_hours_with_a_class(apprentice_hours,
                                                                            observed):
    # 10 of the 100 hours state no class: the apprentices' share is of the 90 hours whose
    # class is known (13.5 of 90 is exactly 15%), never counting the rest as journey hours.
    journey_hours = str(90 - float(apprentice_hours))
    frame = workforce(f"""
    worker | trade   | class      | hours              | zip   | week
    Ana    | Laborer | apprentice | {apprentice_hours} | 98118 | 2024-07-07
    Bo     | Laborer | journey    | {journey_hours}    | 98118 | 2024-07-07
    Cy     | Laborer |            | 10                 | 98118 | 2024-07-07
    """, project="Seawall")
    found = [f for f in findings(frame, "seattle-priority-hire", rule="hiring-goal")
             if f.code == APPRENTICES]
    assert [(f.observed, f.expected, f.scope.get("worker_class")) for f in found] == (
        [] if observed is None else [(observed, "15", None)])


def test_seattle_apprentice_utilization_below_its_goal():
    frame = workforce("""
    worker | trade   | class      | hours | zip   | week
    Ana    | Laborer | apprentice | 10    | 98118 | 2024-07-07
    Bo     | Laborer | journey    | 90    | 98118 | 2024-07-07
    Cy     | Laborer |            | 20    | 98118 | 2024-07-07
    """, project="Seawall")
    (finding,) = [f for f in findings(frame, "seattle-priority-hire", rule="hiring-goal")
                  if f.code == APPRENTICES]
    assert (finding.observed, finding.expected) == ("10.0", "15")
    assert finding.message.startswith("Apprentices worked 10 of 100 hours (10.0%) in all work "
                                      "on Seawall")
    assert "(another 20 hours have no worker class on record, and count on neither side)" \
        in finding.message
    assert finding.figures["hours_to_shift"] == "5"


def test_seattle_zip_list_is_dated_cited_and_unconfirmed():
    standard = get_standard("seattle-priority-hire")
    (version,) = standard.versions
    assert version.effective_from == dt.date(2016, 1, 1)
    assert version.parameters["resident_zip_list"].value == "seattle-priority-hire-zips-2015"
    listed = zip_list("seattle-priority-hire-zips-2015")
    assert not listed.confirmed
    assert all("tier" in entry.place for entry in listed.entries.values())
    assert all("rbcoalition.org" in entry.note for entry in listed.entries.values())
    assert "UNCONFIRMED" in standard.notes and "20.37.040" in version.source


def test_before_the_2016_target_no_seattle_goal_is_on_file():
    frame = workforce("""
    worker | trade   | class      | hours | zip   | week
    Ana    | Laborer | apprentice | 10    | 98004 | 2015-12-27
    """, project="Seawall")
    assert findings(frame, "seattle-priority-hire", rule="hiring-goal") == []
    assert [issue.code for issue in issues(frame, "seattle-priority-hire")] == [
        "standard.before-first-version"]


# --- San Francisco Local Hiring Policy (SF Admin. Code 82.5) ------------------------------
# 30% of each trade's hours by local residents, 50% of each trade's apprentice hours.

def sf_report(elevator_trade: str = "Elevator Constructor") -> pd.DataFrame:
    return workforce(f"""
    worker | trade              | class      | hours | resident | week
    Ana    | Laborer            | journey    | 60    | yes      | 2024-07-07
    Bo     | Laborer            | journey    | 40    | no       | 2024-07-07
    Cy     | Electrician        | journey    | 20    | yes      | 2024-07-07
    Dee    | Electrician        | journey    | 80    | no       | 2024-07-07
    Eve    | {elevator_trade}   | journey    | 100   | no       | 2024-07-07
    """, project="Mission Bay library")


def test_sf_local_hire_is_measured_per_trade():
    # The project as a whole: 80 of 300 hours (26.6%); by trade, Laborer 60% meets the 30%
    # goal, Electrician 20% and Elevator Constructor 0% fall short.
    assert shortfalls(sf_report(), "sf-local-hire") == [
        (RESIDENTS, "Electrician", "-"), (RESIDENTS, "Elevator Constructor", "-")]
    shares = hours_shares(sf_report(), get_standard("sf-local-hire"))
    assert set(shares["measured_per"]) == {"trade"}


def with_exempt_trades(*trades: str) -> Standard:
    """The shipped SF standard with a Trade Exemptions List (the list in force is not on
    file: these trades are an example)."""
    text = (STANDARDS_DIR / "sf-local-hire.toml").read_text(encoding="utf-8")
    listed = ", ".join(f'"{trade}"' for trade in trades)
    text = text.replace("[versions.parameters]\n", "[versions.parameters]\n"
                        f'exempt_trades = {{ value = [{listed}], unit = "trades" }}\n')
    return parse_standard(text, origin="sf-local-hire.toml")


@pytest.mark.parametrize("written", ["Elevator Constructor", "ELEVATOR  constructor",
                                     "elevator-constructor"])
def test_an_exempt_trade_counts_toward_no_share(written):
    standard = with_exempt_trades("Elevator Constructor")
    outcomes = evaluate_standard(sf_report(written), standard)
    found = [f for outcome in outcomes for f in outcome.findings if f.rule == "hiring-goal"]
    assert sorted(codes(found)) == [(RESIDENTS, "Electrician", "-")]
    shares = hours_shares(sf_report(written), standard)
    assert written not in set(shares["trade"])
    assert "30-percent" in {v for outcome in outcomes for v in outcome.versions_applied}


def test_a_trade_not_on_the_exemptions_list_is_still_measured():
    standard = with_exempt_trades("Elevator Constructors and Helpers")
    found = [f for outcome in evaluate_standard(sf_report(), standard)
             for f in outcome.findings if f.rule == "hiring-goal"]
    assert (RESIDENTS, "Elevator Constructor", "-") in codes(found)


def test_sf_apprentices_hours_within_each_trade_against_50_percent():
    # Laborer: 70 of 100 hours (above 30%), but apprentices 10 of 40 (25%, below 50%).
    frame = workforce("""
    worker | trade   | class      | hours | resident | week
    Ana    | Laborer | apprentice | 10    | yes      | 2024-07-07
    Bo     | Laborer | apprentice | 30    | no       | 2024-07-07
    Cy     | Laborer | journey    | 60    | yes      | 2024-07-07
    """, project="Mission Bay library")
    (finding,) = findings(frame, "sf-local-hire", rule="hiring-goal")
    assert (finding.code, finding.scope["trade"], finding.scope["worker_class"],
            finding.observed, finding.expected) == (RESIDENTS, "Laborer", "apprentice",
                                                    "25.0", "50")
    assert "San Francisco residents worked 10 of 40 hours (25.0%) in Laborer (apprentice) " \
           "work on Mission Bay library" in finding.message
    assert finding.rows == [2, 3]


def test_sf_ships_no_exemptions_it_cannot_cite():
    version = get_standard("sf-local-hire").versions[-1]
    assert "exempt_trades" not in version.parameters
    assert "Trade Exemptions List" in get_standard("sf-local-hire").notes
    assert "82.5" in version.source


# --- Minneapolis (Civil Rights Department) ------------------------------------------------
# Before 2012-05-01: 11% minority (skilled and unskilled, not told apart in a report) and 6%
# women; from 2012-05-01: 32% people of color and 6% women; from 2017 (UNCONFIRMED): 20% women.

def minneapolis_report(week_ending: str) -> pd.DataFrame:
    return workforce(f"""
    worker | trade   | class   | hours | gender | poc | week
    Ana    | Laborer | journey | 20    | woman  | yes | {week_ending}
    Bo     | Laborer | journey | 80    | man    | no  | {week_ending}
    """, project="Nicollet Mall")


@pytest.mark.parametrize(
    ("week_ending", "version", "goals", "shortfalls_expected"),
    [("2012-04-29", "before-2012-05", {"people_of_color": "11", "women": "6"}, []),
     ("2012-04-30", "before-2012-05", {"people_of_color": "11", "women": "6"}, []),
     ("2012-05-01", "2012-05-01", {"people_of_color": "32", "women": "6"}, [PEOPLE_OF_COLOR]),
     ("2012-06-03", "2012-05-01", {"people_of_color": "32", "women": "6"}, [PEOPLE_OF_COLOR]),
     ("2017-01-01", "2017", {"people_of_color": "32", "women": "20"}, [PEOPLE_OF_COLOR])],
)
def test_minneapolis_goals_in_force_on_the_period_end(week_ending, version, goals,
                                                      shortfalls_expected):
    # 20% of the hours by a woman of color: above 11% and 6%, below 32%; exactly 20% women.
    frame = minneapolis_report(week_ending)
    shares = hours_shares(frame, get_standard("minneapolis-construction-workforce"))
    assert set(shares["version"]) == {version}
    assert dict(zip(shares["category"], shares["goal"], strict=True)) == goals
    found = findings(frame, "minneapolis-construction-workforce", rule="hiring-goal")
    assert [f.code for f in found] == shortfalls_expected
    assert all(f.standard_version == version for f in found)


def test_a_minneapolis_file_spanning_may_2012_is_measured_on_each_side():
    frame = workforce("""
    worker | trade   | class   | hours | gender | poc | week
    Ana    | Laborer | journey | 20    | woman  | yes | 2012-04-22
    Bo     | Laborer | journey | 80    | man    | no  | 2012-04-22
    Ana    | Laborer | journey | 20    | woman  | yes | 2012-06-10
    Bo     | Laborer | journey | 80    | man    | no  | 2012-06-10
    """, project="Nicollet Mall")
    found = findings(frame, "minneapolis-construction-workforce", rule="hiring-goal")
    assert [(f.code, f.standard_version, f.expected, f.scope["period"]) for f in found] == [
        (PEOPLE_OF_COLOR, "2012-05-01", "32", "2012-06-10")]


def test_minneapolis_versions_are_contiguous_and_say_what_is_unconfirmed():
    standard = get_standard("minneapolis-construction-workforce")
    versions = standard.versions
    assert [v.version for v in versions] == ["before-2012-05", "2012-05-01", "2017"]
    for earlier, later in zip(versions, versions[1:], strict=False):
        assert earlier.effective_to + dt.timedelta(days=1) == later.effective_from
    assert versions[1].effective_from == dt.date(2012, 5, 1)
    assert versions[-1].effective_to is None
    assert "skilled" in versions[0].notes and "UNCONFIRMED" in versions[0].notes
    assert "UNCONFIRMED" in versions[-1].notes
    assert "civilrightsminneapolis" in versions[0].source
    assert WOMEN not in [f.code for f in findings(minneapolis_report("2016-12-25"),
                                                  "minneapolis-construction-workforce",
                                                  rule="hiring-goal")]
