"""Aggregates an officer sees next to the findings: the wage distribution against the floor
and the share of hours per trade against each goal. Computed once per run, from the same
import as the findings (rules.check.check_table), vectorised. Pure: no Django."""

from __future__ import annotations

import numpy as np
import pandas as pd

from imports.i18n import gettext_noop
from imports.money import units
from rules.hiring_goal import hours_shares
from rules.standards import Standard, money
from rules.wage_floor import straight_time_lines
from rules.workforce import CATEGORIES as WORKFORCE_CATEGORIES
from rules.workforce import CategoryStatus, category_status

# Labels are stored in English with the run (checked in a worker, in no one's language) and
# translated where they are shown (`{% translate label %}`); gettext_noop puts them in the
# catalogue.
WAGE_BUCKETS = (  # (label, lower bound in dollars above the floor, upper bound)
    (gettext_noop("Below the floor"), None, 0),
    (gettext_noop("At the floor to $0.99 above"), 0, 1),
    (gettext_noop("$1.00 to $2.99 above"), 1, 3),
    (gettext_noop("$3.00 or more above"), 3, None),
)
CATEGORIES = (("woman", gettext_noop("Women")),
              ("person_of_color", gettext_noop("People of color")),
              ("boston_resident", gettext_noop("Residents")))
# rules' category keys for the same three goals
CATEGORY_LABELS = (("women", gettext_noop("Women")),
                   ("people_of_color", gettext_noop("People of color")),
                   ("residents", gettext_noop("Residents")))


def wage_distribution(frame: pd.DataFrame, standard: Standard) -> list[dict]:
    if "hourly_floor" not in standard.versions[0].parameters or frame.empty:
        return []
    index = standard.version_index_for(frame["period_end"])
    floor = standard.parameter_in_force("hourly_floor", index, money)
    rate = frame["hourly_rate"].to_numpy(dtype="float64", na_value=np.nan)
    # Straight-time lines with a rate: an overtime rate is never set against the floor.
    rated = (index >= 0) & straight_time_lines(frame) & (rate > 0)
    if not rated.any():
        return []
    above = (rate[rated].astype("int64") - floor[rated])
    total = int(rated.sum())
    buckets = []
    for label, low, high in WAGE_BUCKETS:
        mask = np.ones_like(above, dtype=bool)
        if low is not None:
            mask &= above >= units(low)
        if high is not None:
            mask &= above < units(high)
        rows = int(mask.sum())
        buckets.append({"label": label, "rows": rows, "below": high == 0,
                        "percent": round(100 * rows / total, 1)})
    return buckets


def _hours_share_bars(frame: pd.DataFrame, standard: Standard) -> list[dict]:
    """The shares the standard measures (per trade, or per trade and worker class), with the
    goal in force; shares are of the hours where the category is known (rules.hours_shares)."""
    try:
        table = hours_shares(frame, standard)
    except (KeyError, ValueError):  # a standard without hours-share goals
        return []
    if table.empty:
        return []
    for level in ("trade", "trade-class"):
        rows = table[table["measured_per"] == level]
        if not rows.empty:
            break
    else:
        return []
    labels = dict(CATEGORY_LABELS)
    bars = []
    for record in rows.to_dict("records"):  # one per trade and category, not per worker
        trade = str(record.get("trade") or "(no trade)")
        worker_class = record.get("worker_class")
        if worker_class and worker_class != "not stated":
            trade = f"{trade} ({worker_class})"
        share = float(record["share"]) if record["share"] is not None else None
        goal = float(record["goal"]) if record["goal"] is not None else None
        bars.append({"trade": trade, "category": labels.get(record["category"],
                                                             record["category"]),
                     "share": share, "goal": goal, "below": bool(record["below_goal"]),
                     "known_hours": record["known_hours"], "total_hours": record["total_hours"]})
    return bars


def _memberships(frame: pd.DataFrame, standard: Standard | None) -> dict[str, CategoryStatus]:
    """Who counts in each category, row by row, exactly as the hiring-goal rule counts them
    (rules.workforce.category_status): a resident by the home ZIP under the standard's ZIP
    list, else the declared flag; a person of color by the flag, else the race under the
    standard's list. One meaning for the finding, this evidence and every summary."""
    if standard is None:
        declared = {"woman": frame["gender"].map({"woman": True, "man": False,
                                                  "nonbinary": False}),
                    "person_of_color": frame["person_of_color"],
                    "boston_resident": frame["boston_resident"]}
        return {key: CategoryStatus(flag.astype("boolean").fillna(False).to_numpy(dtype=bool),
                                    flag.notna().to_numpy(), flag.isna().to_numpy())
                for key, flag in declared.items()}
    index = standard.version_index_for(frame["period_end"])
    by_key = {category.key: category for category in WORKFORCE_CATEGORIES}
    return {"woman": category_status(frame, by_key["women"], standard, index),
            "person_of_color": category_status(frame, by_key["people_of_color"], standard,
                                               index),
            "boston_resident": category_status(frame, by_key["residents"], standard, index)}


def _trade_totals(frame: pd.DataFrame, standard: Standard | None) -> pd.DataFrame:
    """Per trade: hours and workers overall, and per category the hours and workers in it and
    the hours and workers for whom it is known (a missing value is never counted as 'no').
    A worker is a distinct name or id where the report has one, else a row (Boston's layout
    has a worker per period)."""
    identity = frame["worker"].astype("string")
    identity = identity.fillna(pd.Series(frame.index.astype(str), index=frame.index))
    statuses = _memberships(frame, standard)
    table = pd.DataFrame({"trade": frame["trade"].astype("string").fillna("(no trade)"),
                          "hours": frame["hours"].astype("float64"), "identity": identity})
    for category, status in statuses.items():
        known, member = status.known, status.member & status.known
        table[f"{category}_hours"] = table["hours"].where(member, 0.0)
        table[f"{category}_known_hours"] = table["hours"].where(known, 0.0)
        table[f"{category}_identity"] = identity.where(member)
        table[f"{category}_known_identity"] = identity.where(known)
    grouped = table.groupby("trade", sort=True)
    sums = [c for c in table.columns if c.endswith("hours")]
    totals = grouped[sums].sum()
    totals["workers"] = grouped["identity"].nunique()
    for category in statuses:
        totals[f"{category}_workers"] = grouped[f"{category}_identity"].nunique()
        totals[f"{category}_known_workers"] = grouped[f"{category}_known_identity"].nunique()
    return totals


def hours_share(frame: pd.DataFrame, standard: Standard | None) -> dict[str, list[dict]]:
    """Bars (share per trade and category against the goal in force) for the officer's chart,
    and per-trade totals (hours and worker counts) that cross-vendor summaries add up."""
    needed = {"trade", "hours", "gender", "person_of_color", "boston_resident", "worker"}
    if frame.empty or not needed <= set(frame.columns):
        return {"bars": [], "trades": []}
    totals = _trade_totals(frame, standard)
    trades = []
    for trade, row in totals.iterrows():  # one row per trade, not per worker
        trades.append({
            "trade": str(trade), "hours": float(row["hours"]), "workers": int(row["workers"]),
            "categories": {category: {
                "hours": float(row[f"{category}_hours"]),
                "known_hours": float(row[f"{category}_known_hours"]),
                "workers": int(row[f"{category}_workers"]),
                "known_workers": int(row[f"{category}_known_workers"]),
            } for category, _label in CATEGORIES},
        })
    bars = _hours_share_bars(frame, standard) if standard is not None else []
    return {"bars": bars, "trades": trades}


def evidence_of(frame: pd.DataFrame, standards) -> dict[str, list[dict]]:
    """The officer's evidence for a report's imported frame under its standards: the wage
    distribution (under the first standard with a wage floor) and the hours shares."""
    shares = hours_share(frame, standards[0] if standards else None)
    return {"wage_distribution": next((bars for s in standards
                                       if (bars := wage_distribution(frame, s))), []),
            "hours_share": shares["bars"], "hours_by_trade": shares["trades"]}
