"""Whole checks through `rules.check_upload`: a CSV in the Boston Jobs Policy compliance
layout, read by the workforce import, checked against the shipped standards."""

from __future__ import annotations

from rules import check_upload
from tests.support import csv_bytes

BOSTON = ["agency", "compliance_project_name", "project_address", "neighborhood", "developer",
          "general_contractor_name", "subcontractor", "trade", "period_ending", "gender",
          "person_of_color", "race", "boston_resident", "worker_hours_this_period"]


def boston_row(trade: str, week: str, gender: str, poc: str, resident: str, hours: str,
               subcontractor: str = "Volt Electric") -> list[str]:
    return ["PFD", "Dorchester Library", "690 Washington St", "Dorchester", "City of Boston",
            "Beacon Construction", subcontractor, trade, week, gender, poc, "", resident,
            hours]


def check(*rows: list[str], standards=("boston-brjp",)):
    return check_upload(csv_bytes([BOSTON, *rows]), "compliance.csv", list(standards))


def test_a_boston_compliance_report_is_checked_per_trade():
    # Electricians: residents 50 of 100 hours (< 51%), people of color 40% (the goal: met),
    # women 10% (< 12%). Carpenters meet every goal.
    report = check(
        boston_row("Electrician", "2024-07-07", "Woman", "f", "t", "10"),
        boston_row("Electrician", "2024-07-07", "Man", "f", "f", "50"),
        boston_row("Electrician", "2024-07-07", "Man", "t", "t", "40"),
        boston_row("Carpenter", "2024-07-07", "Woman", "t", "t", "60"),
        boston_row("Carpenter", "2024-07-07", "Man", "t", "t", "40"),
    )
    assert report.valid, report.issues
    goals = sorted((f.code, f.scope["trade"], f.observed) for f in report.findings
                   if f.rule == "hiring-goal")
    assert goals == [("hiring-goal.residents-share-below-goal", "Electrician", "50.0"),
                     ("hiring-goal.women-share-below-goal", "Electrician", "10.0")]
    residents = next(f for f in report.findings if f.code.startswith("hiring-goal.residents"))
    assert residents.rows == [2, 3, 4]
    assert residents.scope["project"] == "Dorchester Library"
    # The layout has no worker class: that is a notice, never a guess.
    assert "data-completeness.missing-worker-class" in {f.code for f in report.findings}
    assert [(s.code, s.version) for s in report.standards_applied] == [
        ("boston-brjp", "2017-01-25")]


def test_a_missing_week_in_the_report_is_a_failure_to_file():
    report = check(
        boston_row("Electrician", "2024-07-07", "Woman", "t", "t", "40"),
        boston_row("Electrician", "2024-07-21", "Woman", "t", "t", "40"),
        boston_row("Electrician", "2024-07-28", "Woman", "t", "t", "40"),
    )
    (missing,) = [f for f in report.findings if f.rule == "filing"]
    assert (missing.code, missing.figures["missing_periods"]) == (
        "filing.missing-period", "2024-07-14")
    assert missing.scope["contractor"] == "Volt Electric"


def test_a_blank_gender_is_reported_not_counted():
    report = check(
        boston_row("Laborer", "2024-07-07", "Woman", "t", "t", "11"),
        boston_row("Laborer", "2024-07-07", "Man", "t", "t", "80"),
        boston_row("Laborer", "2024-07-07", "", "t", "t", "9"),
    )
    codes = {f.code for f in report.findings}
    assert "hiring-goal.women-share-below-goal" not in codes
    (gender,) = [f for f in report.findings if f.code == "data-completeness.missing-gender"]
    assert (gender.observed, gender.rows) == ("9.0", [4])


def test_the_same_file_is_checked_against_any_shipped_workforce_standard():
    rows = [boston_row("Laborer", "2024-07-07", "Woman", "t", "t", "25"),
            boston_row("Laborer", "2024-07-07", "Man", "f", "t", "75")]
    hennepin = check(*rows, standards=("mdhr-workforce-goals:hennepin",))
    anoka = check(*rows, standards=("mdhr-workforce-goals:anoka",))
    assert [f.code for f in hennepin.findings if f.rule == "hiring-goal"] == [
        "hiring-goal.people-of-color-share-below-goal"]
    assert [f.code for f in anoka.findings if f.rule == "hiring-goal"] == []
    assert hennepin.standards_applied[0].code == "mdhr-workforce-goals:hennepin"


def test_a_period_before_any_goal_set_gets_an_issue():
    report = check(boston_row("Laborer", "2024-07-07", "Woman", "t", "t", "40"),
                   standards=("minneapolis-construction-workforce", "boston-brjp"))
    assert report.valid
    old = check(boston_row("Laborer", "1999-07-04", "Woman", "t", "t", "40"),
                standards=("minneapolis-construction-workforce",))
    (issue,) = old.issues
    assert issue.code == "standard.before-first-version"
    assert "no Minneapolis construction workforce standard goal set is on file" in issue.message


OLDER = ["Agency", "ProjectName", "ProjectAddress_1", "ProjectNeighborhood", "Developer",
         "GeneralContractor", "SubContractor", "SubContractorAddress_1",
         "SubContractorAddress_2", "Trade", "DateEntered", "SEX", "MINOR", "Race_Desc",
         "RESIDENT", "TotalHours", "Home ZIP"]


def older_row(week: str, sex: str, minor: str, resident: str, hours: str, zip_code: str
              ) -> list[str]:
    return ["PFD", "Roxbury Branch", "149 Dudley St", "Roxbury", "City of Boston",
            "Beacon Construction", "Volt Electric", "", "", "Electrician", week, sex, minor,
            "", resident, hours, zip_code]


def test_the_older_layout_with_home_zips_counts_residency_from_the_zip():
    # ZIPs written as numbers lose their leading zero (2119): the import restores it.
    # 02467 straddles the city line: neither a resident nor a non-resident hour.
    report = check_upload(csv_bytes([
        OLDER,
        older_row("7/7/2024", "Woman", "Y", "Y", "40", "2119"),
        older_row("7/7/2024", "Man", "Y", "Y", "30", "02467"),
        older_row("7/7/2024", "Man", "N", "N", "30", "02446"),
    ]), "older.csv", ["boston-brjp"])
    assert report.valid, report.issues
    (verify,) = [f for f in report.findings if f.code == "residency.needs-verification"]
    assert (verify.rows, verify.figures["zips"]) == ([3], "02467")
    residents = [f for f in report.findings if f.code.startswith("hiring-goal.residents")]
    # 40 resident hours of the 70 the ZIPs settle: 57.1%, above 51%.
    assert residents == []
    assert report.standards_applied[0].version == "2017-01-25"
