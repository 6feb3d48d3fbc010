"""Downloadable report templates (built by imports.templates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from imports import REPORT_TYPES
from procurement.services.errors import ServiceError


def report_template(report_type: str,
                    classifications: Sequence[str] = ()) -> tuple[bytes, str]:
    """The template of `report_type` and its filename; `classifications` (the titles of the
    contract's wage schedule) become the classification column's dropdown."""
    if report_type not in REPORT_TYPES:
        raise ServiceError("template.unknown-report-type",
                           _("No template for '%(type)s'. Known: %(known)s.") % {
                               "type": report_type, "known": ", ".join(REPORT_TYPES)},
                           status=404)
    from imports.templates import build_template

    return (build_template(report_type, gettext, classifications),
            f"goodbid-{report_type}-report-template.xlsx")


def plan_template(contract) -> tuple[bytes, str]:
    """A workforce plan template for the contract: a row for each of its trades, journey and
    apprentice, and each month of its term, hours and shares left to fill in."""
    from imports.templates import build_template
    from rules.rollup import month_end

    months, day = [], month_end(contract.starts_on)
    while day <= month_end(contract.ends_on) and len(months) < 120:
        months.append(day)
        day = month_end(day + dt.timedelta(days=1))
    trades = list(contract.trades or [])
    content = (build_template("workforce_plan", gettext, trades=trades, months=months)
               if trades else build_template("workforce_plan", gettext))
    return content, f"goodbid-workforce-plan-{contract.number}.xlsx"
