"""Cross-vendor aggregates, shown beyond a vendor and its officer (licensing staff, other
offices, the public).

What is published, per trade: the workers and hours (one cell, shown or hidden whole), and per
category (women, people of color, residents) the share of the hours where the category is
known. A share stands for two cells, the hours inside the category and the known hours outside
it: with the trade's hours (nearly always all known) it gives both. No total over trades or
over categories is published, and categories are never crossed with one another.

Who might look: anyone signed in, including every contractor, who knows its own figures
exactly, can file (or correct) reports to change them, and can compare the table before and
after. Worker demographics are personal data and a contractor's hours are its business, so a
cell is published only if, whatever any ONE contractor subtracts, what is left is a group of
several contractors and of enough workers (statistical disclosure control as statistical
agencies practise it; Hundepool et al., "Statistical Disclosure Control", 2012, ch. 4):

1. Contractors: at least GOODBID_MIN_CONTRACTORS (default 3) contractors contribute workers,
   so that taking any one away leaves at least two, and no one learns another's figure by
   subtracting their own.
2. Workers beyond any one contractor: with the contractor of the most workers taken away, at
   least GOODBID_SMALL_CELL_THRESHOLD (default 10) workers remain. A contractor padding its own
   report therefore cannot lift a small group of other people's workers into view; counting
   the whole cell against the threshold is what the padded-report attack defeated.
3. Dominance: with any one contractor's hours taken away, no other single contractor works
   more than GOODBID_DOMINANCE_SHARE (default 0.85) of the hours left. This is the p% rule
   (p = 1/share - 1, about 18%) put as a share; the worst case is the second largest contractor
   estimating the largest, which is the case checked. It also hides a cell in which a padded
   report dominates, since the others could then estimate the padder.

A cell of no workers counts as a small cell: "0% non-residents" says where every worker lives.

Complementary suppression, for this shape: a share is hidden when either of its two cells is
(the complement of a small group is the rest of a known total), and every share of a hidden
trade is hidden. Because no totals are published, a hidden trade cannot be worked out from the
others; if a total over trades or categories is ever added, a second cell must be hidden
whenever exactly one is, in every row and column that total closes (the public scorecard,
procurement.public_scorecard, publishes a project total and does so).

Across time: a contractor comparing the table before and after its own filing learns the
difference, which is its own figures, plus any cell that its filing brought into view; rule 2
and rule 3 are applied to every contractor's removal, so that cell is still a group of others.
Not covered, and left to how the table is released: two contractors pooling what they know,
and a bystander comparing the table before and after someone else's filing.

Every hidden cell gives the same reason, so that a hidden figure does not tell which rule (and
so what about the cell) hid it, and primary and complementary cells look alike."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext, gettext_noop

from procurement.models import SIGNED_STATUSES, EvaluationRun
from rules.evidence import CATEGORIES

FILED = SIGNED_STATUSES  # a report counts once the vendor has signed and submitted it
MIN_CONTRACTORS = 3
DOMINANCE_SHARE = 0.85
HIDDEN = gettext_noop("Hidden: too few workers or contractors to show without identifying "
                      "someone.")


class Suppression(StrEnum):
    """Why a cell is hidden. Kept inside GoodBid (tests, support): published cells all say
    HIDDEN, since the rule that fired tells something about the cell."""

    TOO_FEW_CONTRACTORS = "suppression.too-few-contractors"
    TOO_FEW_WORKERS = "suppression.too-few-workers-beyond-one-contractor"
    DOMINATED = "suppression.one-contractor-dominates"
    COMPLEMENT = "suppression.would-reveal-a-hidden-cell"


@dataclass(frozen=True)
class DisclosureRules:
    threshold: int
    min_contractors: int = MIN_CONTRACTORS
    dominance_share: float = DOMINANCE_SHARE  # a ratio of hours, not money

    def __post_init__(self) -> None:
        if self.threshold < 1 or self.min_contractors < 1 or not 0 < self.dominance_share < 1:
            raise ImproperlyConfigured(
                "Small-cell rules need GOODBID_SMALL_CELL_THRESHOLD >= 1, "
                "GOODBID_MIN_CONTRACTORS >= 1 and 0 < GOODBID_DOMINANCE_SHARE < 1.")

    @classmethod
    def in_force(cls) -> DisclosureRules:
        return cls(threshold=settings.GOODBID_SMALL_CELL_THRESHOLD,
                   min_contractors=getattr(settings, "GOODBID_MIN_CONTRACTORS",
                                           MIN_CONTRACTORS),
                   dominance_share=getattr(settings, "GOODBID_DOMINANCE_SHARE",
                                           DOMINANCE_SHARE))


@dataclass
class Contribution:
    """One contractor's part of one cell over all its filed reports. Hours add up; workers
    count for the contractor's largest single report, since within one contractor the same
    people recur from period to period (so counts err low, which hides more, never less)."""

    workers: int = 0
    hours: float = 0.0

    def add(self, *, workers: int, hours: float) -> None:
        self.workers = max(self.workers, workers)
        self.hours += hours


def cell_suppression(contributions: Iterable[Contribution],
                     rules: DisclosureRules) -> Suppression | None:
    """The primary rule a cell fails, or None when it may be shown (module docstring)."""
    parts = [part for part in contributions if part.workers > 0]
    if len(parts) < rules.min_contractors:
        return Suppression.TOO_FEW_CONTRACTORS
    workers = sum(part.workers for part in parts)
    if workers - max(part.workers for part in parts) < rules.threshold:
        return Suppression.TOO_FEW_WORKERS
    by_hours = sorted((part.hours for part in parts), reverse=True)
    largest, second = (by_hours + [0.0])[:2]
    left_by_second = sum(by_hours) - second
    if largest > rules.dominance_share * left_by_second:
        return Suppression.DOMINATED
    return None


@dataclass
class TradeCells:
    """Per contractor: the trade's cell, and per category the cells inside and outside it."""

    trade: dict[int, Contribution]
    inside: dict[str, dict[int, Contribution]]
    outside: dict[str, dict[int, Contribution]]

    @classmethod
    def empty(cls) -> TradeCells:
        return cls(trade=defaultdict(Contribution),
                   inside=defaultdict(lambda: defaultdict(Contribution)),
                   outside=defaultdict(lambda: defaultdict(Contribution)))


def _trade_cells(jurisdiction_id: int) -> dict[str, TradeCells]:
    runs = EvaluationRun.objects.filter(
        submission__jurisdiction_id=jurisdiction_id, submission__status__in=FILED,
        submission__current_run__isnull=False,
    ).values_list("submission__vendor_id", "evidence", "submission__current_run_id", "pk")
    cells: dict[str, TradeCells] = defaultdict(TradeCells.empty)
    for vendor_id, evidence, current_run_id, run_id in runs:
        if current_run_id != run_id:
            continue
        for trade in (evidence or {}).get("hours_by_trade", []):  # one per trade and report
            cell = cells[trade["trade"]]
            cell.trade[vendor_id].add(workers=trade["workers"], hours=trade["hours"])
            for category, figures in trade["categories"].items():
                # Outside is the known workers not in the category: a missing value is not
                # a "no".
                cell.inside[category][vendor_id].add(workers=figures["workers"],
                                                     hours=figures["hours"])
                cell.outside[category][vendor_id].add(
                    workers=figures["known_workers"] - figures["workers"],
                    hours=figures["known_hours"] - figures["hours"])
    return cells


def _total(cell: dict[int, Contribution]) -> tuple[int, float]:
    return (sum(part.workers for part in cell.values()),
            sum(part.hours for part in cell.values()))


@dataclass(frozen=True)
class TradeVerdict:
    """Why a trade's cell, and each category's share, is hidden (None: shown): the primary
    rules, then the complements (module docstring)."""

    trade: Suppression | None
    categories: dict[str, Suppression | None]


def trade_suppression(cells: TradeCells, rules: DisclosureRules,
                      categories: Iterable[str]) -> TradeVerdict:
    """A share is hidden when its inside or outside cell is; every share of a hidden trade
    is hidden."""
    trade_hidden = cell_suppression(cells.trade.values(), rules)
    return TradeVerdict(trade_hidden, {
        category: (Suppression.COMPLEMENT if trade_hidden else
                   cell_suppression(cells.inside.get(category, {}).values(), rules)
                   or cell_suppression(cells.outside.get(category, {}).values(), rules))
        for category in categories})


def published_trades(cells: dict[str, TradeCells], rules: DisclosureRules,
                     categories: Sequence[tuple[str, str]] = CATEGORIES) -> list[dict]:
    """Workers, hours and the share of hours per category for each trade, the cells that
    could identify someone hidden. `categories`: (key in the cells, label)."""
    hidden = gettext(HIDDEN)
    trades = []
    for name, trade_cells in sorted(cells.items()):
        verdict = trade_suppression(trade_cells, rules, [key for key, _ in categories])
        trade_hidden = verdict.trade
        workers, hours = _total(trade_cells.trade)
        row = {"trade": name, "workers": None if trade_hidden else workers,
               "hours": None if trade_hidden else round(hours, 1),
               "suppressed": trade_hidden is not None,
               "reason": hidden if trade_hidden else None, "categories": []}
        for category, label in categories:
            why = verdict.categories[category]
            inside_hours = _total(trade_cells.inside.get(category, {}))[1]
            known_hours = inside_hours + _total(trade_cells.outside.get(category, {}))[1]
            share = (round(100 * inside_hours / known_hours, 1)
                     if why is None and known_hours else None)
            row["categories"].append({"category": label, "share": share,
                                      "suppressed": why is not None,
                                      "reason": hidden if why else None})
        trades.append(row)
    return trades


def workforce_summary(*, jurisdiction_id: int, rules: DisclosureRules | None = None) -> dict:
    """Workers, hours and the share of hours per category for each trade, over every filed
    report in the jurisdiction, with the cells that could identify someone hidden."""
    rules = DisclosureRules.in_force() if rules is None else rules
    return {"threshold": rules.threshold, "min_contractors": rules.min_contractors,
            "trades": published_trades(_trade_cells(jurisdiction_id), rules)}
