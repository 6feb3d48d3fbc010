"""Downloadable report templates (built by imports.templates)."""

from __future__ import annotations

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
