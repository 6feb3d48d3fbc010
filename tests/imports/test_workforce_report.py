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
    content = csv_bytes([["Métier", "Semaine", "Heures travaillées"],
                         ["Charpentier", "2024-07-07", "40"]])
    with pytest.raises(ImportRejected):
        import_file(content, "m.csv", "workforce")
    unplaced, missing = unplaced_headers(read_table(content, "m.csv"), "workforce")
    assert unplaced == ["Métier", "Semaine", "Heures travaillées"]
    assert [f.name for f in missing] == ["period_end", "trade", "hours"]

    from imports import import_table

    result = import_table(read_table(content, "m.csv"), "workforce",
                          mapping={"Métier": "trade", "semaine": "period_end",
                                   "HEURES TRAVAILLÉES": "hours"})
    assert result.frame["trade"].tolist() == ["Charpentier"]
    assert {f: result.columns[f].header for f in ("trade", "period_end")} == {
        "trade": "Métier", "period_end": "Semaine"}
