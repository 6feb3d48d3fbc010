"""Aggregates an officer sees next to the findings: the wage distribution against the floor
and the share of hours per trade against each goal. Computed once per run, vectorised."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from imports.values import MONEY_SCALE
from rules.standards import Standard

WAGE_BUCKETS = (  # (label, lower bound in dollars above the floor, upper bound)
    ("Below the floor", None, 0),
    ("At the floor to $0.99 above", 0, 1),
    ("$1.00 to $2.99 above", 1, 3),
    ("$3.00 or more above", 3, None),
)
CATEGORIES = (("woman", "Women"), ("person_of_color", "People of color"),
              ("boston_resident", "Residents"))


def wage_distribution(frame: pd.DataFrame, standard: Standard) -> list[dict]:
    if "hourly_floor" not in standard.versions[0].parameters or frame.empty:
        return []
    index = standard.version_index_for(frame["period_end"])
    floors = np.array([int(v.parameters["hourly_floor"].decimal() * MONEY_SCALE)
                       for v in standard.versions], dtype="int64")
    rated = index >= 0
    if not rated.any():
        return []
    above = (frame["hourly_rate"].to_numpy(dtype="int64")[rated] - floors[index[rated]])
    total = int(rated.sum())
    buckets = []
    for label, low, high in WAGE_BUCKETS:
        mask = np.ones_like(above, dtype=bool)
        if low is not None:
            mask &= above >= low * MONEY_SCALE
        if high is not None:
            mask &= above < high * MONEY_SCALE
        rows = int(mask.sum())
        buckets.append({"label": label, "rows": rows, "below": high == 0,
                        "percent": round(100 * rows / total, 1)})
    return buckets


def _goal_percent(standard: Standard, category: str) -> float | None:
    """The goal for a category, if the standard names one as `<category>_share` (percent)."""
    names = {"woman": ("women_share", "woman_share"),
             "person_of_color": ("people_of_color_share", "person_of_color_share"),
             "boston_resident": ("residents_share", "resident_share")}[category]
    version = standard.versions[-1]
    for name in names:
        parameter = version.parameters.get(name)
        if parameter is not None:
            return float(Decimal(str(parameter.value)))
    return None


def hours_share(frame: pd.DataFrame, standard: Standard | None) -> list[dict]:
    needed = {"trade", "hours", "gender", "person_of_color", "boston_resident"}
    if frame.empty or not needed <= set(frame.columns):
        return []
    flags = pd.DataFrame({
        "trade": frame["trade"],
        "hours": frame["hours"],
        "woman": (frame["gender"] == "woman").fillna(False).astype(bool),
        "person_of_color": frame["person_of_color"].fillna(False).astype(bool),
        "boston_resident": frame["boston_resident"].fillna(False).astype(bool),
    })
    for category, _label in CATEGORIES:
        flags[category] = flags["hours"].where(flags[category], 0.0)
    totals = flags.groupby("trade", sort=True)[["hours", *[c for c, _ in CATEGORIES]]].sum()
    bars = []
    for trade, row in totals.iterrows():  # one row per trade, not per worker
        for category, label in CATEGORIES:
            share = round(100 * row[category] / row["hours"], 1) if row["hours"] else 0.0
            goal = _goal_percent(standard, category) if standard else None
            bars.append({"trade": str(trade), "category": label, "share": share,
                         "goal": goal, "below": goal is not None and share < goal})
    return bars
