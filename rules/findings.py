"""Findings: what a rule concluded, with everything needed to explain it years later."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from imports.i18n import Message, english, gettext_noop

FindingSeverity = Literal["violation", "shortfall", "notice"]
# The severities' words, for pages to translate (`{% translate finding.severity %}`).
SEVERITY_WORDS = (gettext_noop("violation"), gettext_noop("shortfall"), gettext_noop("notice"))
ROWS_LISTED = 100
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)  # slots: a report can hold a hundred thousand
class Finding:
    code: str
    rule: str
    rule_version: str
    standard: str
    standard_version: str
    source: str
    severity: FindingSeverity
    scope: dict[str, str]
    observed: str
    expected: str | Message  # a figure, or a phrase around one ("more than 2")
    unit: str
    rows: list[int]
    row_count: int
    message: str | Message  # a Message becomes its English text; i18n keeps the msgid
    remedy: str | Message
    figures: dict[str, str] = field(default_factory=dict)
    i18n: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        english(self, ("message", "remedy", "expected"))

    def to_dict(self) -> dict[str, Any]:
        # Field by field, not asdict: its deep copy was most of the time a report with
        # hundreds of thousands of entries took to build. Nothing mutates the values.
        return {f.name: getattr(self, f.name) for f in fields(self)}


# A finding's figures that are money owed to the worker: the back pay, and the overtime
# premium owed on an underpaid rate.
OWED_FIGURES = ("back_pay", "overtime_back_pay")


def owed_cents(figures: dict[str, Any]) -> int:
    """What a finding owes its worker, back pay and overtime premium together, in cents."""
    return sum(round(float(figures.get(name) or 0) * 100) for name in OWED_FIGURES)


def rows_sample(rows: list[int]) -> tuple[list[int], int]:
    ordered = sorted(rows)
    return ordered[:ROWS_LISTED], len(ordered)


def usd(amount: Decimal) -> str:
    """Money as the decimal string the report uses: 18.2 -> '18.20'."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def usd_text(amount: Decimal) -> str:
    return f"${amount.quantize(CENT, rounding=ROUND_HALF_UP):,}"


def cents_number(cents: int) -> str:
    """Whole cents as the report's decimal string: 1820 -> '18.20'.

    Exact: below 2**53 / 100 cents, cents / 100 is within far less than half a cent of the
    true amount, so formatting it to two decimals gives the true digits.
    """
    return f"{cents / 100:.2f}"


def cents_text(cents: int) -> str:
    """Whole cents for a sentence: 123456 -> '$1,234.56'."""
    return f"${cents / 100:,.2f}" if cents >= 0 else f"-${-cents / 100:,.2f}"
