"""A workforce plan, as a general contractor or subcontractor files it at award: per trade,
journey or apprentice, and month, the hours it expects its workers to work and the shares of
those hours it commits to residents, people of color and women.

A plan is read as every upload is (imports.reader.read_table: the file's kind sniffed, its
size bounded, the parse in a child process under memory and time limits) and validated as
the `workforce_plan` report type (imports.report_types.import_table): the header on any row,
Spanish headers, totals rows left out, every problem an issue in the vendor's coordinates.
The month is kept as its last day (`period_end`), so a plan lines up with the periods
contractors file. Shares are percents, 0 to 100; how a fraction such as Excel's 0.51 for a
51% cell is told from a percent is imports.values.parse_percent's rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from imports.issues import ImportRejected, IssueLog
from imports.reader import read_table
from imports.report_types import WORKFORCE_PLAN, import_table

SHARES = ("residents_share", "people_of_color_share", "women_share")
PLAN_COLUMNS = ("trade", "worker_class", "period_end", "estimated_hours", *SHARES)
_CLASS_ORDER = {"journey": 0, "apprentice": 1}


@dataclass(frozen=True)
class PlanRead:
    """A plan as read: `frame` holds its accepted rows (PLAN_COLUMNS: trade and worker_class
    as text, period_end the month's last day, estimated_hours and the shares as floats, a
    share NaN where none is committed); `issues` every problem found; `usable` whether the
    plan can be taken as it is (rows, and no error: a refused row is a plan with a hole)."""

    frame: pd.DataFrame
    issues: IssueLog = field(default_factory=IssueLog)
    usable: bool = False
    sheet: str | None = None
    rows_read: int = 0


def read_plan(content: bytes, filename: str, *,
              mapping: dict[str, str] | None = None) -> PlanRead:
    """Read an uploaded workforce plan. `mapping` is the vendor's own {header: field}, as for
    any report (imports.report_types.import_table). Never raises for what the file holds: a
    file refused as a whole is a PlanRead with its issues and no rows."""
    try:
        result = import_table(read_table(content, filename), WORKFORCE_PLAN.code, mapping)
    except ImportRejected as rejection:
        issues = IssueLog()
        for issue in rejection.issues:
            issues.add(issue)
        return PlanRead(frame=_plan_frame(None), issues=issues)
    frame = _plan_frame(result.frame)
    return PlanRead(frame=frame, issues=result.issues,
                    usable=bool(len(frame)) and not result.issues.has_errors,
                    sheet=result.sheet, rows_read=result.rows_read)


def _plan_frame(imported: pd.DataFrame | None) -> pd.DataFrame:
    if imported is None:
        return pd.DataFrame({
            "trade": pd.Series(dtype="string"), "worker_class": pd.Series(dtype="string"),
            "period_end": pd.Series(dtype="datetime64[ns]"),
            **{name: pd.Series(dtype="float64") for name in ("estimated_hours", *SHARES)}})
    frame = imported.loc[:, list(PLAN_COLUMNS)].reset_index(drop=True)
    frame["trade"] = frame["trade"].astype("string")
    frame["worker_class"] = frame["worker_class"].astype("string")
    frame["period_end"] = frame["period_end"].astype("datetime64[ns]")
    for name in ("estimated_hours", *SHARES):
        frame[name] = frame[name].astype("float64")
    return frame


@dataclass(frozen=True)
class PlanTotals:
    """A plan's planned hours and committed shares per trade and journey/apprentice class
    (`by_trade`: trade, worker_class, ...) and per month over every trade (`by_month`:
    period_end, ...). Each has `estimated_hours` and the three shares: a share is the
    hours-weighted mean over the rows that commit one (rows that leave it empty neither add
    to it nor dilute it, as rules.rollup.Plan reads a plan), NaN where no row does."""

    by_trade: pd.DataFrame
    by_month: pd.DataFrame


def plan_totals(frame: pd.DataFrame) -> PlanTotals:
    """The totals of a plan frame (PlanRead.frame). A trade is one trade however its rows
    write its case and spacing; it is named as its first row writes it."""
    trade = frame["trade"].astype("string")
    key = trade.str.strip().str.casefold().str.split().str.join(" ")
    names = trade.groupby(key, sort=False).transform("first")
    parts = pd.DataFrame({"trade_key": key, "trade": names,
                          "worker_class": frame["worker_class"].astype("string"),
                          "period_end": frame["period_end"],
                          "estimated_hours": frame["estimated_hours"].astype("float64")})
    hours = parts["estimated_hours"].fillna(0).to_numpy(dtype="float64")
    for name in SHARES:
        share = frame[name].to_numpy(dtype="float64", na_value=np.nan)
        stated = ~np.isnan(share)
        parts[f"{name}:weighted"] = np.where(stated, share * hours, 0.0)
        parts[f"{name}:hours"] = np.where(stated, hours, 0.0)
    by_trade = _weighted(parts, ["trade_key", "trade", "worker_class"])
    order = by_trade["worker_class"].map(_CLASS_ORDER).fillna(len(_CLASS_ORDER))
    by_trade = by_trade.assign(_order=order).sort_values(["trade_key", "_order"]) \
        .drop(columns=["trade_key", "_order"]).reset_index(drop=True)
    by_month = _weighted(parts, ["period_end"]).sort_values("period_end") \
        .reset_index(drop=True)
    return PlanTotals(by_trade=by_trade, by_month=by_month)


def _weighted(parts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    sums = parts.drop(columns=[c for c in ("trade_key", "trade", "worker_class", "period_end")
                               if c not in keys]) \
        .groupby(keys, sort=False, dropna=False).sum(min_count=0).reset_index()
    totals = sums[keys].copy()
    totals["estimated_hours"] = sums["estimated_hours"].astype("float64")
    for name in SHARES:
        stated_hours = sums[f"{name}:hours"].to_numpy(dtype="float64")
        weighted = sums[f"{name}:weighted"].to_numpy(dtype="float64")
        with np.errstate(invalid="ignore", divide="ignore"):
            totals[name] = np.where(stated_hours > 0, weighted / stated_hours, np.nan)
    return totals
