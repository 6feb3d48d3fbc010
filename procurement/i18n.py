"""Reports in the reader's language.

The check runs in a worker, in no one's language: imports/ and rules/ store each sentence in
English together with its msgid and values (imports.i18n). Whoever reads the report (a page,
the API, an export) gets it translated with Django's catalogue for the active language; a
sentence with no translation yet stays English.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dates import MONTHS
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext

from imports.i18n import Message

TEXT_FIELDS = ("message", "hint", "remedy", "expected")
FIGURE_FIELDS = ("observed", "expected")
_MONEY = re.compile(r"^(-?)\$([\d,]+\.\d\d)$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+\.\d+$")


def money(amount: Decimal | str | float | int) -> str:
    """Dollars as the reader's language writes them: $480,000.00, or $480.000,00."""
    value = Decimal(str(amount))
    text = number_format(abs(value), 2, use_l10n=True, force_grouping=True)
    return f"-${text}" if value < 0 else f"${text}"


def _local(value: Any) -> Any:
    """A value a sentence names, in the reader's language: "$1,234.56", "2024-07-07" and
    "17.90" as the language writes money, days and numbers; anything else as it is."""
    if not isinstance(value, str):
        return value
    if found := _MONEY.match(value):
        return money(f"{found[1]}{found[2].replace(',', '')}")
    if _ISO_DAY.match(value):
        try:
            return date_format(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if _NUMBER.match(value):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number_format(number, -number.as_tuple().exponent, use_l10n=True,
                             force_grouping=True)
    return value


# Values a sentence names that are themselves words of a standard's data (its title, what
# one version is called): translated with the catalogue like the sentence.
DATA_WORDS = frozenset({"title", "label"})


# Values a sentence names that are days (as ISO text). Other figures stay as written: a hint
# may quote what to type in the file ("Write it with a decimal point: 18.20").
DAY_WORDS = frozenset({"day", "start", "end", "first", "last", "best", "due", "period_end",
                       "effective_from", "effective_to"})


def _local_param(key: str, value: Any) -> Any:
    if isinstance(value, Message):
        return _local_message(value)
    if not isinstance(value, str) or not value:
        return value
    if key in DATA_WORDS:
        return gettext(value)
    if _MONEY.match(value) or (key in DAY_WORDS and _ISO_DAY.match(value)):
        return _local(value)
    return value


def _local_message(message: Message) -> Message:
    return Message(message.msgid, **{key: _local_param(key, value)
                                     for key, value in message.params.items()})


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def localise(item: dict[str, Any]) -> dict[str, Any]:
    """An issue or finding dict with its sentences in the active language."""
    texts = item.get("i18n") or {}
    if _english():
        return item
    return {**item,
            **{name: _local(item[name]) for name in FIGURE_FIELDS
               if isinstance(item.get(name), str)},
            **{name: _local_message(Message.from_dict(text)).render(gettext)
               for name, text in texts.items() if name in TEXT_FIELDS}}


def localise_all(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return items if _english() else [localise(item) for item in items]


def localise_report(report: dict[str, Any] | None, *,
                    findings_shown: int | None = None) -> dict[str, Any] | None:
    """A stored check report with its issues and its first page of findings in the active
    language. With `findings_shown`, only that many findings; `findings_total` says how many
    there are (procurement.services.findings reads the others a page at a time)."""
    if report is None:
        return None
    findings = report.get("findings", [])  # the first page (procurement.services.findings)
    shown = findings if findings_shown is None else findings[:findings_shown]
    return {**report, "issues": localise_all(report.get("issues", [])),
            "findings": localise_all(shown),
            "findings_total": report.get("findings_total", len(findings))}


def _whole_months(start: dt.date, end: dt.date) -> bool:
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def period_words(start: dt.date | None, end: dt.date) -> str:
    """A reporting period as a person names it: "July 2024", "April–June 2025",
    "30 Jun 2024 – 6 Jul 2024" (in the active language)."""
    if start is None:
        return date_format(end)
    if _whole_months(start, end):
        if (start.year, start.month) == (end.year, end.month):
            return gettext("%(month)s %(year)s") % {"month": MONTHS[end.month],
                                                    "year": end.year}
        if start.year == end.year:
            return gettext("%(first)s–%(last)s %(year)s") % {
                "first": MONTHS[start.month], "last": MONTHS[end.month], "year": end.year}
        return gettext("%(first)s %(first_year)s–%(last)s %(year)s") % {
            "first": MONTHS[start.month], "first_year": start.year,
            "last": MONTHS[end.month], "year": end.year}
    return f"{date_format(start)} – {date_format(end)}"
