"""The public scorecard (no login): per jurisdiction, every monitored construction project with
its grade, its trend and its totals; per project, the hours, workers and goal categories of
each trade and of the whole project, the grade history, and the wages paid to the workers the
goals are about. Reads only.

Who reads it: anyone, including every contractor on the project, who knows its own figures
exactly. Every figure is therefore published under the small-cell rules of
procurement.services.summaries, applied exactly (its module docstring says why):

- The cells. Per trade, and for the whole project (the total row), the trade's cell (hours and
  distinct workers, shown or hidden whole), and per goal category (rules.workforce.
  goal_categories, membership by rules.workforce.category_status: member and known) the cell
  inside the category (its hours and distinct workers) and the cell of the known hours outside
  it; the category's share of the known hours stands for both.
- Contributions. Each contractor's part of a cell, from the project's combined rows (each hour
  once, rules.rollup.combined): its hours summed, and its workers counted as distinct worker
  IDs, else names, and for rows naming no one (Boston's layout) its most rows in any one
  period. A contractor is a vendor: two contracts of one vendor on the project are one
  contractor, who knows both.
- Primary: summaries.cell_suppression with DisclosureRules.in_force() (contractors, workers
  beyond any one contractor, dominance). Complements: summaries.trade_suppression (a category's
  figures are hidden when its inside or its outside cell is; every category of a hidden trade
  is hidden).
- Secondary, because this page publishes a total row: in every column the total closes (the
  trade cells; each category's cells inside it; and outside it), anyone can work out what
  the hidden cells add up to, the total less the shown ones, and a contractor can subtract
  its own part of each (and knows all of a cell hidden for being its alone). So, while a
  column's hidden cells are exactly one (the summaries docstring's rule: the total less the
  others would be that cell), or, pooled into one cell (each contractor's parts added up),
  would fail the primary rules, the next smallest shown trade's cell is hidden too (by
  hours, then by name), or the total's when no trade is left shown. With the total hidden,
  nothing closes the column, unless every trade is shown (then the total is their sum, and
  the smallest is hidden). The trade cells are settled first, since hiding a trade hides its
  categories; a category's inside and outside cells are hidden together and both pooled.
- Wages to the target workers (certified payroll; project totals only): the pay (hours times
  the hourly rate, rounded to the cent) of the payroll lines whose worker ID is in the
  category by every workforce row with that ID (an ID the rows disagree on counts in no
  category; a line without an ID or a rate is not linked). Hidden when its cell fails the
  primary rules on hours or on pay (each contractor's pay in cents as its magnitude), or when
  the category's figures on the total row are hidden.

A hidden figure is None, with the one reason summaries.HIDDEN. Nothing here names, numbers or
places a worker: no names, IDs, ZIP codes or rows, only counts and sums.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from imports import money
from procurement.models import SIGNED_STATUSES, Grade, Jurisdiction, Project, Submission
from procurement.project_selectors import grade_history, project_standard, project_workforce
from procurement.services.summaries import (
    HIDDEN,
    Contribution,
    DisclosureRules,
    Suppression,
    TradeCells,
    cell_suppression,
    trade_suppression,
)
from rules.rollup import (
    TOTAL,
    distinct_workers,
    worker_key,  # the rollup's one meaning of a worker key
)
from rules.standards import Standard
from rules.workforce import (
    HOURS_SCALE,
    Category,
    CategoryStatus,
    category_status,
    goal_categories,
    percent_text,
)

NO_TRADE = "(no trade)"  # as rules.rollup names a row without a trade
ALL_TRADES = "(all trades)"  # the total row's trade in the downloads
TREND_MONTHS = 6
CERTIFIED_PAYROLL = "certified_payroll"


@dataclass
class _Cell:
    """One published cell: its size (hour units, what secondary suppression compares), why
    it is hidden (None: shown), and each contractor's part of it: of a category's figures,
    the cell inside the category and the cell outside it (`parts`, `outside`)."""

    units: int
    why: Suppression | None
    parts: dict[int, Contribution] = field(default_factory=dict)
    outside: dict[int, Contribution] | None = None


@dataclass
class _Row:
    trade: str
    cell: _Cell
    categories: dict[str, _Cell] = field(default_factory=dict)

    def hide(self) -> None:
        """Hidden whole: the trade's cell and every category of it."""
        self.cell.why = self.cell.why or Suppression.COMPLEMENT
        for cell in self.categories.values():
            cell.why = cell.why or Suppression.COMPLEMENT


@dataclass
class _Table:
    """A project's workforce as the page publishes it, before formatting."""

    trades: list[_Row]
    total: _Row
    workers: dict[str, dict[str, int]]
    frame: pd.DataFrame
    statuses: dict[str, CategoryStatus]
    categories: list[Category]
    contractor_of: dict[int, int]
    units: np.ndarray = field(default_factory=lambda: np.array([], dtype="int64"))
    trade_keys: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))


# -- the cells -----------------------------------------------------------------------------

def _hour_units(frame: pd.DataFrame) -> np.ndarray:
    return np.rint(frame["hours"].to_numpy(dtype="float64", na_value=0.0)
                   * HOURS_SCALE).astype("int64")


def _trade_key(frame: pd.DataFrame) -> pd.Series:
    return frame["trade"].astype("string").fillna(NO_TRADE)


def _people(frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """Each row's worker (an ID, else a name) and whether the row names no one."""
    ids, names = worker_key(frame["worker_id"]), worker_key(frame["worker"])
    has_id = (ids.notna() & (ids != "")).fillna(False).to_numpy(dtype=bool)
    has_name = (names.notna() & (names != "")).fillna(False).to_numpy(dtype=bool)
    identity = pd.Series(np.where(has_id, "id:" + ids.fillna(""),
                                  "name:" + names.fillna("")), index=frame.index)
    return identity, ~(has_id | has_name)


def _contributions(table: pd.DataFrame) -> dict[str, dict[int, Contribution]]:
    """Per trade (and TOTAL), each contractor's part: hours summed; workers distinct by ID
    or name, plus, for rows naming no one, the contractor's most rows in one period."""
    parts: dict[str, dict[int, Contribution]] = defaultdict(dict)
    keys = ["trade", "contractor"]
    for part in (table, table.assign(trade=TOTAL)):
        if part.empty:
            continue
        named = part[~part["anonymous"]]
        workers = named.groupby(keys)["identity"].nunique()
        unnamed = part[part["anonymous"]]
        if not unnamed.empty:
            rows = unnamed.groupby([*keys, "period_end"]).size().groupby(level=keys).max()
            workers = workers.add(rows, fill_value=0)
        for (trade, contractor), units in part.groupby(keys)["units"].sum().items():
            parts[str(trade)][int(contractor)] = Contribution(
                workers=int(workers.get((trade, contractor), 0)), hours=units / HOURS_SCALE)
    return parts


def _workforce_cells(frame: pd.DataFrame, statuses: dict[str, CategoryStatus],
                     contractor: np.ndarray) -> dict[str, TradeCells]:
    """Per trade and TOTAL, the cells with each contractor's contribution."""
    identity, anonymous = _people(frame)
    table = pd.DataFrame({"trade": _trade_key(frame).to_numpy(), "contractor": contractor,
                          "period_end": frame["period_end"].to_numpy(),
                          "identity": identity.to_numpy(), "anonymous": anonymous,
                          "units": _hour_units(frame)})
    cells: dict[str, TradeCells] = defaultdict(TradeCells.empty)
    for trade, parts in _contributions(table).items():
        cells[trade].trade.update(parts)
    for key, status in statuses.items():
        inside = status.member & status.known
        outside = status.known & ~status.member
        for side, mask in (("inside", inside), ("outside", outside)):
            for trade, parts in _contributions(table[mask]).items():
                getattr(cells[trade], side)[key].update(parts)
    return cells


def _units_of(parts: dict[int, Contribution]) -> int:
    """The cell's hours in whole units (each part's hours are whole units, exactly)."""
    return sum(round(part.hours * HOURS_SCALE) for part in parts.values())


def _rows(cells: dict[str, TradeCells], keys: list[str], rules: DisclosureRules
          ) -> tuple[list[_Row], _Row]:
    rows = {}
    for trade, trade_cells in cells.items():
        verdict = trade_suppression(trade_cells, rules, keys)
        rows[trade] = _Row(
            trade, _Cell(_units_of(trade_cells.trade), verdict.trade, dict(trade_cells.trade)),
            {key: _Cell(_units_of(trade_cells.inside.get(key, {})), verdict.categories[key],
                        dict(trade_cells.inside.get(key, {})),
                        dict(trade_cells.outside.get(key, {})))
             for key in keys})
    total = rows.pop(TOTAL)
    return [rows[trade] for trade in sorted(rows)], total


def _pooled(cells: list[dict[int, Contribution]]) -> list[Contribution]:
    """Several cells as one: each contractor's workers and hours added up."""
    pooled: dict[int, Contribution] = defaultdict(Contribution)
    for parts in cells:
        for contractor, part in parts.items():
            pooled[contractor].workers += part.workers
            pooled[contractor].hours += part.hours
    return list(pooled.values())


def _gives_away(hidden: list[_Cell], rules: DisclosureRules) -> bool:
    """Whether the hidden cells of a column the total closes give something away: what they
    add up to (the total less the shown cells) is one hidden cell's figure, or, pooled, a
    group the primary rules would hide (a contractor knows its own part of every hidden
    cell, and all of a cell hidden for being its alone)."""
    if len(hidden) == 1:
        return True
    return any(cell_suppression(_pooled(side), rules) is not None
               for side in ([cell.parts for cell in hidden],
                            [cell.outside for cell in hidden if cell.outside is not None])
               if side)


def _close(trades: list[_Row], total: _Row, cell_of: Callable[[_Row], _Cell],
           rules: DisclosureRules) -> list[_Row]:
    """One column's secondary suppression (module docstring): the rows it hid."""
    hid: list[_Row] = []
    while trades:
        hidden = [cell_of(row) for row in trades if cell_of(row).why]
        if cell_of(total).why:
            if hidden:  # nothing closes the column
                return hid
        elif not hidden or not _gives_away(hidden, rules):
            return hid
        shown = sorted((row for row in trades if cell_of(row).why is None),
                       key=lambda row: (cell_of(row).units, row.trade))
        row = shown[0] if shown else total
        cell_of(row).why = Suppression.COMPLEMENT
        hid.append(row)
        if row is total:
            return hid
    return hid


def secondary_suppression(trades: list[_Row], total: _Row, keys: list[str],
                          rules: DisclosureRules) -> None:
    """In every column the total row closes, the hidden cells never give one away (module
    docstring): the trade cells first (a trade hidden hides its categories), then each
    category's."""
    for row in _close(trades, total, lambda row: row.cell, rules):
        row.hide()
    for key in keys:
        _close(trades, total, lambda row, key=key: row.categories[key], rules)


def _contractors(project: Project) -> dict[int, int]:
    """Contract -> vendor, for the project's contracts."""
    return dict(project.contracts.values_list("pk", "vendor_id"))


def _workforce_table(project: Project, standard: Standard, rules: DisclosureRules) -> _Table:
    workforce, _unread = project_workforce(project, dt.date.min, dt.date.max)
    frame = workforce.frame
    categories = [category for category, _ in goal_categories(standard)]
    keys = [category.key for category in categories]
    contractor_of = _contractors(project)
    if frame.empty:
        return _Table([], _Row(TOTAL, _Cell(0, Suppression.TOO_FEW_CONTRACTORS), {
            key: _Cell(0, Suppression.COMPLEMENT) for key in keys}), {}, frame, {},
            categories, contractor_of)
    index = standard.version_index_for(frame["period_end"])
    statuses = {category.key: category_status(frame, category, standard, index)
                for category in categories}
    contractor = frame["filer"].map(contractor_of).fillna(-1).astype("int64").to_numpy()
    trades, total = _rows(_workforce_cells(frame, statuses, contractor), keys, rules)
    secondary_suppression(trades, total, keys, rules)
    return _Table(trades, total, distinct_workers(frame, standard), frame, statuses,
                  categories, contractor_of, _hour_units(frame),
                  _trade_key(frame).to_numpy(dtype=object))


# -- what is published ---------------------------------------------------------------------

def _hours(units: int) -> float:
    return round(units / HOURS_SCALE, 1)


def _published_row(row: _Row, table: _Table, label: str) -> dict:
    hidden = gettext(HIDDEN)
    workers = table.workers.get(row.trade, {})
    published = {"trade": label, "hours": None if row.cell.why else _hours(row.cell.units),
                 "workers": None if row.cell.why else workers.get("workers", 0),
                 "suppressed": row.cell.why is not None,
                 "reason": hidden if row.cell.why else None, "categories": []}
    mask = (np.ones(len(table.units), dtype=bool) if row.trade == TOTAL
            else table.trade_keys == row.trade)
    for category in table.categories:
        cell = row.categories[category.key]
        status = table.statuses.get(category.key)
        known = int(table.units[mask & status.known].sum()) if status is not None else 0
        shown = cell.why is None
        published["categories"].append({
            "category": category.key, "label": category.heading.render(gettext),
            "share": float(percent_text(cell.units, known)) if shown and known else None,
            "hours": _hours(cell.units) if shown else None,
            "workers": workers.get(category.key, 0) if shown else None,
            "suppressed": not shown, "reason": None if shown else hidden})
    return published


def _grade(grade) -> dict:
    return {"month": grade.month.isoformat(), "grade": grade.grade,
            "grade_label": str(Grade(grade.grade).label), "recent_grade": grade.recent_grade,
            "recent_grade_label": str(Grade(grade.recent_grade).label),
            "graded_on": timezone.localtime(grade.graded_at).date().isoformat()}


def _last_filing(project: Project) -> str | None:
    last = Submission.objects.filter(contract__project=project, status__in=SIGNED_STATUSES,
                                     attested_at__isnull=False) \
        .aggregate(last=Max("attested_at"))["last"]
    return timezone.localtime(last).date().isoformat() if last else None


def _general_contractor(project: Project) -> str:
    contract = project.contracts.filter(tier=0).select_related("vendor") \
        .order_by("number").first()
    return str(contract.vendor) if contract else ""


def _periods(frame: pd.DataFrame) -> dict | None:
    if frame.empty:
        return None
    days = frame["period_end"]
    return {"first": days.min().date().isoformat(), "last": days.max().date().isoformat()}


def _about(project: Project) -> dict:
    return {"code": project.code, "name": project.name,
            "awarding_agency": project.awarding_agency, "developer": project.developer,
            "general_contractor": _general_contractor(project), "address": project.address,
            "neighbourhood": project.neighbourhood}


def public_projects(jurisdiction: Jurisdiction) -> list[dict]:
    """Every monitored project of the jurisdiction, by name: its current grade (the latest
    grade of the latest graded month) and recent grade, the last six months' grades (oldest
    first), the day of its last signed filing, and its hours and distinct workers where the
    total passes suppression (module docstring)."""
    rules = DisclosureRules.in_force()
    listed = []
    for project in Project.objects.filter(jurisdiction=jurisdiction, monitored=True) \
            .order_by("name", "code"):
        history = grade_history(project, months=TREND_MONTHS)
        standard = project_standard(project)
        table = _workforce_table(project, standard, rules) if standard is not None else None
        total = (_published_row(table.total, table, ALL_TRADES)
                 if table is not None else None)
        hidden = total is None or total["suppressed"]
        listed.append({
            **_about(project),
            "grade": _grade(history[0]) if history else None,
            "trend": [_grade(grade) for grade in reversed(history)],
            "last_filing": _last_filing(project),
            "periods": _periods(table.frame) if table is not None else None,
            "hours": None if hidden else total["hours"],
            "workers": None if hidden else total["workers"],
            "suppressed": hidden, "reason": gettext(HIDDEN) if hidden else None})
    return listed


def public_project(project: Project) -> dict:
    """The project's trade table with its total row, each goal category's share, hours and
    distinct workers, the grade history (newest month first), and the wages paid to the
    target workers where certified payroll was filed; every figure that could identify
    someone hidden (module docstring)."""
    rules = DisclosureRules.in_force()
    standard = project_standard(project)
    history = [_grade(grade) for grade in grade_history(project)]
    about = {**_about(project), "jurisdiction": {"code": project.jurisdiction.code,
                                                 "name": project.jurisdiction.name},
             "grade": history[0] if history else None, "history": history,
             "last_filing": _last_filing(project),
             "rules": {"threshold": rules.threshold, "min_contractors": rules.min_contractors},
             "hidden_reason": gettext(HIDDEN)}
    if standard is None:
        return {**about, "standard": None, "periods": None, "goals": [], "trades": [],
                "total": None, "wages": None}
    table = _workforce_table(project, standard, rules)
    return {**about,
            "standard": {"code": standard.label, "title": standard.title},
            "periods": _periods(table.frame),
            "goals": _goals(standard, table),
            "trades": [_published_row(row, table, row.trade) for row in table.trades],
            "total": _published_row(table.total, table, ALL_TRADES),
            "wages": _wages(project, table, rules)}


def _goals(standard: Standard, table: _Table) -> list[dict]:
    """Each category's goal in force on the last period filed (today without a filing)."""
    day = (table.frame["period_end"].max().date() if len(table.frame)
           else timezone.localdate())
    version = standard.version_on(day)
    position = standard.versions.index(version) if version is not None else None
    return [{"category": category.key, "label": category.heading.render(gettext),
             "goal": (None if position is None or values[position] is None
                      else str(values[position]))}
            for category, values in goal_categories(standard)]


# -- wages ---------------------------------------------------------------------------------

def _members(table: _Table, key: str) -> set[str]:
    """The worker IDs every workforce row of which puts the worker in the category."""
    status = table.statuses.get(key)
    if status is None:
        return set()
    ids = worker_key(table.frame["worker_id"])
    has_id = (ids.notna() & (ids != "")).fillna(False).to_numpy(dtype=bool)
    inside = set(ids[has_id & status.known & status.member])
    outside = set(ids[has_id & ~(status.known & status.member)])
    return inside - outside


def _wages(project: Project, table: _Table, rules: DisclosureRules) -> list[dict] | None:
    """Per goal category, the pay on certified payroll to the workers in it (project
    total); None when no certified payroll was filed."""
    payroll, _unread = project_workforce(project, dt.date.min, dt.date.max,
                                         report_type=CERTIFIED_PAYROLL)
    frame = payroll.frame
    if frame.empty:
        return None
    ids = worker_key(frame["worker_id"])
    rate = pd.to_numeric(frame["hourly_rate"], errors="coerce")
    linked = (ids.notna() & (ids != "") & rate.notna()).fillna(False).to_numpy(dtype=bool)
    hour_units = _hour_units(frame)
    # money units x hour units, exact in int64: a 40-hour line at $100 an hour is 4e11, so a
    # project's sum would need over twenty million such lines to overflow.
    pay = np.where(linked, rate.fillna(0).to_numpy(dtype="int64") * hour_units, 0)
    contractor = frame["filer"].map(table.contractor_of).fillna(-1).astype("int64").to_numpy()
    hidden = gettext(HIDDEN)
    wages = []
    for category in table.categories:
        in_category = linked & ids.isin(_members(table, category.key)).fillna(False) \
            .to_numpy(dtype=bool)
        part = pd.DataFrame({"contractor": contractor[in_category],
                             "identity": ids[in_category].to_numpy(),
                             "units": hour_units[in_category], "pay": pay[in_category]})
        per = part.groupby("contractor").agg(workers=("identity", "nunique"),
                                             units=("units", "sum"), pay=("pay", "sum"))
        by_hours = [Contribution(workers=int(r.workers), hours=r.units / HOURS_SCALE)
                    for r in per.itertuples()]
        # Dominance on pay: each contractor's pay in whole cents (exact as a float).
        by_pay = [Contribution(workers=int(r.workers),
                               hours=float(money.to_cent(int(r.pay), per=HOURS_SCALE)
                                           // money.CENT)) for r in per.itertuples()]
        why = (cell_suppression(by_hours, rules) or cell_suppression(by_pay, rules)
               or table.total.categories[category.key].why)
        total = int(per["pay"].sum())
        wages.append({"category": category.key, "label": category.heading.render(gettext),
                      "wages": None if why else money.number(money.to_cent(total,
                                                                            per=HOURS_SCALE)),
                      "suppressed": why is not None, "reason": hidden if why else None})
    return wages


# -- downloads -----------------------------------------------------------------------------
# Named as in Boston's published "Boston Jobs Policy Compliance Reports" (one row per worker
# and period there), but aggregated: one row per project, or per trade of a project, over its
# filed periods (first_period_ending to period_ending). Never a row per worker.

PROJECT_COLUMNS = ("agency", "compliance_project_name", "project_code", "project_address",
                   "neighborhood", "developer", "general_contractor_name")
SCORECARD_COLUMNS = (*PROJECT_COLUMNS, "first_period_ending", "period_ending", "grade_month",
                     "grade", "recent_grade", "grade_trend", "last_filing_date",
                     "worker_hours_this_period", "workers", "hidden_columns", "hidden_note")
CATEGORY_FIGURES = ("hours_share", "hours", "workers")


def _project_columns(about: dict) -> dict:
    return {"agency": about["awarding_agency"], "compliance_project_name": about["name"],
            "project_code": about["code"], "project_address": about["address"],
            "neighborhood": about["neighbourhood"], "developer": about["developer"],
            "general_contractor_name": about["general_contractor"]}


def _hidden(record: dict, hidden: list[str]) -> dict:
    record["hidden_columns"] = " ".join(hidden)
    record["hidden_note"] = gettext(HIDDEN) if hidden else ""
    return record


def scorecard_rows(projects: list[dict]) -> list[dict]:
    """One row per project (public_projects), keyed by SCORECARD_COLUMNS; a hidden figure is
    None and named in hidden_columns."""
    rows = []
    for project in projects:
        periods, grade = project["periods"] or {}, project["grade"] or {}
        record = {**_project_columns(project),
                  "first_period_ending": periods.get("first"),
                  "period_ending": periods.get("last"), "grade_month": grade.get("month"),
                  "grade": grade.get("grade"), "recent_grade": grade.get("recent_grade"),
                  "grade_trend": "; ".join(f"{g['month']} {g['grade']}"
                                           for g in project["trend"]),
                  "last_filing_date": project["last_filing"],
                  "worker_hours_this_period": project["hours"], "workers": project["workers"]}
        hidden = ["worker_hours_this_period", "workers"] if project["suppressed"] else []
        rows.append(_hidden(record, hidden))
    return rows


def trades_columns(project: dict) -> tuple[str, ...]:
    categories = [goal["category"] for goal in project["goals"]]
    return (*PROJECT_COLUMNS, "trade", "first_period_ending", "period_ending",
            "worker_hours_this_period", "workers",
            *(f"{key}_{figure}" for key in categories for figure in CATEGORY_FIGURES),
            *(f"{key}_wages_paid" for key in categories), "hidden_columns", "hidden_note")


def trades_rows(project: dict) -> list[dict]:
    """One row per trade and one for the whole project (trade "(all trades)"), keyed by
    trades_columns(project); the wages paid to each category's workers on the project's
    row only. A hidden figure is None and named in hidden_columns."""
    periods = project["periods"] or {}
    wages = {entry["category"]: entry for entry in project["wages"] or []}
    rows = []
    for trade in [*project["trades"], *([project["total"]] if project["total"] else [])]:
        record = {**_project_columns(project), "trade": trade["trade"],
                  "first_period_ending": periods.get("first"),
                  "period_ending": periods.get("last"),
                  "worker_hours_this_period": trade["hours"], "workers": trade["workers"]}
        hidden = ["worker_hours_this_period", "workers"] if trade["suppressed"] else []
        for category in trade["categories"]:
            key = category["category"]
            record |= {f"{key}_hours_share": category["share"], f"{key}_hours": category["hours"],
                       f"{key}_workers": category["workers"], f"{key}_wages_paid": None}
            if category["suppressed"]:
                hidden += [f"{key}_{figure}" for figure in CATEGORY_FIGURES]
            if trade is project["total"] and key in wages:
                record[f"{key}_wages_paid"] = wages[key]["wages"]
                if wages[key]["suppressed"]:
                    hidden.append(f"{key}_wages_paid")
        rows.append(_hidden(record, hidden))
    return rows
