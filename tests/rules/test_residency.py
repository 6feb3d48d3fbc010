"""Residency from the worker's ZIP, against Boston's ZIP list shipped as data."""

from __future__ import annotations

import pytest

from rules import get_standard
from rules.datafiles import DataFileError, parse_zip_list, zip_list
from rules.hiring_goal import hours_shares
from tests.rules.frames import findings, workforce


def resident_share(frame) -> tuple[str, str, str]:
    shares = hours_shares(frame, get_standard("boston-brjp"))
    project = shares[(shares["measured_per"] == "project")
                     & (shares["category"] == "residents")]
    return tuple(project[["category_hours", "known_hours", "total_hours"]].iloc[0])


def test_the_shipped_boston_list_awaits_the_citys_confirmation():
    boston = zip_list("boston-residential-zips")
    assert not boston.confirmed
    assert {"02108", "02119", "02136", "02215"} <= set(boston.with_status("residential"))
    assert boston.with_status("needs-verification") == ["02467"]
    assert boston.with_status("not-a-home-address") == ["02112", "02117", "02123", "02201",
                                                        "02205"]
    assert "to be confirmed by the city" in boston.entries["02119"].note


def test_a_zip_on_the_city_line_is_neither_counted_nor_dropped():
    frame = workforce("""
    worker | trade   | class   | hours | gender | poc | zip   | resident | week
    Ana    | Laborer | journey | 60    | woman  | yes | 02119 |          | 2024-07-07
    Bo     | Laborer | journey | 30    | man    | yes | 02467 | yes      | 2024-07-07
    Cy     | Laborer | journey | 10    | man    | yes | 02446 |          | 2024-07-07
    """, project="Dorchester Library")
    # Residents' share is of the 70 hours whose residency the ZIP settles: 60 of 70.
    assert resident_share(frame) == ("60", "70", "100")
    (notice,) = findings(frame, "boston-brjp", rule="residency")
    assert (notice.code, notice.severity, notice.rows, notice.row_count) == (
        "residency.needs-verification", "notice", [3], 1)
    assert notice.figures["zips"] == "02467"
    assert notice.figures["zip_list_confirmed_by_city"] == "no"
    assert "straddles the city line" in notice.message
    assert "to be confirmed by the city" in notice.message
    assert "proof of each worker's home address" in notice.remedy


def test_a_post_office_box_zip_is_not_a_home_address():
    frame = workforce("""
    worker | trade   | class   | hours | gender | poc | zip   | week
    Ana    | Laborer | journey | 40    | woman  | yes | 02205 | 2024-07-07
    Bo     | Laborer | journey | 40    | man    | yes | 02119 | 2024-07-07
    """)
    (notice,) = findings(frame, "boston-brjp", rule="residency")
    assert (notice.code, notice.rows, notice.observed, notice.unit) == (
        "residency.not-a-home-address", [2], "40", "hours")
    assert resident_share(frame) == ("40", "40", "80")


@pytest.mark.parametrize(
    ("zip_code", "declared", "code", "counted_as_resident"),
    [("02446", "yes", "residency.declared-resident-zip-outside", False),
     ("02119", "no", "residency.declared-non-resident-zip-inside", True),
     ("02119", "yes", None, True),
     ("", "yes", None, True),     # no ZIP: the declared flag is used
     ("", "no", None, False)],
)
def test_the_zip_decides_and_a_disagreeing_flag_is_shown(zip_code, declared, code,
                                                         counted_as_resident):
    frame = workforce(f"""
    worker | trade   | class   | hours | gender | poc | zip        | resident   | week
    Ana    | Laborer | journey | 40    | woman  | yes | {zip_code} | {declared} | 2024-07-07
    """)
    assert [f.code for f in findings(frame, "boston-brjp", rule="residency")] == (
        [code] if code else [])
    assert resident_share(frame)[0] == ("40" if counted_as_resident else "0")


@pytest.mark.parametrize(
    ("text", "message"),
    [("zip,status\n02119,residential\n", "the header must be"),
     ("zip,status,place,confirmed_by_city,note\n2119,residential,Roxbury,no,\n",
      "not a 5-digit ZIP code"),
     ("zip,status,place,confirmed_by_city,note\n02119,maybe,Roxbury,no,\n",
      "status 'maybe'"),
     ("zip,status,place,confirmed_by_city,note\n02119,residential,R,no,\n"
      "02119,residential,R,no,\n", "listed twice")],
)
def test_a_malformed_zip_list_is_refused_with_the_line(text, message):
    with pytest.raises(DataFileError, match=message):
        parse_zip_list(text, name="test-zips")
