"""Massachusetts prevailing wage schedules entered in GoodBid's CSV template: what a clerk
fills in, what GoodBid reads, and every mistake told with its line, column and fix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.schedules import ApprenticeStep
from rules.state_schedules import (
    SCHEDULE_TEMPLATE_HEADER,
    StateScheduleError,
    parse_state_schedule,
    schedule_template_csv,
)

FIXTURES = Path(__file__).parent / "fixtures"
DETAILS = ("Schedule number,25-0142\nAwarding authority,City of Example\n"
           "Project,Example School roof\nIssue date,2025-03-01\n"
           "Source,DLS schedule 25-0142 (PDF)\n")
HEADER = ",".join(SCHEDULE_TEMPLATE_HEADER) + "\n"


def schedule_csv(*lines: str, details: str = DETAILS, header: str = HEADER) -> bytes:
    return (details + "\n" + header + "".join(f"{line}\n" for line in lines)).encode()


def problems(content: bytes, **overrides) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(StateScheduleError) as error:
        parse_state_schedule(content, **overrides)
    return [(p.row, p.column, str(p)) for p in error.value.problems]


def test_the_template_has_instructions_details_and_the_header():
    text = schedule_template_csv().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("# GoodBid prevailing wage schedule (Massachusetts)")
    assert any("health and welfare, pension and supplementary unemployment" in line
               for line in lines)
    assert any("1: 50; 2: 60" in line for line in lines)
    for label in ("Schedule number,", "Awarding authority,", "Project,", "Issue date,",
                  "Source,"):
        assert label in lines
    assert ",".join(SCHEDULE_TEMPLATE_HEADER) in lines
    assert schedule_template_csv().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8


def test_the_template_as_downloaded_says_what_is_missing_and_refuses_its_example():
    found = problems(schedule_template_csv())
    assert [(row, column) for row, column, _ in found] == [
        (17, "Classification"), (9, "Schedule number"), (12, "Issue date"), (14, "Source")]
    assert "the template's example, not the state's rate" in found[0][2]


def test_the_template_filled_in_reads_back():
    text = schedule_template_csv().decode("utf-8-sig")
    text = (text.replace("Schedule number,", "Schedule number,25-0142")
            .replace("Issue date,", "Issue date,3/1/2025")
            .replace("Source,", "Source,DLS schedule 25-0142 (PDF)")
            .replace("EXAMPLE Carpenter (delete this line)", "Carpenter"))
    schedule = parse_state_schedule(text.encode("utf-8-sig"))
    assert (schedule.kind, schedule.number, schedule.effective_from, schedule.modification,
            schedule.state) == ("massachusetts", "25-0142", dt.date(2025, 3, 1), 0, "MA")
    (carpenter,) = schedule.classifications
    assert (carpenter.key, carpenter.base, carpenter.fringe.amount) == (
        "carpenter", Decimal("45.12"), Decimal("29.24"))
    assert [s.percent for s in carpenter.apprentice_steps] == [50, 60, 70, 80]


def test_the_building_services_example():
    schedule = parse_state_schedule(
        (FIXTURES / "ma-schedule-building-services-EXAMPLE.csv").read_bytes())
    assert schedule.number == "EXAMPLE-BS-0001"
    assert "EXAMPLE" in schedule.source and "EXAMPLE" in schedule.title
    assert [(c.title, c.base, c.fringe.amount) for c in schedule.classifications] == [
        ("Custodian/Janitor", Decimal("22.50"), Decimal("7.30")),
        ("Security Guard", Decimal("24.75"), Decimal("7.60"))]
    assert schedule.classification("custodian janitor").notes == (
        "health and welfare 6.10, pension 1.20, supplementary unemployment 0.00")


def test_the_construction_example_with_apprentice_steps():
    schedule = parse_state_schedule(
        (FIXTURES / "ma-schedule-construction-EXAMPLE.csv").read_bytes())
    assert (schedule.number, schedule.modification) == ("EXAMPLE-CN-0001", 1)
    carpenter = schedule.classification("carpenter")
    # Steps from the column ("4: 80 fringe 100") and from the "Step 5" column.
    assert carpenter.apprentice_steps[-2:] == (
        ApprenticeStep("4", Decimal("80"), Decimal("100")), ApprenticeStep("5", Decimal("90")))
    electrician = schedule.classification("electrician")
    assert (electrician.base, electrician.fringe.amount) == (Decimal("52.00"), Decimal("33.00"))
    assert electrician.apprentice_steps[0] == ApprenticeStep("1", Decimal("40"), Decimal("50"))
    assert [c.title for c in schedule.classifications] == ["Carpenter", "Laborer",
                                                          "Electrician"]


def test_a_total_that_is_not_base_plus_fringe_is_named_per_line():
    found = problems(schedule_csv("Carpenter,45.00,13.00,15.50,0.50,74.01,",
                                  "Laborer,38.00,9.50,11.00,0.00,58.50,",
                                  "Electrician,52.00,14.00,18.00,1.00,80.00,"))
    assert found == [
        (8, "Total", "Line 8, Total: 74.01 is not the base wage 45.00 plus the contributions "
                     "29.00 (= 74.00). Check the line against the schedule: a figure was "
                     "copied wrong."),
        (10, "Total", "Line 10, Total: 80.00 is not the base wage 52.00 plus the contributions "
                      "33.00 (= 85.00). Check the line against the schedule: a figure was "
                      "copied wrong.")]


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        ("Carpenter,45.00,13.00,fifteen,0.50,74.00,", "Pension",
         "'fifteen' is not an amount in dollars and cents"),
        ("Carpenter,45.00,13.00,,0.50,74.00,", "Pension", "the cell is empty"),
        ("Carpenter,-45.00,13.00,15.50,0.50,74.00,", "Base wage", "not an amount"),
        ("Carpenter,45000.00,13.00,15.50,0.50,74.00,", "Base wage", "more than any wage rate"),
        (",45.00,13.00,15.50,0.50,74.00,", "Classification", "the classification is empty"),
        ("Carpenter,45.00,13.00,15.50,0.50,74.00,1: 50; two", "Apprentice steps",
         "'two' is not a step and its percentage"),
        ("Carpenter,45.00,13.00,15.50,0.50,74.00,1: 150", "Apprentice steps",
         "percentage above 100"),
        ("Carpenter,45.00,13.00,15.50,0.50,74.00,1: 50; 1: 60", "Apprentice steps",
         "a step is given twice"),
    ],
)
def test_a_bad_cell_is_told_with_its_line_and_column(line, column, words):
    ((row, where, message),) = problems(schedule_csv(line))
    assert (row, where) == (8, column)
    assert message.startswith("Line 8, ") and words in message


def test_a_classification_given_twice_is_refused():
    ((row, column, message),) = problems(schedule_csv(
        "Carpenter,45.00,13.00,15.50,0.50,74.00,", "CARPENTER,46.00,13.00,15.50,0.50,75.00,"))
    assert (row, column) == (9, "Classification")
    assert "already on line 8" in message


def test_a_missing_column_stops_the_reading():
    found = problems(schedule_csv("Carpenter,45.00,74.00",
                                  header="Classification,Base wage,Total\n"))
    assert found == [(7, None, "Line 7: the header has no column for Health and welfare, "
                               "Pension, Supplementary unemployment. Copy the header line from "
                               "the template: " + ", ".join(SCHEDULE_TEMPLATE_HEADER) + ".")]


def test_header_words_as_a_clerk_writes_them():
    content = schedule_csv("Carpenter,$45.00,13.00,15.50,.50,74.00",
                           header="Craft,Base Rate,Health & Welfare,Pension,Supp. Unemp.,"
                                  "Total Rate\n")
    (carpenter,) = parse_state_schedule(content).classifications
    assert carpenter.fringe.amount == Decimal("29.00")


def test_details_can_come_from_the_upload_form():
    content = schedule_csv("Carpenter,45.00,13.00,15.50,0.50,74.00", details="")
    schedule = parse_state_schedule(content, number="25-0142",
                                    effective_from=dt.date(2025, 3, 1), source="DLS PDF")
    assert (schedule.number, schedule.effective_from, schedule.source) == (
        "25-0142", dt.date(2025, 3, 1), "DLS PDF")
    found = problems(schedule_csv("Carpenter,45.00,13.00,15.50,0.50,74.00"),
                     number="25-9999")
    assert found == [(1, "Schedule number", "Line 1: the file says Schedule number "
                                            "'25-0142', but it was uploaded for '25-9999'. "
                                            "Check that this is the right schedule.")]


def test_a_day_rate():
    content = schedule_csv("Diver,600.00,13.00,15.50,0.50,629.00,,day",
                           header=HEADER.strip() + ",Per\n")
    (diver,) = parse_state_schedule(content).classifications
    assert diver.per == "day"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7 ...", "This is a PDF"),
        (b"PK\x03\x04 workbook", "not a CSV file"),
        (b"\x00\x01\x02", "not a text file"),
        (b"   \n", "The file is empty"),
        (b"Carpenter,45.00\n", "no header line starting with Classification"),
        (DETAILS.encode() + b"\n" + HEADER.encode(), "no classification lines"),
        (b"Schedule number,25-0142\nIssue date,1 March\n" + HEADER.encode(),
         "Issue date: '1 March' is not a date"),
    ],
)
def test_a_file_that_is_no_schedule_is_told_why(content, words):
    messages = " ".join(message for *_, message in problems(content))
    assert words in messages


def test_a_spreadsheet_saved_in_the_windows_code_page_reads():
    content = schedule_csv("Carpintero (señal),45.00,13.00,15.50,0.50,74.00").decode()
    (item,) = parse_state_schedule(content.encode("cp1252")).classifications
    assert item.title == "Carpintero (señal)"


@settings(max_examples=1000, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_schedule_or_a_clear_refusal(content):
    try:
        parse_state_schedule(content)
    except StateScheduleError as error:
        assert error.problems and all(str(p) for p in error.problems)


CELL = st.one_of(st.text(max_size=12), st.sampled_from(
    ["45.00", "0", "1,040.00", "$1.5", "1e5", "NaN", "-1", "1: 50; 2: 60", "day", "Step 2",
     "#", "Classification", "Issue date", "2025-03-01", '"', "\n", ";", ":"]))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=9), max_size=8))
def test_any_cells_under_the_header_give_a_schedule_or_a_clear_refusal(lines):
    content = (DETAILS + HEADER + "Step 5,Per\n").encode() + "\n".join(
        ",".join('"' + cell.replace('"', '""') + '"' for cell in cells) for cells in lines
    ).encode("utf-8", errors="replace")
    try:
        schedule = parse_state_schedule(content)
    except StateScheduleError as error:
        assert error.problems and all(str(p) for p in error.problems)
    else:
        for item in schedule.classifications:
            assert item.fringe.amount is not None and item.base >= 0
