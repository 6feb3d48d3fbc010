"""The rule engine: standards as dated, cited data and explainable rules. No Django import."""

from rules.check import check_table, check_upload
from rules.registry import catalogue
from rules.report import CheckReport, render_text
from rules.standards import Standard, StandardError, get_standard, shipped_standards

__all__ = [
    "CheckReport",
    "Standard",
    "StandardError",
    "catalogue",
    "check_table",
    "check_upload",
    "get_standard",
    "render_text",
    "shipped_standards",
]
