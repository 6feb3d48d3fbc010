"""Screening measured on labelled real names: recall, precision, false alerts on businesses
with no record, franchise confusions and clean cases offered, at the confirmation threshold.

The labelled set (tests/licensing/fixtures/evaluation.csv) is built from the shipped public
samples: each WHD case and MA AG citation with violations under its own name, a variant, a
typo or a merged word; the clean investigations; chains at other addresses; the same name in
another state; names sharing a common word with a record; and real Boston contractors,
restaurants and service firms that have no record. `expected` lists the acceptable records
(`source:key;...`), empty when no record should be offered. bench/bench_licensing.py runs it
among 300,000 records; a test runs it on the samples alone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from procurement.licensing.models import WageTheftRecord
from procurement.licensing.selectors import business_screen

LABELLED = Path(__file__).resolve().parents[2] / "tests" / "licensing" / "fixtures" \
    / "evaluation.csv"
QUERY_FIELDS = ("name", "other_name", "street", "city", "state", "zip_code")


@dataclass(frozen=True)
class Evaluation:
    queries: int
    with_record: int
    found: int            # a query with a record: one of its records offered first
    offered: int          # queries with a record offered
    correct: int          # ... whose first offered record is one of the expected
    false_alerts: int     # queries without a record that were offered one
    without_record: int
    franchise_confusions: int
    clean_offered: int
    misses: list[str]
    wrong: list[str]

    @property
    def recall(self) -> float:
        return self.found / self.with_record if self.with_record else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.offered if self.offered else 1.0

    def lines(self) -> list[str]:
        return [
            f"labelled set: {self.queries} real-name queries ({self.with_record} with a "
            f"record, {self.without_record} without)",
            f"recall {self.recall:.3f} (goal >= 0.95), precision {self.precision:.3f} "
            f"(goal >= 0.90) at the confirmation threshold",
            f"false alerts on businesses with no record: {self.false_alerts} of "
            f"{self.without_record}; franchise confusions: {self.franchise_confusions}; clean "
            f"investigations offered: {self.clean_offered}",
            *(f"  missed: {line}" for line in self.misses),
            *(f"  wrongly offered: {line}" for line in self.wrong)]


def evaluate(path: Path = LABELLED) -> Evaluation:
    keys = {(source, key): pk for pk, source, key in
            WageTheftRecord.objects.values_list("id", "source", "record_key")}
    counts = dict(queries=0, with_record=0, found=0, offered=0, correct=0, false_alerts=0,
                  without_record=0, franchise_confusions=0, clean_offered=0)
    misses, wrong = [], []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            counts["queries"] += 1
            expected = {keys.get(tuple(item.split(":", 1)))
                        for item in row["expected"].split(";") if item}
            result = business_screen(**{field: row[field] for field in QUERY_FIELDS})
            offered = [c["case"]["record_id"] for c in result["candidates"] if c["offered"]]
            label = f"{row['kind']}: {row['name']} ({row['city']} {row['state']})"
            counts["clean_offered"] += sum(1 for c in result["candidates"]
                                           if c["offered"] and c["case"]["clean"])
            if expected:
                counts["with_record"] += 1
                if offered and offered[0] in expected:
                    counts["found"] += 1
                else:
                    misses.append(label)
            else:
                counts["without_record"] += 1
            if offered:
                counts["offered"] += 1
                if offered[0] in expected:
                    counts["correct"] += 1
                else:
                    wrong.append(label)
                    if not expected:
                        counts["false_alerts"] += 1
                    if row["kind"].startswith("franchise"):
                        counts["franchise_confusions"] += 1
    return Evaluation(**counts, misses=misses, wrong=wrong)
