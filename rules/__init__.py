"""The rule engine: standards as dated, cited data and explainable rules. No Django import."""

from rules.check import check_table, check_upload, evaluate_standard
from rules.hiring_goal import hours_shares
from rules.registry import catalogue
from rules.report import CheckReport, render_text
from rules.standards import (
    Standard,
    StandardError,
    get_standard,
    shipped_standards,
    standard_choices,
)
from rules.wage_theft import ConfirmedWageTheftCase, wage_theft_findings

__all__ = [
    "CheckReport",
    "ConfirmedWageTheftCase",
    "Standard",
    "StandardError",
    "catalogue",
    "check_table",
    "check_upload",
    "evaluate_standard",
    "get_standard",
    "hours_shares",
    "render_text",
    "shipped_standards",
    "standard_choices",
    "wage_theft_findings",
]
