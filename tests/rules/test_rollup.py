"""A project's workforce across its contractors (rules.rollup): each hour counted once, the
shares measured as the hiring-goal rule measures them, and the monthly grades."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pandas as pd
import pytest

from rules import get_standard
from rules.rollup import (
    LAST_THREE_MONTHS,
    MEETING,
    NOT_MEETING,
    TOO_NEW,
    TOTAL,
    WHOLE_PROJECT,
    Plan,
    combined,
    contributions,
    distinct_workers,
    grades,
    plan_frame,
    shares,
)

WEEK = dt.date(2024, 8, 11)


@pytest.fixture(scope="module")
def brjp():
    return get_standard("boston-brjp")


def rows(*workers, week: dt.date = WEEK) -> pd.DataFrame:
    """(worker_id, trade, gender, person_of_color, resident, hours[, name])"""
    records = []
    for worker in workers:
        worker_id, trade, gender, of_color, resident, hours, *name = worker
        records.append({"period_end": pd.Timestamp(week), "trade": trade,
                        "worker_class": "journey", "hours": float(hours),
                        "worker": name[0] if name else None, "worker_id": worker_id,
                        "gender": gender, "person_of_color": of_color,
                        "boston_resident": resident})
    return pd.DataFrame.from_records(records)


def test_a_worker_with_an_id_in_two_reports_is_counted_once():
    general = rows(("5521", "Carpenter", "man", True, True, 40),
                   ("6789", "Carpenter", "woman", False, True, 40))
    sub = rows(("5521", "Carpenter", "man", True, True, 32),
               ("7001", "Electrician", "man", False, False, 40))
    project = combined([(1, general), (2, sub)], "p")
    assert project.frame["hours"].sum() == 120  # 40 + 40 + 40, not 152
    assert project.overlap_count == 1
    overlap = project.overlaps.iloc[0]
    assert overlap["by_id"] and overlap["filers"] == (1, 2)
    assert overlap["hours"] == (40.0, 32.0) and overlap["counted"] == 40.0
    kept = project.frame[project.frame["worker_id"] == "5521"]
    assert kept["filer"].tolist() == [1]


def test_the_same_id_in_another_week_or_trade_is_not_an_overlap():
    general = rows(("5521", "Carpenter", "man", True, True, 40))
    later = rows(("5521", "Carpenter", "man", True, True, 40), week=WEEK + dt.timedelta(7))
    other_trade = rows(("5521", "Laborer", "man", True, True, 8))
    project = combined([(1, general), (2, later), (3, other_trade)], "p")
    assert project.frame["hours"].sum() == 88
    assert project.overlap_count == 0


def test_a_name_without_an_id_in_two_reports_is_flagged_and_counted_in_both():
    general = rows((None, "Carpenter", "man", True, True, 40, "Reyes, Ana"))
    sub = rows((None, "Carpenter", "man", True, True, 40, "REYES,  ana"))
    project = combined([(1, general), (2, sub)], "p")
    assert project.frame["hours"].sum() == 80
    assert project.overlap_count == 1
    assert not project.overlaps.iloc[0]["by_id"]


def test_shares_and_contributions_across_contractors(brjp):
    general = rows(*[(f"g{i}", "Carpenter", "woman" if i == 0 else "man", i < 2, i < 3, 40)
                     for i in range(5)])
    sub = rows(*[(f"s{i}", "Carpenter", "man", False, False, 40) for i in range(5)])
    frame = combined([(1, general), (2, sub)], "p").frame
    women = next(s for s in shares(frame, brjp)
                 if s["measured_per"] == "project" and s["category"] == "women")
    assert (women["share"], women["goal"], women["below_goal"]) == ("10.0", "12", True)
    parts = contributions(frame)
    assert [(p["filer"], p["share"]) for p in parts] == [(1, "50.0"), (2, "50.0")]
    assert distinct_workers(frame, brjp)[TOTAL]["workers"] == 10


def plan(hours: float, women: float | None = 12.0) -> Plan:
    return Plan(plan_frame([{"trade": "Carpenter", "worker_class": "journey",
                             "period_end": "2024-08-31", "estimated_hours": hours,
                             "residents_share": 51.0, "people_of_color_share": 40.0,
                             "women_share": women}]))


def test_a_grade_says_meeting_or_not_and_the_hours_still_needed(brjp):
    # 100 hours worked, 6 by a woman (6%), residents and people of color above their goals.
    frame = combined([(1, rows(("a", "Carpenter", "woman", True, True, 6),
                               ("b", "Carpenter", "man", True, True, 94)))], "p").frame
    graded = grades(frame, brjp, month=dt.date(2024, 8, 31), plan=plan(200),
                    grade_after=Fraction(1, 10))
    assert graded["grade"] == NOT_MEETING and graded["recent_grade"] == NOT_MEETING
    total = next(r for r in graded["rows"]
                 if r["scope"] == WHOLE_PROJECT and r["trade"] == TOTAL)
    women = next(c for c in total["categories"] if c["category"] == "women")
    # 12% of (100 worked + 100 still planned) = 24 hours by women; 6 worked: 18 needed.
    assert women["needed_hours"] == "18" and women["reachable"]
    assert women["meets_goal"] is False and women["meets_plan"] is False
    residents = next(c for c in total["categories"] if c["category"] == "residents")
    # Met so far, but 51% of 200 is 102: two of the remaining hours must go to residents.
    assert residents["meets_goal"] and residents["needed_hours"] == "2"
    assert total["remaining_planned_hours"] == "100"


def test_one_trade_below_a_goal_is_the_project_not_meeting(brjp):
    carpenters = [(f"c{i}", "Carpenter", "woman" if i < 2 else "man", True, True, 40)
                  for i in range(10)]
    laborers = [(f"l{i}", "Laborer", "man", True, True, 40) for i in range(10)]
    frame = combined([(1, rows(*carpenters, *laborers))], "p").frame
    graded = grades(frame, brjp, month=dt.date(2024, 8, 31), plan=Plan.none(),
                    grade_after=Fraction(1, 10))
    by_trade = {r["trade"]: r["grade"] for r in graded["rows"] if r["scope"] == WHOLE_PROJECT}
    assert by_trade == {TOTAL: NOT_MEETING, "Carpenter": MEETING, "Laborer": NOT_MEETING}
    assert graded["grade"] == NOT_MEETING


def test_too_new_to_grade_until_the_share_of_planned_hours_is_worked(brjp):
    frame = combined([(1, rows(("a", "Carpenter", "woman", True, True, 40)))], "p").frame
    young = grades(frame, brjp, month=dt.date(2024, 8, 31), plan=plan(1000),
                   grade_after=Fraction(1, 10))
    assert young["grade"] == TOO_NEW  # 40 of 1,000 planned hours: under 10%
    grown = grades(frame, brjp, month=dt.date(2024, 8, 31), plan=plan(300),
                   grade_after=Fraction(1, 10))
    assert grown["grade"] == MEETING


def test_the_last_three_months_leave_older_hours_out(brjp):
    old = rows(("a", "Carpenter", "woman", True, True, 40), week=dt.date(2024, 3, 3))
    recent = rows(("b", "Carpenter", "man", True, True, 40), week=dt.date(2024, 8, 4))
    frame = combined([(1, old), (2, recent)], "p").frame
    graded = grades(frame, brjp, month=dt.date(2024, 8, 31), plan=Plan.none(),
                    grade_after=Fraction(1, 10))
    assert graded["grade"] == MEETING  # 50% women over the project
    assert graded["recent_grade"] == NOT_MEETING  # none since June
    recent_total = next(r for r in graded["rows"]
                        if r["scope"] == LAST_THREE_MONTHS and r["trade"] == TOTAL)
    assert recent_total["hours"] == "40"
