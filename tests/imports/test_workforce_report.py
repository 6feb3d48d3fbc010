"""Boston's Residents Jobs Policy compliance layouts, current and older, as vendors send them."""

from __future__ import annotations

import pandas as pd
import pytest

from imports import ImportRejected, import_file, read_table, unplaced_headers
from tests.support import csv_bytes, xlsx_bytes

CURRENT = ["agency", "compliance_project_name", "project_address", "neighborhood", "developer",
           "general_contractor_name", "subcontractor", "trade", "period_ending", "gender",
           "person_of_color", "race", "boston_resident", "worker_hours_this_period"]
OLDER = ["Agency", "ProjectName", "ProjectAddress_1", "ProjectNeighborhood", "Developer",
         "GeneralContractor", "SubContractor", "SubContractorAddress_1",
         "SubContractorAddress_2", "Trade", "DateEntered", "SEX", "MINOR", "Race_Desc",
         "RESIDENT", "TotalHours"]


def test_current_layout_reads_every_field():
    result = import_file(csv_bytes([
        CURRENT,
        ["PFD", "Library", "690 Washington St", "Dorchester", "City", "Beacon Builders", "",
         "Carpenter", "2024-07-31", "Woman", "t", "Black", "f", "37.5"],
        ["PFD", "Library", "690 Washington St", "Dorchester", "City", "Beacon Builders",
         "Sparks Electric", "Electrician", "2024-07-31", "", "", "", "", "8"],
    ]), "c.csv", "workforce")

    frame = result.frame
    assert result.issues.flatten(("row", "code")) == []
    assert frame["gender"].tolist() == ["woman", None]
    assert frame["gender_raw"].tolist() == ["Woman", None]
    # Missing demographics stay missing: never defaulted to "no".
    assert frame["person_of_color"].tolist() == [True, pd.NA]
    assert frame["boston_resident"].tolist() == [False, pd.NA]
    assert frame["contractor"].tolist() == ["Beacon Builders", "Sparks Electric"]
    assert frame["hours"].tolist() == [37.5, 8.0]
    assert frame["worker_class"].isna().all() and frame["zip"].isna().all()


def test_older_layout_with_sex_minor_resident_and_excel_dates():
    import datetime as dt

    result = import_file(xlsx_bytes([
        OLDER,
        ["PFD", "Library", "", "", "", "Beacon", "Volt", "", "", "Laborer",
         dt.date(2016, 5, 1), "F", "Y", "Hispanic", "N", 40],
        ["PFD", "Library", "", "", "", "Beacon", "Volt", "", "", "Laborer",
         dt.date(2016, 5, 1), "M", "N", "White", "Y", 32],
    ]), "old.xlsx", "workforce")

    frame = result.frame
    assert result.issues.flatten(("row", "code")) == []
    assert frame["gender"].tolist() == ["woman", "man"]
    assert frame["person_of_color"].tolist() == [True, False]
    assert frame["boston_resident"].tolist() == [False, True]
    assert frame["period_end"].dt.date.tolist() == [dt.date(2016, 5, 1)] * 2
    assert {result.columns[f].header for f in ("gender", "person_of_color", "hours")} == {
        "SEX", "MINOR", "TotalHours"}


@pytest.mark.parametrize(
    ("written", "gender"),
    [("Man", "man"), ("male", "man"), ("M", "man"), ("Woman", "woman"), ("Female", "woman"),
     ("f", "woman"), ("Non-binary", "nonbinary"), ("", None)],
)
def test_gender_vocabularies(written, gender):
    result = import_file(csv_bytes([["Trade", "Week ending", "Hours", "Gender"],
                                    ["Carpenter", "2024-07-07", "40", written]]),
                         "g.csv", "workforce")
    assert result.frame["gender"].tolist() == [gender]


def test_unreadable_demographics_are_warnings_and_counted_as_not_stated():
    result = import_file(csv_bytes([
        ["Trade", "Week ending", "Hours", "Gender", "POC", "Journey/Apprentice", "Home ZIP"],
        ["Carpenter", "2024-07-07", "40", "unknown", "maybe", "foreman", "2119"],
        ["Carpenter", "2024-07-07", "40", "Woman", "y", "A", "02467-1234"],
    ]), "w.csv", "workforce")

    assert result.issues.flatten(("row", "column_letter", "code", "severity")) == [
        (2, "D", "import.unknown-gender", "warning"),
        (2, "E", "import.not-yes-no", "warning"),
        (2, "F", "import.unknown-worker-class", "warning"),
        (2, "G", "import.zip-leading-zero-restored", "warning"),
    ]
    frame = result.frame
    assert result.rows_accepted == 2
    assert frame["gender"].tolist() == [None, "woman"]
    assert frame["person_of_color"].tolist() == [pd.NA, True]
    assert frame["worker_class"].tolist() == [None, "apprentice"]
    assert frame["zip"].tolist() == ["02119", "02467"]
    restored = result.issues.issues[-1]
    assert "read it as 02119" in restored.message and "as text" in restored.hint


def test_a_vendor_mapping_places_headers_no_alias_knows():
    # German: none of GoodBid's languages, so no alias knows these headers.
    content = csv_bytes([["Gewerk", "Woche", "Arbeitsstunden"],
                         ["Zimmermann", "2024-07-07", "40"]])
    with pytest.raises(ImportRejected):
        import_file(content, "m.csv", "workforce")
    unplaced, missing = unplaced_headers(read_table(content, "m.csv"), "workforce")
    assert unplaced == ["Gewerk", "Woche", "Arbeitsstunden"]
    assert [f.name for f in missing] == ["period_end", "trade", "hours"]

    from imports import import_table

    result = import_table(read_table(content, "m.csv"), "workforce",
                          mapping={"Gewerk": "trade", "woche": "period_end",
                                   "ARBEITSSTUNDEN": "hours"})
    assert result.frame["trade"].tolist() == ["Zimmermann"]
    assert {f: result.columns[f].header for f in ("trade", "period_end")} == {
        "trade": "Gewerk", "period_end": "Woche"}


# -- worker IDs: a worker two contractors report is counted once (rules.rollup) -------------

@pytest.mark.parametrize("header", ["Employee ID", "Worker ID", "Employee number",
                                    "Worker identifying no.", "Emp #", "Número de empleado",
                                    "ID del trabajador"])
def test_a_worker_id_column_is_read_as_the_workers_id(header):
    result = import_file(csv_bytes([
        ["Trade", "Week ending", "Hours", "Worker", header],
        ["Carpenter", "2024-07-07", "40", "Ana Lopez", "1001"],
        ["Carpenter", "2024-07-07", "32", "Bo Chen", "E-17"],
    ]), "ids.csv", "workforce")

    assert result.issues.flatten(("row", "code")) == []
    assert result.columns["worker_id"].header == header
    assert result.frame["worker_id"].tolist() == ["1001", "E-17"]
    assert result.frame["worker"].tolist() == ["Ana Lopez", "Bo Chen"]
    assert result.frame["worker_key"].tolist() == ["id:1001", "id:E-17"]


def test_a_worker_id_alone_names_the_worker_and_a_number_cell_reads_as_its_digits():
    result = import_file(xlsx_bytes([
        ["Trade", "Week ending", "Hours", "Employee ID"],
        ["Carpenter", "2024-07-07", 40, 1001],
        ["Carpenter", "2024-07-07", 32, 1002],
    ]), "ids.xlsx", "workforce")

    assert result.issues.flatten(("row", "code")) == []
    assert result.frame["worker_id"].tolist() == ["1001", "1002"]
    assert result.frame["worker"].tolist() == ["1001", "1002"]


@pytest.mark.parametrize("header", ["SSN", "Last 4 of SSN", "SSN last 4", "Employee SSN",
                                    "Social Security Number", "Employee ID (last 4 SSN)",
                                    "Worker ID / SSN", "Últimos 4 del Seguro Social"])
def test_an_ssn_column_is_never_read_as_the_worker_id(header):
    content = csv_bytes([
        ["Trade", "Week ending", "Hours", "Worker", header],
        ["Carpenter", "2024-07-07", "40", "Ana Lopez", "6789"],
        ["Carpenter", "2024-07-07", "32", "Bo Chen", "1234"],
    ])
    result = import_file(content, "ssn.csv", "workforce")

    assert "worker_id" not in result.columns
    assert result.frame["worker_id"].isna().all()
    assert result.frame["worker_key"].tolist() == ["name:ana lopez", "name:bo chen"]
    assert unplaced_headers(read_table(content, "ssn.csv"), "workforce")[0] == [header]
    # Not even when the vendor matches it to the worker ID.
    from imports import import_table

    mapped = import_table(read_table(content, "ssn.csv"), "workforce",
                          mapping={header: "worker_id"})
    assert mapped.frame["worker_id"].isna().all()


def test_masked_ssns_are_no_worker_id_in_an_id_column_or_after_the_name():
    result = import_file(csv_bytes([
        ["Trade", "Week ending", "Hours", "Worker", "Employee ID"],
        ["Carpenter", "2024-07-07", "40", "Ana Lopez", "xxx-xx-6789"],
        ["Carpenter", "2024-07-07", "32", "Bo Chen", "***-**-1234"],
        ["Carpenter", "2024-07-07", "8", "Grace Okafor xxx-xx-3307", ""],
    ]), "masked.csv", "workforce")

    assert "worker_id" not in result.columns
    assert result.frame["worker_id"].isna().all()
    assert result.frame["worker"].tolist() == ["Ana Lopez", "Bo Chen", "Grace Okafor"]


def test_one_masked_ssn_in_a_column_of_ids_is_left_out():
    result = import_file(csv_bytes([
        ["Trade", "Week ending", "Hours", "Worker", "Employee ID"],
        ["Carpenter", "2024-07-07", "40", "Ana Lopez", "1001"],
        ["Carpenter", "2024-07-07", "32", "Bo Chen", "xxx-xx-1234"],
        ["Carpenter", "2024-07-07", "8", "Cy Diaz", "1003"],
    ]), "ids.csv", "workforce")

    assert result.frame["worker_id"].tolist()[::2] == ["1001", "1003"]
    assert pd.isna(result.frame["worker_id"].iloc[1])
    assert result.frame["worker_key"].tolist() == ["id:1001", "name:bo chen", "id:1003"]
