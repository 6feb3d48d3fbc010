"""Data completeness, failure to file and the 'bicycling' flag, as an officer reads them."""

from __future__ import annotations

import pytest

from rules import check_upload, get_standard
from rules.filing import Filing
from tests.rules.frames import findings, workforce


def test_missing_demographics_are_each_their_own_notice():
    frame = workforce("""
    worker | trade   | class   | hours | gender | poc | zip   | week
    Ana    | Laborer | journey | 40    | woman  | yes | 02119 | 2024-07-07
    Bo     | Laborer |         | 30    |        | yes |       | 2024-07-07
    Cy     | Laborer | journey | 30    | man    |     | 02119 | 2024-07-07
    """, project="Dorchester Library")
    found = {f.code: f for f in findings(frame, "boston-brjp", rule="data-completeness")}
    assert sorted(found) == ["data-completeness.missing-gender",
                             "data-completeness.missing-person-of-color",
                             "data-completeness.missing-residency",
                             "data-completeness.missing-worker-class"]
    gender = found["data-completeness.missing-gender"]
    assert (gender.observed, gender.expected, gender.unit, gender.rows) == (
        "30.0", "0", "percent of hours", [3])
    assert gender.scope["project"] == "Dorchester Library"
    assert "never taken as yes or no" in gender.message
    assert found["data-completeness.missing-person-of-color"].rows == [4]
    assert found["data-completeness.missing-worker-class"].rows == [3]


def test_a_column_the_file_lacks_is_named_in_the_remedy():
    frame = workforce("""
    worker | trade   | class   | hours | poc | zip   | week
    Ana    | Laborer | journey | 40    | yes | 02119 | 2024-07-07
    """)
    (gender,) = [f for f in findings(frame, "boston-brjp", rule="data-completeness")]
    assert gender.code == "data-completeness.missing-gender"
    assert "The file has no gender column: add one headed 'Gender'" in gender.remedy


def test_complete_data_gives_no_notice():
    frame = workforce("""
    worker | trade   | class   | hours | gender | poc | zip   | week
    Ana    | Laborer | journey | 40    | woman  | yes | 02119 | 2024-07-07
    """)
    assert findings(frame, "boston-brjp", rule="data-completeness") == []


def weekly(*weeks: str, contractor: str = "Beacon Construction") -> str:
    rows = "\n".join(f"Ana | Laborer | journey | 40 | woman | yes | 02119 | {week} | "
                     f"{contractor}" for week in weeks)
    return f"""
    worker | trade | class | hours | gender | poc | zip | week | contractor
    {rows}
    """


def test_a_missing_week_is_a_failure_to_file():
    frame = workforce(weekly("2024-07-07", "2024-07-14", "2024-08-04"),
                      project="Dorchester Library")
    (missing,) = findings(frame, "boston-brjp", rule="filing")
    assert (missing.code, missing.severity) == ("filing.missing-period", "violation")
    assert missing.figures["missing_periods"] == "2024-07-21, 2024-07-28"
    assert (missing.observed, missing.expected) == ("3", "5")
    assert missing.scope == {"project": "Dorchester Library",
                             "contractor": "Beacon Construction",
                             "period": "2024-07-07 to 2024-08-04"}
    assert "If no one worked on the project in a period, file a report" in missing.remedy


@pytest.mark.parametrize(
    "weeks",
    [("2024-07-07", "2024-07-14", "2024-07-21"),
     ("2024-07-07", "2024-07-15"),     # the week-end day moved by one day: nothing missing
     ("2024-07-07",)],
)
def test_a_complete_weekly_series_is_not_flagged(weeks):
    assert findings(workforce(weekly(*weeks)), "boston-brjp", rule="filing") == []


def test_each_contractor_files_its_own_series():
    frame = workforce(weekly("2024-07-07", "2024-07-14", "2024-07-21")
                      + weekly("2024-07-07", "2024-07-21", contractor="Volt Electric")
                      .split("\n", 2)[2])
    (missing,) = findings(frame, "boston-brjp", rule="filing")
    assert missing.scope["contractor"] == "Volt Electric"
    assert missing.figures["missing_periods"] == "2024-07-14"


def test_a_monthly_series_is_told_to_report_weekly_not_flooded_with_missing_weeks():
    frame = workforce(weekly("2024-07-31", "2024-08-31", "2024-09-30"))
    (notice,) = findings(frame, "boston-brjp", rule="filing")
    assert (notice.code, notice.severity, notice.observed, notice.expected) == (
        "filing.periods-longer-than-required", "notice", "30", "7")


def brief_and_steady(extra: str = "") -> str:
    steady = "\n".join(f"Bo | Laborer | journey | 40 | man | no | 2024-{week} | Dorchester"
                       for week in ("07-07", "07-14", "07-21", "07-28", "08-04", "08-11",
                                    "08-18", "08-25"))
    return f"""
    worker | trade | class | hours | gender | poc | week | project
    {steady}
    Ana | Laborer | journey | 8 | woman | yes | 2024-08-04 | Dorchester
    {extra}
    """


def test_a_worker_counted_toward_a_goal_who_appears_briefly_is_flagged_for_the_officer():
    found = findings(workforce(brief_and_steady()), "minneapolis-construction-workforce",
                     rule="bicycling")
    (brief,) = found
    assert (brief.code, brief.severity, brief.rows) == ("bicycling.brief-appearance", "notice",
                                                       [10])
    assert brief.scope == {"worker": "Ana", "project": "Dorchester", "period": "2024-08-04"}
    assert "counted toward the goal for people of color, women" in brief.message
    assert "8 hours in 1 of the 8 periods" in brief.message


def test_a_worker_on_many_projects_is_flagged():
    extra = "\n".join(f"Ana | Laborer | journey | 8 | woman | yes | 2024-08-04 | {project}"
                      for project in ("Roxbury Branch", "Mattapan Branch"))
    found = findings(workforce(brief_and_steady(extra)), "minneapolis-construction-workforce",
                     rule="bicycling")
    many = [f for f in found if f.code == "bicycling.many-projects"]
    assert [(f.scope, f.observed, f.row_count) for f in many] == [({"worker": "Ana"}, "3", 3)]


def test_a_worker_who_counts_toward_no_goal_is_not_flagged():
    frame = workforce(brief_and_steady().replace("Ana | Laborer | journey | 8 | woman | yes",
                                                 "Ana | Laborer | journey | 8 | man | no"))
    assert findings(frame, "minneapolis-construction-workforce", rule="bicycling") == []


def test_a_report_without_project_or_contractor_columns_is_one_series():
    # A certified payroll names neither: the whole report is one filer's series.
    frame = workforce(weekly("2024-07-07", "2024-07-21")).drop(columns=["project",
                                                                        "contractor"])
    outcome = Filing().evaluate(frame, get_standard("boston-brjp"), columns={}, sheet=None)
    (missing,) = outcome.findings
    assert missing.figures["missing_periods"] == "2024-07-14"
    assert "by the contractor" in missing.message


def test_a_race_column_gives_person_of_color_under_the_standards_own_list():
    # No person-of-color column: Black and Hispanic count (Boston's list, with its source in
    # the standard), White does not, Unknown is not stated and left out of the share.
    report = check_upload(
        b"Trade,Week ending,Hours,Gender,Race,Boston resident\n"
        b"Carpenter,2024-07-07,10,Man,Black,t\n"
        b"Carpenter,2024-07-07,50,Man,White,t\n"
        b"Carpenter,2024-07-07,10,Woman,Hispanic,f\n"
        b"Carpenter,2024-07-07,30,Man,Unknown,t\n", "r.csv", ["boston-brjp"])
    shortfalls = {f.code: f for f in report.findings}
    share = shortfalls["hiring-goal.people-of-color-share-below-goal"]
    assert share.observed == "28.5"  # 20 of the 70 hours whose status is known
    missing = shortfalls["data-completeness.missing-person-of-color"]
    assert (missing.figures["missing_hours"], missing.rows) == ("30", [5])
    assert "Fill in the 'Race' column" in missing.remedy
