"""Screening on real names: the labelled set built from the shipped samples
(procurement/licensing/evaluation.py) meets the goals at the confirmation threshold."""

import pytest

from procurement.licensing.evaluation import evaluate

pytestmark = pytest.mark.django_db(transaction=True)


def test_real_names_are_offered_with_recall_and_precision_at_the_goals(records):
    result = evaluate()
    assert result.queries > 120 and result.without_record > 50
    assert result.recall >= 0.95, result.lines()
    assert result.precision >= 0.90, result.lines()
    assert result.clean_offered == 0
    assert result.franchise_confusions == 0, result.lines()
