"""Prevailing wage schedules as dated, cited data: a federal wage determination (Davis-Bacon,
as SAM.gov publishes it) or a state schedule (Massachusetts, from GoodBid's CSV template).

A schedule is a set of classifications, each with a base rate (per hour, or per day where the
schedule says so) and fringe benefits (an amount per hour, or a footnoted formula kept
verbatim: "37.885+a+b", with the parts that can be computed). A revision is a new dated
version (a modification), never an edit. Pure Python: no Django.

This module is the shape both readers produce (rules.wage_determinations for the federal
text, rules.state_schedules for the CSV) and the prevailing-wage rule reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal


class ScheduleError(Exception):
    """A schedule's text or CSV could not be read; the message says what and where."""


RatePer = Literal["hour", "day"]
ScheduleKind = Literal["davis-bacon", "massachusetts", "service-contract"]


@dataclass(frozen=True)
class Fringe:
    """Fringe benefits owed per hour: an `amount`, or a `formula` kept verbatim as the
    schedule writes it ("37.885+a+b") with `fixed` (the part that is a figure, 37.885) and
    `parts` (the footnote letters a person must compute, with the footnote's words). A
    formula is flagged for a person to compute, never guessed."""

    amount: Decimal | None = None
    formula: str | None = None
    fixed: Decimal | None = None
    parts: tuple[tuple[str, str], ...] = ()  # (footnote letter, its text)

    @property
    def computable(self) -> bool:
        return self.amount is not None


@dataclass(frozen=True)
class ApprenticeStep:
    """A registered apprentice's step: a share of the journey worker's rate (and of the
    fringe, where the schedule says so)."""

    step: str  # "1", "1st 6 months", as the schedule names it
    percent: Decimal  # of the journey base rate, 0-100
    fringe_percent: Decimal | None = None  # None: the full fringe


@dataclass(frozen=True)
class Classification:
    """One line of a schedule. `title` is the schedule's words, nesting included ("CARPENTER
    (2) Commercial Building"); `key` is its normalised form for matching a payroll's
    classification; `group` the schedule's GROUP number where it has one; `identifier` the
    rate identifier block it sits in (a union's "CARP0213-001", "SUCA2024-001", "UAVG-...")."""

    key: str
    title: str
    base: Decimal
    fringe: Fringe
    per: RatePer = "hour"
    group: str | None = None
    identifier: str | None = None
    identifier_date: dt.date | None = None
    footnotes: tuple[str, ...] = ()  # letters of the footnotes that apply
    apprentice_steps: tuple[ApprenticeStep, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class Modification:
    number: int
    published: dt.date


@dataclass(frozen=True)
class Schedule:
    """A schedule's version: a wage determination at one modification, or a state schedule
    issued for a project (or a contract's anniversary)."""

    kind: ScheduleKind
    number: str  # "CA20250001", or the state's schedule number
    modification: int
    effective_from: dt.date  # the modification's publication date
    source: str  # where it was published (citation)
    title: str = ""
    state: str | None = None
    counties: tuple[str, ...] = ()
    construction_types: tuple[str, ...] = ()
    superseded: str | None = None  # the determination this one supersedes
    modifications: tuple[Modification, ...] = ()
    classifications: tuple[Classification, ...] = ()
    footnotes: dict[str, str] = field(default_factory=dict)  # letter -> text, verbatim
    minimum_wage_notes: tuple[str, ...] = ()  # the Executive Order minimum wage notes
    # Davis-Bacon: cash paid above the base rate counts toward the fringe. Some service
    # contract schedules say otherwise.
    cash_toward_fringe: bool = True

    @property
    def label(self) -> str:
        return f"{self.number} modification {self.modification}"

    def classification(self, key: str) -> Classification | None:
        return next((c for c in self.classifications if c.key == key), None)


MAX_SCHEDULE_BYTES = 2_000_000


def read_schedule(content: bytes, filename: str) -> Schedule:
    """A schedule from a file: a state schedule from GoodBid's CSV template (.csv), else a
    federal wage determination's text as SAM.gov publishes it. Raises ScheduleError."""
    if len(content) > MAX_SCHEDULE_BYTES:
        raise ScheduleError(f"{filename} is {len(content):,} bytes; a schedule is at most "
                            f"{MAX_SCHEDULE_BYTES:,}. Give the determination's text or the "
                            f"schedule's CSV, not a whole document.")
    if filename.lower().endswith(".csv"):
        from rules.state_schedules import parse_state_schedule

        return parse_state_schedule(content)
    from rules.wage_determinations import parse_wage_determination

    return parse_wage_determination(schedule_text(content))


def schedule_text(content: bytes) -> str:
    """A determination's text as given: UTF-8 (a byte-order mark dropped), else Latin-1, as
    older exports of SAM.gov's pages are."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("latin-1")
