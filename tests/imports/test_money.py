"""One money unit (imports.money): exact parsing, half-up cents, exact display."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from imports import money

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("written", "expected"), [
    ("18.2", 182_000),
    ("18.20", 182_000),
    ("1,234.50", 12_345_000),
    ("$1,234.50", 12_345_000),
    ("(5.00)", -50_000),
    ("37.885", 378_850),
    ("10362.700000000001", 103_627_000),  # a float as WHD prints it
    (Decimal("0.005"), 50),
    (18, 180_000),
])
def test_an_amount_is_read_exactly(written, expected):
    assert money.units(written) == expected


@pytest.mark.parametrize("written", ["", "eighteen", "1.2.3", "NaN"])
def test_what_is_not_an_amount_is_refused(written):
    with pytest.raises(ValueError):
        money.units(written)


def test_a_float_is_not_money():
    with pytest.raises(TypeError):
        money.units(18.2)  # type: ignore[arg-type]


@pytest.mark.parametrize(("amount", "number", "text"), [
    (50, "0.01", "$0.01"),  # $0.005 rounds half-up to a cent
    (49, "0.00", "$0.00"),
    (-50, "-0.01", "-$0.01"),  # a half is rounded away from zero
    (-49, "0.00", "$0.00"),
    (182_000, "18.20", "$18.20"),
    (181_900, "18.19", "$18.19"),
    (-12_345_600, "-1234.56", "-$1,234.56"),
    (10**15, "100000000000.00", "$100,000,000,000.00"),
    (2**63 - 1, "922337203685477.58", "$922,337,203,685,477.58"),
])
def test_money_is_shown_to_the_cent_exactly(amount, number, text):
    assert (money.number(amount), money.text(amount)) == (number, text)


def test_rounding_to_the_cent_stays_in_units():
    assert [money.to_cent(a) for a in (50, 149, 150, -150, 1_000_049)] == [
        100, 100, 200, -200, 1_000_000]
    # $18.20 short over 7.5 hours (hour units of 1/10,000): $136.50.
    assert money.to_cent(182_000 * 75_000, per=10_000) == 1_365_000


def test_the_vectorised_rounding_is_the_same_rounding():
    amounts = np.array([0, 49, 50, 149, 150, -50, -149, 10**15 + 50], dtype="int64")
    assert money.to_cent_array(amounts).tolist() == [money.to_cent(int(a)) for a in amounts]
    assert money.to_cent_array(amounts.astype("float64")).tolist()[:7] == \
        [money.to_cent(int(a)) for a in amounts[:7]]
    per = np.array([1, 2, 4], dtype="int64")
    assert money.to_cent_array(np.array([100, 150, 200]), per=per).tolist() == [100, 100, 100]


def test_decimal_only_at_the_edges():
    assert money.as_decimal(182_000) == Decimal("18.20")
    assert str(money.as_decimal(182_000)) == "18.20"
    assert str(money.as_decimal(378_850)) == "37.8850"
    assert money.as_cents(182_050) == 1821
    assert money.as_cents(pd.Series([50, 182_000])).tolist() == [1, 1820]


def test_parsed_cells_become_units():
    dollars = pd.Series([18.2, 1234.5, np.nan, 1e12])
    assert money.from_dollars(dollars).tolist() == [182_000, 12_345_000, pd.NA, pd.NA]


# -- nothing computes in cents any more --------------------------------------------------

TREES = ("imports", "rules", "procurement/licensing")
# Identifiers that may say "cents": the one way out of the unit, for procurement's ledger.
ALLOWED = {("imports/money.py", "as_cents")}


def _identifiers(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id, node.lineno
        elif isinstance(node, ast.Attribute):
            yield node.attr, node.lineno
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node.name, node.lineno
        elif isinstance(node, ast.arg):
            yield node.arg, node.lineno
        elif isinstance(node, ast.keyword) and node.arg:
            yield node.arg, node.lineno
        elif isinstance(node, ast.alias):
            yield (node.asname or node.name), node.lineno
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.isidentifier():  # a column name: "owed_cents"
            yield node.value, node.lineno


def test_no_module_computes_in_cents():
    found = []
    for tree in TREES:
        for path in sorted((ROOT / tree).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue  # the database's history, not computation
            for name, line in _identifiers(ast.parse(path.read_text(encoding="utf-8"))):
                if "cents" in name.lower() and (relative, name) not in ALLOWED:
                    found.append(f"{relative}:{line}: {name}")
    assert found == []
