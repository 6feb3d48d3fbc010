"""Reports in the reader's language.

The check runs in a worker, in no one's language: imports/ and rules/ store each sentence in
English together with its msgid and values (imports.i18n). Whoever reads the report (a page,
the API, an export) gets it translated with Django's catalogue for the active language; a
sentence with no translation yet stays English.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext

from imports.i18n import Message

TEXT_FIELDS = ("message", "hint", "remedy", "expected")


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def localise(item: dict[str, Any]) -> dict[str, Any]:
    """An issue or finding dict with its sentences in the active language."""
    texts = item.get("i18n") or {}
    if not texts or _english():
        return item
    return {**item, **{name: Message.from_dict(text).render(gettext)
                       for name, text in texts.items() if name in TEXT_FIELDS}}


def localise_all(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return items if _english() else [localise(item) for item in items]


def localise_report(report: dict[str, Any] | None, *,
                    findings_shown: int | None = None) -> dict[str, Any] | None:
    """A stored check report with its issues and findings in the active language. With
    `findings_shown`, only that many findings (a page; the export has them all), and
    `findings_total` says how many there are."""
    if report is None:
        return None
    findings = report.get("findings", [])
    shown = findings if findings_shown is None else findings[:findings_shown]
    return {**report, "issues": localise_all(report.get("issues", [])),
            "findings": localise_all(shown), "findings_total": len(findings)}
