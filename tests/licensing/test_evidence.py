"""Screening weighs evidence: rare words over common ones, the place for and against, two
tiers (offered for confirmation, listed for reference), clean investigations never offered,
search that finds a typo or a merged word, and decisions that carry over to the same business
under another spelling."""

from __future__ import annotations

import pytest

from procurement.licensing.models import WageTheftRecord
from procurement.licensing.selectors import business_screen
from procurement.licensing.services import source_import_create
from tests.licensing.support import decide, screen

pytestmark = pytest.mark.django_db(transaction=True)


def candidates(**query) -> list[tuple[str, int, bool]]:
    return [(c["case"]["case_id"], c["score"], c["offered"])
            for c in business_screen(**query)["candidates"]]


def test_an_exact_name_in_another_state_is_not_offered(records):  # noqa: F811
    assert candidates(name="Cardile Mushrooms", state="PA")[0][2] is True
    elsewhere = candidates(name="Cardile Mushrooms Inc", street="77 Oak St", city="Columbus",
                           state="OH", zip_code="43215")
    assert all(not offered for _, _, offered in elsewhere)


def test_a_chain_is_told_apart_by_its_street(records):  # noqa: F811
    here = candidates(name="Subway", street="580 Rte 304", city="Blauvelt", state="NY",
                      zip_code="10913")
    assert here[0][0] == "1632804" and here[0][2] is True
    # The same brand down the road in Corpus Christi: Uttam LLC's store is not offered.
    assert not any(offered for _, _, offered in candidates(
        name="Subway", street="4100 S Staples St", city="Corpus Christi", state="TX",
        zip_code="78411"))
    # A brand alone proves nothing.
    assert not any(offered for _, _, offered in candidates(name="Subway"))


def test_a_clean_investigation_is_listed_for_reference_never_offered(records):  # noqa: F811
    found = business_screen(name="Mastoran, Inc.", other_name="Burger King", street="Route 302",
                            city="Littleton", state="NH", zip_code="03561")["candidates"]
    assert [(c["case"]["case_id"], c["offered"], c["score"]) for c in found] == [
        ("1424600", False, 100)]
    assert found[0]["case"]["clean"] is True


def test_a_shared_common_word_is_no_candidate(records):  # noqa: F811
    for name in ("Barajas Grill", "Boston Pool Service", "Sunshine Cleaning", "Red Oak Company"):
        assert not any(offered for _, _, offered in candidates(name=name, state="MA")), name


@pytest.mark.parametrize(("name", "case_id"), [
    ("Cardiel Mushrooms", "1431317"),            # a typo in the only distinctive word
    ("SouthernGulf Citrus", "1438132"),          # two words written as one
    ("Solve IT", "1448239"),                     # one word written as two
    ("Wercks Communications", "1446294"),
])
def test_search_finds_a_typo_a_merged_or_a_split_word(records, name, case_id):  # noqa: F811
    record = WageTheftRecord.objects.get(case_id=case_id)
    found = candidates(name=name, state=record.state, zip_code=record.zip_code)
    assert found and found[0][0] == case_id and found[0][2] is True


def test_a_name_the_records_write_as_one_word_is_found_under_two(records, tmp_path):  # noqa: F811
    path = tmp_path / "whd.csv"
    path.write_text(
        "case_id,trade_nm,legal_name,street_addr_1_txt,cty_nm,st_cd,zip_cd,bw_atp_amt,"
        "cmp_assd_cnt,findings_start_date,findings_end_date\n"
        "777,UnitedAirlines,UnitedAirlines,1 Air Way,Chicago,IL,60666,50.00,0.00,2019-01-01,"
        "2019-12-31\n")
    source_import_create(path=path, source="whd")
    found = candidates(name="United Airlines", street="1 Air Way", city="Chicago", state="IL",
                       zip_code="60666")
    assert found[0][:1] == ("777",) and found[0][1] == 100 and found[0][2] is True


def test_a_decision_carries_over_to_the_same_business_spelt_otherwise(records, logged_in):  # noqa: F811
    staff = logged_in("licensing")
    red_tree = {"name": "Red Tree Co", "city": "Salem", "state": "MA"}
    first = WageTheftRecord.objects.get(record_key="14-02-28365-001")
    decide(staff, red_tree, first, "rejected")
    # "Redtree Co": the same business spelt otherwise; the rejection applies.
    result = business_screen(name="Redtree Co", city="Salem", state="MA")
    assert first.pk not in [c["case"]["record_id"] for c in result["candidates"]]
    assert result["previously_rejected"] == 1
    confirmed = WageTheftRecord.objects.get(record_key="14-02-28365-002")
    decide(staff, red_tree, confirmed, "confirmed")
    again = business_screen(name="REDTREE CO", state="MA")["candidates"]
    carried = next(c for c in again if c["case"]["record_id"] == confirmed.pk)
    assert carried["decision"] == "confirmed"
    assert carried["decided_earlier"]["name"] == "Red Tree Co"
    page = screen(staff, {"name": "REDTREE CO", "state": "MA"})
    assert "Decided earlier (confirmed) for “Red Tree Co” by licensing." in page
    # Another business of the name in another state: nothing carried over.
    other = business_screen(name="Redtree Co", state="NH")["candidates"]
    assert all(c["decided_earlier"] is None for c in other)


def test_the_page_shows_both_tiers_with_reasons_in_words(records, logged_in):  # noqa: F811
    page = screen(logged_in("licensing"), {"name": "Mastoran Inc", "other_name": "Burger King",
                                           "city": "Littleton", "state": "NH"})
    assert "0 records offered for confirmation" in page
    assert "1 record listed for reference" in page
    assert "Investigated, no violations found" in page
    assert "Why: same name, same city, same state" in page
    assert "Confirm: same business" not in page
    assert "Reject: a different business" in page
