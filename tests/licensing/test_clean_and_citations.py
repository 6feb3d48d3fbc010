"""Clean investigations are never wage theft; every Massachusetts citation is kept, under its
own employer, with its city and state."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from procurement.licensing.models import (
    CLEAN_CASE,
    CandidateDecision,
    RunStatus,
    SourceImport,
    Verdict,
    WageTheftRecord,
)
from procurement.licensing.normalise import STATE_NAMES
from procurement.licensing.selectors import (
    case_summary,
    confirmed_cases_for_vendor,
    licensing_flag,
    source_words,
    subject_key_for,
)
from procurement.licensing.services import candidate_decide, source_import_create
from procurement.licensing.sources import Place, city_state
from procurement.models import AuditEvent, Vendor
from procurement.services.errors import ServiceError

pytestmark = pytest.mark.django_db(transaction=True)

MA_HEADER = ("Employer,DBA,Individual,\"City, State\",Citation #,Violation,Violation Description,"
             "Date Issued,With Specific Intent,Total Assessed,Number of Employees,Industry,"
             "Paid In Full,Appeal Filed,Lien Issued,Settlement Agreement,Criminal/Civil")
# The seven investigations of the WHD sample that found nothing: no violation, no employee in
# violation, no back wages, no penalty.
CLEAN_IN_WHD_SAMPLE = {"1424600", "1433166", "1436149", "1436169", "1440161", "1446486",
                       "1449798", "1451296",
                       "1663068"}


def ma_file(tmp_path: Path, *rows: str, name: str = "citations.csv") -> Path:
    """A citations file in the AG's layout; each row gives Employer, Individual, City/State and
    Citation #, the rest is filled in."""
    lines = [MA_HEADER]
    for row in rows:
        employer, individual, place, citation = row.split("|")
        lines.append(f'"{employer}",,"{individual}","{place}",{citation},149.148,'
                     "Non-Payment of Wages,42026,No,1900,1,Construction,Yes,No,No,,Civil")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def imported(path: Path, source: str = "ma-ago") -> SourceImport:
    run = source_import_create(path=path, source=source)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.message
    return run


def problems(run: SourceImport) -> list[tuple]:
    return [(p["row"], p["code"]) for p in run.problems]


def staff_user():
    return get_user_model().objects.create_user("reviewer", password="not-used-here")


# --- Every Massachusetts citation is kept ----------------------------------------------------

def test_every_citation_naming_an_employer_or_individual_is_a_record_with_its_place(ma_sample):
    with ma_sample.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    named = [row for row in rows if row["Employer"].strip() or row["Individual"].strip()]
    run = imported(ma_sample)
    assert WageTheftRecord.objects.filter(source="ma-ago").count() == len(named)
    assert run.rows_rejected == len(rows) - len(named)
    by_row = {record.row_number: record for record in WageTheftRecord.objects.all()}
    placed = 0
    for number, row in enumerate(rows, start=2):  # the header is line 1
        if not row["City, State"].strip():
            continue
        city, state = (part.strip() for part in row["City, State"].rsplit(",", 1))
        assert (by_row[number].city, by_row[number].state) == (city, state), row
        placed += 1
    assert placed == len(rows)  # every citation of the sample names its place


def test_one_citation_number_for_two_employers_is_two_records(tmp_path):
    path = ma_file(tmp_path, "Margen||Roxbury, MA|WH150002",
                   "Fore Kicks II|Thomas Teager|Taunton, MA|WH150002")
    run = imported(path)
    records = WageTheftRecord.objects.order_by("row_number")
    assert [(r.case_id, r.legal_name, r.city) for r in records] == [
        ("WH150002", "Margen", "Roxbury"), ("WH150002", "Fore Kicks II", "Taunton")]
    assert [r.record_key for r in records] == ["WH150002~margen", "WH150002~fore-kicks-ii"]
    assert (run.rows_created, run.rows_rejected) == (2, 0)
    assert problems(run) == [(2, "licensing.shared-record-key"),
                             (3, "licensing.shared-record-key")]
    assert "also stands for another employer (rows 3)" in run.problems[0]["message"]
    assert "2 records whose number another employer's record shares" in run.message
    assert source_words(records[0]) == "Massachusetts Attorney General citation WH150002"

    imported(path)  # importing the file again updates both, adds none
    assert WageTheftRecord.objects.count() == 2


def test_a_shared_citation_number_is_told_apart_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr("procurement.licensing.services.CHUNK_ROWS", 1)
    imported(ma_file(tmp_path, "Margen||Roxbury, MA|WH150002", "Datt||Boston, MA|WH150009",
                     "Fore Kicks II||Taunton, MA|WH150002"))
    assert sorted(WageTheftRecord.objects.values_list("record_key", flat=True)) == [
        "WH150002~fore-kicks-ii", "WH150002~margen", "WH150009"]


def test_the_same_citation_of_the_same_employer_twice_is_one_record_and_reported(tmp_path):
    run = imported(ma_file(tmp_path, "Margen||Roxbury, MA|WH150002",
                           "Margen LLC||Roxbury, MA|WH150002"))
    assert WageTheftRecord.objects.get().row_number == 3
    assert (run.rows_created, run.rows_rejected) == (1, 1)
    assert problems(run) == [(2, "licensing.repeated-record")]
    assert "row 3, the later, was imported in its place" in run.problems[0]["message"]
    assert "Not imported: 1 row repeating a record a later row replaces." in run.message


def test_a_citation_stored_alone_keeps_its_id_and_decision_when_a_second_employer_appears(
        tmp_path):
    imported(ma_file(tmp_path, "Fore Kicks II|Thomas Teager|Taunton, MA|WH150002",
                     name="2015.csv"))
    earlier = WageTheftRecord.objects.get(record_key="WH150002")
    decision = candidate_decide(acting_user=staff_user(), record_id=earlier.pk,
                                verdict=Verdict.CONFIRMED, name="Fore Kicks", state="MA")
    imported(ma_file(tmp_path, "Margen||Roxbury, MA|WH150002",
                     "Fore Kicks II|Thomas Teager|Taunton, MA|WH150002", name="2016.csv"))
    assert WageTheftRecord.objects.count() == 2
    fore_kicks = WageTheftRecord.objects.get(legal_name="Fore Kicks II")
    assert (fore_kicks.pk, fore_kicks.record_key) == (earlier.pk, "WH150002~fore-kicks-ii")
    assert CandidateDecision.objects.get(pk=decision.pk).record_id == fore_kicks.pk


def test_a_citation_naming_only_an_individual_is_kept_and_one_naming_no_one_is_reported(
        tmp_path):
    run = imported(ma_file(tmp_path, "|Joshue Medrano Contreras|Somerville, MA|WH150001",
                           "||Boston, MA|WH150010", "Margen||Roxbury, MA|WH150002"))
    individual = WageTheftRecord.objects.get(record_key="WH150001")
    assert (individual.legal_name, individual.legal_norm, individual.city) == (
        "Joshue Medrano Contreras", "joshue medrano contreras", "Somerville")
    assert not WageTheftRecord.objects.filter(record_key="WH150010").exists()
    assert problems(run) == [(2, "licensing.individual-as-employer"), (3, "licensing.no-name")]
    assert run.problems[1]["message"] == (
        "No business name and no individual cited on this row, so it could never be matched: "
        "it was not imported.")
    assert run.message == (
        "3 rows read: 2 records added, 0 updated, 1 not imported. Not imported: 1 row naming no "
        "business. Imported with a note: 1 record naming no employer: the individual cited "
        "stands as the employer.")


@pytest.mark.parametrize(("written", "place"), [
    ("Peabody, MA", Place("Peabody", "MA", "")),
    ("Milford, MA ", Place("Milford", "MA", "")),
    ("  North  Andover ,MA.", Place("North Andover", "MA", "")),
    ("Boston MA", Place("Boston", "MA", "")),
    ("BOSTON ma", Place("BOSTON", "MA", "")),
    ("Boston, Massachusetts", Place("Boston", "MA", "")),
    ("Boston, Mass.", Place("Boston", "MA", "")),
    ("Lincoln, Rhode Island", Place("Lincoln", "RI", "")),
    ("Washington, D.C.", Place("Washington", "DC", "")),
    ("Boston, MA 02118", Place("Boston", "MA", "02118")),
    ("Boston MA 02118-1234", Place("Boston", "MA", "02118")),
    ("Boston, MA, USA", Place("Boston", "MA", "")),
    ("New York NY", Place("New York", "NY", "")),
])
def test_a_city_and_state_are_read_however_they_are_written(written, place):
    assert city_state(written) == place


@pytest.mark.parametrize("written", [
    "", "   ", "Boston", "MA", "Massachusetts", "West Virginia", "Port Washington",
    "Boston, XX", "Boston, MA/Cambridge, MA", ", MA",
])
def test_a_place_without_both_city_and_state_is_not_guessed(written):
    assert city_state(written) is None


@given(st.text())
def test_any_text_is_read_as_a_city_and_a_known_state_or_refused(text):
    place = city_state(text)
    assert place is None or (place.city and place.state in STATE_NAMES)


def test_a_place_that_cannot_be_read_is_reported_not_stored_blank_silently(tmp_path):
    run = imported(ma_file(tmp_path, "Margen||Boston Massachusetts|WH150002",
                           "Datt||Worcester  MA |WH150003", "Golab Corp||Brockton|WH150004"))
    places = dict(WageTheftRecord.objects.values_list("legal_name", "city"))
    assert places == {"Margen": "", "Datt": "Worcester", "Golab Corp": ""}
    assert WageTheftRecord.objects.get(legal_name="Datt").state == "MA"
    unreadable = [(p["row"], p["column"], p["value"]) for p in run.problems
                  if p["code"] == "licensing.unreadable-place"]
    assert unreadable == [(2, "City, State", "Boston Massachusetts"),
                          (4, "City, State", "Brockton")]
    assert "2 records whose city and state could not be read" in run.message


# --- Clean investigations are never wage theft -----------------------------------------------

def test_clean_investigations_are_told_apart_by_the_property_and_the_filter(whd_sample,
                                                                             ma_sample):
    imported(whd_sample, "whd")
    imported(ma_sample)
    clean = set(WageTheftRecord.objects.filter(CLEAN_CASE).values_list("case_id", flat=True))
    assert clean == CLEAN_IN_WHD_SAMPLE  # no MA citation is clean: a citation is a violation
    assert {r.case_id for r in WageTheftRecord.objects.all() if r.is_clean} == clean
    annotated = WageTheftRecord.objects.annotate(
        clean=ExpressionWrapper(CLEAN_CASE, output_field=BooleanField()))
    assert set(annotated.filter(clean=True).values_list("case_id", flat=True)) == clean
    # No violation, no back wages, no penalty: clean, whatever the "employees in violation"
    # count says (the definition).
    assert WageTheftRecord.objects.get(case_id="1449798").is_clean


@pytest.mark.parametrize(("change", "clean"), [
    ({}, True),
    ({"violation_count": None, "employees_violated": None}, True),
    ({"violation_count": 1}, False),
    ({"employees_violated": 1}, True),
    ({"back_wages": Decimal("0.01")}, False),
    ({"penalties": Decimal("0.01")}, False),
    ({"violations_by_statute": {"FLSA (Fair Labor Standards Act)": 1}}, False),
])
def test_one_violation_one_statute_or_one_cent_makes_a_case_not_clean(whd_sample, change, clean):
    imported(whd_sample, "whd")
    WageTheftRecord.objects.filter(case_id="1424600").update(**change)
    record = WageTheftRecord.objects.get(case_id="1424600")
    assert record.is_clean is clean
    assert WageTheftRecord.objects.filter(CLEAN_CASE, pk=record.pk).exists() is clean


def test_the_case_summary_says_what_was_found_and_names_the_source(whd_sample, ma_sample):
    imported(whd_sample, "whd")
    imported(ma_sample)
    summaries = {r.case_id: case_summary(r) for r in WageTheftRecord.objects.all()}
    mastoran = summaries["1424600"]
    assert (mastoran["clean"], mastoran["outcome"], mastoran["source_label"]) == (
        True, "investigated, no violations found", "U.S. Department of Labor case 1424600")
    assert (summaries["1432319"]["clean"], summaries["1432319"]["outcome"]) == (
        False, "21 violations found")
    assert summaries["1632804"]["outcome"] == "1 violation found"
    assert summaries["1449798"]["outcome"] == "investigated, no violations found"
    citation = summaries["MW150001"]
    assert (citation["clean"], citation["outcome"], citation["source_label"]) == (
        False, "violations found", "Massachusetts Attorney General citation MW150001")


def test_a_source_from_a_mapping_file_is_named_by_its_title(tmp_path):
    mapping = tmp_path / "county.toml"
    mapping.write_text('name = "county"\ntitle = "Suffolk County wage claims"\n'
                       'record_key = "Ref"\n[fields]\nlegal_name = "Company"\n')
    data = tmp_path / "county.csv"
    data.write_text("Ref,Company\nC-1,Harbor Facility Services\n")
    imported(data, str(mapping))
    assert source_words(WageTheftRecord.objects.get()) == "Suffolk County wage claims C-1"


def test_a_clean_investigation_cannot_be_confirmed_but_can_be_rejected(whd_sample):
    imported(whd_sample, "whd")
    mastoran = WageTheftRecord.objects.get(case_id="1424600")
    reviewer = staff_user()
    with pytest.raises(ServiceError) as refused:
        candidate_decide(acting_user=reviewer, record_id=mastoran.pk, verdict="confirmed",
                         name="Burger King", state="NH")
    assert (refused.value.code, refused.value.status) == ("licensing.clean-case", 400)
    assert refused.value.message == (
        "U.S. Department of Labor case 1424600 found no violations, no back wages and no "
        "penalties: it is not wage theft and cannot be confirmed.")
    assert not CandidateDecision.objects.exists() and not AuditEvent.objects.exists()

    rejected = candidate_decide(acting_user=reviewer, record_id=mastoran.pk,
                                verdict="rejected", name="Burger King", state="NH")
    assert rejected.verdict == Verdict.REJECTED
    # A case that found violations is confirmed as before.
    dateline = WageTheftRecord.objects.get(case_id="1432319")
    assert candidate_decide(acting_user=reviewer, record_id=dateline.pk, verdict="confirmed",
                            name="Dateline Industries").verdict == Verdict.CONFIRMED


def test_the_api_refuses_to_confirm_a_clean_investigation(demo, client_for, whd_sample):  # noqa: F811
    imported(whd_sample, "whd")
    mastoran = WageTheftRecord.objects.get(case_id="1424600")
    staff: Client = client_for("licensing")
    response = staff.post("/api/licensing/decisions",
                          json.dumps({"record_id": mastoran.pk, "verdict": "confirmed",
                                      "name": "Burger King"}),
                          content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "licensing.clean-case"
    assert "found no violations" in response.json()["message"]
    assert not CandidateDecision.objects.exists()


def test_a_clean_case_confirmed_earlier_is_never_counted(demo, whd_sample):  # noqa: F811
    imported(whd_sample, "whd")
    harbor = Vendor.objects.get(legal_name="Harbor Facility Services LLC")
    subject = subject_key_for(name="", vendor_id=harbor.pk)
    reviewer = staff_user()
    clean = WageTheftRecord.objects.get(case_id="1424600")
    # As a decision recorded before confirming a clean case was refused.
    CandidateDecision.objects.create(subject_key=subject, subject_name=str(harbor),
                                     vendor=harbor, record=clean, verdict=Verdict.CONFIRMED,
                                     decided_by=reviewer, decided_at=timezone.now())
    assert licensing_flag(subject_key=subject) is None
    assert confirmed_cases_for_vendor(vendor_id=harbor.pk) == []

    ipsil = WageTheftRecord.objects.get(case_id="1403551")
    candidate_decide(acting_user=reviewer, record_id=ipsil.pk, verdict="confirmed",
                     vendor_id=harbor.pk)
    flag = licensing_flag(subject_key=subject)
    assert (flag["case_count"], flag["total_back_wages"], flag["total_penalties"]) == (
        1, "60000.00", "6375.00")
    assert flag["most_recent_case"]["case_id"] == "1403551"
    assert [c.case_id for c in confirmed_cases_for_vendor(vendor_id=harbor.pk)] == ["1403551"]
