"""Downloadable .xlsx templates: one sheet to fill in, one with instructions.

The report sheet has the canonical headers (frozen), two example rows to overwrite, dropdowns
(data validation) for every field with a fixed vocabulary, and text-formatted ZIP cells so a
leading zero survives. Given the classifications of the contract's wage schedule, the
classification column offers them too: from a hidden sheet, because a schedule's titles are far
beyond Excel's 255-character limit for a list written in the rule, and as a warning, because a
classification missing from the schedule is settled by a conformance request, not refused.
A template filled with valid rows imports with zero issues. The headers are the importer's
own English words, or, given `header_language` (a code of imports/languages.toml), that
language's: its headers, and its words in the yes/no, gender and journey/apprentice dropdowns
and examples, all of which the importer reads back. Every other text is in the language of
`translate` (the Django layer passes its gettext).

A workforce plan's template can come with its rows written: every trade, journey and
apprentice, and month of the contract (`trades`, `months`), the hours and shares left for the
contractor to fill in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from imports.i18n import Message, gettext_noop
from imports.report_types import GENDERS, REPORT_TYPES, Field
from imports.report_types import WORKER_CLASSES as WORKER_CLASS_WORDS
from imports.values import YES_NO
from imports.words import languages, words

TEMPLATE_ROWS = 1000  # rows that carry the dropdowns
MAX_CLASSIFICATIONS = 2000
MAX_CLASSIFICATION_LENGTH = 255  # Excel's limit for one dropdown entry
CLASSIFICATION_FIELDS = ("trade", "job_title")
PLAN = "workforce_plan"
MAX_PLAN_TRADES = 500
MAX_PLAN_MONTHS = 120  # ten years of months
SPARE_ROWS = 200  # rows under a prefilled plan that still carry the dropdowns
WORKER_CLASSES = ("journey", "apprentice")
MONTH_FORMAT = "yyyy-mm"
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
    "month": Message("the month, for example 2025-03, 3/2025 or March 2025"),
    "percent": Message("a percent of the row's hours, from 0 to 100, for example 51; leave "
                       "it empty where you commit to no share"),
}
# What to write in a plan's columns, where the kind alone says too little.
PLAN_HELP = {
    "trade": Message("the trade, as the contract's wage schedule names it, for example "
                     "Carpenter"),
    "worker_class": Message("journey or apprentice: one row for each"),
    "estimated_hours": Message("the hours all your workers of this trade and class will "
                               "work in the month, for example 320; write 0 where none are "
                               "planned"),
}
SECOND_EXAMPLE = {"worker": "Worker 0018", "gender": "Man", "person_of_color": "f",
                  "boston_resident": "f", "zip": "02446", "worker_class": "apprentice",
                  "hours": "32", "race": "White", "job_title": "Porter", "worker_id": "1002",
                  "estimated_hours": "160"}


def template_fields(kind) -> list[Field]:
    """The columns a template offers: the report's own, not every name GoodBid reads."""
    return [spec for spec in kind.fields if spec.template]


def _example(spec: Field, second: bool, language: str | None = None) -> object:
    value = SECOND_EXAMPLE.get(spec.name, spec.example) if second else spec.example
    if spec.kind in ("money", "hours", "percent"):
        return float(value)
    if spec.kind == "month":  # "2025-03"
        return _month_end(dt.date(int(value[:4]), int(value[5:7]), 1))
    return value_word(spec, value, language)


# What a yes/no, gender or worker-class value means, and its name in imports/languages.toml.
_MEANINGS = {"yes_no": (YES_NO, {True: "yes", False: "no"}),
             "gender": (GENDERS, {}), "worker_class": (WORKER_CLASS_WORDS, {})}


def value_word(spec: Field, value: str, language: str | None) -> str:
    """A dropdown choice or an example of `spec` ("Woman", "t", "J") as `language` writes it
    (the first of its words for that value); the value itself without a language."""
    if language is None or spec.kind not in _MEANINGS:
        return value
    vocabulary, names = _MEANINGS[spec.kind]
    meanings = {" ".join(words(word)): meaning for word, meaning in vocabulary.items()}
    meaning = meanings[" ".join(words(value))]
    return languages()[language].values[names.get(meaning, meaning)][0]


def _width(text: str) -> int:
    """Columns `text` takes in a spreadsheet: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def plan_rows(trades: Sequence[str], months: Sequence[dt.date]) -> list[tuple]:
    """A plan's rows to fill in: every trade, journey and apprentice, and month (trade, class,
    month's last day), bounded; with trades only or months only, the other is left blank."""
    names = classification_titles(trades)[:MAX_PLAN_TRADES] or [None]
    ends = sorted({_month_end(month) for month in months})[:MAX_PLAN_MONTHS] or [None]
    return [(trade, worker_class, month) for trade in names for worker_class in WORKER_CLASSES
            for month in ends]


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
                   classifications: Sequence[str] = (), *,
                   trades: Sequence[str] = (), months: Sequence[dt.date] = (),
                   header_language: str | None = None) -> bytes:
    """The template of `report_type`; `classifications` are the titles of the contract's
    wage schedule, offered in the classification column's dropdown. A workforce plan's
    template given `trades` and `months` (each month by any of its days; its last day is
    written) has a row for every trade, journey and apprentice, and month instead of the
    two examples. With `header_language` (a code of imports/languages.toml) the headers,
    the dropdowns' choices and the examples are in that language."""
    kind = REPORT_TYPES[report_type]
    if (trades or months) and report_type != PLAN:
        raise ValueError(f"only a {PLAN} template is prefilled with trades and months")
    if header_language is not None and header_language not in languages():
        raise ValueError(f"no header words in {header_language!r}: known are "
                         f"{', '.join(languages())}")
    language = header_language
    titles = classification_titles(classifications)
    classified = classification_field(kind) if titles else None
    columns = template_fields(kind)
    prefilled = plan_rows(trades, months) if (trades or months) else []
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Report"
    bold = Font(bold=True)
    headers = [spec.header(language) for spec in columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    if prefilled:
        given = {"trade": 0, "worker_class": 1, "period_end": 2}
        for row in prefilled:
            sheet.append([(value_word(spec, row[given[spec.name]], language)
                           if spec.name == "worker_class" else row[given[spec.name]])
                          if spec.name in given else None for spec in columns])
    else:
        for second in (False, True):
            sheet.append([_example(spec, second, language) for spec in columns])
    last_row = max(TEMPLATE_ROWS, len(prefilled) + 1 + SPARE_ROWS)
    sheet.freeze_panes = "A2"
    for position, (spec, header) in enumerate(zip(columns, headers, strict=True), start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(14, _width(header) + 4)
        cells = f"{letter}2:{letter}{last_row}"
        if spec.choices:
            choices = [value_word(spec, choice, language) for choice in spec.choices]
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                  allow_blank=not spec.required, showErrorMessage=True,
                                  errorTitle=header,
                                  error=Message("Choose one of: {choices}.",
                                                choices=", ".join(choices))
                                  .render(translate))
            sheet.add_data_validation(rule)
            rule.add(cells)
        if spec is classified:
            _classification_dropdown(workbook, sheet, header, cells, titles, translate,
                                     required=spec.required)
        if spec.kind == "zip":
            for row in range(2, TEMPLATE_ROWS + 1):
                sheet[f"{letter}{row}"].number_format = "@"
        if spec.kind == "month":
            # A month typed as 2025-03 or picked as a date shows as its month.
            for row in range(2, last_row + 1):
                sheet[f"{letter}{row}"].number_format = MONTH_FORMAT
        if spec.kind == "percent":
            rule = DataValidation(type="decimal", operator="between", formula1="0",
                                  formula2="100", allow_blank=True, showErrorMessage=True,
                                  error=Message("Write a percent from 0 to 100, for example "
                                                "{example}.", example=spec.example)
                                  .render(translate))
            sheet.add_data_validation(rule)
            rule.add(cells)
        if spec.kind in ("money", "hours"):
            rule = DataValidation(type="decimal", operator="between", formula1="0",
                                  formula2="1000000", showErrorMessage=True,
                                  error=Message("Write a number, for example {example}.",
                                                example=spec.example).render(translate))
            sheet.add_data_validation(rule)
            rule.add(cells)
    _instructions(workbook.create_sheet(translate(gettext_noop("Instructions")), index=1),
                  kind, translate, classified, prefilled=bool(prefilled), language=language)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _classification_dropdown(workbook: Workbook, sheet, header: str, cells: str,
                             titles: list[str], translate: Callable[[str], str], *,
                             required: bool) -> None:
    listing = workbook.create_sheet(translate(gettext_noop("Classifications")))
    listing.sheet_state = "hidden"  # never read as a report either: the importer skips it
    for row, title in enumerate(titles, start=1):
        cell = listing.cell(row=row, column=1, value=title)
        cell.data_type = "s"  # a title starting with "=" stays text, never a formula
    listing.column_dimensions["A"].width = 60
    rule = DataValidation(
        type="list", formula1=f"{quote_sheetname(listing.title)}!$A$1:$A${len(titles)}",
        allow_blank=not required, showErrorMessage=True, errorStyle="warning",
        errorTitle=header,
        error=Message("A classification not on the contract's wage schedule needs a "
                      "conformance request from the contracting agency.").render(translate))
    sheet.add_data_validation(rule)
    rule.add(cells)


def _instructions(sheet, kind, translate: Callable[[str], str],
                  classified: Field | None = None, *, prefilled: bool = False,
                  language: str | None = None) -> None:
    sheet.append([Message("GoodBid template: {report}",
                          report=Message.marked(kind.label)).render(translate)])
    sheet["A1"].font = Font(bold=True, size=14)
    if kind.code != PLAN:
        sheet.append([Message("Fill in the 'Report' sheet: one row per worker per period. "
                              "Replace the two example rows. Keep the header row as it is "
                              "(GoodBid reads these English column names).")
                      .render(translate)])
    elif prefilled:
        sheet.append([Message("The 'Report' sheet has a row for every trade, journey or "
                              "apprentice, and month of the contract: write the estimated "
                              "hours on each (0 where none are planned) and the shares of "
                              "those hours you commit to. Keep the header row as it is "
                              "(GoodBid reads these English column names).")
                      .render(translate)])
    else:
        sheet.append([Message("Fill in the 'Report' sheet: one row per trade, journey or "
                              "apprentice, and month. Replace the two example rows. Keep the "
                              "header row as it is (GoodBid reads these English column "
                              "names).").render(translate)])
    if language:
        sheet.append([Message("This template's column names are in your language: GoodBid "
                              "reads them as well as the English ones.").render(translate)])
    if kind.code == PLAN:
        sheet.append([Message("Shares are percents of the row's hours, from 0 to 100: write "
                              "51 for 51%. Cells formatted as percents (51%) work too, when "
                              "the whole column is written that way; a number below 1 in a "
                              "column of whole percents is refused as unclear.")
                      .render(translate)])
    sheet.append([Message("Upload the file as it is (.xlsx), or save it as CSV. GoodBid tells "
                          "you row by row what to fix.").render(translate)])
    if classified is not None:
        sheet.append([Message("The '{column}' dropdown lists the classifications of the wage "
                              "schedule named for the contract. A classification not on it "
                              "needs a conformance request from the contracting agency.",
                              column=classified.header(language)).render(translate)])
    sheet.append([])
    sheet.append([translate(text) for text in (
        gettext_noop("Column"), gettext_noop("Required"), gettext_noop("What to write"),
        gettext_noop("Also recognised as"))])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    yes, no = translate(gettext_noop("yes")), translate(gettext_noop("no"))
    for spec in template_fields(kind):
        help_ = PLAN_HELP.get(spec.name, KIND_HELP[spec.kind]) if kind.code == PLAN \
            else KIND_HELP[spec.kind]
        sheet.append([spec.header(language), yes if spec.required else no,
                      help_.render(translate), ", ".join(_also_recognised(spec, language))])
    for letter, width in zip("ABCD", (24, 10, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def _also_recognised(spec: Field, language: str | None) -> list[str]:
    """A few other names GoodBid reads the column by: in a template in `language`, that
    language's others and the English name."""
    if language is None:
        return list(spec.aliases[:5])
    others = dict(spec.headers).get(language, ())[1:]
    return list(dict.fromkeys((*others, spec.label, *spec.aliases)))[:5]
