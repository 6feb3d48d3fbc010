"""Downloadable .xlsx templates: one sheet to fill in, one with instructions.

The report sheet has the canonical headers (frozen), two example rows to overwrite, dropdowns
(data validation) for every field with a fixed vocabulary, and text-formatted ZIP cells so a
leading zero survives. Given the classifications of the contract's wage schedule, the
classification column offers them too: from a hidden sheet, because a schedule's titles are far
beyond Excel's 255-character limit for a list written in the rule, and as a warning, because a
classification missing from the schedule is settled by a conformance request, not refused.
A template filled with valid rows imports with zero issues. The headers are the importer's
own words and stay English; every other text is in the language of `translate` (the Django
layer passes its gettext).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from imports.i18n import Message, gettext_noop
from imports.report_types import REPORT_TYPES, Field

TEMPLATE_ROWS = 1000  # rows that carry the dropdowns
MAX_CLASSIFICATIONS = 2000
MAX_CLASSIFICATION_LENGTH = 255  # Excel's limit for one dropdown entry
CLASSIFICATION_FIELDS = ("trade", "job_title")
KIND_HELP = {
    "text": Message("text"),
    "money": Message("dollars and cents, for example 18.20 (no $ needed)"),
    "hours": Message("hours as a number, for example 37.5"),
    "date": Message("a date, for example 2024-07-07 or 7/7/2024"),
    "yes_no": Message("t or f (yes or no); leave empty only if not known"),
    "gender": Message("Woman, Man or Non-binary; leave empty only if not known"),
    "worker_class": Message("journey or apprentice"),
    "zip": Message("the worker's five-digit home ZIP code, for example 02119"),
    "id": Message("the worker's number in your payroll (never a full Social Security "
                  "number)"),
    "line": Message("the kind of pay: Regular, Overtime, Double time, Holiday, PTO, Sick, "
                    "Bonus or Tips"),
    "date_range": Message("the period's first and last day, for example 07/01/2024 - "
                          "07/07/2024"),
}
SECOND_EXAMPLE = {"worker": "Worker 0018", "gender": "Man", "person_of_color": "f",
                  "boston_resident": "f", "zip": "02446", "worker_class": "apprentice",
                  "hours": "32", "race": "White", "job_title": "Porter"}


def template_fields(kind) -> list[Field]:
    """The columns a template offers: the report's own, not every name GoodBid reads."""
    return [spec for spec in kind.fields if spec.template]


def _example(spec: Field, second: bool) -> object:
    value = SECOND_EXAMPLE.get(spec.name, spec.example) if second else spec.example
    if spec.kind in ("money", "hours"):
        return float(value)
    return value


def classification_titles(classifications: Sequence[str]) -> list[str]:
    """The titles a dropdown can offer: stripped, without blanks, characters a workbook cannot
    hold or repeats, in the schedule's order, each and all bounded."""
    titles: dict[str, None] = {}
    for title in classifications:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(title)).strip()
        text = text[:MAX_CLASSIFICATION_LENGTH].rstrip()
        if text:
            titles.setdefault(text)
        if len(titles) == MAX_CLASSIFICATIONS:
            break
    return list(titles)


def classification_field(kind) -> Field | None:
    """The template column that names a worker's classification, if the report has one."""
    return next((spec for name in CLASSIFICATION_FIELDS for spec in template_fields(kind)
                 if spec.name == name), None)


def build_template(report_type: str,
                   translate: Callable[[str], str] = gettext_noop,
                   classifications: Sequence[str] = ()) -> bytes:
    """The template of `report_type`; `classifications` are the titles of the contract's
    wage schedule, offered in the classification column's dropdown."""
    kind = REPORT_TYPES[report_type]
    titles = classification_titles(classifications)
    classified = classification_field(kind) if titles else None
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Report"
    bold = Font(bold=True)
    sheet.append([spec.label for spec in template_fields(kind)])
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    for second in (False, True):
        sheet.append([_example(spec, second) for spec in template_fields(kind)])
    sheet.freeze_panes = "A2"
    for position, spec in enumerate(template_fields(kind), start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(14, len(spec.label) + 4)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
        if spec.choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(spec.choices) + '"',
                                  allow_blank=not spec.required, showErrorMessage=True,
                                  errorTitle=spec.label,
                                  error=Message("Choose one of: {choices}.",
                                                choices=", ".join(spec.choices))
                                  .render(translate))
            sheet.add_data_validation(rule)
            rule.add(cells)
        if spec is classified:
            _classification_dropdown(workbook, sheet, spec, cells, titles, translate)
        if spec.kind == "zip":
            for row in range(2, TEMPLATE_ROWS + 1):
                sheet[f"{letter}{row}"].number_format = "@"
        if spec.kind in ("money", "hours"):
            rule = DataValidation(type="decimal", operator="between", formula1="0",
                                  formula2="1000000", showErrorMessage=True,
                                  error=Message("Write a number, for example {example}.",
                                                example=spec.example).render(translate))
            sheet.add_data_validation(rule)
            rule.add(cells)
    _instructions(workbook.create_sheet(translate(gettext_noop("Instructions")), index=1),
                  kind, translate, classified)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _classification_dropdown(workbook: Workbook, sheet, spec: Field, cells: str,
                             titles: list[str], translate: Callable[[str], str]) -> None:
    listing = workbook.create_sheet(translate(gettext_noop("Classifications")))
    listing.sheet_state = "hidden"  # never read as a report either: the importer skips it
    for row, title in enumerate(titles, start=1):
        cell = listing.cell(row=row, column=1, value=title)
        cell.data_type = "s"  # a title starting with "=" stays text, never a formula
    listing.column_dimensions["A"].width = 60
    rule = DataValidation(
        type="list", formula1=f"{quote_sheetname(listing.title)}!$A$1:$A${len(titles)}",
        allow_blank=not spec.required, showErrorMessage=True, errorStyle="warning",
        errorTitle=spec.label,
        error=Message("A classification not on the contract's wage schedule needs a "
                      "conformance request from the contracting agency.").render(translate))
    sheet.add_data_validation(rule)
    rule.add(cells)


def _instructions(sheet, kind, translate: Callable[[str], str],
                  classified: Field | None = None) -> None:
    sheet.append([Message("GoodBid template: {report}",
                          report=Message.marked(kind.label)).render(translate)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([Message("Fill in the 'Report' sheet: one row per worker per period. Replace "
                          "the two example rows. Keep the header row as it is (GoodBid reads "
                          "these English column names).").render(translate)])
    sheet.append([Message("Upload the file as it is (.xlsx), or save it as CSV. GoodBid tells "
                          "you row by row what to fix.").render(translate)])
    if classified is not None:
        sheet.append([Message("The '{column}' dropdown lists the classifications of the wage "
                              "schedule named for the contract. A classification not on it "
                              "needs a conformance request from the contracting agency.",
                              column=classified.label).render(translate)])
    sheet.append([])
    sheet.append([translate(text) for text in (
        gettext_noop("Column"), gettext_noop("Required"), gettext_noop("What to write"),
        gettext_noop("Also recognised as"))])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    yes, no = translate(gettext_noop("yes")), translate(gettext_noop("no"))
    for spec in template_fields(kind):
        sheet.append([spec.label, yes if spec.required else no,
                      KIND_HELP[spec.kind].render(translate), ", ".join(spec.aliases[:5])])
    for letter, width in zip("ABCD", (24, 10, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
