"""Downloadable report templates (built by imports.templates)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from imports import REPORT_TYPES
from procurement.models import TranslatedDocument
from procurement.services.errors import ServiceError
from procurement.translations import is_machine_draft


def report_template(report_type: str, classifications: Sequence[str] = (),
                    header_language: str | None = None) -> tuple[bytes, str]:
    """The template of `report_type` and its filename; `classifications` (the titles of the
    contract's wage schedule) become the classification column's dropdown. With
    `header_language` (a language code: es, vi, zh-hans...) its headers and the words of its
    dropdowns are in that language."""
    if report_type not in REPORT_TYPES:
        raise ServiceError("template.unknown-report-type",
                           _("No template for '%(type)s'. Known: %(known)s.") % {
                               "type": report_type, "known": ", ".join(REPORT_TYPES)},
                           status=404)
    language = _header_language(header_language)
    from imports.templates import build_template

    return (_draft_noted(build_template(report_type, gettext, classifications,
                                        header_language=language)),
            f"goodbid-{report_type}-report-template.xlsx")


def plan_template(contract, header_language: str | None = None) -> tuple[bytes, str]:
    """A workforce plan template for the contract: a row for each of its trades, journey and
    apprentice, and each month of its term, hours and shares left to fill in; its headers in
    `header_language` when given."""
    from imports.templates import build_template
    from rules.rollup import month_end

    language = _header_language(header_language)
    months, day = [], month_end(contract.starts_on)
    while day <= month_end(contract.ends_on) and len(months) < 120:
        months.append(day)
        day = month_end(day + dt.timedelta(days=1))
    trades = list(contract.trades or [])
    content = (build_template("workforce_plan", gettext, trades=trades, months=months,
                              header_language=language)
               if trades else build_template("workforce_plan", gettext,
                                             header_language=language))
    return _draft_noted(content), f"goodbid-workforce-plan-{contract.number}.xlsx"


def _draft_noted(content: bytes) -> bytes:
    """The template with a first line on its instructions sheet saying they are a machine
    draft, while no reviewer has signed off their translation in the reader's language."""
    if not is_machine_draft(get_language(), TranslatedDocument.TEMPLATE_INSTRUCTIONS):
        return content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[gettext("Instructions")]
    sheet.insert_rows(1)
    sheet["A1"] = _("These instructions are a machine translation the city has not checked "
                    "yet. Download the template in English to read them as written.")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header_language(code: str | None) -> str | None:
    """A template's header language as imports/languages.toml names it ("pt-BR" is pt-br);
    None or blank for English; an unknown code is refused."""
    from imports.words import languages

    if code is None or not code.strip():
        return None
    language = code.strip().lower().replace("_", "-")
    if language not in languages():
        raise ServiceError("template.unknown-language",
                           _("No template headers in '%(language)s'. Known: %(known)s.") % {
                               "language": code, "known": ", ".join(languages())},
                           status=422)
    return language
