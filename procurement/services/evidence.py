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


def _trade_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Hours and workers per trade, overall and in each category. A worker is a distinct
    name or id where the report has one, else a row (Boston's layout: a worker per period)."""
    worker = frame["worker"] if "worker" in frame else pd.Series(pd.NA, index=frame.index)
    identity = worker.astype("string").fillna(pd.Series(frame.index.astype(str),
                                                        index=frame.index))
    members = {
        "woman": (frame["gender"] == "woman").fillna(False).astype(bool),
        "person_of_color": frame["person_of_color"].fillna(False).astype(bool),
        "boston_resident": frame["boston_resident"].fillna(False).astype(bool),
    }
    table = pd.DataFrame({"trade": frame["trade"].astype("string").fillna("(no trade)"),
                          "hours": frame["hours"].astype("float64"), "identity": identity})
    for category, member in members.items():
        table[f"{category}_hours"] = table["hours"].where(member, 0.0)
        table[f"{category}_identity"] = identity.where(member)
    grouped = table.groupby("trade", sort=True)
    totals = grouped[["hours", *[f"{c}_hours" for c in members]]].sum()
    totals["workers"] = grouped["identity"].nunique()
    for category in members:
        totals[f"{category}_workers"] = grouped[f"{category}_identity"].nunique()
    return totals


def hours_share(frame: pd.DataFrame, standard: Standard | None) -> dict[str, list[dict]]:
    """Bars (share per trade and category against its goal) for the officer's chart, and the
    per-trade totals (hours and worker counts) that cross-vendor summaries add up."""
    needed = {"trade", "hours", "gender", "person_of_color", "boston_resident"}
    if frame.empty or not needed <= set(frame.columns):
        return {"bars": [], "trades": []}
    totals = _trade_totals(frame)
    bars, trades = [], []
    for trade, row in totals.iterrows():  # one row per trade, not per worker
        record = {"trade": str(trade), "hours": float(row["hours"]),
                  "workers": int(row["workers"]), "categories": {}}
        for category, label in CATEGORIES:
            hours = float(row[f"{category}_hours"])
            share = round(100 * hours / float(row["hours"]), 1) if row["hours"] else 0.0
            goal = _goal_percent(standard, category) if standard else None
            bars.append({"trade": str(trade), "category": label, "share": share,
                         "goal": goal, "below": bool(goal is not None and share < goal)})
            record["categories"][category] = {"hours": hours,
                                              "workers": int(row[f"{category}_workers"])}
        trades.append(record)
    return {"bars": bars, "trades": trades}
