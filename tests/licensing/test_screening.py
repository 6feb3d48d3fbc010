from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from procurement.licensing import matching
from procurement.licensing.models import WageTheftRecord
from procurement.licensing.selectors import business_screen
from procurement.licensing.services import source_import_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_variant_spelling_and_address_finds_the_case_with_reasons(records):
    result = business_screen(name="Cardile Mushrooms Incorporated", street="540 Church Road",
                             city="Avondale", state="PA", zip_code="19348.0")
    best = result["candidates"][0]
    assert best["case"]["case_id"] == "1431317"
    assert [(r["field"], r["agrees"]) for r in best["reasons"]] == [
        ("name", True), ("street", True), ("zip", True), ("city", True), ("state", True)]
    assert best["why"] == "same name, same street address, ZIP agrees, same city, same state"
    assert best["offered"] is True
    assert best["score"] >= 95


def test_dba_query_matches_trade_name(records):
    result = business_screen(name="A and A Brothers LLC dba Emperors Club", city="Watertown",
                             state="MA")
    cases = [c["case"]["case_id"] for c in result["candidates"]]
    assert cases[0] == "MW150008"


def test_same_name_elsewhere_scores_lower_than_at_the_address(records):
    here = business_screen(name="Datt LLC", street="580 Route 304", city="Blauvelt",
                           state="NY", zip_code="10913")["candidates"][0]["score"]
    elsewhere = business_screen(name="Datt LLC", street="1 Main St", city="Reno",
                                state="NV", zip_code="89501")["candidates"]
    assert not elsewhere or elsewhere[0]["score"] < here


def test_unrelated_name_has_no_candidates(records):
    assert business_screen(name="Zyxwv Quantum Bakery")["candidates"] == []


def test_cli_json_output(records):
    out = io.StringIO()
    call_command("screen_business", "Cardile Mushrooms", "--state", "PA", "--format", "json",
                 stdout=out)
    result = json.loads(out.getvalue())
    best = result["candidates"][0]
    assert best["case"]["case_id"] == "1431317" and best["case"]["back_wages"] == "0.00"
    assert set(best) == {"score", "offered", "reasons", "why", "decision", "decided_earlier",
                         "case"}


WHD_COLUMNS = ("case_id,trade_nm,legal_name,street_addr_1_txt,cty_nm,st_cd,zip_cd,bw_atp_amt,"
               "cmp_assd_cnt,findings_start_date,findings_end_date")


@pytest.fixture
def painters(tmp_path, monkeypatch):
    """Five painting firms: with a threshold of 3, "painting" is a common word here."""
    monkeypatch.setattr(matching, "COMMON_TOKEN_RECORDS", 3)
    names = ["Alpha Painting LLC", "Bravo Painting Inc", "Charlie Painting Co",
             "Delta Painting Corp", "Kalomer Painting LLC"]
    rows = [f"{900 + i},{name},{name},{i} Main St,Springfield,IL,6270{i},100.00,0.00,"
            "2019-01-01,2020-06-30" for i, name in enumerate(names)]
    path = tmp_path / "painters.csv"
    path.write_text("\n".join([WHD_COLUMNS, *rows]))
    source_import_create(path=path, source="whd")


def _blocked_names(name: str, state: str = "") -> set[str]:
    frame = matching.queries_frame([matching.BusinessQuery(name=name, state=state)])
    pairs = matching.candidate_pairs(frame)
    return set(WageTheftRecord.objects.filter(id__in=pairs["record_id"].tolist())
               .values_list("legal_name", flat=True))


def test_a_common_word_does_not_bring_in_every_record_that_has_it(painters):
    assert _blocked_names("Kalomer Painting") == {"Kalomer Painting LLC"}
    best = business_screen(name="Kalomer Painting, Inc.", state="IL")["candidates"][0]
    assert best["case"]["legal_name"] == "Kalomer Painting LLC"


def test_a_name_of_common_words_only_still_blocks_on_them_within_its_state(painters):
    assert len(_blocked_names("Painting")) == 5
    assert len(_blocked_names("Painting", state="IL")) == 5
    assert _blocked_names("Painting", state="NY") == set()


def test_a_misspelt_distinctive_word_falls_back_to_the_common_ones(painters):
    # "kalomr" is in no record, so the query blocks on "painting" and the typo still scores.
    best = business_screen(name="Kalomr Painting LLC", city="Springfield",
                           state="IL")["candidates"][0]
    assert best["case"]["legal_name"] == "Kalomer Painting LLC"


@pytest.mark.parametrize("query", [
    matching.BusinessQuery(name="Cardile Mushrooms Incorporated", street="540 Church Road",
                           city="Avondale", state="PA", zip_code="19348.0"),
    matching.BusinessQuery(name="A and A Brothers LLC dba Emperors Club", state="MA"),
    matching.BusinessQuery(name="Datt LLC", state="NY"),
])
def test_a_single_screening_and_a_batch_find_the_same_candidates(records, query):
    _, single = matching.screen_one(query, limit=5)
    batch = matching.score_candidates(matching.queries_frame([query]), limit=5)
    assert single  # each query has a candidate in the samples
    assert [(c["record_id"], c["score"], c["reasons"]) for c in single] == \
        list(zip(batch["record_id"], batch["score"], batch["reasons"], strict=True))
