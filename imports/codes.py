"""What each kind of problem in a file is called where a vendor reads it.

Codes stay stable for programs (the API, the exports' Code column); people read a title.
A code with no title here (a new one) is shown under `UNTITLED`, never as the code.
"""

from __future__ import annotations

from imports.i18n import gettext_noop

UNTITLED = gettext_noop("Other problems in these rows")

ISSUE_TITLES = {
    "import.unsupported-format": gettext_noop("A kind of file GoodBid cannot read"),
    "import.unreadable-workbook": gettext_noop("A workbook that could not be opened"),
    "import.unreadable-csv": gettext_noop("A text file that could not be read"),
    "import.damaged-file": gettext_noop("A damaged file"),
    "import.encrypted-workbook": gettext_noop("A workbook locked with a password"),
    "import.strict-ooxml": gettext_noop("A workbook saved as “Strict Open XML”"),
    "import.xml-spreadsheet": gettext_noop("An old XML spreadsheet"),
    "import.xml-entities": gettext_noop("A file with unsafe content"),
    "import.web-page": gettext_noop("A web page, not a spreadsheet"),
    "import.pdf": gettext_noop("A PDF, not a spreadsheet"),
    "import.picture": gettext_noop("A picture, not a spreadsheet"),
    "import.empty-file": gettext_noop("An empty file"),
    "import.file-too-large": gettext_noop("A file too large to check"),
    "import.too-large-uncompressed": gettext_noop("A file too large to check"),
    "import.sheet-too-large": gettext_noop("A sheet too large to check"),
    "import.too-complex": gettext_noop("A file too complex to check"),
    "import.no-sheet": gettext_noop("No sheet with a report"),
    "import.sheet-chosen": gettext_noop("The sheet GoodBid read"),
    "import.no-rows": gettext_noop("No rows to check"),
    "import.missing-column": gettext_noop("Columns GoodBid needs and could not find"),
    "import.missing-value": gettext_noop("Cells left empty"),
    "import.not-a-number": gettext_noop("Cells that should hold a number"),
    "import.negative-number": gettext_noop("Numbers below zero"),
    "import.not-a-date": gettext_noop("Cells that should hold a date"),
    "import.ambiguous-dates": gettext_noop("Dates that could be read two ways"),
    "import.not-yes-no": gettext_noop("Cells that should say yes or no"),
    "import.unknown-gender": gettext_noop("Gender written in a way GoodBid does not know"),
    "import.unknown-worker-class": gettext_noop("Journey worker or apprentice not clear"),
    "import.unknown-earning-type": gettext_noop("Kinds of pay GoodBid does not know"),
    "import.invalid-zip": gettext_noop("ZIP codes that are not valid"),
    "import.zip-leading-zero-restored": gettext_noop("ZIP codes missing their leading zero"),
    "import.decimal-comma": gettext_noop("Numbers written with a comma"),
    "import.decimal-comma-read": gettext_noop("Numbers written with a comma"),
    "import.cell-too-long": gettext_noop("Cells with too much text"),
    "import.extra-cells": gettext_noop("Rows with more cells than headers"),
    "import.unbalanced-quote": gettext_noop("A quotation mark left open"),
    "import.duplicate-row": gettext_noop("Rows given twice"),
    "import.totals-row-excluded": gettext_noop("Total rows left out"),
    "import.too-many-hours": gettext_noop("More hours than a period can hold"),
    "import.too-many-hours-in-a-day": gettext_noop("More hours than a day can hold"),
    "import.more-than-a-week": gettext_noop("Pay periods longer than a week"),
    "import.no-hourly-rate": gettext_noop("Rows without an hourly rate"),
    "import.no-period": gettext_noop("Which pay period the file covers"),
    "import.full-ssn": gettext_noop("Full Social Security numbers"),
    "standard.no-version-in-force": gettext_noop("Pay periods with no rate on file"),
    "standard.report-type-unavailable": gettext_noop("A report GoodBid cannot check yet"),
    "period.outside": gettext_noop("Rows outside the reporting period"),
    "prevailing-wage.unlisted-classification": gettext_noop(
        "Classifications not on the wage schedule"),
    "prevailing-wage.no-classification": gettext_noop("No labor classification given"),
    "prevailing-wage.no-schedule": gettext_noop("No prevailing wage schedule named yet"),
}


def issue_title(code: str) -> str:
    """The title a person reads for an issue code (a msgid: translate it where shown)."""
    return ISSUE_TITLES.get(code, UNTITLED)
