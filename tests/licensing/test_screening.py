from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from procurement.licensing.services import business_screen, source_import_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(whd_sample, ma_sample):
    source_import_create(path=whd_sample, source="whd")
    source_import_create(path=ma_sample, source="ma-ago")


def test_variant_spelling_and_address_finds_the_case_with_reasons(records):
    result = business_screen(name="Cardile Mushrooms Incorporated", street="540 Church Road",
                             city="Avondale", state="PA", zip_code="19348.0")
    best = result["candidates"][0]
    assert best["case"]["case_id"] == "1431317"
    assert {r["field"] for r in best["reasons"]} >= {"legal_name", "street", "city", "state",
                                                     "zip"}
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
    assert set(best) == {"score", "reasons", "decision", "case"}
