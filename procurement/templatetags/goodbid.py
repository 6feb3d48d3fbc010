"""Figures as the reader's language writes them: `{{ amount|money }}`, `{{ day|isodate }}`."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext

from procurement.i18n import money as money_text

register = template.Library()


@register.filter
def money(amount) -> str:
    if amount is None or amount == "":
        return ""
    try:
        return money_text(amount)
    except (ArithmeticError, ValueError):
        return str(amount)


@register.filter
def isodate(value) -> str:
    """A day stored as ISO text ("2024-07-07"), as the language writes it."""
    try:
        return date_format(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _standard(code: str):
    from rules.standards import StandardError, get_standard

    try:
        return get_standard(str(code))
    except StandardError:
        return None


@register.filter
def standard_name(code) -> str:
    """A standard as people name it ("Boston Living Wage"), never its code."""
    standard = _standard(code)
    return gettext(standard.title) if standard else str(code)


@register.filter
def standard_names(codes) -> str:
    return ", ".join(standard_name(code) for code in codes or [])


@register.simple_tag
def standard_version(code, version) -> str:
    """"Boston Living Wage, rate of 2024-07-01": the standard and the version applied."""
    standard = _standard(code)
    if standard is None:
        return f"{code} {version}"
    return gettext("%(standard)s, %(label)s of %(version)s") % {
        "standard": gettext(standard.title), "label": gettext(standard.version_label),
        "version": isodate(version)}


@register.filter
def source_words(source) -> str:
    """A standard's source citation, in the reader's language where it is translated."""
    return gettext(str(source)) if source else ""
