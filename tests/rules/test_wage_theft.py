"""Wage-theft history: confirmed cases become notices for an officer, never a denial."""

from __future__ import annotations

import dataclasses
import datetime as dt

from imports import money
from rules import catalogue
from rules.wage_theft import ConfirmedWageTheftCase, wage_theft_findings

CASE = ConfirmedWageTheftCase(
    source="whd", case_id="1234567", employer_name="HARBOR FACILITY SERVICES LLC",
    findings_start=dt.date(2019, 1, 6), findings_end=dt.date(2020, 6, 27),
    back_wages=money.units("12345.675"), employees_owed=14, penalties=money.units("2000"),
    repeat_or_willful="R", confirmed_by="licensing",
    confirmed_at=dt.datetime(2026, 11, 2, 15, 30, tzinfo=dt.UTC))


def test_the_case_shape_is_the_one_licensing_produces():
    assert [(f.name, f.type) for f in dataclasses.fields(ConfirmedWageTheftCase)] == [
        ("source", "str"), ("case_id", "str"), ("employer_name", "str"),
        ("findings_start", "dt.date | None"), ("findings_end", "dt.date | None"),
        ("back_wages", "int"), ("employees_owed", "int | None"), ("penalties", "int"),
        ("repeat_or_willful", "str | None"), ("confirmed_by", "str"),
        ("confirmed_at", "dt.datetime")]


def test_a_confirmed_case_is_a_notice_with_the_evidence():
    (finding,) = wage_theft_findings([CASE])
    assert (finding.code, finding.severity, finding.rule) == (
        "wage-theft.history", "notice", "wage-theft")
    assert finding.source == ("U.S. Department of Labor, Wage and Hour Division enforcement "
                              "data, case 1234567")
    assert (finding.observed, finding.unit) == ("12345.68", "USD back wages")
    assert finding.scope == {"source": "whd", "case_id": "1234567",
                             "employer_name": "HARBOR FACILITY SERVICES LLC",
                             "period": "2019-01-06 to 2020-06-27"}
    assert "$12,345.68 in back wages to 14 employees" in finding.message
    assert "as a repeat violator" in finding.message
    assert "confirmed by licensing on 2026-11-02" in finding.message
    assert "not an automatic denial" in finding.remedy
    assert finding.figures["penalties"] == "2000.00"


def test_a_case_with_unknown_fields_still_reads_plainly():
    case = dataclasses.replace(CASE, source="ma-ago", findings_start=None, findings_end=None,
                               employees_owed=None, repeat_or_willful=None)
    other = dataclasses.replace(CASE, case_id="7654321", employees_owed=1)
    first, second = wage_theft_findings([case, other])
    assert first.scope["period"] == "not stated"
    assert "Massachusetts Attorney General" in first.source
    assert "employees" not in first.message and "repeat" not in first.message
    assert first.figures["employees_owed"] == ""
    assert "to 1 employee " in second.message
    assert wage_theft_findings([]) == []


def test_the_rule_is_in_the_catalogue():
    (rule,) = [r for r in catalogue() if r["code"] == "wage-theft"]
    assert "never" in rule["description"] and "automatic denial" in rule["description"]
