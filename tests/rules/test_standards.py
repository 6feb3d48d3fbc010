from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from rules import StandardError, catalogue, get_standard, shipped_standards
from rules.standards import parse_standard, standard_choices

VALID = """
code = "test-wage"
title = "Test wage"
jurisdiction = "test"
program = "Test ordinance"
report_type = "wage"
rules = ["wage-floor"]

[[versions]]
version = "2024"
effective_from = 2024-01-01
source = "Test ordinance s. 1"
[versions.parameters]
hourly_floor = { value = "15.00", unit = "USD/hour" }
"""


def test_shipped_standards_load_and_carry_sources():
    boston = get_standard("boston-living-wage")
    assert [(v.version, str(v.parameters["hourly_floor"].value)) for v in boston.versions] == [
        ("2023-07-01", "17.55"), ("2024-07-01", "18.20")]
    assert all(v.source for s in shipped_standards().values() for v in s.versions)


def test_version_on_a_date():
    boston = get_standard("boston-living-wage")
    assert boston.version_on(dt.date(2024, 6, 30)).version == "2023-07-01"
    assert boston.version_on(dt.date(2024, 7, 1)).version == "2024-07-01"
    assert boston.version_on(dt.date(2023, 6, 30)) is None
    days = pd.Series(pd.to_datetime(["2023-06-30", "2023-07-01", "2024-07-01", "2025-07-01"]))
    assert boston.version_index_for(days).tolist() == [-1, 0, 1, -1]


def test_a_valid_new_standard_is_served_without_code():
    assert parse_standard(VALID).versions[0].parameters["hourly_floor"].decimal() == 15


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('hourly_floor = { value = "15.00", unit = "USD/hour" }', ""),
         "lacks parameter 'hourly_floor'"),
        (lambda t: t.replace('unit = "USD/hour"', 'unit = "USD"'), "expected USD/hour"),
        (lambda t: t.replace('"15.00"', '"fifteen"'), "is not a number"),
        (lambda t: t.replace('"15.00"', '"-1"'), "is negative"),
        (lambda t: t.replace('rules = ["wage-floor"]', 'rules = ["no-such-rule"]'),
         "not a registered rule"),
        (lambda t: t.replace('source = "Test ordinance s. 1"', ""), "source"),
        (lambda t: t + t[t.index("[[versions]]"):].replace('version = "2024"',
                                                           'version = "2024b"'),
         "start the same day"),
        (lambda t: t.replace("effective_from = 2024-01-01",
                             "effective_from = 2024-01-01\neffective_to = 2023-01-01"),
         "before effective_from"),
        (lambda t: t + "\nsurprise = 1\n", "surprise"),
    ],
)
def test_an_invalid_standard_is_refused_with_the_reason(edit, message):
    with pytest.raises(StandardError, match=message):
        parse_standard(edit(VALID), origin="test-wage.toml")


def test_overlapping_versions_are_refused():
    overlapping = VALID.replace("effective_from = 2024-01-01",
                                "effective_from = 2024-01-01\neffective_to = 2024-12-31")
    overlapping += """
[[versions]]
version = "2024-07"
effective_from = 2024-07-01
source = "Test ordinance s. 2"
[versions.parameters]
hourly_floor = { value = "16.00", unit = "USD/hour" }
"""
    with pytest.raises(StandardError, match="overlap"):
        parse_standard(overlapping)


def test_unknown_standard_names_the_known_ones():
    with pytest.raises(StandardError, match="boston-living-wage"):
        get_standard("boston-livng-wage")


def test_catalogue_lists_rules_with_parameters():
    (wage_floor,) = [rule for rule in catalogue() if rule["code"] == "wage-floor"]
    assert wage_floor["parameters"][0]["name"] == "hourly_floor"
    assert "pay period end" in wage_floor["description"]


# --- the shipped workforce standards and variants ----------------------------------------

MDHR = """
code = "test-goals"
title = "Test goals"
jurisdiction = "test"
program = "Test program"
report_type = "workforce"
rules = ["hiring-goal"]

[variants]
name = "county"
[variants.choices]
north = "North County"
south = "South County"

[[versions]]
version = "2024"
effective_from = 2024-01-01
source = "Test program s. 1"
[versions.parameters]
women_share = { value = { north = "20", south = "15" }, unit = "percent", per = "county" }
measured_per = { value = ["project"], unit = "scope" }
"""


def test_every_program_in_the_brief_is_shipped():
    assert set(shipped_standards()) == {
        "boston-living-wage", "boston-brjp", "boston-prevailing-wage",
        "minneapolis-construction-workforce", "mdhr-workforce-goals", "sf-local-hire",
        "sf-minimum-compensation", "seattle-priority-hire"}


@pytest.mark.parametrize(
    ("code", "day", "version", "figures"),
    [("boston-brjp", dt.date(2017, 1, 24), "before-2017",
      {"residents_share": "50", "people_of_color_share": "25", "women_share": "10"}),
     ("boston-brjp", dt.date(2017, 1, 25), "2017-01-25",
      {"residents_share": "51", "people_of_color_share": "40", "women_share": "12"}),
     ("minneapolis-construction-workforce", dt.date(2024, 7, 7), "2017",
      {"people_of_color_share": "32", "women_share": "20"}),
     ("mdhr-workforce-goals:ramsey", dt.date(2024, 7, 7), "2020",
      {"people_of_color_share": "32", "women_share": "20"}),
     ("mdhr-workforce-goals:washington", dt.date(2024, 7, 7), "2020",
      {"people_of_color_share": "22", "women_share": "15"}),
     ("sf-local-hire", dt.date(2024, 7, 7), "30-percent", {"residents_share": "30",
                                                           "min_project_value": "600000"}),
     ("sf-minimum-compensation", dt.date(2025, 7, 1), "2025-07-01",
      {"hourly_floor": "21.55", "paid_days_off": "12"})],
)
def test_shipped_figures_in_force_on_a_date(code, day, version, figures):
    in_force = get_standard(code).version_on(day)
    assert in_force.version == version
    assert {name: str(in_force.parameters[name].value) for name in figures} == figures


def test_uncertain_dates_are_marked_unconfirmed():
    for code in ("minneapolis-construction-workforce", "mdhr-workforce-goals",
                 "sf-local-hire"):
        assert "UNCONFIRMED" in shipped_standards()[code].notes
    assert "UNCONFIRMED" in get_standard("boston-brjp").versions[0].notes


def test_a_standard_set_by_county_needs_the_county():
    with pytest.raises(StandardError, match="mdhr-workforce-goals:hennepin"):
        get_standard("mdhr-workforce-goals")
    with pytest.raises(StandardError, match="'cook' is not a county"):
        get_standard("mdhr-workforce-goals:cook")
    with pytest.raises(StandardError, match="same figures everywhere"):
        get_standard("boston-brjp:suffolk")
    standard = get_standard("mdhr-workforce-goals:hennepin")
    assert (standard.label, standard.title) == (
        "mdhr-workforce-goals:hennepin", "MDHR construction workforce standard (Hennepin County)")
    assert ("mdhr-workforce-goals:anoka",
            "MDHR construction workforce standard (Anoka County)") in standard_choices()


@pytest.mark.parametrize(
    ("edit", "message"),
    [(lambda t: t.replace(', south = "15"', ""), "missing: south"),
     (lambda t: t.replace('per = "county"', 'per = "state"'), "does not declare"),
     (lambda t: t.replace(', per = "county"', ""), "needs `per`"),
     (lambda t: t.replace('"20"', '"120"'), "above 100%"),
     (lambda t: t.replace('["project"]', '["county"]'), "allowed: project, trade"),
     (lambda t: t.replace('measured_per = { value = ["project"], unit = "scope" }',
                          'measured_per = { value = ["project"], unit = "scope" }\n'
                          'resident_zip_list = { value = "nowhere-zips", unit = "data file" }'),
      "no data file 'nowhere-zips'"),
     (lambda t: t.replace('rules = ["hiring-goal"]', 'rules = ["wage-floor"]'),
      "does not read 'workforce' reports")],
)
def test_an_invalid_goal_standard_is_refused_before_it_takes_effect(edit, message):
    assert parse_standard(MDHR).variants.name == "county"
    with pytest.raises(StandardError, match=message):
        parse_standard(edit(MDHR), origin="test-goals.toml")


def test_catalogue_lists_every_rule_with_parameters_and_standards():
    rules = {rule["code"]: rule for rule in catalogue()}
    assert set(rules) == {"wage-floor", "hiring-goal", "residency", "data-completeness",
                          "filing", "bicycling", "wage-theft"}
    assert rules["hiring-goal"]["standards"] == [
        "boston-brjp", "mdhr-workforce-goals", "minneapolis-construction-workforce",
        "seattle-priority-hire", "sf-local-hire"]
    parameters = {p["name"]: p for p in rules["hiring-goal"]["parameters"]}
    assert parameters["women_share"]["unit"] == "percent"
    assert parameters["measured_per"]["choices"] == ["project", "trade", "trade-class"]
    assert parameters["min_project_value"]["coverage"] is True
    for rule in rules.values():
        assert "Standard" in rule["description"] or "standard" in rule["description"]


def test_the_parameter_in_force_is_the_one_of_the_version_covering_each_pay_period():
    from rules.standards import money, whole

    standard = get_standard("boston-living-wage")
    days = pd.Series(pd.to_datetime(["2024-06-30", "2024-07-07", "2023-06-30"]))
    index = standard.version_index_for(days)
    assert index.tolist()[:2] == [0, 1] and index[2] == -1  # never the nearest version
    assert standard.parameter_in_force("hourly_floor", index, money)[:2].tolist() == [
        175_500, 182_000]  # $17.55 and $18.20, in ten-thousandths of a dollar
    assert standard.parameter_values("no_such_parameter") == [None, None]
    brjp = get_standard("boston-brjp")
    intervals = brjp.parameter_values("filing_interval_days", whole)
    assert intervals and all(type(days) is int and days > 0 for days in intervals)
