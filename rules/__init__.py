"""The rule engine: standards as dated, cited data and explainable rules. No Django import.

Names are loaded when first used (PEP 562), so `rules.cli` starts without pandas."""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "check_table": "rules.check", "check_upload": "rules.check",
    "evaluate_standard": "rules.check", "hours_shares": "rules.hiring_goal",
    "catalogue": "rules.registry", "CheckReport": "rules.report", "render_text": "rules.report",
    "Standard": "rules.standards", "StandardError": "rules.standards",
    "get_standard": "rules.standards", "shipped_standards": "rules.standards",
    "standard_choices": "rules.standards", "ConfirmedWageTheftCase": "rules.wage_theft",
    "wage_theft_findings": "rules.wage_theft",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rules' has no attribute {name!r}")
