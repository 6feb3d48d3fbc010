"""Readable fixtures: workforce and wage frames written as tables a policy analyst can check.

    workforce('''
    worker    | trade     | class      | hours | gender | poc | resident | zip   | week
    Ana Lopez | Carpenter | journey    | 40    | woman  | yes | yes      | 02119 | 2024-07-07
    ''')

gives the canonical "workforce" frame (CONTRACT.md): every canonical column, `row` numbered
from 2 as Excel shows a file with a header row, blanks as missing (never defaulted).
"""

from __future__ import annotations

import pandas as pd

from imports.money import SCALE as MONEY_SCALE
from rules import get_standard
from rules.check import evaluate_standard
from rules.findings import Finding

WORKFORCE_COLUMNS = ("row", "period_end", "trade", "hours", "worker", "worker_class", "gender",
                     "gender_raw", "person_of_color", "race", "boston_resident", "zip",
                     "project", "contractor")
ALIASES = {"class": "worker_class", "poc": "person_of_color", "resident": "boston_resident",
           "week": "period_end"}
FLAGS = {"yes": True, "no": False, "": pd.NA}


def _cells(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    header = [ALIASES.get(h.strip(), h.strip()) for h in lines[0].split("|")]
    return [dict(zip(header, (c.strip() for c in line.split("|")), strict=True))
            for line in lines[1:]]


def workforce(text: str, **defaults: str) -> pd.DataFrame:
    records = [{**defaults, **cells} for cells in _cells(text)]
    return workforce_frame(records)


def workforce_frame(records: list[dict[str, object]]) -> pd.DataFrame:
    """The canonical workforce frame from records of cell text (missing keys are blank)."""
    def column(name: str) -> list[object]:
        return [record.get(name, "") for record in records]

    def text(name: str) -> pd.Series:
        return pd.Series([value if value != "" else None for value in column(name)],
                         dtype=object)

    frame = pd.DataFrame({
        "row": pd.Series(range(2, len(records) + 2), dtype="int64"),
        "period_end": pd.to_datetime(pd.Series(column("period_end"), dtype=object)),
        "trade": text("trade"),
        "hours": pd.Series([float(h) for h in column("hours")], dtype="float64"),
        "worker": text("worker"),
        "worker_class": text("worker_class"),
        "gender": text("gender"),
        "gender_raw": text("gender"),
        "person_of_color": pd.Series([FLAGS[str(v)] for v in column("person_of_color")],
                                     dtype="boolean"),
        "race": text("race"),
        "boston_resident": pd.Series([FLAGS[str(v)] for v in column("boston_resident")],
                                     dtype="boolean"),
        "zip": text("zip"),
        "project": text("project"),
        "contractor": text("contractor"),
    })
    return frame[list(WORKFORCE_COLUMNS)]


def wage_frame(records: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    """(worker, hourly rate as text, hours, period end) -> the canonical wage frame."""
    return pd.DataFrame({
        "row": pd.Series(range(2, len(records) + 2), dtype="int64"),
        "worker": pd.Series([r[0] for r in records], dtype=object),
        "job_title": pd.Series([None] * len(records), dtype=object),
        "hourly_rate": pd.Series([int(round(float(r[1]) * MONEY_SCALE)) for r in records],
                                 dtype="int64"),
        "hours": pd.Series([float(r[2]) for r in records], dtype="float64"),
        "period_end": pd.to_datetime(pd.Series([r[3] for r in records], dtype=object)),
    })


def findings(frame: pd.DataFrame, standard: str, *, rule: str | None = None) -> list[Finding]:
    """Every finding the standard's rules (or one of them) make on the frame."""
    outcomes = evaluate_standard(frame, get_standard(standard))
    return [f for outcome in outcomes for f in outcome.findings
            if rule is None or f.rule == rule]


def issues(frame: pd.DataFrame, standard: str) -> list:
    return [i for outcome in evaluate_standard(frame, get_standard(standard))
            for i in outcome.issues]


def codes(found: list[Finding]) -> list[tuple[str, ...]]:
    """(code, trade, worker class) per finding, to assert which shares fell short where."""
    return [(f.code, f.scope.get("trade", "project"), f.scope.get("worker_class", "-"))
            for f in found]
