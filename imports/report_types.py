"""Report types: the fields a report holds, the names vendors give them, and reading a table
into them.

`import_table` finds the table (any visible sheet, the header on any of the first rows, over
one or several rows), recognises the payroll system's layout, reads the facts written above
the table (the pay period, the employer), places every column (imports.table), and reads the
rows into pay lines: an earnings line as a row ("Regular", "Overtime", the "S" and "O" lines
of a WH-347 with the name merged over both) or as a group of columns ("OT Hours", "OT Rate")
becomes one line per kind of pay, so straight time and overtime are never mixed. Every value
is parsed vectorised, and every problem is an issue in the vendor's coordinates. Structure
problems (no table, a required column missing, no pay period, no worker rows) stop the import;
value problems flag the row and the rest goes on. A missing demographic stays missing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd

from imports.codes import Code
from imports.columns import column_letter
from imports.facts import Fact, FactReader, dates_in_filename
from imports.i18n import Message, gettext_noop
from imports.issues import ImportRejected, Issue, IssueLog
from imports.layouts import LINE_ORDERS, Layout, get_layout, layouts
from imports.money import from_dollars
from imports.reader import RawTable
from imports.regex import portable
from imports.table import (
    CONTENT_SAMPLE,
    HEADER_SEARCH_ROWS,
    Column,
    FieldNames,
    HeaderReader,
    Meaning,
    Table,
    combined_header,
    contents,
    day_columns,
    field_names,
    find_table,
    fits,
)
from imports.values import (
    TEXT,
    YES_NO,
    ChoiceParse,
    as_boolean,
    as_text,
    parse_choice,
    parse_date,
    parse_date_range,
    parse_month,
    parse_number,
    parse_percent,
    parse_zip,
    slash_date_parts,
)
from imports.words import Vocabulary, contains, languages, vocabulary, words

FieldKind = Literal["text", "id", "money", "hours", "date", "date_range", "yes_no", "gender",
                    "worker_class", "zip", "line", "month", "percent"]

# A gender and a worker's class as vendors write them in English; the words of every other
# language follow, from imports/languages.toml.
GENDERS = {"man": "man", "male": "man", "m": "man", "woman": "woman", "female": "woman",
           "f": "woman", "w": "woman", "nonbinary": "nonbinary", "non-binary": "nonbinary",
           "nb": "nonbinary", "x": "nonbinary", "genderqueer": "nonbinary",
           **{word: gender for language in languages().values()
              for gender in ("woman", "man", "nonbinary")
              for word in language.values[gender]}}
WORKER_CLASSES = {"journey": "journey", "journeyman": "journey", "journeyworker": "journey",
                  "journeylevel": "journey", "journey level": "journey", "j": "journey",
                  "jw": "journey", "jm": "journey", "mechanic": "journey",
                  "apprentice": "apprentice", "a": "apprentice", "ra": "apprentice",
                  "registeredapprentice": "apprentice", "registered apprentice": "apprentice",
                  "app": "apprentice", "appr": "apprentice", "trainee": "apprentice",
                  # An "Apprentice" yes/no column.
                  "y": "apprentice", "yes": "apprentice", "t": "apprentice",
                  "true": "apprentice", "n": "journey", "no": "journey", "f": "journey",
                  "false": "journey",
                  # WH-347: "RA" with the apprentice's level of progression ("RA 2").
                  **{f"ra{level}": "apprentice" for level in range(1, 10)},
                  **{f"ra {level}": "apprentice" for level in range(1, 10)},
                  **{f"apprentice{level}": "apprentice" for level in range(1, 10)},
                  **{f"apprentice {level}": "apprentice" for level in range(1, 10)},
                  # Every language's journey and apprentice, and its yes and no in an
                  # "Apprentice" column ("Aprendiz: Sí").
                  **{word: worker_class for language in languages().values()
                     for worker_class, words_ in (
                         ("journey", (*language.values["journey"], *language.values["no"])),
                         ("apprentice", (*language.values["apprentice"],
                                         *language.values["yes"])))
                     for word in words_}}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind
    required: bool
    aliases: tuple[str, ...]
    example: str = ""
    choices: tuple[str, ...] = ()  # offered in the template's dropdown
    # A required field another can stand in for: a worker's name by its last-name column or
    # ID, an hourly rate by earnings, a period end by a period column or the title rows.
    stand_ins: tuple[str, ...] = ()
    template: bool = True  # a column of the downloadable template
    # A column headed or filled with Social Security numbers (even their last four, shared by
    # many workers) is never this field.
    refuses_ssn: bool = False
    # The header words of each language of imports/languages.toml, (code, words): the first
    # is the template's header in that language. They are aliases too (after the English).
    headers: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def header(self, language: str | None = None) -> str:
        """The field's header in `language` (a template's), the English label without one."""
        words_ = dict(self.headers).get(language, ()) if language else ()
        return words_[0] if words_ else self.label


@dataclass(frozen=True)
class ReportType:
    code: str
    label: str
    fields: tuple[Field, ...]
    earnings_lines: bool = False  # read earnings lines (wage and certified payroll)
    # Fields that name one row: two rows alike in all of them are the same row twice (an
    # error: which one holds?). Reports of workers use their own duplicate check instead.
    unique_by: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def has(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    def field_for_header(self, header: object) -> Field | None:
        meaning = header_reader(self).meaning(header)
        return self.field(meaning.field) if meaning and meaning.field else None


def _in_languages(report_type: ReportType) -> ReportType:
    """The report type with its fields' header words in every language of
    imports/languages.toml, as aliases after the English ones (Spanish first, as the file
    orders them)."""
    fields = []
    for spec in report_type.fields:
        headers = tuple((code, words_) for code, language in languages().items()
                        if (words_ := language.headers(report_type.code, spec.name)))
        known = {spec.label, *spec.aliases}
        translated = dict.fromkeys(word for _, words_ in headers for word in words_
                                   if word not in known)
        fields.append(replace(spec, aliases=(*spec.aliases, *translated), headers=headers))
    return replace(report_type, fields=tuple(fields))


WORKER = Field("worker", "Worker", "text", True,
               ("Worker name", "Employee", "Employee name", "Name", "Full name",
                "Payroll name", "Associate name", "Team member", "Staff", "Staff member",
                "Name and individual identifying number of worker",
                "Name and individual identifying number (e.g., last four digits of social "
                "security number) of worker",
                "Name, address and social security number of employee",
                "Employee information", "Employee name and address"),
               "Ana Lopez", stand_ins=("last_name", "worker_id"))
LAST_NAME = Field("last_name", "Last name", "text", False,
                  ("Surname", "Family name", "Employee last name", "Worker last name",
                   "1B Last name"), "Lopez", template=False)
FIRST_NAME = Field("first_name", "First name", "text", False,
                   ("Given name", "Employee first name", "Worker first name", "1C First name"),
                   "Ana", template=False)
MIDDLE_INITIAL = Field("middle_initial", "Middle initial", "text", False,
                       ("MI", "Middle name", "Worker middle initial", "1D Middle initial"), "M",
                       template=False)
WORKER_ID = Field("worker_id", "Employee ID", "id", False,
                  ("Employee number", "Employee no", "Employee #", "Emp ID", "Emp #", "Emp no",
                   "File #", "File number", "File no", "Associate ID", "Payroll ID",
                   "Worker ID", "ID", "Badge", "Badge number", "Clock number", "Employee code",
                   "Worker identifying no", "Worker identifying number",
                   "1E Worker identifying no", "Identifying number", "Last 4 of SSN",
                   "SSN last 4"), "1001", template=False)
EARNING_TYPE = Field("earning_type", "Earnings type", "line", False,
                     ("Earnings", "Earning", "Earnings code", "Earning code", "Earnings codes",
                      "Earnings description", "Earning description", "Pay type", "Pay code",
                      "Pay item", "Payroll item", "Earnings type", "Hours type", "Time type",
                      "Type", "Description", "Item", "OT or ST", "OT. or ST.", "ST/OT", "O/S",
                      "S/O", "ST = straight time OT = overtime", "Straight time or overtime"),
                     "Regular", template=False)
HOURS = Field("hours", "Hours", "hours", True,
              ("Hours worked", "Total hours", "Hrs", "Hours this period", "Total paid hours",
               "Paid hours", "Payable hours", "Actual hours", "Worked hours",
               "Total hours worked", "Total hours worked for the week",
               "5 Total hours worked for the week", "Duration", "Length"),
              "40", stand_ins=("hours:group",))
HOURLY_RATE = Field("hourly_rate", "Hourly rate", "money", True,
                    ("Rate of pay", "Base rate", "Rate", "Pay rate", "Hourly wage", "Wage rate",
                     "Hourly pay", "Wage", "Hourly rate paid", "Hourly wage rate paid",
                     "Hourly wage rate paid for ST and OT", "6A Hourly wage rate paid",
                     "Straight time rate", "ST rate"), "18.20",
                    stand_ins=("amount", "rate:group", "amount:group"))
AMOUNT = Field("amount", "Earnings", "money", False,
               ("Amount", "Earnings amount", "Current amount", "Current", "Total pay",
                "Gross pay", "Gross earnings", "Gross", "Gross wages", "Total wages", "Wages",
                "Gross amount earned", "Gross amount earned this project",
                "7A Gross amount earned", "Gross amt earned", "Project gross wages",
                "Total labor cost", "Labor cost", "Estimated wages", "Pay"), "728.00",
               template=False)
PERIOD_END = Field("period_end", "Pay period end", "date", True,
                   ("Pay period ending", "Period end", "Period ending", "Week ending",
                    "Week end", "W/E", "WE date", "Pay period end date", "Period end date",
                    "Period ending date", "Week ending date", "Week end date",
                    "Payroll end date", "Pay end date", "End date", "For week ending",
                    "Work week ending"),
                   "2024-07-07", stand_ins=("pay_period",))
PERIOD_START = Field("period_start", "Pay period start", "date", False,
                     ("Period start", "Period beginning", "Period begin", "Period start date",
                      "Period beginning date", "Pay period start", "Pay period begin",
                      "Payroll start date", "Week beginning", "Start date"), "2024-07-01",
                     template=False)
PAY_PERIOD = Field("pay_period", "Pay period", "date_range", False,
                   ("Period", "Time period", "Pay period dates", "Payroll period",
                    "Date range"), "07/01/2024 - 07/07/2024",
                   template=False)
WORK_DATE = Field("work_date", "Date worked", "date", False,
                  ("Date", "Work date", "Shift date", "Clock in date", "Clockin date",
                   "Date worked", "Day", "Activity date", "Time in date"), "2024-07-03",
                  template=False)
PAY_DATE = Field("pay_date", "Pay date", "date", False,
                 ("Check date", "Paid on", "Payment date", "Pay day"),
                 "2024-07-12", template=False)
JOB_TITLE = Field("job_title", "Job title", "text", False,
                  ("Title", "Position", "Job", "Occupation", "Role", "Job name",
                   "Classification", "Work classification", "Labor classification",
                   "Craft", "Trade", "3 Labor classification"), "Custodian")

WAGE_REPORT = _in_languages(ReportType(
    code="wage",
    label=gettext_noop("Service-contract wage report"),
    fields=(WORKER, JOB_TITLE, HOURLY_RATE, HOURS, PERIOD_END, LAST_NAME, FIRST_NAME,
            MIDDLE_INITIAL, WORKER_ID, EARNING_TYPE, AMOUNT, PERIOD_START, PAY_PERIOD,
            WORK_DATE, PAY_DATE),
    earnings_lines=True,
))

# Boston publishes its Residents Jobs Policy compliance data in two layouts (POLICY.md §2):
# current `period_ending, gender, person_of_color, boston_resident,
# worker_hours_this_period`, older `DateEntered, SEX, MINOR, RESIDENT, TotalHours`.
WORKFORCE_REPORT = _in_languages(ReportType(
    code="workforce",
    label=gettext_noop("Construction workforce report"),
    fields=(
        Field("period_end", "Period ending", "date", True,
              ("period_ending", "DateEntered", "Week ending", "Period end", "W/E",
               "Week end", "Pay period end", "Reporting period end", "Week ending date",
               "Period ending date"),
              "2024-07-07"),
        Field("trade", "Trade", "text", True,
              ("Craft", "Classification", "Trade/Craft", "Labor classification",
               "Work classification"), "Carpenter"),
        Field("hours", "Hours", "hours", True,
              ("worker_hours_this_period", "TotalHours", "Hours worked", "Work hours",
               "Total hours", "Hours this period"), "40"),
        Field("worker", "Worker", "text", False,
              ("Worker name", "Employee", "Employee name", "Name"),
              "Worker 0017"),
        # The contractor's own number for the worker: a worker two contractors report is
        # counted once (rules.rollup). Never the last four of an SSN: those are not unique.
        Field("worker_id", "Worker ID", "id", False,
              ("Employee ID", "Employee number", "Employee no", "Employee #", "Emp ID",
               "Emp #", "Emp no", "Worker number", "Worker no", "Worker #",
               "Worker identifying no.", "Worker identifying number", "Identifying number",
               "Payroll ID", "Badge number", "File number", "ID"), "1001", refuses_ssn=True),
        Field("worker_class", "Journey or apprentice", "worker_class", False,
              ("Journey/Apprentice", "Worker class", "Apprentice", "Level",
               "Journeyworker or apprentice", "J/A"), "journey", ("journey", "apprentice")),
        Field("gender", "Gender", "gender", False,
              ("SEX", "Sex", "Gender identity", "Gender (M/F)"),
              "Woman", ("Woman", "Man", "Non-binary")),
        Field("person_of_color", "Person of color", "yes_no", False,
              ("person_of_color", "MINOR", "Minority", "POC", "People of color",
               "Minority (Y/N)"), "t", ("t", "f")),
        Field("race", "Race", "text", False,
              ("Race_Desc", "Race/Ethnicity", "Ethnicity", "Race or ethnicity"), "Black"),
        Field("boston_resident", "Boston resident", "yes_no", False,
              ("boston_resident", "RESIDENT", "Resident", "City resident"), "t", ("t", "f")),
        Field("zip", "Home ZIP", "zip", False,
              ("Zip", "Zip code", "Residence Zip Code", "Home zip code", "Postal code"),
              "02119"),
        Field("project", "Project", "text", False,
              ("compliance_project_name", "ProjectName", "Project name"),
              "Dorchester Library Renovation"),
        Field("contractor", "Subcontractor", "text", False,
              ("subcontractor", "SubContractor", "Contractor", "Employer", "Company"),
              "Sparks Electric LLC"),
        Field("general_contractor", "General contractor", "text", False,
              ("general_contractor_name", "GeneralContractor", "GC"), "Beacon Builders Inc."),
    ),
))

# U.S. DOL certified payroll, form WH-347: the 2025 revision (1A-9) and the earlier form
# (name and ID in one column, classification, "O"/"S" lines, total hours, rate, gross).
CERTIFIED_PAYROLL = _in_languages(ReportType(
    code="certified_payroll",
    label=gettext_noop("Certified payroll (WH-347)"),
    fields=(
        Field("worker", "Worker name", "text", True,
              ("Worker", *(a for a in WORKER.aliases if a != "Worker name")), "Lopez, Ana M",
              stand_ins=("last_name", "worker_id")),
        LAST_NAME, FIRST_NAME, MIDDLE_INITIAL,
        Field("worker_id", "Worker identifying no.", "id", False,
              tuple(a for a in WORKER_ID.aliases if a != "Worker identifying no"), "6789"),
        Field("worker_class", "Journeyworker or registered apprentice", "worker_class", False,
              ("2 Journeyworker / Registered Apprentice", "Journeyworker / Registered "
               "Apprentice", "(J) Journeyworker (RA) Registerd Apprentice",
               "(J) Journeyworker (RA) Registered Apprentice", "J/RA", "J or RA",
               "Journey/Apprentice", "Journeyworker or apprentice"), "J", ("J", "RA")),
        Field("trade", "Labor classification", "text", True,
              ("3 Labor classification", "Work classification", "Classification", "Craft",
               "Trade", "Labor class", "Job classification",
               # A building-service contractor's payroll names the classification as a job.
               "Job title", "Position"), "Carpenter"),
        EARNING_TYPE,
        Field("hours", "Total hours worked for the week", "hours", True,
              ("5 Total hours worked for the week", "Total hours", "Hours",
               "Total hours worked", "Project hours", "Hours worked"), "40",
              stand_ins=("hours:group",)),
        Field("hourly_rate", "Hourly wage rate paid", "money", True,
              ("6A Hourly wage rate paid", "Hourly wage rate paid for ST and OT",
               "Hourly wage rate paid (ST)", "Straight time rate", "ST rate", "Rate of pay",
               "Hourly rate", "Rate", "Hourly base wage", "Base rate", "Pay rate"),
              "45.00", stand_ins=("amount", "rate:group", "amount:group")),
        Field("fringe", "Total fringe benefit credit", "money", False,
              ("6B Total fringe benefit credit", "Fringe benefits", "Fringe",
               "Fringe benefit credit"), "12.40"),
        Field("amount", "Gross amount earned (this project)", "money", False,
              ("7A Gross amount earned (this project)", "Gross amount earned", "Gross",
               "Gross amt earned", "Gross amount earned this project", "Project gross wages",
               "Gross pay", "Gross wages"), "1800.00"),
        Field("period_end", "Week ending date", "date", True,
              ("Week ending", "W/E", "Period ending", "Pay period end", "Week end date",
               "Week ending date", "Work week ending", "For week ending"), "2025-03-09",
              stand_ins=("pay_period",)),
        PERIOD_START, PAY_PERIOD, WORK_DATE, PAY_DATE,
    ),
    earnings_lines=True,
))

# What a general contractor or subcontractor files at award: per trade, journey or apprentice,
# and month, the hours it expects and the shares of them it commits to (imports.plans). The
# month is kept as its last day, `period_end`, so the plan lines up with the periods filed.
WORKFORCE_PLAN = _in_languages(ReportType(
    code="workforce_plan",
    label=gettext_noop("Workforce plan"),
    fields=(
        Field("trade", "Trade", "text", True,
              ("Craft", "Classification", "Trade/Craft", "Labor classification",
               "Work classification", "Trade name"), "Carpenter"),
        Field("worker_class", "Journey or apprentice", "worker_class", True,
              ("Journey/Apprentice", "Worker class", "Apprentice", "Level",
               "Journeyworker or apprentice", "J/A", "Class"), "journey",
              ("journey", "apprentice")),
        Field("period_end", "Month", "month", True,
              ("Plan month", "Planned month", "Month planned", "Work month", "Month of work",
               "Month ending", "Period", "Period ending"), "2025-03"),
        Field("estimated_hours", "Estimated hours", "hours", True,
              ("Hours", "Planned hours", "Projected hours", "Estimated work hours",
               "Estimated labor hours", "Hours planned", "Total hours", "Labor hours",
               "Work hours"), "320"),
        Field("residents_share", "Residents share (%)", "percent", False,
              ("Residents share", "Resident share", "Residents", "Residents %", "% Residents",
               "Resident hours %", "% Resident hours", "Boston residents",
               "Boston residents %", "City residents %", "Local residents %"), "51"),
        Field("people_of_color_share", "People of color share (%)", "percent", False,
              ("People of color share", "People of color", "People of color %",
               "% People of color", "Person of color share", "POC share", "POC %", "% POC",
               "POC", "Minority share", "Minority %", "% Minority"), "40"),
        Field("women_share", "Women share (%)", "percent", False,
              ("Women share", "Women", "Women %", "% Women", "Woman share", "Female share",
               "Female %", "% Female"), "12"),
    ),
    unique_by=("trade", "worker_class", "period_end"),
))

REPORT_TYPES: dict[str, ReportType] = {
    t.code: t for t in (WAGE_REPORT, WORKFORCE_REPORT, CERTIFIED_PAYROLL, WORKFORCE_PLAN)}

# Fields that say who a line is about, carried down a block of lines (a name merged over a
# WH-347's two lines, a name written once above its earnings lines).
IDENTITY = ("worker", "last_name", "first_name", "middle_initial", "worker_id")
CARRIED = (*IDENTITY, "job_title", "trade", "worker_class", "period_end", "period_start",
           "pay_period")
FIGURES = ("hours", "hourly_rate", "amount")
MEASURE_FIELD = {"hours": "hours", "rate": "hourly_rate", "amount": "amount"}


@cache
def _names(report_type: ReportType) -> tuple[FieldNames, ...]:
    """The names of the report type's fields, read once: 13 languages' words besides English."""
    return tuple(field_names(f.name, f.kind, f.label, f.aliases) for f in report_type.fields)


@cache
def _first_words(report_type: ReportType) -> frozenset[str]:
    return frozenset(phrase[0] for names in _names(report_type) for phrase in names.phrases)


def header_reader(report_type: ReportType, layout: Layout | None = None,
                  mapping: dict[str, str] | None = None) -> HeaderReader:
    vocab = vocabulary()
    if layout is not None:
        vocab = vocab.with_additions({"earnings": layout.earnings, "facts": layout.facts})
    reader = _ReportHeaderReader(list(_names(report_type)), vocab, mapping=mapping,
                                 layout_columns=dict(layout.columns) if layout else None,
                                 earnings=report_type.earnings_lines)
    reader.refusing_ssn = {f.name for f in report_type.fields if f.refuses_ssn}
    reader.first_words = _first_words(report_type)
    return reader


# A header naming a Social Security number, or a cell holding a masked one.
_SSN_WORDS = (("ssn",), ("ss", "#"), ("social", "security"), ("soc", "sec"),
              ("seguro", "social"), ("ssa",), ("ssno",), ("ss", "no"))
_MASKED_SSN = portable(r"(?i)\s*(?:x{3}|\*{3}|#{3})-?(?:x{2}|\*{2}|#{2})-?\d{4}\s*")


class _ReportHeaderReader(HeaderReader):
    """The report type's header reader: a header naming an SSN is never a field that refuses
    one, whoever placed it there (a layout, the vendor's own match)."""

    refusing_ssn: frozenset[str] | set[str] = frozenset()
    first_words: frozenset[str] = frozenset()  # the first word of every name of every field

    def _meaning(self, text: str) -> Meaning | None:
        meaning = super()._meaning(text)
        if meaning is not None and meaning.field in self.refusing_ssn:
            tokens = words(text)
            if any(contains(tokens, ssn) for ssn in _SSN_WORDS):
                return None
        return meaning

    def _by_words(self, tokens: tuple[str, ...]) -> Meaning | None:
        # Most texts of the rows searched for the header are values ("Ana Lopez", "40"): one
        # set test tells that no name of any field, in any language, is in them before the
        # scan of every name.
        if self.first_words.isdisjoint(tokens):
            return None
        return super()._by_words(tokens)


def _refuse_ssn_contents(table: Table, report_type: ReportType) -> None:
    """A column placed as a field that refuses SSNs whose cells are mostly masked SSNs
    ('xxx-xx-1234') is no such column, whatever its header says."""
    refusing = {f.name for f in report_type.fields if f.refuses_ssn}
    if not refusing:
        return
    body = table.raw.cells.iloc[table.first_data:table.first_data + CONTENT_SAMPLE]
    for column in table.columns:
        if column.meaning is None or column.meaning.field not in refusing:
            continue
        cells = as_text(body[column.position])
        cells = cells[cells != ""]
        if len(cells) and cells.str.fullmatch(_MASKED_SSN).mean() >= 0.5:
            column.meaning = None


@dataclass(frozen=True)
class ColumnRef:
    header: str
    letter: str


@dataclass
class ImportResult:
    """A validated report: `frame` holds the accepted lines, one column per canonical field
    (all-missing where the vendor's file has no such column), plus `row`, the row number the
    vendor sees in Excel. For wage and certified payroll reports a row of the file can give
    several lines (its straight time and its overtime), each with its `earning_type`."""

    report_type: str
    sheet: str | None
    header_row: int
    columns: dict[str, ColumnRef]
    frame: pd.DataFrame
    rows_read: int
    issues: IssueLog = field(default_factory=IssueLog)
    layout: Layout | None = None
    facts: list[Fact] = field(default_factory=list)
    unchecked_rows: set[int] = field(default_factory=set)  # read, but nothing to check them by

    accepted_rows: set[int] | None = None  # rows read and not refused (None: the frame's)

    @property
    def rows_accepted(self) -> int:
        rows = self.accepted_rows if self.accepted_rows is not None else (
            set(self.frame["row"].tolist()) if len(self.frame) else set())
        return len(rows - self.unchecked_rows)


# -- finding the table --------------------------------------------------------------------

def _normalised_mapping(report_type: ReportType, mapping: dict[str, str] | None
                        ) -> dict[str, str]:
    names = {f.name for f in report_type.fields}
    return {header: name for header, name in (mapping or {}).items()
            if (name in names or name == "ignore" or name.count(":") == 1)
            and words(header)}


def _detect_layout(raw: RawTable, report_type: ReportType) -> Layout | None:
    """The layout whose identifying headers one of the first rows of a sheet holds best."""
    best, best_score = None, 0
    candidates = [layout for layout in layouts()
                  if set(layout.report_types) & {report_type.code, *_READS_AS[report_type.code]}]
    if not candidates:
        return None
    for sheet in raw.sheets:
        searched = min(HEADER_SEARCH_ROWS, len(sheet.cells))
        rows = [combined_header(sheet, index, 1) for index in range(searched)]
        for index, texts in enumerate(rows):
            if sum(1 for t in texts if t) < 2:
                continue
            pairs = [texts] + ([combined_header(sheet, index, 2)]
                               if index + 1 < searched else [])
            above = [t for r in rows[max(0, index - 12):index] for t in r if t]
            for header in pairs:
                for layout in candidates:
                    score = layout.identifying_score(header, above)
                    if score > best_score:
                        best, best_score = layout, score
    return best


# A wage standard reads payroll, timesheets and certified payroll alike: their layouts serve.
_READS_AS = {"wage": ("certified_payroll",), "certified_payroll": ("wage",), "workforce": (),
             "workforce_plan": ()}


def locate(raw: RawTable, report_type: ReportType, mapping: dict[str, str] | None = None,
           layout: Layout | None = None) -> Table | None:
    """The best table of any visible sheet, with its columns placed."""
    normalised = _normalised_mapping(report_type, mapping)
    chosen = layout if layout is not None else _detect_layout(raw, report_type)
    reader = header_reader(report_type, chosen, normalised)
    tables = [t for t in (find_table(sheet, reader) for sheet in raw.sheets) if t is not None]
    if not tables:
        return None
    def fitness(table: Table) -> tuple[int, float]:
        return (-len(_missing(report_type, table.by_key(), has_period_fact=True)), table.score)

    best = max(tables, key=fitness)
    best.layout = chosen
    best.alternatives = [t for t in tables if t is not best and not _missing(
        report_type, t.by_key(), has_period_fact=True)]
    _check_contents(best, report_type, reader)
    _refuse_ssn_contents(best, report_type)
    return best


def _check_contents(table: Table, report_type: ReportType, reader: HeaderReader) -> None:
    """What a column holds overrules a header placed by its words alone, and finds the
    earnings-line column a header does not name (the unlabelled O/S column of a WH-347)."""
    body = table.raw.cells.iloc[table.first_data:]
    lookup = reader.vocabulary.earning_lookup
    kinds = {f.name: f.kind for f in report_type.fields}
    for column in table.columns:
        meaning = column.meaning
        if meaning is None or meaning.trust >= 3:
            continue  # a header the vendor, the layout or the report type names says so
        held = contents(body[column.position], lookup)
        kind = kinds.get(meaning.field) if meaning.field else None
        if not fits(meaning, kind, held):
            # "Earnings" of dollar amounts is the amount, not the earnings-line column.
            if meaning.field == "earning_type" and held.numbers >= 0.5:
                column.meaning = Meaning(field="amount", trust=1)
            else:
                column.meaning = None
    if not report_type.earnings_lines or "earning_type" in table.by_key():
        return
    for column in table.columns:
        if column.meaning is not None and column.meaning.trust >= 3:
            continue
        held = contents(body[column.position], lookup)
        if held.filled >= 2 and held.earnings >= 0.6:
            column.meaning = Meaning(field="earning_type", trust=1)
            return
    # A column with no header at all holding "S"/"O" or "ST"/"OT".
    placed = {c.position for c in table.columns}
    for position in range(table.raw.cells.shape[1]):
        if position in placed:
            continue
        held = contents(body[position], lookup)
        if held.filled >= 2 and held.earnings >= 0.8:
            table.columns.append(Column(position, "", column_letter(table.raw.first_col
                                                                    + position),
                                        Meaning(field="earning_type", trust=1)))
            return


def _missing(report_type: ReportType, placed: dict[str, Column], *, has_period_fact: bool
             ) -> list[Field]:
    # Only the groups of pay by the hour stand in for an hourly rate or hours: tips or a
    # bonus column never make a rate.
    hourly = {kind.code for kind in vocabulary().earnings if kind.multiplier is not None}
    groups = {key.split(":")[1] for key in placed
              if ":" in key and key.split(":")[0] in hourly}
    missing = []
    for spec in report_type.fields:
        if not spec.required or spec.name in placed:
            continue
        stand_ins = set(spec.stand_ins)
        if stand_ins & set(placed):
            continue
        if any(s.endswith(":group") and s.split(":")[0] in groups for s in stand_ins):
            continue
        if spec.name == "period_end" and spec.kind == "date" and has_period_fact:
            continue  # a plan's month is never a pay period written above the table
        missing.append(spec)
    return missing


# -- the import ---------------------------------------------------------------------------

def import_table(raw: RawTable, report_type_code: str,
                 mapping: dict[str, str] | None = None, *, layout: str | Layout | None = None,
                 period_end: dt.date | None = None) -> ImportResult:
    """Validate `raw` as a report of `report_type_code`. `mapping` is the vendor's own
    {header text: field name}, which wins over every built-in name; `layout` forces a
    payroll system's layout (its code); `period_end` is the pay period's last day as the
    vendor gave it, for a file that does not say."""
    report_type = REPORT_TYPES[report_type_code]
    refuse_full_ssn(raw)
    forced = get_layout(layout) if isinstance(layout, str) else layout
    table = locate(raw, report_type, mapping, forced)
    if table is None:
        raise ImportRejected([_missing_column_issue(raw, report_type, f, -1,
                                                    raw.hidden_sheets)
                              for f in report_type.fields if f.required])
    try:
        return _Import(raw, table, report_type, period_end).run()
    except ImportRejected as rejection:
        rejection.layout = table.layout
        raise


class _Import:
    """One import of one table: the state the steps share."""

    def __init__(self, workbook: RawTable, table: Table, report_type: ReportType,
                 period_end: dt.date | None) -> None:
        self.workbook, self.table, self.report_type = workbook, table, report_type
        self.raw = table.raw
        self.given_period_end = period_end
        self.vocabulary = vocabulary()
        if table.layout is not None:
            self.vocabulary = self.vocabulary.with_additions(
                {"earnings": table.layout.earnings, "facts": table.layout.facts})
        self.placed = table.by_key()
        layout = table.layout
        self.line_order = LINE_ORDERS.get(layout.lines) if layout and layout.lines else None
        self.person = None
        self.day_hours = None

    # The steps, in order.
    def run(self) -> ImportResult:
        table, raw = self.table, self.raw
        body = raw.cells.iloc[table.first_data:].reset_index(drop=True)
        rows = pd.Series(np.arange(len(body)) + raw.first_row + table.first_data,
                         dtype="int64")
        self.text = {key: as_text(body[column.position]) for key, column in
                     self.placed.items()}
        self.notices = IssueLog()
        self.notices.extend(raw.notes)
        self.decimal_comma, self.day_first = self._locale(body)
        facts = FactReader(self.vocabulary, day_first=self.day_first)
        self.facts = facts.read(raw, range(0, max(table.header_index, 0)), source="title")
        if self.given_period_end is not None:
            self.facts = [f for f in self.facts if f.name not in ("period_end",
                                                                   "period_start")]
            self.facts.append(Fact("period_end", self.given_period_end.isoformat(),
                                   self.given_period_end.isoformat(), None, None, None,
                                   "given"))
        self._ids_from_name_cells()
        if self.table.layout is not None and self.table.layout.line_hours == "days":
            self._hours_from_days(body)
        keep = self._rows_to_read(body, facts)
        missing = _missing(self.report_type, self.placed,
                           has_period_fact=any(f.name == "period_end" for f in self.facts))
        if missing:
            self._refuse_missing(missing)
        body, rows = body[keep].reset_index(drop=True), rows[keep].reset_index(drop=True)
        self.text = {k: v[keep].reset_index(drop=True) for k, v in self.text.items()}
        self.section_period = self.section_period[keep].reset_index(drop=True) \
            if self.section_period is not None else None
        if self.day_hours is not None:
            self.day_hours = self.day_hours[keep].reset_index(drop=True)
        if not len(body):
            raise ImportRejected([self._no_rows_issue()])
        self._carry_down()
        out = _Collector(raw, rows, self.notices)
        if raw.file_kind == "csv":
            _flag_extra_cells(raw, table.header_index, table.depth,
                              max(c.position for c in self.placed.values()), rows, out)
        self._flag_other_sheets(out)
        values = self._parse(body, out)
        self.period_ends = values.get("period_end")
        self._add_extra_columns(body, values, out)
        frame = self._lines(values, rows, out)
        if frame.empty:
            raise ImportRejected([self._no_rows_issue()])
        self._flag_hours(frame, out)
        _flag_duplicates(frame, self.report_type, self._refs(), out)
        _flag_repeated_keys(frame, self.report_type, self._refs(), out)
        _flag_long_days(raw, combined_header(raw, table.header_index, table.depth),
                        {c.position for c in self.placed.values()}, table.first_data,
                        rows, out)
        # Rows read: the rows that are lines (not a name above its lines, not a row of taxes).
        not_pay = getattr(self, "not_pay_rows", set()) | set(rows[self.lender].tolist())
        accepted_rows = set(rows[~out.rejected].tolist()) - not_pay
        accepted = frame["row"].isin(accepted_rows).to_numpy()
        if not accepted.all():  # a copy of a large frame only when a row is refused
            frame = frame[accepted].reset_index(drop=True)
        return ImportResult(
            report_type=self.report_type.code, sheet=raw.sheet,
            header_row=table.header_row, columns=self._refs(), frame=frame,
            rows_read=len(rows) - len(not_pay), issues=out.issues, layout=table.layout,
            facts=self.facts,
            unchecked_rows=out.unchecked_rows, accepted_rows=accepted_rows)

    def _refs(self) -> dict[str, ColumnRef]:
        return {key: ColumnRef(column.header, column.letter)
                for key, column in self.placed.items()}

    # -- structure ------------------------------------------------------------------------
    def _refuse_missing(self, missing: list[Field]) -> None:
        issues = []
        for spec in missing:
            if spec.name == "period_end" and spec.kind == "date":
                issues.append(_no_period_issue(self.raw, self.report_type, self.table))
            else:
                issues.append(_missing_column_issue(self.raw, self.report_type, spec,
                                                    self.table.header_index,
                                                    self.workbook.hidden_sheets))
        raise ImportRejected(issues)

    def _no_rows_issue(self) -> Issue:
        row = self.table.header_row
        return Issue(code=Code.NO_ROWS, severity="error", sheet=self.raw.sheet, row=row,
                     message=Code.NO_ROWS.message(row=row), hint=Code.NO_ROWS.hint())

    def _locale(self, body: pd.DataFrame) -> tuple[bool, bool]:
        """Whether the file writes the decimal comma, and the day before the month: only when
        its own values settle it, with one notice that says so."""
        numbers = {f.name for f in self.report_type.fields
                   if f.kind in ("money", "hours", "percent")}
        numeric = [key for key in self.placed
                   if key in numbers or key.split(":")[-1] in ("hours", "rate", "amount")]
        sample = pd.concat([self.text[k].head(2000) for k in numeric]) if numeric \
            else pd.Series([], dtype=object)
        sample = sample[sample != ""].astype(TEXT)
        comma = sample.str.fullmatch(_COMMA_DECIMAL)
        dot = sample.str.fullmatch(_DOT_DECIMAL)
        decimal_comma = bool(comma.any()) and not bool(dot.any()) and (
            self.raw.delimiter in (";", "\t") or self.raw.file_kind != "csv")
        if decimal_comma:
            self.notices.add(Issue(
                code=Code.DECIMAL_COMMA_READ, severity="warning", sheet=self.raw.sheet,
                message=Code.DECIMAL_COMMA_READ.message(example=str(sample[comma].iloc[0])),
                hint=Code.DECIMAL_COMMA_READ.hint()))
        dates = [key for key in ("period_end", "period_start", "work_date", "pay_date",
                                 "pay_period") if key in self.placed]
        parts = pd.concat([slash_date_parts(self.text[k].head(5000)) for k in dates]) \
            if dates else pd.DataFrame(columns=["first", "second"])
        day_first_seen = bool((parts["first"] > 12).any())
        month_first_seen = bool((parts["second"] > 12).any())
        if day_first_seen and not month_first_seen:
            return decimal_comma, True
        if month_first_seen or parts.empty:
            return decimal_comma, False
        ambiguous = bool((parts["first"] != parts["second"]).any())
        if decimal_comma:
            return True, True
        foreign = any(key in self.placed and _not_english(self.placed[key].header)
                      for key in dates)
        if ambiguous and foreign:
            self.notices.add(Issue(
                code=Code.AMBIGUOUS_DATES, severity="warning", sheet=self.raw.sheet,
                message=Code.AMBIGUOUS_DATES.message(
                    example=f"{int(parts['first'].iloc[0]):02d}/"
                            f"{int(parts['second'].iloc[0]):02d}"),
                hint=Code.AMBIGUOUS_DATES.hint()))
        return decimal_comma, False

    # -- rows -----------------------------------------------------------------------------
    def _rows_to_read(self, body: pd.DataFrame, facts: FactReader) -> np.ndarray:
        """Rows that are lines: not blank, not a totals row, not a separator, not the header
        again, not a section row (whose period applies to the rows after it)."""
        n = len(body)
        self.block = np.zeros(n, dtype=np.int64)
        text = self.text
        filled = np.zeros(n, dtype=bool)
        for values in text.values():
            filled |= (values != "").to_numpy()
        figures = self._figures_mask()
        written = filled.copy()  # a placed cell holds something
        filled |= figures
        totals = np.zeros(n, dtype=bool)
        first_text = as_text(body.iloc[:, 0]) if body.shape[1] else pd.Series([""] * n)
        for values in [text[key] for key in (*IDENTITY, "earning_type", "job_title", "trade")
                       if key in text] + [first_text]:
            totals |= _matches(values, _TOTAL, "total")
        # A row of dashes: its first column is looked at first, the rest only where it is one.
        separators = written.copy()
        for values in text.values():
            if not separators.any():
                break
            separators[separators] = values[separators].astype(TEXT) \
                .str.fullmatch(r"[-=_*. \t\n\r\f\v]*").fillna(True).to_numpy(dtype=bool)
        repeated = np.zeros(n, dtype=int)
        for key, column in self.placed.items():
            if column.header:
                repeated += (text[key] == column.header).to_numpy()
        repeated_header = repeated >= min(2, len(self.placed))
        # Section rows: a row with no figures whose first cells read as a labelled fact.
        self.section_period = None
        candidates = np.flatnonzero(filled & ~figures & ~totals & ~repeated_header)[:2000]
        sections = np.zeros(n, dtype=bool)
        starts: dict[int, str] = {}
        for index in candidates.tolist():
            found = facts.read(_one_row(self.raw, body, index), range(0, 1), source="section")
            periods = [f for f in found if f.name == "period_end"]
            if found and all(f.name in ("period_end", "period_start", "pay_date", "employer",
                                        "project", "contract", "payroll_number")
                             for f in found):
                sections[index] = True
                if periods:
                    starts[index] = periods[-1].value
                    section_row = self.table.first_data + self.raw.first_row + index
                    self.facts.extend(Fact(f.name, f.value, f.text, f.sheet, section_row,
                                           f.column_letter, "section") for f in found)
        if starts:
            marks = pd.Series(np.nan, index=range(n), dtype=object)
            for index, value in starts.items():
                marks.iloc[index] = value
            self.section_period = marks.ffill()
        if totals.any():
            first = int(np.flatnonzero(totals)[0])
            row = int(self.table.first_data + self.raw.first_row + first)
            self.notices.add(Issue(
                code=Code.TOTALS_ROW_EXCLUDED, severity="warning", sheet=self.raw.sheet,
                row=row, message=Code.TOTALS_ROW_EXCLUDED.message(row=row),
                hint=Code.TOTALS_ROW_EXCLUDED.hint()),
                count=int(totals.sum()))
        not_pay = np.zeros(n, dtype=bool)
        if "earning_type" in text:
            # Gross Pay, taxes, deductions and Net Pay lines of a register's block.
            kinds = earning_kinds(text["earning_type"], self.vocabulary)
            codes = {k.code for k in self.vocabulary.earnings if not k.pay}
            not_pay = kinds.isin(codes).to_numpy()
        breaks = totals | separators | repeated_header | sections
        named = np.zeros(n, dtype=bool)
        for key in IDENTITY:
            if key in text:
                named |= (text[key] != "").to_numpy()
        # A row naming no one and giving no figure (an empty overtime line, a job-title line
        # under a name) is not a line; with no column of names, every filled row may be.
        someone = named | figures if any(k in text for k in IDENTITY) else filled
        keep = filled & someone & ~breaks & ~not_pay
        # Which block (between totals, separators and section rows) each kept row is in:
        # a name is never carried across a break.
        self.block = np.cumsum(breaks)[keep]
        return keep

    def _figures_mask(self) -> np.ndarray:
        n = len(next(iter(self.text.values()))) if self.text else len(self.block)
        mask = np.zeros(n, dtype=bool)
        if self.day_hours is not None and len(self.day_hours) == n:
            mask |= self.day_hours.notna().to_numpy()
        for key in self.placed:
            if key in FIGURES or key.split(":")[-1] in ("hours", "rate", "amount"):
                mask |= (self.text[key] != "").to_numpy()
        return mask

    def _carry_down(self) -> None:
        """A name merged over an entry's lines (the WH-347's O and S lines) or written once
        above its earnings lines is read on every line of the worker's block; an ID written
        on a line of its own under the name ('ID: 147') is the block's ID; a row that only
        names a worker for the lines below it is not a line itself."""
        n = len(self.block)
        self.lender = np.zeros(n, dtype=bool)
        names = [k for k in ("worker", "last_name", "first_name", "middle_initial")
                 if k in self.text]
        # Only where a worker is expected on several lines (earnings lines, shifts): in a
        # report of one row per worker, a row without a name is a missing name.
        several = bool({"earning_type", "work_date"} & set(self.placed)) or \
            self._ids_moved or bool(self.line_order)
        if not names or not several:
            if names:
                self._skip_lone_names(self._figures_mask())
            return
        named = np.zeros(n, dtype=bool)
        for key in names:
            named |= (self.text[key] != "").to_numpy()
        # A worker's block: a named row and the unnamed rows after it, within a block.
        person = pd.Series(np.cumsum(named) + self.block * (n + 1))
        self.person = person
        starts = pd.Series(named).groupby(person).transform("any").to_numpy()
        ids = self.text.get("worker_id")
        if ids is not None:
            blank = ids == ""
            first_id = ids.where(~blank).groupby(person).transform("first").fillna("")
            # A line with an ID of its own that is not the block's is someone else's.
            stranger = (~blank & (ids != first_id)).to_numpy() & ~named
        else:
            stranger = np.zeros(n, dtype=bool)
        inherit = starts & ~named & ~stranger
        for key in (k for k in CARRIED if k in self.text):
            values = self.text[key]
            first = values.where(values != "").groupby(person).transform("first").fillna("")
            fill = (values == "").to_numpy() & (inherit | (key == "worker_id") & starts)
            self.text[key] = values.where(~fill, first)
        figures = self._figures_mask()
        size = person.map(person.value_counts()).to_numpy()
        self.lender = named & ~figures & (size > 1)
        if ids is not None:
            # A row with only the block's ID ('ID: 147' under the name) lent it; no line.
            self.lender |= ~named & ~figures & (ids != "").to_numpy()
        self._skip_lone_names(figures)

    def _skip_lone_names(self, figures: np.ndarray) -> None:
        """A row whose one filled cell is a name and which has no figure (a job title under a
        name, a group heading) is not a line: not reported, not counted."""
        filled = sum((values != "").to_numpy().astype(int) for values in self.text.values())
        names = np.zeros(len(filled), dtype=bool)
        for key in ("worker", "last_name"):
            if key in self.text:
                names |= (self.text[key] != "").to_numpy()
        self.lender |= (filled == 1) & names & ~figures

    _ID_CELL = portable(r"(?i)^\s*(?:id|emp(?:loyee)?\s*(?:id|#|no\.?|number|code)|"
                        r"file\s*(?:#|no\.?|"
                r"number)|associate\s*id|payroll\s*id|badge)\s*[:#]?\s*([A-Za-z0-9-]+)\s*$")
    _NOTE_CELL = portable(r"(?i)^\s*(?:dept|department|ssn|soc\.?\s*sec|rate|hire\s*date|status|"
                  r"title|location|address|phone|class|division|branch|job)\b\s*[:#].*$")

    def _ids_from_name_cells(self) -> None:
        """Paychex-style blocks write 'ID: 147' and 'Dept: 100' in the name column under the
        name: the first is the worker's ID, the second no name at all."""
        self._ids_moved = False
        if "worker" not in self.text:
            return
        names = self.text["worker"].astype(TEXT)
        labelled = names.str.contains(":|#|(?i)^ *id ", regex=True).fillna(False) \
            .to_numpy(dtype=bool)
        if not labelled.any():
            return
        found = pd.Series(np.nan, index=names.index, dtype=TEXT)
        found[labelled] = names[labelled].str.extract(self._ID_CELL)[0]
        notes = names.str.match(self._NOTE_CELL).fillna(False).to_numpy(dtype=bool)
        has_id = found.notna().to_numpy()
        if not (has_id.any() or notes.any()):
            return
        self._ids_moved = bool(has_id.any())
        if "worker_id" not in self.text:
            self.text["worker_id"] = pd.Series("", index=names.index, dtype=TEXT)
            self.placed["worker_id"] = Column(self.placed["worker"].position,
                                              self.placed["worker"].header,
                                              self.placed["worker"].letter,
                                              Meaning(field="worker_id", trust=1))
        ids = self.text["worker_id"]
        self.text["worker_id"] = ids.where(~(has_id & (ids == "").to_numpy()),
                                           found.fillna(""))
        self.text["worker"] = self.text["worker"].where(~(has_id | notes), "")

    def _flag_other_sheets(self, out: _Collector) -> None:
        rivals = [t for t in self.table.alternatives if t.raw is not self.raw]
        if rivals:
            others = ", ".join(f"'{t.raw.sheet}'" for t in rivals)
            out.issues.add(Issue(
                code=Code.SHEET_CHOSEN, severity="warning", sheet=self.raw.sheet,
                message=Code.SHEET_CHOSEN.message(sheet=self.raw.sheet, others=others),
                hint=Code.SHEET_CHOSEN.hint()))

    # -- values ---------------------------------------------------------------------------
    def _parse(self, body: pd.DataFrame, out: _Collector) -> dict[str, pd.Series]:
        values: dict[str, pd.Series] = {}
        lender = self.lender
        out.skip = lender
        for key, column in self.placed.items():
            if ":" in key:
                kind, measure = key.split(":")
                spec = self.report_type.field(MEASURE_FIELD[measure])
                spec = Field(spec.name, column.header, "hours" if measure == "hours"
                             else "money", False, (), spec.example)
            else:
                spec = self.report_type.field(key)
                if key in FIGURES and ("earning_type" in self.placed or self.line_order):
                    # A line of an entry may be empty (no overtime this week): the entry
                    # needs figures, not each of its lines.
                    spec = Field(spec.name, spec.label, spec.kind, False, spec.aliases,
                                 spec.example)
            ref = ColumnRef(column.header, column.letter)
            raw_cells = body[column.position] if key not in CARRIED \
                else self.text[key].astype(TEXT)
            cells = _Column(spec, ref, raw_cells, self.text[key])
            values[key] = PARSERS[spec.kind](cells, out, self)
            if spec.kind == "gender":
                values["gender_raw"] = cells.text.astype(object).where(cells.text != "", None)
            if spec.kind == "worker_class":
                values["worker_class_raw"] = cells.text.astype(object)
        out.skip = None
        return values

    def _hours_from_days(self, body: pd.DataFrame) -> None:
        """A form whose lines give the hours of each day: a line's hours are their sum."""
        header = combined_header(self.raw, self.table.header_index, self.table.depth)
        positions = [p for ps in day_columns(header).values() for p in ps]
        if not positions:
            return
        days = [parse_number(body[p], duration=True).values for p in positions]
        filled = np.logical_or.reduce([d.notna().to_numpy() for d in days])
        total = sum(d.fillna(0) for d in days)
        self.day_hours = total.where(filled)

    def _add_extra_columns(self, body: pd.DataFrame, values: dict[str, pd.Series],
                           out: _Collector) -> None:
        """Two columns of one earnings group ('PTO' and 'Other: Bereav  Jury', both paid
        leave hours) add up: neither is dropped."""
        chosen = {id(column) for column in self.placed.values()}
        for column in self.table.columns:
            meaning = column.meaning
            if meaning is None or meaning.field or id(column) in chosen \
                    or meaning.key not in values or meaning.measure == "rate":
                continue
            spec = Field(meaning.key, column.header, "hours" if meaning.measure == "hours"
                         else "money", False, ())
            text = as_text(body[column.position])
            extra = PARSERS[spec.kind](_Column(spec, ColumnRef(column.header, column.letter),
                                               body[column.position], text), out, self)
            both = values[meaning.key]
            values[meaning.key] = both.where(extra.isna(), both.fillna(0) + extra) \
                if meaning.measure == "hours" else \
                both.where(extra.isna(), both.fillna(0) + extra).astype("Int64")

    # -- lines ----------------------------------------------------------------------------
    def _lines(self, values: dict[str, pd.Series], rows: pd.Series, out: _Collector
               ) -> pd.DataFrame:
        n = len(rows)
        lender = self.lender
        base = pd.DataFrame({"row": rows})
        report_type = self.report_type
        for spec in report_type.fields:
            if spec.kind in ("line", "date_range"):
                continue
            if spec.name in values:
                base[spec.name] = values[spec.name]
            else:
                base[spec.name] = _empty(spec.kind, n)
            if spec.kind == "gender":
                base["gender_raw"] = values.get("gender_raw", pd.Series(None, index=base.index,
                                                                        dtype=object))
            if spec.kind == "worker_class" and "worker_class_raw" in values:
                base["worker_class_raw"] = values["worker_class_raw"]
        self._periods(base, values, out)
        if report_type.has("worker"):
            _identity(base, ssn_ids=not (report_type.has("worker_id")
                                         and report_type.field("worker_id").refuses_ssn))
        if report_type.has("trade") or report_type.has("job_title"):
            _classification(base, report_type)
        if report_type.has("worker_class") and report_type.field("worker_class").required:
            self._flag_no_class(base, out)
        if not report_type.earnings_lines:
            if "general_contractor" in base:
                # Boston's layout names the subcontractor on each row, the GC always.
                base["contractor"] = base["contractor"].where(base["contractor"].notna(),
                                                              base["general_contractor"])
            return base[~lender].reset_index(drop=True) if lender.any() else base
        return self._earnings_lines(base, values, lender, out)

    def _flag_no_class(self, base: pd.DataFrame, out: _Collector) -> None:
        """A required journey-or-apprentice cell left blank, where the trade does not say it
        either."""
        column = self.placed.get("worker_class")
        if column is None:
            return
        text = self.text["worker_class"]
        blank = base["worker_class"].isna().to_numpy() & (text == "").to_numpy()
        spec = self.report_type.field("worker_class")
        out.flag(_Column(spec, ColumnRef(column.header, column.letter), text, text), blank,
                 Code.MISSING_VALUE)

    def _periods(self, base: pd.DataFrame, values: dict[str, pd.Series], out: _Collector
                 ) -> None:
        end = base["period_end"]
        start = base["period_start"] if "period_start" in base else \
            pd.Series(pd.NaT, index=base.index, dtype="datetime64[ns]")
        if "pay_period" in values:
            ranges = values["pay_period"]
            end = end.fillna(ranges["end"])
            start = start.fillna(ranges["start"])
        if self.section_period is not None:
            end = end.fillna(pd.to_datetime(self.section_period, errors="coerce"))
        above = [f for f in self.facts if f.source in ("title", "given")]
        title_end = next((f for f in reversed(above) if f.name == "period_end"), None)
        title_start = next((f for f in reversed(above) if f.name == "period_start"), None)
        if title_end is not None:
            end = end.fillna(pd.Timestamp(title_end.value))
            if title_start is not None and title_start.value <= title_end.value:
                start = start.fillna(pd.Timestamp(title_start.value))
        base["period_end"] = end.astype("datetime64[ns]")
        if "period_start" in base:
            base["period_start"] = start.astype("datetime64[ns]")
        no_period = base["period_end"].isna().to_numpy() & ~self.lender
        if no_period.any() and "period_end" not in self.placed:
            out.flag_rows(no_period, Code.NO_PERIOD_FOR_ROW)

    def _earnings_lines(self, base: pd.DataFrame, values: dict[str, pd.Series],
                        lender: np.ndarray, out: _Collector) -> pd.DataFrame:
        """One line per row and kind of pay. A row's own columns (Hours, Rate, Earnings) are
        its line, of the kind its earnings-type cell names (straight time when none does);
        each earnings group of columns ('OT Hours', 'OT Rate') is a line of its kind."""
        n = len(base)
        kinds = values.get("earning_type")
        if kinds is None and self.line_order and self.person is not None:
            # Two lines per worker, in the order the form prints them.
            second = (self.person.groupby(self.person).cumcount() >= 1).to_numpy()
            kinds = pd.Series(np.where(second, self.line_order[1], self.line_order[0]),
                              index=base.index, dtype=object)
            if self.day_hours is not None:
                days = self.day_hours.to_numpy(dtype="float64")
                own = base["hours"].to_numpy(dtype="float64", na_value=np.nan)
                # The first line's days (its hours column where it gives none); the second
                # line's days only: its hours cell holds other work on some forms.
                base["hours"] = np.where(second, days, np.where(np.isnan(days), own, days))
        elif kinds is None:
            kinds = pd.Series("regular", index=base.index, dtype=object)
        groups: dict[str, dict[str, pd.Series]] = {}
        for key in values:
            if ":" in key:
                kind, measure = key.split(":")
                groups.setdefault(kind, {})[measure] = values[key]
        lines = []
        own = base.copy() if groups_present(values) else base
        own["earning_type"] = kinds
        own["rate_basis"] = None
        if groups:
            typed_hours = [g["hours"] for g in groups.values() if "hours" in g]
            if "regular" in groups:
                # The row's own hours are then a total, and its own rate the regular one.
                regular = groups["regular"]
                if "rate" not in regular and "hourly_rate" in values:
                    regular["rate"] = values["hourly_rate"]
                if "hours" not in regular and "hours" in values:
                    other = sum((h.fillna(0) for k, g in groups.items() if k != "regular"
                                 for m, h in g.items() if m == "hours"),
                                pd.Series(0.0, index=base.index))
                    regular["hours"] = (values["hours"] - other).where(values["hours"].notna())
                own_is_line = False
            else:
                own_is_line = "hours" in values
                if own_is_line and typed_hours and "earning_type" not in values:
                    # Total hours beside "OT Hours": the straight time is what is left.
                    other = sum((h.fillna(0) for h in typed_hours),
                                pd.Series(0.0, index=base.index))
                    own["hours"] = (own["hours"] - other).where(own["hours"].notna())
            if own_is_line:
                lines.append(own)
            total_amount = values.get("amount")
            for kind, measures in groups.items():
                line = base.copy()
                line["earning_type"] = kind
                line["hours"] = measures.get("hours", pd.Series(np.nan, index=base.index))
                line["hourly_rate"] = measures.get("rate", _empty("money", n))
                line["amount"] = measures.get("amount", _empty("money", n))
                line["rate_basis"] = None
                lines.append(line)
            frame = pd.concat(lines, ignore_index=True)
            if total_amount is not None and not own_is_line:
                frame = self._rate_from_gross(frame, base, total_amount, groups)
        else:
            frame = own
        keep = np.tile(~lender, len(frame) // n if n else 0)
        hours = frame["hours"].to_numpy(dtype="float64", na_value=np.nan)
        amount = frame["amount"].to_numpy(dtype="float64", na_value=np.nan)
        has_figure = (np.nan_to_num(hours) != 0) | (np.nan_to_num(amount) != 0)
        # A row with no figure at all stays as one line: its empty cells were reported.
        blank_row = pd.Series(has_figure).groupby(frame["row"].to_numpy()).transform("any") \
            .to_numpy() == False  # noqa: E712
        first_line = ~frame["row"].duplicated().to_numpy()
        entries = "earning_type" in values or bool(self.line_order)
        # A row with no figure at all stays as one line (its empty cells were reported),
        # except an entry's empty line (no overtime this week).
        keep &= has_figure | (blank_row & first_line & (not entries))
        if "earning_type" in values:
            # An amount alone on a line of hours (a gross merged over a WH-347 entry's two
            # lines, read on its first) is the entry's, not a line of its own.
            hourly = {k.code for k in self.vocabulary.earnings if k.multiplier is not None}
            alone = frame["earning_type"].isin(hourly).to_numpy() & np.isnan(hours) & \
                frame["hourly_rate"].isna().to_numpy()
            keep &= ~alone | (blank_row & first_line)
        not_pay = {k.code for k in self.vocabulary.earnings if not k.pay}
        pay = ~frame["earning_type"].isin(not_pay).to_numpy()
        # A row of only a total or a deduction (Gross Pay, taxes, Net Pay) is not a row of
        # the report's pay: neither read nor counted, as a totals row.
        self.not_pay_rows = set()
        if not pay.all():
            rows_all = frame["row"].to_numpy()
            self.not_pay_rows = set(np.setdiff1d(rows_all, rows_all[pay]).tolist())
        keep &= pay
        if not keep.all():
            frame = frame[keep]
        frame = self._derived_rates(frame.reset_index(drop=True))
        if not frame["row"].is_monotonic_increasing:
            frame = frame.sort_values(["row"], kind="stable").reset_index(drop=True)
        self._flag_unrated(frame, out)
        return frame

    def _rate_from_gross(self, frame: pd.DataFrame, base: pd.DataFrame,
                         total_amount: pd.Series, groups: dict) -> pd.DataFrame:
        """Lines with hours but no rate nor amount of their own, in a row with only a gross
        amount: the straight-time rate is the gross earned by the hour over the straight-time
        equivalent of the hours (overtime counted 1.5 times), as the FLSA regular rate is."""
        multipliers = {k.code: k.multiplier for k in self.vocabulary.earnings}
        hourly = frame["earning_type"].map(lambda k: multipliers.get(k) is not None)
        known_rate = frame.groupby("row")["hourly_rate"].transform(lambda s: s.notna().any())
        per_hour_amount = frame["amount"].where(hourly)
        known_amount = frame.groupby("row")["amount"].transform(lambda s: s.notna().any())
        if known_rate.all() or known_amount.all():
            return frame
        weight = frame["hours"].fillna(0) * frame["earning_type"].map(
            lambda k: multipliers.get(k) or 0).astype("float64")
        equivalent = weight.groupby(frame["row"]).transform("sum")
        not_hourly = frame["amount"].where(~hourly).fillna(0).groupby(frame["row"]) \
            .transform("sum")
        gross = frame["row"].map(dict(zip(
            base["row"], total_amount.to_numpy(dtype="float64", na_value=np.nan),
            strict=True))).astype("float64")
        regular_rate = ((gross.astype("float64") - not_hourly.astype("float64"))
                        / equivalent.where(equivalent > 0))
        use = ~known_rate & ~known_amount & hourly & frame["hours"].notna() & \
            regular_rate.notna() & per_hour_amount.isna()
        mult = frame["earning_type"].map(lambda k: multipliers.get(k) or 0).astype("float64")
        frame.loc[use, "hourly_rate"] = (regular_rate[use] * mult[use]).round().astype("Int64")
        frame.loc[use, "rate_basis"] = "gross"
        frame.loc[use, "basis_amount"] = gross[use].round()
        frame.loc[use, "basis_hours"] = equivalent[use]
        return frame

    def _derived_rates(self, frame: pd.DataFrame) -> pd.DataFrame:
        """With no rate, a line's rate is its earnings over its hours, and the line says so."""
        if "basis_amount" not in frame:
            frame["basis_amount"] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
            frame["basis_hours"] = np.nan
        no_rate = frame["hourly_rate"].isna() & frame["amount"].notna() & \
            (frame["hours"] > 0)
        if no_rate.any():
            rate = (frame["amount"].astype("float64") / frame["hours"]).round()
            frame.loc[no_rate, "hourly_rate"] = rate[no_rate].astype("Int64")
            frame.loc[no_rate, "rate_basis"] = "earnings"
            frame.loc[no_rate, "basis_amount"] = frame.loc[no_rate, "amount"]
            frame.loc[no_rate, "basis_hours"] = frame.loc[no_rate, "hours"]
        frame["basis_amount"] = frame["basis_amount"].astype("Int64")
        return frame

    def _flag_unrated(self, frame: pd.DataFrame, out: _Collector) -> None:
        """A straight-time line with hours but no hourly rate (a salaried line, a $0.00 rate)
        cannot be checked against a wage floor: said so, never taken as floor x hours."""
        unrated = (frame["earning_type"] == "regular") & (frame["hours"] > 0) & (
            frame["hourly_rate"].isna() | (frame["hourly_rate"] == 0))
        salaried = frame["earning_type"] == "salary"
        rejected = frame["row"].isin(set(out.rows[out.rejected].tolist()))
        rows = frame.loc[(unrated | salaried) & ~rejected, "row"]
        if rows.empty:
            return
        sample = [Issue(code=Code.NO_HOURLY_RATE, severity="warning",
                        sheet=self.raw.sheet, row=int(row),
                        message=Code.NO_HOURLY_RATE.message(row=int(row), worker=str(worker)),
                        hint=Code.NO_HOURLY_RATE.hint())
                  for row, worker in zip(rows.head(out.issues.sample_per_code).tolist(),
                                         frame.loc[rows.index[:out.issues.sample_per_code],
                                                   "worker"].fillna("").tolist(),
                                         strict=True)]
        out.issues.add_many(sample, total=len(rows))
        out.unchecked_rows = set(rows.tolist())

    # -- checks ---------------------------------------------------------------------------
    def _flag_hours(self, frame: pd.DataFrame, out: _Collector) -> None:
        """Hours a row cannot hold: more than the days of its period hold (a week: 168), or
        24 for a day's shift. With no period length on record, more than a week's hours is a
        warning to check, not an error: some reports cover a month."""
        if "hours" not in frame:
            return  # a plan's estimated hours are many workers' hours
        per_row = frame.groupby("row", sort=False)["hours"].sum(min_count=1)
        first = frame.drop_duplicates("row").set_index("row")
        if "period_start" not in first:
            first = first.assign(period_start=pd.NaT)
        days = (first["period_end"] - first["period_start"]).dt.days + 1
        days = days.where(days.between(1, 366)).fillna(self._period_days() or np.nan)
        shift = first["work_date"].notna() if "work_date" in first else \
            pd.Series(False, index=first.index)
        limit = (days * 24).where(days.notna(), np.where(shift, 24.0, np.nan))
        hours_key = "hours" if "hours" in self.placed else next(
            (k for k in self.placed if k.endswith(":hours")), None)
        column = self.placed.get(hours_key) if hours_key else None
        if column is None:
            return
        spec = self.report_type.field("hours")
        ref = ColumnRef(column.header, column.letter)
        rows = pd.Series(per_row.index.to_numpy())
        over = (per_row > limit).to_numpy(dtype=bool)
        unknown = limit.isna().to_numpy() & (per_row > 168).to_numpy(dtype=bool)
        if not (over.any() or unknown.any()):
            return
        # Only the rows an issue names are written out (a sample per code).
        sample = out.issues.sample_per_code
        named = np.concatenate([np.flatnonzero(over)[:sample], np.flatnonzero(unknown)[:sample]])
        hours = per_row.to_numpy()
        text = np.full(len(per_row), "", dtype=object)
        text[named] = [f"{hours[i]:g}" for i in named]
        limits = np.full(len(per_row), "", dtype=object)
        limits[named] = [f"{limit.iloc[i]:g}" if limit.iloc[i] == limit.iloc[i] else ""
                         for i in named]
        text = pd.Series(text)
        collector = _Collector(self.raw, rows, out.issues)
        cells = _Column(spec, ref, text, text)
        if over.any():
            collector.flag(cells, over, Code.TOO_MANY_HOURS, per_row_values={"limit": limits})
            bad = set(rows[over].tolist())
            out.rejected |= out.rows.isin(bad).to_numpy()
        if unknown.any():
            collector.flag(cells, unknown, Code.MORE_THAN_A_WEEK, severity="warning")

    def _period_days(self) -> int | None:
        """A period's length when the rows do not give its start: a week where the file says
        so ('Week ending', 'For week ending', any certified payroll, which is weekly by law),
        else the shortest gap between the period ends the file holds."""
        if self.report_type.code == "certified_payroll":
            return 7
        column = self.placed.get("period_end")
        labels = [column.header] if column is not None else []
        labels += [f.label for f in self.facts if f.name == "period_end"]
        if any({"week", "we", "weekly", "semana"} & set(words(label)) for label in labels):
            return 7
        if column is not None and self.period_ends is not None:
            ends = pd.Series(self.period_ends.dropna().unique()).head(500)
            gaps = np.diff(np.sort(ends.to_numpy()).astype("datetime64[D]").astype("int64"))
            gaps = gaps[gaps > 0]
            if len(gaps) and 1 <= gaps.min() <= 31:
                return int(gaps.min())
        return None


_COMMA_DECIMAL = portable(r"[-+(]?\$?\s*\d{1,3}(?:[. ]\d{3})*,\d+\)?"
                  r"|[-+(]?\$?\s*\d+,\d{1,2}\)?")
_DOT_DECIMAL = portable(r"[-+(]?\$?\s*\d+\.\d{1,2}\)?|[-+(]?\$?\s*\d{1,3}(?:,\d{3})+\.\d+\)?")


def _matches(values: pd.Series, pattern: str, word: str) -> np.ndarray:
    """Cells matching `pattern`, which needs `word` in them: the word is looked for first
    (a plain search), the pattern only where it is."""
    text = values.astype(TEXT)
    found = np.array(text.str.contains(word, case=False, regex=False).fillna(False),
                     dtype=bool)
    if found.any():
        found[found] = text[found].str.contains(pattern, regex=True).fillna(False) \
            .to_numpy(dtype=bool)
    return found


def groups_present(values: dict[str, pd.Series]) -> bool:
    return any(":" in key for key in values)


def _one_row(raw: RawTable, body: pd.DataFrame, index: int) -> RawTable:
    return RawTable(cells=body.iloc[[index]].reset_index(drop=True), sheet=raw.sheet,
                    first_row=raw.first_row, first_col=raw.first_col,
                    file_kind=raw.file_kind)


def _not_english(header: str) -> bool:
    """A date column headed in another language than English, whose writers may put the day
    first: Spanish words, or any language's name of a date field (imports/languages.toml)."""
    tokens = words(header)
    return bool(set(tokens) & {"fecha", "periodo", "semana", "fin", "inicio", "dia"}) or \
        " ".join(tokens) in _date_headers_in_languages()


@cache
def _date_headers_in_languages() -> frozenset[str]:
    return frozenset(" ".join(words(word)) for report_type in REPORT_TYPES.values()
                     for spec in report_type.fields if spec.kind in ("date", "date_range")
                     for _, words_ in spec.headers for word in words_)


def _empty(kind: str, n: int) -> pd.Series:
    if kind in MISSING_COLUMN:
        return pd.Series(pd.NA if kind in ("money", "yes_no") else None, index=range(n),
                         dtype=MISSING_COLUMN[kind])
    return pd.Series(np.nan, index=range(n), dtype=TEXT)


def _identity(frame: pd.DataFrame, *, ssn_ids: bool = True) -> None:
    """The worker as the file names them: the name column, else 'Last, First M' from its
    parts, else the ID; `worker_key` tells workers apart (the ID when there is one), so two
    workers who share a name part never merge."""
    if "last_name" in frame and frame["last_name"].notna().any():
        last = frame["last_name"].astype("string")
        first = frame["first_name"].astype("string")
        initial = frame["middle_initial"].astype("string")
        whole = last.str.cat(first.fillna(""), sep=", ").str.cat(initial.fillna(""), sep=" ")
        whole = whole.str.strip().str.rstrip(",").str.strip()
        frame["worker"] = frame["worker"].astype(TEXT).where(
            frame["worker"].notna(), whole.astype(TEXT).where(whole != ""))
    if "worker_id" in frame:
        # 'Grace Okafor  xxx-xx-3307', 'CHEN, DANIEL J. 5562', 'Ana Lopez (6789)': the
        # WH-347's one column for the name and an identifying number. A cell of several
        # lines ('Grace Okafor' over her address) names the worker on its first line.
        names = frame["worker"].astype(TEXT)
        first = names.str.strip()
        later = pd.Series(np.nan, index=names.index, dtype=TEXT)
        multi = names.str.contains("\n", regex=False).fillna(False).to_numpy(dtype=bool)
        if multi.any():
            lines = names[multi].str.split("\n")
            first[multi] = lines.str[0].str.strip()
            later[multi] = lines.str[1:].str.join(" ").str.extract(_ID_ALONE)[0]
        parts = _name_and_id(first)
        if multi.any():
            parts[1] = parts[1].fillna(later)
            frame["worker"] = frame["worker"].astype(TEXT).where(~multi, first)
        split = (parts[1].notna() & frame["worker_id"].isna()).to_numpy(dtype=bool)
        if split.any():
            parts[0] = parts[0].fillna(first)
        if split.any():
            # A masked SSN after the name, where the report refuses one as an ID: the name is
            # read without it, and the worker has no ID.
            ssn = np.zeros(len(split), dtype=bool) if ssn_ids else \
                parts[1].astype(TEXT).str.fullmatch(_MASKED_SSN).fillna(False) \
                .to_numpy(dtype=bool)
            frame["worker_id"] = frame["worker_id"].astype(TEXT).where(
                ~split | ssn, parts[1].astype(TEXT))
            frame["worker"] = frame["worker"].astype(TEXT).where(
                ~split, parts[0].astype(TEXT).str.strip(" ,;-"))
        ids = frame["worker_id"]
        if ids.isna().all():
            frame["worker_key"] = "name:" + _name_key(frame["worker"])
            return
        frame["worker"] = frame["worker"].astype(TEXT).where(frame["worker"].notna(),
                                                             ids.astype(TEXT))
        frame["worker_key"] = ("id:" + ids.astype(TEXT)).fillna(
            "name:" + _name_key(frame["worker"]))
    else:
        frame["worker_key"] = "name:" + _name_key(frame["worker"])


def _name_key(names: pd.Series) -> pd.Series:
    """A name as compared: case and spacing ignored."""
    lower = names.astype(TEXT).str.lower().str.strip()
    spaced = lower.str.contains(r"[\t\n\r\f\v]|  ", regex=True).fillna(False) \
        .to_numpy(dtype=bool)
    if spaced.any():
        lower[spaced] = lower[spaced].str.replace(r"[ \t\n\r\f\v]+", " ", regex=True)
    return lower


# An identifying number written after the name, as WH-347s have it: in parentheses or after
# a label ('Ana Lopez (6789)', 'Ana Lopez ID: 6789'), a masked SSN ('Grace Okafor
# xxx-xx-3307'), or digits after 'LAST, FIRST' or after two spaces ('CHEN, DANIEL J. 5562').
# A name that merely ends in a number ('Worker 199') keeps it.
_NAME_AND_ID = tuple(portable(p) for p in (
    r"(?i)^(.*?[a-z].*?)[\s,;]*\(\s*(?:id|#|no\.?)?\s*:?\s*([a-z0-9-]{3,12})\s*\)$",
    r"(?i)^(.*?[a-z].*?)[\s,;]+(?:id|#|no\.?|emp\.?\s*#?)\s*:?\s*([a-z0-9-]{3,12})$",
    r"(?i)^(.*?[a-z].*?)[\s,;]*((?:x{3}|\*{3})-?(?:x{2}|\*{2})-?\d{4})$",
    r"^([^,\d]+,[^\d]*?[A-Za-z][^\d]*?)\s+(\d{4,9})$",
    r"^(.*?[A-Za-z].*?)\s{2,}(\d{4,9})$",
))


# What a name cell holding an ID looks like, checked in RE2 before any pattern runs.
_MAYBE_ID = portable(r"\(|[#*]|[xX]{3}|(?i:id|no)[.:]? *[0-9]|,.*[0-9]{4}$|  +[0-9]{4}")


def _name_and_id(names: pd.Series) -> pd.DataFrame:
    parts = pd.DataFrame({0: pd.Series(pd.NA, index=names.index, dtype="string"),
                          1: pd.Series(pd.NA, index=names.index, dtype="string")})
    candidates = names.str.contains(_MAYBE_ID).fillna(False).to_numpy(dtype=bool)
    if not candidates.any():
        return parts
    names = names[candidates]
    for pattern in _NAME_AND_ID:
        found = names.str.extract(pattern)
        take = parts.loc[found.index, 1].isna() & found[1].notna()
        index = take.index[take.to_numpy()]
        parts.loc[index, 0] = found.loc[index, 0]
        parts.loc[index, 1] = found.loc[index, 1]
    return parts


_ID_ALONE = portable(r"(?i)(?:^|\s)(?:id|#|no\.?|ssn)?\s*:?\s*"
                     r"((?:x{3}|\*{3})-?(?:x{2}|\*{2})-?\d{4})"
             r"\s*$")
# Boundaries spelled out (not \b): RE2 runs them on any text (imports.regex).
_START, _END = r"(?:^|[^A-Za-z0-9])", r"(?:[^A-Za-z0-9]|$)"
_LEVEL = portable(r"(?i)(?:\d+(?:st|nd|rd|th)?\s*(?:period|year|yr|step|level|"
                  r"term)|(?:period|year|yr|step|level|term)\s*\d+|\d{1,3}\s*%|"
                  r"\(\s*\d{1,3}\s*%\s*\))")
_APPRENTICE = portable(r"(?i)" + _START + r"(?:apprentice|apprent|appr|app|registered\s+"
                       r"apprentice|trainee|aprendiz)\.?" + _END)
_APPRENTICE_CELL = portable(r"(?i)" + _START + r"(?:apprentice|apprent|appr|app|ra|registered|"
                            r"trainee|aprendiz)" + _END)
_JOURNEY = portable(r"(?i)" + _START + r"(?:journeyman|journeyworker|journey\s*level|journey|"
                    r"jman|jm|j/w|jw|mechanic|oficial)\.?" + _END)


def _classification(frame: pd.DataFrame, report_type: ReportType) -> None:
    """A certified payroll's classification names the trade and the level together
    ('Carpenter Apprentice 2nd period', 'Journeyman Electrician'): the trade is read without
    the level's words, and the level sets journey or apprentice where no column does."""
    name = "trade" if report_type.has("trade") else "job_title"
    values = frame[name].astype(TEXT)
    _apprentice_step(frame, values)
    if values.isna().all():
        return
    if name != "trade" and "worker_class" not in frame:
        return
    apprentice = values.str.contains(_APPRENTICE).fillna(False).to_numpy(dtype=bool)
    journey = values.str.contains(_JOURNEY).fillna(False).to_numpy(dtype=bool) & ~apprentice
    trade = values.str.replace(_LEVEL, " ", regex=True).str.replace(_APPRENTICE, " ",
                                                                    regex=True)
    trade = trade.str.replace(_JOURNEY, " ", regex=True) \
        .str.replace(r"[ \t\n\r\f\v,;:/()-]+", " ", regex=True).str.strip()
    if name == "trade":
        frame["trade"] = trade.where(trade != "", values).astype(object).where(
            values.notna(), None)
    if "worker_class" in frame:
        # On a certified payroll anyone not written as a registered apprentice is paid as a
        # journey-level worker (29 CFR 5.5(a)(4)): the level is journey unless it says so.
        otherwise = "journey" if report_type.code == "certified_payroll" else None
        level = pd.Series(np.where(apprentice, "apprentice",
                                   np.where(journey, "journey", otherwise)), index=frame.index)
        level = level.where(values.notna(), None)
        frame["worker_class"] = frame["worker_class"].where(frame["worker_class"].notna(),
                                                            level)


_STEP = re.compile(r"(?<![\d.])([1-9]|1[0-2])(?:st|nd|rd|th)?(?![\d.])", re.IGNORECASE)


def _apprentice_step(frame: pd.DataFrame, classification: pd.Series) -> None:
    """A registered apprentice's step as the file writes it ("RA 2", "Apprentice 3rd
    period", "Carpenter Apprentice 2nd period"): `apprentice_step`, the step's number, where
    the worker-class cell or the classification gives one beside the apprentice's words.
    The prevailing-wage check pays the step's share of the journey rate only when it is
    known."""
    raw = frame.pop("worker_class_raw") if "worker_class_raw" in frame else None
    if "worker_class" not in frame:
        return
    steps = pd.Series(None, index=frame.index, dtype=object)
    for text in (raw, classification.where(classification.str.contains(_APPRENTICE)
                                           .fillna(False))):
        if text is None:
            continue
        found = text.astype(TEXT).str.extract(_STEP, expand=False)
        steps = steps.where(steps.notna(), found.astype(object))
    frame["apprentice_step"] = steps.where(steps.notna(), None)


# -- parsing columns ----------------------------------------------------------------------

@dataclass
class _Column:
    """One field's raw cells with what an issue about them needs to say."""

    spec: Field
    ref: ColumnRef
    raw: pd.Series
    text: pd.Series


class _Collector:
    def __init__(self, raw: RawTable, rows: pd.Series, issues: IssueLog | None = None) -> None:
        self.raw, self.rows = raw, rows
        self.issues = issues if issues is not None else IssueLog()
        self.rejected = np.zeros(len(rows), dtype=bool)
        self.skip: np.ndarray | None = None  # rows that are not lines (a name above lines)
        self.unchecked_rows: set[int] = set()

    def flag(self, column: _Column, mask: pd.Series | np.ndarray, code: Code, *,
             severity: str = "error", per_row_values: dict[str, list] | None = None,
             **params: object) -> None:
        """Flag the masked rows; the code's message and hint may name {value}, {row},
        {column}, {example}, {fixed}, {choices} and {zip5}, filled in per row, and the
        `params` given here."""
        mask = np.asarray(mask, dtype=bool)
        if self.skip is not None and len(self.skip) == len(mask):
            mask = mask & ~self.skip
        if not mask.any():
            return
        if severity == "error":
            self.rejected |= mask
        positions = np.flatnonzero(mask)
        spec, ref = column.spec, column.ref
        sample = []
        for i in positions[: self.issues.sample_per_code]:
            value, row = str(column.text.iloc[i]), int(self.rows.iloc[i])
            words_ = {"value": value, "row": row, "column": ref.header, "example": spec.example,
                      "fixed": value.replace(",", "."), "choices": ", ".join(spec.choices),
                      "zip5": value.split(".")[0].zfill(5)}
            for name, values in (per_row_values or {}).items():
                words_[name] = values[i]
            sample.append(Issue(code=code, severity=severity, sheet=self.raw.sheet, row=row,
                                column=ref.header, column_letter=ref.letter, value=value,
                                message=code.message(**params, **words_),
                                hint=code.hint(**params, **words_)))
        self.issues.add_many(sample, total=len(positions))

    def flag_rows(self, mask: np.ndarray, code: Code) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        self.rejected |= mask
        positions = np.flatnonzero(mask)
        sample = [Issue(code=code, severity="error", sheet=self.raw.sheet,
                        row=int(self.rows.iloc[i]),
                        message=code.message(row=int(self.rows.iloc[i])),
                        hint=code.hint()) for i in positions[: self.issues.sample_per_code]]
        self.issues.add_many(sample, total=len(positions))


def _text(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    text = column.text
    if column.spec.name != "worker" and text.str.contains("\n", regex=False).any():
        text = text.astype(TEXT).str.replace(portable(r"\s*\n\s*"), " ", regex=True)
    if column.spec.required:
        out.flag(column, text == "", Code.MISSING_VALUE)
    # Text stays Arrow text (never a Python object per cell); blank is missing.
    return text.astype(TEXT).where(text != "")


def _number(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    money = column.spec.kind == "money"
    raw = column.raw
    if money:
        # A WH-347 rate written "12.25/.40" (base and cash in lieu of fringe), a gross written
        # "771.20/1,012.20" (this project and all work): the first figure is this one.
        raw = to_first_figure(raw)
    parsed = parse_number(raw, money=money, decimal_comma=_import.decimal_comma,
                          duration=not money)
    if column.spec.required:
        out.flag(column, parsed.blank, Code.MISSING_VALUE)
    out.flag(column, parsed.decimal_comma, Code.DECIMAL_COMMA)
    out.flag(column, parsed.not_a_number, Code.NOT_A_NUMBER)
    out.flag(column, (parsed.values < 0).to_numpy(dtype=bool), Code.NEGATIVE_NUMBER)
    return from_dollars(parsed.values) if money else parsed.values


_TWO_FIGURES = portable(r"\s*\$?\s*[\d,]*\.?\d+\s*/\s*\$?\s*[\d,]*\.?\d+\s*")


def to_first_figure(raw: pd.Series) -> pd.Series:
    text = raw.astype(TEXT) if raw.dtype != TEXT else raw
    split = np.array(text.str.contains("/", regex=False).fillna(False), dtype=bool)
    if not split.any():
        return raw
    split[split] = text[split].str.fullmatch(_TWO_FIGURES).fillna(False).to_numpy(dtype=bool)
    if not split.any():
        return raw
    return text.where(~split, text.str.split("/").str[0])


def _date(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    parsed = parse_date(column.raw, day_first=_import.day_first)
    if column.spec.required:
        out.flag(column, parsed.blank, Code.MISSING_VALUE)
    out.flag(column, parsed.not_a_date, Code.NOT_A_DATE)
    return parsed.values


def _date_range(column: _Column, out: _Collector, _import: _Import) -> pd.DataFrame:
    parsed = parse_date_range(column.raw, day_first=_import.day_first)
    bad = (column.text != "").to_numpy() & parsed.end.isna().to_numpy()
    out.flag(column, bad, Code.NOT_A_PERIOD)
    return pd.DataFrame({"start": parsed.start, "end": parsed.end})


def earning_kinds(text: pd.Series, vocabulary_: Vocabulary) -> pd.Series:
    """The kind of pay each cell names ("Regular", "O/T", "REG - Regular", "E01 Overtime",
    "S"/"O"), None where it names none; worked out once per distinct text."""
    lookup = vocabulary_.earning_lookup
    distinct = pd.unique(text)
    keys = pd.Series([" ".join(words(v)) for v in distinct], dtype=object)
    codes = dict(zip(distinct, keys.map(lookup), strict=True))
    kinds = text.map(codes).astype(object)
    unknown = kinds.isna() & (text != "")
    if unknown.any():
        phrases = sorted(((p, kind.code) for kind in vocabulary_.earnings
                          for p in kind.words if len(p) > 1 or len(p[0]) > 1),
                         key=lambda item: -len(item[0]))
        resolved = {}
        for value in pd.unique(text[unknown])[:5000]:
            tokens = words(value)
            resolved[value] = next((code for wanted, code in phrases
                                    if _contains(tokens, wanted)), None)
        kinds = kinds.where(~unknown, text.map(resolved))
    return kinds.where(kinds.notna(), None)


def _earning_type(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    """A blank earnings cell is straight time; a kind GoodBid does not know is no straight
    time (never compared with a floor) and, on a line of hours, a warning."""
    kinds = earning_kinds(column.text, _import.vocabulary)
    still = (kinds.isna() & (column.text != "")).to_numpy()
    hours = _import.text.get("hours")
    with_hours = (hours != "").to_numpy() if hours is not None else still
    out.flag(column, still & with_hours, Code.UNKNOWN_EARNING_TYPE, severity="warning")
    blank = (column.text == "").to_numpy()
    return pd.Series(np.where(blank, "regular", kinds.fillna("other").to_numpy(dtype=object)),
                     index=column.text.index, dtype=object)


def _contains(tokens: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    size = len(wanted)
    return any(tokens[i:i + size] == wanted for i in range(len(tokens) - size + 1))


def _choice(vocabulary_: dict, code: Code, what: Message
            ) -> Callable[[_Column, _Collector, _Import], pd.Series]:
    def parse(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
        parsed = parse_choice(column.raw, vocabulary_)
        if vocabulary_ is WORKER_CLASSES and parsed.unknown.any():
            # "Apprentice 2nd Period", "RA - Level 3", "Journeyman": the level's words.
            text = column.text.astype(TEXT)
            apprentice = text.str.contains(_APPRENTICE_CELL).fillna(False).to_numpy(bool)
            journey = text.str.contains(_JOURNEY).fillna(False).to_numpy(bool) & ~apprentice
            unknown = parsed.unknown.to_numpy()
            values = parsed.values.copy()
            values[unknown & apprentice] = "apprentice"
            values[unknown & journey] = "journey"
            parsed = ChoiceParse(values=values, blank=parsed.blank,
                                 unknown=pd.Series(unknown & ~apprentice & ~journey,
                                                   index=parsed.unknown.index))
        if column.spec.required:
            # A plan row is about a class of workers: not understood, it is about nothing.
            # A blank is told once the trade's own words were read ('Carpenter Apprentice').
            out.flag(column, parsed.unknown, code, what=what)
            return parsed.values
        # Not understood is a warning and stays missing: the row still counts, and the
        # completeness check reports the missing value rather than guessing it.
        out.flag(column, parsed.unknown, code, severity="warning", what=what)
        return parsed.values
    return parse


def _yes_no(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    parsed = parse_choice(column.raw, YES_NO)
    out.flag(column, parsed.unknown, Code.NOT_YES_NO, severity="warning")
    return as_boolean(parsed.values)


def _zip(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    parsed = parse_zip(column.raw)
    out.flag(column, parsed.zero_restored, Code.ZIP_LEADING_ZERO_RESTORED, severity="warning")
    out.flag(column, parsed.invalid, Code.INVALID_ZIP, severity="warning")
    return parsed.values


def _month(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    parsed = parse_month(column.raw, day_first=_import.day_first)
    if column.spec.required:
        out.flag(column, parsed.blank, Code.MISSING_VALUE)
    out.flag(column, parsed.not_a_month, Code.NOT_A_MONTH)
    return parsed.values


def _percent(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    """A share in percent, 0 to 100 (imports.values.parse_percent says how a fraction is
    told from a percent)."""
    parsed = parse_percent(column.raw, decimal_comma=_import.decimal_comma)
    if column.spec.required:
        out.flag(column, parsed.blank, Code.MISSING_VALUE)
    out.flag(column, parsed.decimal_comma, Code.DECIMAL_COMMA)
    out.flag(column, parsed.not_a_number, Code.NOT_A_NUMBER)
    ambiguous = parsed.ambiguous.to_numpy(dtype=bool)
    if ambiguous.any():
        as_fraction = parse_number(column.text.where(ambiguous),
                                   decimal_comma=_import.decimal_comma).values * 100
        percent = as_fraction.map(lambda value: f"{value:g}", na_action="ignore").fillna("")
        out.flag(column, ambiguous, Code.AMBIGUOUS_SHARE,
                 per_row_values={"percent": percent.tolist()})
    out.flag(column, parsed.out_of_range, Code.SHARE_OUT_OF_RANGE)
    return parsed.values


def _identifier(column: _Column, out: _Collector, _import: _Import) -> pd.Series:
    # An ID a spreadsheet stored as a number: 1001.0 is 1001.
    text = column.text.astype(TEXT).str.replace(r"^([0-9]+)\.0+$", r"\1", regex=True)
    if column.spec.refuses_ssn:
        text = text.where(~text.str.fullmatch(_MASKED_SSN).fillna(False), "")
    return text.where(text != "")


PARSERS: dict[str, Callable[[_Column, _Collector, _Import], pd.Series]] = {
    "text": _text, "id": _identifier, "money": _number, "hours": _number, "date": _date,
    "date_range": _date_range, "yes_no": _yes_no, "zip": _zip, "line": _earning_type,
    "month": _month, "percent": _percent,
    "gender": _choice(GENDERS, Code.UNKNOWN_GENDER, Message("a gender")),
    "worker_class": _choice(WORKER_CLASSES, Code.UNKNOWN_WORKER_CLASS,
                            Message("journey or apprentice")),
}
MISSING_COLUMN = {"yes_no": "boolean", "money": "Int64", "hours": "float64",
                  "date": "datetime64[ns]", "month": "datetime64[ns]", "percent": "float64"}


_SSN = portable(r"(?:^|[^\d-])\d{3}-\d{2}-\d{4}(?:[^\d-]|$)")
_TOTAL = portable(r"(?i)^\W*(?:(?:grand|sub|employee|employees|department|dept|company|report|"
          r"payroll|page|check|job|location|pay\s*period|week|weekly|daily|client|"
          r"division|branch)\s*)?totals?\W*(?:(?:for|of|all)(?:\W.*)?|:.*)?$"
          r"|^\W*totals?\s+(?:for|of)\s+.+$|^\W*\S+(?:\s+\S+){0,3}\s+totals?\s*:?\s*$")
MAX_HOURS_PER_DAY = 24
_DAY_NAMES = {"mon": Message("Monday"), "tue": Message("Tuesday"),
              "wed": Message("Wednesday"), "thu": Message("Thursday"),
              "fri": Message("Friday"), "sat": Message("Saturday"), "sun": Message("Sunday")}


def refuse_full_ssn(raw: RawTable) -> None:
    """A full Social Security number anywhere in the file refuses the whole file: WH-347
    (2025) forbids it, and GoodBid must never keep one. The issue shows only the last four."""
    for sheet in raw.sheets:
        for position in sheet.cells.columns:
            cells = sheet.cells[position]
            # "123-45-6789" takes eleven characters: shorter cells (dates) are not looked at.
            long_enough = np.array(cells.str.len().fillna(0) >= 11, dtype=bool)
            if not long_enough.any():
                continue
            found = np.zeros(len(cells), dtype=bool)
            found[long_enough] = _matches(cells[long_enough], _SSN, "-")
            if found.any():
                index = int(np.flatnonzero(found)[0])
                last_four = re.search(r"\d{3}-\d{2}-(\d{4})", str(cells.iloc[index])).group(1)
                letter = column_letter(sheet.first_col + position)
                raise ImportRejected([Issue(
                    code=Code.FULL_SSN, severity="error", sheet=sheet.sheet,
                    row=sheet.first_row + index, column_letter=letter,
                    value=f"***-**-{last_four}",
                    message=Code.FULL_SSN.message(row=sheet.first_row + index, letter=letter),
                    hint=Code.FULL_SSN.hint())])


def _flag_extra_cells(raw: RawTable, header_index: int, depth: int, last_header: int,
                      rows: pd.Series, out: _Collector) -> None:
    """A CSV row with cells past the header's last column: most often an unquoted comma
    ("18,20") that shifted every value after it."""
    width = raw.cells.shape[1]
    header = raw.cells.iloc[header_index:header_index + depth]
    filled = np.flatnonzero(header.notna().any(axis=0).to_numpy())
    last = max(last_header, int(filled.max()) if len(filled) else 0)
    if width <= last + 1:
        return
    header_index = header_index + depth - 1
    beyond = raw.cells.iloc[header_index + 1:, last + 1:]
    extra = np.logical_or.reduce([as_text(beyond.iloc[:, i]).to_numpy() != "" for i in
                                  range(beyond.shape[1])]).astype(bool)
    row_numbers = np.arange(len(extra)) + raw.first_row + header_index + 1
    flagged = set(row_numbers[extra].tolist())
    mask = rows.isin(flagged).to_numpy()
    if not mask.any():
        return
    out.rejected |= mask
    sample = [Issue(code=Code.EXTRA_CELLS, severity="error", sheet=raw.sheet, row=int(row),
                    message=Code.EXTRA_CELLS.message(row=int(row)),
                    hint=Code.EXTRA_CELLS.hint())
              for row in rows[mask].head(out.issues.sample_per_code)]
    out.issues.add_many(sample, total=int(mask.sum()))


def _flag_long_days(raw: RawTable, headers: list[str], claimed: set[int], first_data: int,
                    rows: pd.Series, out: _Collector) -> None:
    """Columns of hours per day (WH-347 column 4, straight time and overtime, or any
    'Mon'...'Sun' layout): more than 24 hours in one day is flagged."""
    days = {day: [p for p in positions if p not in claimed]
            for day, positions in day_columns(headers).items()}
    days = {day: positions for day, positions in days.items() if positions}
    if not days:
        return
    body = raw.cells.iloc[first_data:].reset_index(drop=True)
    kept = rows.to_numpy() - raw.first_row - first_data
    for day, positions in days.items():
        hours = sum(parse_number(body.iloc[kept, p].reset_index(drop=True)).values.fillna(0)
                    for p in positions)
        too_many = (hours > MAX_HOURS_PER_DAY).to_numpy(dtype=bool)
        if not too_many.any():
            continue
        label = _DAY_NAMES.get(day, Message("day {number}", number=day.removeprefix("day")))
        letter = column_letter(raw.first_col + positions[0])
        sample = [Issue(code=Code.TOO_MANY_HOURS_IN_A_DAY, severity="error",
                        sheet=raw.sheet, row=int(rows.iloc[i]),
                        column=str(headers[positions[0]]).strip(), column_letter=letter,
                        value=f"{hours.iloc[i]:g}",
                        message=Code.TOO_MANY_HOURS_IN_A_DAY.message(
                            row=int(rows.iloc[i]), hours=hours.iloc[i], day=label,
                            limit=MAX_HOURS_PER_DAY),
                        hint=Code.TOO_MANY_HOURS_IN_A_DAY.hint())
                  for i in np.flatnonzero(too_many)[: out.issues.sample_per_code]]
        out.rejected |= too_many
        out.issues.add_many(sample, total=int(too_many.sum()))


def _flag_duplicates(frame: pd.DataFrame, report_type: ReportType,
                     columns: dict[str, ColumnRef], out: _Collector) -> None:
    """The same line twice (same worker, period, kind of pay, day, rate and job): counted
    twice unless fixed. Lines of different kinds of pay are never duplicates."""
    if "worker" not in frame or frame["worker"].isna().all():
        return
    keys = [k for k in ("worker_key", "worker", "job_title", "trade", "period_end",
                        "earning_type", "work_date", "hourly_rate") if k in frame]
    if "work_date" in frame and frame["work_date"].notna().any():
        return  # a timesheet: the same day twice is two shifts
    named = frame["worker"].notna().to_numpy()
    # The key columns folded into one integer per line, a column at a time (each step's
    # codes stay below the line count): duplicates found without hashing text or rows.
    combined = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes = pd.factorize(frame[key], use_na_sentinel=False)[0]
        combined = pd.factorize(combined * (int(codes.max(initial=0)) + 1) + codes)[0]
    repeated = pd.Series(combined).duplicated(keep="first").to_numpy() & named
    if not repeated.any():
        return
    ref = columns.get("worker") or columns.get("last_name") or next(iter(columns.values()))
    rows = frame.loc[repeated, "row"].to_numpy()
    names = frame.loc[repeated, "worker"].astype(str).tolist()
    sample = [Issue(code=Code.DUPLICATE_ROW, severity="warning", sheet=out.raw.sheet,
                    row=int(row), column=ref.header, column_letter=ref.letter, value=name,
                    message=Code.DUPLICATE_ROW.message(row=int(row), value=name),
                    hint=Code.DUPLICATE_ROW.hint())
              for row, name in zip(rows[: out.issues.sample_per_code],
                                   names[: out.issues.sample_per_code], strict=True)]
    out.issues.add_many(sample, total=int(repeated.sum()))


def _flag_repeated_keys(frame: pd.DataFrame, report_type: ReportType,
                        columns: dict[str, ColumnRef], out: _Collector) -> None:
    """Two rows alike in every field of `unique_by` (a plan's trade, class and month twice):
    which one holds cannot be told, so each later row is refused and names the first. Text
    is compared as names are (case and spacing ignored); a row missing a key was reported."""
    keys = [key for key in report_type.unique_by if key in frame]
    if not keys or frame.empty:
        return
    kinds = {f.name: f.kind for f in report_type.fields}
    complete = frame[keys].notna().all(axis=1).to_numpy()
    combined = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        values = _name_key(frame[key]) if kinds.get(key) in ("text", "id") else frame[key]
        codes = pd.factorize(values, use_na_sentinel=False)[0]
        combined = pd.factorize(combined * (int(codes.max(initial=0)) + 1) + codes)[0]
    groups = pd.Series(combined)
    rows = frame["row"].reset_index(drop=True)
    repeated = groups.duplicated(keep="first").to_numpy() & complete
    if not repeated.any():
        return
    first = rows.groupby(groups).transform("first")
    ref = columns.get(keys[0]) or next(iter(columns.values()))
    sample = []
    for i in np.flatnonzero(repeated)[: out.issues.sample_per_code].tolist():
        value = ", ".join(_key_text(frame[key].iloc[i], kinds.get(key)) for key in keys)
        row = int(rows.iloc[i])
        sample.append(Issue(code=Code.DUPLICATE_PLAN_ROW, severity="error", sheet=out.raw.sheet,
                            row=row, column=ref.header, column_letter=ref.letter, value=value,
                            message=Code.DUPLICATE_PLAN_ROW.message(
                                row=row, value=value, first=int(first.iloc[i])),
                            hint=Code.DUPLICATE_PLAN_ROW.hint()))
    out.rejected |= out.rows.isin(set(rows[repeated].tolist())).to_numpy()
    out.issues.add_many(sample, total=int(repeated.sum()))


def _key_text(value: object, kind: str | None) -> str:
    if isinstance(value, (pd.Timestamp, dt.date)):
        return f"{value:%Y-%m}" if kind == "month" else f"{value:%Y-%m-%d}"
    return str(value)


def _missing_column_issue(raw: RawTable, report_type: ReportType, spec: Field,
                          header_index: int, hidden_sheets: tuple[str, ...] = ()) -> Issue:
    accepted = ", ".join(f"'{name}'" for name in (spec.label, *spec.aliases[:4]))
    where = (Message("the header row (row {row})", row=raw.first_row + header_index)
             if header_index >= 0
             else Message("the first {count} rows", count=HEADER_SEARCH_ROWS))
    hidden = (Message(" The workbook also has hidden sheets ({sheets}), which GoodBid does "
                      "not read: unhide the one with the report.",
                      sheets=", ".join(hidden_sheets)) if hidden_sheets else "")
    return Issue(
        code=Code.MISSING_COLUMN,
        severity="error",
        sheet=raw.sheet,
        row=raw.first_row + header_index if header_index >= 0 else None,
        column=spec.label,
        message=Code.MISSING_COLUMN.message(report=Message.marked(report_type.label),
                                            label=Message.marked(spec.label), where=where),
        hint=Code.MISSING_COLUMN.hint(accepted=accepted, hidden=hidden),
    )


def _no_period_issue(raw: RawTable, report_type: ReportType, table: Table) -> Issue:
    suggested = dates_in_filename(raw.filename)
    suggestion = suggested[-1].isoformat() if suggested else None
    suggested_day = (Message("The file's name suggests the period ended on {date}. ",
                             date=suggestion) if suggestion else "")
    return Issue(code=Code.NO_PERIOD, severity="error", sheet=raw.sheet,
                 row=table.header_row, value=suggestion, message=Code.NO_PERIOD.message(),
                 hint=Code.NO_PERIOD.hint(
                     suggestion=suggested_day,
                     label=Message.marked(report_type.field("period_end").label)))


# -- what a page offers for matching ------------------------------------------------------

# Columns of an earnings group a vendor can match a column to (the report's fields besides).
GROUP_CHOICES = {
    "regular:hours": gettext_noop("Regular (straight-time) hours"),
    "regular:rate": gettext_noop("Regular (straight-time) hourly rate"),
    "regular:amount": gettext_noop("Regular (straight-time) earnings"),
    "overtime:hours": gettext_noop("Overtime hours"),
    "overtime:rate": gettext_noop("Overtime hourly rate"),
    "overtime:amount": gettext_noop("Overtime earnings"),
    "double_time:hours": gettext_noop("Double-time hours"),
    "double_time:rate": gettext_noop("Double-time hourly rate"),
    "double_time:amount": gettext_noop("Double-time earnings"),
    "holiday:hours": gettext_noop("Holiday hours"),
    "paid_leave:hours": gettext_noop("Paid time off hours"),
    "sick:hours": gettext_noop("Sick hours"),
    "tips:amount": gettext_noop("Tips"),
    "bonus:amount": gettext_noop("Bonus"),
    "back_pay:amount": gettext_noop("Back pay"),
}
IGNORE = "ignore"


def mapping_choices(report_type_code: str) -> list[tuple[str, str, bool]]:
    """What a vendor can say a column holds: (key, label to translate, required)."""
    report_type = REPORT_TYPES[report_type_code]
    choices = [(f.name, f.label, f.required) for f in report_type.fields]
    if report_type.earnings_lines:
        choices += [(key, label, False) for key, label in GROUP_CHOICES.items()]
    return choices


@dataclass(frozen=True)
class ColumnChoice:
    sheet: str | None
    letter: str
    header: str
    placed: str | None  # the field (or "kind:measure") GoodBid reads it as, if any
    examples: tuple[str, ...]


def column_choices(raw: RawTable, report_type_code: str,
                   mapping: dict[str, str] | None = None) -> tuple[list[ColumnChoice],
                                                                   list[Field]]:
    """Every column of every table in the file (each visible sheet's header row), with what
    GoodBid reads it as now, and the required fields still missing: what "Match your columns"
    offers."""
    report_type = REPORT_TYPES[report_type_code]
    normalised = _normalised_mapping(report_type, mapping)
    layout = _detect_layout(raw, report_type)
    reader = header_reader(report_type, layout, normalised)
    choices: list[ColumnChoice] = []
    best_missing: list[Field] | None = None
    for sheet in raw.sheets:
        table = find_table(sheet, reader)
        if table is None:
            if len(sheet.cells):
                table = Table(raw=sheet, header_index=0, depth=1, columns=[
                    Column(p, text, column_letter(sheet.first_col + p), None)
                    for p, text in enumerate(combined_header(sheet, 0, 1)) if text])
            else:
                continue
        body = sheet.cells.iloc[table.first_data:table.first_data + 50]
        for column in table.columns:
            sample = as_text(body[column.position])
            examples = tuple(dict.fromkeys(v for v in sample.tolist() if v))[:3]
            choices.append(ColumnChoice(sheet.sheet, column.letter, column.header,
                                        column.meaning.key if column.meaning else None,
                                        examples))
        missing = _missing(report_type, table.by_key(), has_period_fact=bool(
            [f for f in FactReader(vocabulary()).read(sheet, range(0, table.header_index),
                                                      source="title")
             if f.name == "period_end"]))
        if best_missing is None or len(missing) < len(best_missing):
            best_missing = missing
    return choices, best_missing or []


def unplaced_headers(raw: RawTable, report_type_code: str,
                     mapping: dict[str, str] | None = None) -> tuple[list[str], list[Field]]:
    """The header texts GoodBid does not place, and the required fields still missing."""
    choices, missing = column_choices(raw, report_type_code, mapping)
    return [c.header for c in choices if c.placed is None], missing
