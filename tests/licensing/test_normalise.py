import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procurement.licensing.matching import BusinessQuery, queries_frame, query_fields
from procurement.licensing.normalise import (
    name_tokens,
    normalise_name,
    normalise_street,
    normalise_zip,
    parse_dates,
    parse_money,
    split_dba,
    state_key,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("Datt, LLC", "datt"),
    ("Datt, L.L.C.", "datt"),
    ("DATT llc", "datt"),
    ("Cardile Mushrooms, Inc.", "cardile mushrooms"),
    ("Samy Gomes Company Corp", "samy gomes"),
    ("Beacon Cleaning Co.", "beacon cleaning"),
    ("The Staffing Group, Inc.", "staffing group"),
    ("Smith & Sons", "smith and sons"),
    ("Smith and Sons", "smith and sons"),
    ("O’Brien's Pub", "obriens pub"),
    ("Café Olé LLC", "cafe ole"),
    ("Company", "company"),
    ("", ""),
])
def test_business_names_normalise_alike(raw, expected):
    assert normalise_name(pd.Series([raw])).tolist() == [expected]


def test_doing_business_as_is_split_into_legal_and_trade_name():
    legal, trade = split_dba(pd.Series(["A&A Brothers d/b/a Emperor’s Club",
                                        "Golab Corp DBA Fernandez Family Liquor", "Plain LLC"]))
    assert legal.tolist() == ["A&A Brothers", "Golab Corp", "Plain LLC"]
    assert trade.tolist() == ["Emperor’s Club", "Fernandez Family Liquor", ""]


@pytest.mark.parametrize(("raw", "expected"), [
    ("60630.0", "60630"), ("3561", "03561"), ("03561", "03561"), ("02116-1234", "02116"),
    ("n/a", ""), (None, ""),
])
def test_zip_codes_survive_float_and_lost_zeros(raw, expected):
    assert normalise_zip(pd.Series([raw], dtype=object)).tolist() == [expected]


@pytest.mark.parametrize(("raw", "expected"), [
    ("2003-11-04", "2003-11-04"), ("11/4/03", "2003-11-04"), ("11/04/2003", "2003-11-04"),
    ("42010", "2015-01-06"), ("42010.0", "2015-01-06"), ("2015-01-05 00:00:00", "2015-01-05"),
])
def test_dates_as_published_resaved_or_excel_serial(raw, expected):
    assert parse_dates(pd.Series([raw])).dt.strftime("%Y-%m-%d").tolist() == [expected]


def test_unreadable_date_is_missing_not_an_error():
    assert parse_dates(pd.Series(["soon", None])).isna().all()


def test_money_is_exact_money_units():
    assert parse_money(pd.Series(["10362.700000000001", "$1,234.50", "", "(5.00)"])).tolist() \
        == [103627000, 12345000, pd.NA, -50000]


def test_street_abbreviations():
    assert normalise_street(pd.Series(["182 Turnpike Road, Suite 255"])).tolist() == \
        ["182 tpke rd ste 255"]


def test_blocking_words_skip_generic_words_unless_nothing_else():
    names = normalise_name(pd.Series(["ABC Construction Services", "Construction Services Inc"]))
    assert name_tokens(names).tolist() == [["abc"], ["construction", "services"]]


@settings(max_examples=150, deadline=None)
@given(name=st.text(), other=st.text(), street=st.text(), city=st.text(),
       state=st.text(max_size=4), zip_code=st.text(max_size=12))
def test_a_single_query_normalises_exactly_as_a_batch_row(name, other, street, city, state,
                                                          zip_code):
    # A business screened alone must meet the same records as in an uploaded list.
    query = BusinessQuery(name=name, other_name=other, street=street, city=city, state=state,
                          zip_code=zip_code)
    row = queries_frame([query]).iloc[0].to_dict()
    assert query_fields(query) == row


@pytest.mark.parametrize(("written", "code"), [
    ("MA", "MA"), ("ma ", "MA"), ("Mass.", "MA"), ("Massachusetts", "MA"),
    ("New Hampshire", "NH"), ("new york", "NY"), ("D.C.", "DC"), ("Puerto Rico", "PR"),
    ("Nowhere", ""), ("", ""),
])
def test_a_state_is_read_by_its_code_or_its_name_never_cut_to_two_letters(written, code):
    assert state_key(written) == code
