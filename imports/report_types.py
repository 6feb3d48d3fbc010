"""Report types: the canonical fields a report holds and the header texts vendors use for them.

`import_table` finds the header row, maps the vendor's columns to fields (aliases first, then
the vendor's own saved mapping), parses every column vectorised, and collects issues in the
vendor's coordinates. Structure problems (a required column missing) stop the import; value
problems flag the row and the rest goes on. A missing demographic stays missing: it is never
defaulted into a category.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from imports.columns import column_letter, normalise_header
from imports.i18n import Message, gettext_noop
from imports.issues import ImportRejected, Issue, IssueLog
from imports.reader import RawTable
from imports.values import (
    YES_NO,
    as_boolean,
    as_text,
    money_units,
    parse_choice,
    parse_date,
    parse_number,
    parse_zip,
)

FieldKind = Literal["text", "money", "hours", "date", "yes_no", "gender", "worker_class", "zip"]
HEADER_SEARCH_ROWS = 30

GENDERS = {"man": "man", "male": "man", "m": "man", "woman": "woman", "female": "woman",
           "f": "woman", "w": "woman", "nonbinary": "nonbinary", "non-binary": "nonbinary",
           "nb": "nonbinary", "x": "nonbinary", "genderqueer": "nonbinary",
           # Spanish, as vendors who read the Spanish pages may write it
           "mujer": "woman", "femenino": "woman", "hombre": "man", "masculino": "man",
           "varón": "man", "no binario": "nonbinary"}
WORKER_CLASSES = {"journey": "journey", "journeyman": "journey", "journeyworker": "journey",
                  "journeylevel": "journey", "j": "journey", "jw": "journey",
                  "apprentice": "apprentice", "a": "apprentice", "ra": "apprentice",
                  "registeredapprentice": "apprentice", "app": "apprentice",
                  # An "Apprentice" yes/no column.
                  "y": "apprentice", "yes": "apprentice", "t": "apprentice",
                  "true": "apprentice", "n": "journey", "no": "journey", "f": "journey",
                  "false": "journey",
                  # Spanish: oficial (journey level) or aprendiz; sí in an "Aprendiz" column.
                  "oficial": "journey", "aprendiz": "apprentice", "sí": "apprentice",
                  # WH-347: "RA" with the apprentice's level of progression ("RA 2").
                  **{f"ra{level}": "apprentice" for level in range(1, 10)},
                  **{f"apprentice{level}": "apprentice" for level in range(1, 10)}}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind
    required: bool
    aliases: tuple[str, ...]
    example: str = ""
    choices: tuple[str, ...] = ()  # offered in the template's dropdown


@dataclass(frozen=True)
class ReportType:
    code: str
    label: str
    fields: tuple[Field, ...]

    def field_for_header(self, header: object) -> Field | None:
        key = normalise_header(header)
        if not key:
            return None
        for candidate in self.fields:
            if key in {normalise_header(alias) for alias in (candidate.label, *candidate.aliases)}:
                return candidate
        return None

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


# Headers as a vendor reading the Spanish pages may write them (accents and case are ignored).
SPANISH = {
    "worker": ("Trabajador", "Nombre del trabajador", "Empleado", "Nombre"),
    "hours": ("Horas", "Horas trabajadas", "Total de horas"),
    "period_end": ("Fin del período", "Período que termina", "Semana que termina"),
}

WAGE_REPORT = ReportType(
    code="wage",
    label=gettext_noop("Service-contract wage report"),
    fields=(
        Field("worker", "Worker", "text", True,
              ("Worker name", "Employee", "Employee name", "Name", "Full name",
               *SPANISH["worker"]), "Ana Lopez"),
        Field("job_title", "Job title", "text", False,
              ("Title", "Position", "Job", "Occupation", "Puesto", "Cargo", "Ocupación"),
              "Custodian"),
        Field("hourly_rate", "Hourly rate", "money", True,
              ("Rate of pay", "Base rate", "Rate", "Pay rate", "Hourly wage", "Wage rate",
               "Hourly pay", "Tarifa por hora", "Salario por hora", "Sueldo por hora",
               "Pago por hora",
               "Tarifa"), "18.20"),
        Field("hours", "Hours", "hours", True,
              ("Hours worked", "Total hours", "Hrs", "Hours this period", *SPANISH["hours"]),
              "40"),
        Field("period_end", "Pay period end", "date", True,
              ("Pay period ending", "Period end", "Period ending", "Week ending", "Week end",
               "W/E", "WE date", "Pay period end date", "Period end date",
               "Fin del período de pago", *SPANISH["period_end"]), "2024-07-07"),
    ),
)

# Boston publishes its Residents Jobs Policy compliance data in two layouts (POLICY.md §2):
# current `period_ending, gender, person_of_color, boston_resident,
# worker_hours_this_period`, older `DateEntered, SEX, MINOR, RESIDENT, TotalHours`.
WORKFORCE_REPORT = ReportType(
    code="workforce",
    label=gettext_noop("Construction workforce report"),
    fields=(
        Field("period_end", "Period ending", "date", True,
              ("period_ending", "DateEntered", "Week ending", "Period end", "W/E",
               "Week end", "Pay period end", "Reporting period end", *SPANISH["period_end"]),
              "2024-07-07"),
        Field("trade", "Trade", "text", True,
              ("Craft", "Classification", "Trade/Craft", "Labor classification", "Oficio",
               "Especialidad", "Clasificación"), "Carpenter"),
        Field("hours", "Hours", "hours", True,
              ("worker_hours_this_period", "TotalHours", "Hours worked", "Work hours",
               "Total hours", "Hours this period", *SPANISH["hours"]), "40"),
        Field("worker", "Worker", "text", False,
              ("Worker name", "Employee", "Employee name", "Name", "Worker ID",
               "Employee ID", *SPANISH["worker"], "ID del trabajador"), "Worker 0017"),
        Field("worker_class", "Journey or apprentice", "worker_class", False,
              ("Journey/Apprentice", "Worker class", "Apprentice", "Level",
               "Journeyworker or apprentice", "J/A", "Oficial o aprendiz", "Aprendiz"),
              "journey", ("journey", "apprentice")),
        Field("gender", "Gender", "gender", False,
              ("SEX", "Sex", "Gender identity", "Género", "Sexo"),
              "Woman", ("Woman", "Man", "Non-binary")),
        Field("person_of_color", "Person of color", "yes_no", False,
              ("person_of_color", "MINOR", "Minority", "POC", "People of color",
               "Persona de color"), "t", ("t", "f")),
        Field("race", "Race", "text", False,
              ("Race_Desc", "Race/Ethnicity", "Ethnicity", "Race or ethnicity", "Raza",
               "Raza/Etnia", "Etnia"), "Black"),
        Field("boston_resident", "Boston resident", "yes_no", False,
              ("boston_resident", "RESIDENT", "Resident", "City resident",
               "Residente de Boston", "Residente"), "t", ("t", "f")),
        Field("zip", "Home ZIP", "zip", False,
              ("Zip", "Zip code", "Residence Zip Code", "Home zip code", "Postal code",
               "Código postal", "Código postal del domicilio"), "02119"),
        Field("project", "Project", "text", False,
              ("compliance_project_name", "ProjectName", "Project name", "Proyecto"),
              "Dorchester Library Renovation"),
        Field("contractor", "Subcontractor", "text", False,
              ("subcontractor", "SubContractor", "Contractor", "Employer", "Company",
               "Subcontratista", "Contratista", "Empresa"), "Sparks Electric LLC"),
        Field("general_contractor", "General contractor", "text", False,
              ("general_contractor_name", "GeneralContractor", "GC", "Contratista general"),
              "Beacon Builders Inc."),
    ),
)

# U.S. DOL certified payroll, form WH-347: the 2025 revision (1A-9, shared samples) and the
# earlier form (name and ID in one column, classification, total hours, rate, gross).
CERTIFIED_PAYROLL = ReportType(
    code="certified_payroll",
    label=gettext_noop("Certified payroll (WH-347)"),
    fields=(
        Field("worker", "Worker name", "text", False,
              ("Name", "Name of worker", "Employee name",
               "Name and individual identifying number of worker",
               "Name, address and social security number of employee"), "Lopez, Ana M"),
        Field("last_name", "Last name", "text", False, ("1B Last name", "Surname"), "Lopez"),
        Field("first_name", "First name", "text", False, ("1C First name",), "Ana"),
        Field("middle_initial", "Middle initial", "text", False, ("1D Middle initial", "MI"),
              "M"),
        Field("worker_id", "Worker identifying no.", "text", False,
              ("1E Worker identifying no.", "Worker identifying number", "Worker ID",
               "Identifying number", "Last 4 of SSN", "Employee ID"), "6789"),
        Field("worker_class", "Journeyworker or registered apprentice", "worker_class", False,
              ("2 Journeyworker / Registered Apprentice", "Journeyworker / Registered "
               "Apprentice", "J/RA", "J or RA"), "J", ("J", "RA")),
        Field("trade", "Labor classification", "text", True,
              ("3 Labor classification", "Work classification", "Classification", "Craft",
               "Trade"), "Carpenter"),
        Field("hours", "Total hours worked for the week", "hours", True,
              ("5 Total hours worked for the week", "Total hours", "Hours"), "40"),
        Field("hourly_rate", "Hourly wage rate paid (ST)", "money", True,
              ("6A Hourly wage rate paid (ST)", "Hourly wage rate paid", "Straight time rate",
               "ST rate", "Rate of pay", "Hourly rate"), "45.00"),
        Field("overtime_rate", "Hourly wage rate paid (OT)", "money", False,
              ("6A Hourly wage rate paid (OT)", "Overtime rate", "OT rate"), "67.50"),
        Field("fringe", "Total fringe benefit credit", "money", False,
              ("6B Total fringe benefit credit", "Fringe benefits", "Fringe"), "12.40"),
        Field("gross", "Gross amount earned (this project)", "money", False,
              ("7A Gross amount earned (this project)", "Gross amount earned", "Gross"),
              "1800.00"),
        Field("period_end", "Week ending date", "date", True,
              ("Week ending", "W/E", "Period ending", "Pay period end"), "2025-03-09"),
    ),
)

REPORT_TYPES: dict[str, ReportType] = {
    t.code: t for t in (WAGE_REPORT, WORKFORCE_REPORT, CERTIFIED_PAYROLL)}


@dataclass(frozen=True)
class ColumnRef:
    header: str
    letter: str


@dataclass
class ImportResult:
    """A validated report: `frame` holds the accepted rows, one column per canonical field
    (all-missing where the vendor's file has no such column), plus `row`, the row number the
    vendor sees in Excel."""

    report_type: str
    sheet: str | None
    header_row: int
    columns: dict[str, ColumnRef]
    frame: pd.DataFrame
    rows_read: int
    issues: IssueLog = field(default_factory=IssueLog)

    @property
    def rows_accepted(self) -> int:
        return len(self.frame)


def _match_row(cells: list[object], report_type: ReportType,
               mapping: dict[str, str]) -> dict[str, int]:
    match: dict[str, int] = {}
    for position, header in enumerate(cells):
        placed = report_type.field_for_header(header)
        if placed is None and normalise_header(header) in mapping:
            placed = report_type.field(mapping[normalise_header(header)])
        if placed is not None and placed.name not in match:
            match[placed.name] = position
    return match


def header_cells(raw: RawTable, index: int, depth: int) -> list[object]:
    """The header texts of rows index..index+depth-1: a header merged over two rows (a group
    label above its sub-headers, or a cell merged down) reads as the lower text where there
    is one, else the upper."""
    upper = raw.cells.iloc[index].tolist()
    if depth == 1:
        return upper
    lower = raw.cells.iloc[index + 1].tolist()
    return [low if str(low).strip() and not pd.isna(low) else up
            for up, low in zip(upper, lower, strict=True)]


def _header_in(raw: RawTable, report_type: ReportType,
               mapping: dict[str, str]) -> tuple[int, dict[str, int], int]:
    searched = min(HEADER_SEARCH_ROWS, len(raw.cells))
    single = [_match_row(header_cells(raw, index, 1), report_type, mapping)
              for index in range(searched)]
    best_index, best_match, best_depth = -1, {}, 1
    for index in range(searched):
        candidates = [(single[index], 1)]
        if index + 1 < searched:
            # Two rows read as one header only when together they place more fields than
            # either row alone (a group label above sub-headers, or cells merged down).
            pair = _match_row(header_cells(raw, index, 2), report_type, mapping)
            if len(pair) > max(len(single[index]), len(single[index + 1])):
                candidates.append((pair, 2))
        for match, depth in candidates:
            if len(match) > len(best_match):
                best_index, best_match, best_depth = index, match, depth
    return best_index, best_match, best_depth


def _find_header(raw: RawTable, report_type: ReportType, mapping: dict[str, str]
                 ) -> tuple[RawTable, int, dict[str, int], int]:
    """Of the visible sheets, the one whose header matches the most field names; the header's
    first row (index into its cells), the match, and how many rows the header spans."""
    best = (raw, -1, {}, 1)
    for sheet in raw.sheets:
        index, match, depth = _header_in(sheet, report_type, mapping)
        if len(match) > len(best[2]):
            best = (sheet, index, match, depth)
    return best


def _normalised_mapping(report_type: ReportType, mapping: dict[str, str] | None
                        ) -> dict[str, str]:
    names = {f.name for f in report_type.fields}
    return {normalise_header(header): name for header, name in (mapping or {}).items()
            if name in names and normalise_header(header)}


def unplaced_headers(raw: RawTable, report_type_code: str,
                     mapping: dict[str, str] | None = None) -> tuple[list[str], list[Field]]:
    """The header texts of the most header-like row that no field claims, and the required
    fields still missing: what a page asks the vendor to map once."""
    report_type = REPORT_TYPES[report_type_code]
    normalised = _normalised_mapping(report_type, mapping)
    raw, header_index, match, depth = _find_header(raw, report_type, normalised)
    if header_index < 0:
        header_index = 0 if len(raw.cells) else -1
    headers = header_cells(raw, header_index, depth) if header_index >= 0 else []
    claimed = set(match.values())
    unplaced = [str(h).strip() for position, h in enumerate(headers)
                if position not in claimed and str(h).strip() and not pd.isna(h)]
    missing = [f for f in report_type.fields if f.required and f.name not in match]
    return unplaced, missing


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

    def flag(self, column: _Column, mask: pd.Series | np.ndarray, code: str, message: Message,
             hint: Message, *, severity: str = "error") -> None:
        """Flag the masked rows; `message` and `hint` may name {value}, {row}, {column},
        {example}, {fixed}, {choices} and {zip5}, filled in per row."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if severity == "error":
            self.rejected |= mask
        positions = np.flatnonzero(mask)
        spec, ref = column.spec, column.ref
        sample = []
        for i in positions[: self.issues.sample_per_code]:
            value, row = column.text.iloc[i], int(self.rows.iloc[i])
            words = {"value": value, "row": row, "column": ref.header, "example": spec.example,
                     "fixed": value.replace(",", "."), "choices": ", ".join(spec.choices),
                     "zip5": value.split(".")[0].zfill(5)}
            sample.append(Issue(code=code, severity=severity, sheet=self.raw.sheet, row=row,
                                column=ref.header, column_letter=ref.letter, value=value,
                                message=message.with_values(**words),
                                hint=hint.with_values(**words)))
        self.issues.add_many(sample, total=len(positions))


EMPTY = Message("Row {row}, column {column}: this cell is empty.")


def _text(column: _Column, out: _Collector) -> pd.Series:
    if column.spec.required:
        out.flag(column, column.text == "", "import.missing-value", EMPTY,
                 Message("Write the {column} for this row, for example '{example}'."))
        return column.text
    return column.text.where(column.text != "", None)


def _number(column: _Column, out: _Collector) -> pd.Series:
    money = column.spec.kind == "money"
    parsed = parse_number(column.raw, money=money)
    if column.spec.required:
        out.flag(column, parsed.blank, "import.missing-value", EMPTY,
                 Message("Write the {column} for this row as a number, for example {example}."))
    out.flag(column, parsed.decimal_comma, "import.decimal-comma",
             Message("Row {row}, column {column}: '{value}' is not a number GoodBid can read "
                     "for sure: the comma could be a decimal point or a thousands separator."),
             Message("Write it with a decimal point: {fixed}."))
    out.flag(column, parsed.not_a_number, "import.not-a-number",
             Message("Row {row}, column {column}: '{value}' is not a number."),
             Message("Write a number, for example {example}."))
    out.flag(column, parsed.values < 0, "import.negative-number",
             Message("Row {row}, column {column}: '{value}' is negative."),
             Message("Write the {column} as a positive number, for example {example}."))
    return money_units(parsed.values) if money else parsed.values


def _date(column: _Column, out: _Collector) -> pd.Series:
    parsed = parse_date(column.raw)
    if column.spec.required:
        out.flag(column, parsed.blank, "import.missing-value", EMPTY,
                 Message("Write the date the period ended, for example {example}."))
    out.flag(column, parsed.not_a_date, "import.not-a-date",
             Message("Row {row}, column {column}: '{value}' is not a date."),
             Message("Write the date as year-month-day, for example {example}, or as "
                     "7/7/2024."))
    return parsed.values


def _choice(vocabulary: dict, code: str, what: Message, hint: Message
            ) -> Callable[[_Column, _Collector], pd.Series]:
    def parse(column: _Column, out: _Collector) -> pd.Series:
        parsed = parse_choice(column.raw, vocabulary)
        # Not understood is a warning and stays missing: the row still counts, and the
        # completeness check reports the missing value rather than guessing it.
        out.flag(column, parsed.unknown, code,
                 Message("Row {row}, column {column}: '{value}' is not {what} GoodBid "
                         "understands, so it is counted as not stated.", what=what),
                 hint, severity="warning")
        return parsed.values
    return parse


def _yes_no(column: _Column, out: _Collector) -> pd.Series:
    parsed = parse_choice(column.raw, YES_NO)
    out.flag(column, parsed.unknown, "import.not-yes-no",
             Message("Row {row}, column {column}: '{value}' is not yes or no, so it is counted "
                     "as not stated."),
             Message("Write t or f (or Yes / No); leave it empty only if it is not known."),
             severity="warning")
    return as_boolean(parsed.values)


def _zip(column: _Column, out: _Collector) -> pd.Series:
    parsed = parse_zip(column.raw)
    out.flag(column, parsed.zero_restored, "import.zip-leading-zero-restored",
             Message("Row {row}, column {column}: ZIP code '{value}' lost its leading zero (the "
                     "spreadsheet stored it as a number); GoodBid read it as {zip5}."),
             Message("Format the column as text so ZIP codes keep their leading zero."),
             severity="warning")
    out.flag(column, parsed.invalid, "import.invalid-zip",
             Message("Row {row}, column {column}: '{value}' is not a ZIP code, so the worker's "
                     "home is counted as not stated."),
             Message("Write the five-digit home ZIP code, for example {example}."),
             severity="warning")
    return parsed.values


PARSERS: dict[str, Callable[[_Column, _Collector], pd.Series]] = {
    "text": _text, "money": _number, "hours": _number, "date": _date, "yes_no": _yes_no,
    "zip": _zip,
    "gender": _choice(GENDERS, "import.unknown-gender", Message("a gender"),
                      Message("Write Woman, Man or Non-binary; leave it empty only if not "
                              "known.")),
    "worker_class": _choice(WORKER_CLASSES, "import.unknown-worker-class",
                            Message("journey or apprentice"),
                            Message("Write journey or apprentice (J or A).")),
}
MISSING_COLUMN = {"yes_no": "boolean", "money": "Int64", "hours": "float64",
                  "date": "datetime64[ns]"}


_SSN = r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"
_TOTAL = r"(?i)^\s*(?:grand\s+|sub\s*-?)?totals?\s*(?::.*|hours\b.*|for\b.*)?$"
MAX_HOURS_PER_ROW = 168  # hours in a week
MAX_HOURS_PER_DAY = 24
_DAY = re.compile(
    r"^(?:4)?(mon|tue|wed|thu|fri|sat|sun|day[1-7])"
    r"(?:|day|s|sday|nesday|r|rs|rsday|urday)"  # mon, monday, tues(day), thur(s)(day), ...
    r"(?:|st|ot|hours|hrs|straighttime|overtime)$")
_DAY_NAMES = {"mon": Message("Monday"), "tue": Message("Tuesday"),
              "wed": Message("Wednesday"), "thu": Message("Thursday"),
              "fri": Message("Friday"), "sat": Message("Saturday"), "sun": Message("Sunday")}


def refuse_full_ssn(raw: RawTable) -> None:
    """A full Social Security number anywhere in the file refuses the whole file: WH-347
    (2025) forbids it, and GoodBid must never keep one. The issue shows only the last four."""
    for sheet in raw.sheets:
        for position in range(sheet.cells.shape[1]):
            # Only text cells can hold "123-45-6789": numbers and dates are not scanned.
            cells = sheet.cells.iloc[:, position]
            is_text = cells.map(type).isin((str,)).to_numpy(dtype=bool)
            found = np.zeros(len(cells), dtype=bool)
            if is_text.any():
                found[is_text] = cells[is_text].astype(str).str.contains(
                    _SSN, regex=True).to_numpy(dtype=bool)
            if found.any():
                index = int(np.flatnonzero(found)[0])
                last_four = re.search(_SSN, str(cells.iloc[index])).group()[-4:]
                raise ImportRejected([Issue(
                    code="import.full-ssn", severity="error", sheet=sheet.sheet,
                    row=sheet.first_row + index,
                    column_letter=column_letter(sheet.first_col + position),
                    value=f"***-**-{last_four}",
                    message=Message(
                        "Row {row}, column {letter} holds a full Social Security number. "
                        "GoodBid does not accept files with full SSNs and has not kept this "
                        "one.", row=sheet.first_row + index,
                        letter=column_letter(sheet.first_col + position)),
                    hint=Message("Replace each SSN with its last four digits or your own "
                                 "worker number (as the WH-347 form asks), then upload the "
                                 "file again."))])


def import_table(raw: RawTable, report_type_code: str,
                 mapping: dict[str, str] | None = None) -> ImportResult:
    """Validate `raw` as a report of `report_type_code`. `mapping` is the vendor's own
    {header text: field name}, used for headers no alias places."""
    report_type = REPORT_TYPES[report_type_code]
    refuse_full_ssn(raw)
    workbook = raw
    raw, header_index, match, depth = _find_header(workbook, report_type,
                                                   _normalised_mapping(report_type, mapping))
    week_ending = None
    if report_type.code == "certified_payroll" and "period_end" not in match:
        week_ending = _form_week_ending(raw, header_index)
    missing = [f for f in report_type.fields if f.required and f.name not in match
               and not (f.name == "period_end" and week_ending is not None)]
    if report_type.code == "certified_payroll" and not ({"worker", "last_name"} & set(match)):
        missing.insert(0, report_type.field("worker"))
    if missing:
        raise ImportRejected([_missing_column_issue(raw, report_type, f, header_index,
                                                    workbook.hidden_sheets)
                              for f in missing])

    header_row = raw.first_row + header_index
    headers = header_cells(raw, header_index, depth)
    columns = {
        name: ColumnRef(str(headers[position]).strip(), column_letter(raw.first_col + position))
        for name, position in match.items()
    }
    body = raw.cells.iloc[header_index + depth:, list(match.values())]
    body.columns = list(match.keys())
    body = body.reset_index(drop=True)
    rows = pd.Series(np.arange(len(body)) + header_row + depth, dtype="int64")

    text = {name: as_text(body[name]) for name in body.columns}
    blank_row = np.logical_and.reduce([text[name] == "" for name in body.columns])
    keep = ~np.asarray(blank_row, dtype=bool)
    body, rows = body[keep].reset_index(drop=True), rows[keep].reset_index(drop=True)
    text = {name: values[keep].reset_index(drop=True) for name, values in text.items()}

    out = _Collector(raw, rows)
    totals = np.logical_or.reduce([
        pd.Series(text[name], dtype="string").str.fullmatch(_TOTAL)
        .fillna(False).to_numpy(dtype=bool) for name in body.columns])
    if totals.any():
        first = int(np.flatnonzero(totals)[0])
        out.issues.add(Issue(
            code="import.totals-row-excluded", severity="warning", sheet=raw.sheet,
            row=int(rows.iloc[first]),
            message=Message("Row {row} is a totals row; it was left out and not counted as a "
                            "worker.", row=int(rows.iloc[first])),
            hint=Message("Nothing to do: GoodBid adds up the rows itself.")),
            count=int(totals.sum()))
        keep_rows = ~totals
        body, rows = body[keep_rows].reset_index(drop=True), rows[keep_rows].reset_index(drop=True)
        text = {name: values[keep_rows].reset_index(drop=True) for name, values in text.items()}
        out = _Collector(raw, rows, out.issues)
    if raw.file_kind == "csv":
        _flag_extra_cells(raw, header_index + depth - 1, max(match.values()), rows, out)
    rivals = [t for t in workbook.sheets if t is not raw
              and len(_header_in(t, report_type, {})[1]) >= 2]
    if rivals:
        others = ", ".join(f"'{t.sheet}'" for t in rivals)
        out.issues.add(Issue(
            code="import.sheet-chosen", severity="warning", sheet=raw.sheet,
            message=Message("The workbook has several sheets that look like a report; GoodBid "
                            "read '{sheet}', the one with the most of the report's columns, "
                            "and not {others}.", sheet=raw.sheet, others=others),
            hint=Message("If the report is on another sheet, move it to its own workbook.")))
    frame = pd.DataFrame({"row": rows})
    for spec in report_type.fields:
        if spec.name in match:
            column = _Column(spec, columns[spec.name], body[spec.name], text[spec.name])
            frame[spec.name] = PARSERS[spec.kind](column, out)
            if spec.kind == "gender":
                frame["gender_raw"] = column.text.where(column.text != "", None)
        else:
            frame[spec.name] = pd.Series(pd.NA if spec.kind in MISSING_COLUMN else None,
                                         index=frame.index,
                                         dtype=MISSING_COLUMN.get(spec.kind, object))
            if spec.kind == "gender":
                frame["gender_raw"] = pd.Series(None, index=frame.index, dtype=object)
    if report_type.code == "certified_payroll":
        _name_from_parts(frame)
        if week_ending is not None:
            frame["period_end"] = week_ending
    hours_column = _Column(report_type.field("hours"), columns["hours"], body["hours"],
                           text["hours"])
    out.flag(hours_column, (frame["hours"] > MAX_HOURS_PER_ROW).to_numpy(dtype=bool),
             "import.too-many-hours",
             Message("Row {row}, column {column}: {value} hours is more than the {limit} "
                     "hours in a week.", limit=MAX_HOURS_PER_ROW),
             Message("Check the hours: write one row per worker per week, with that week's "
                     "hours."))
    _flag_duplicates(frame, report_type, columns, text, out)
    _flag_long_days(raw, headers, set(match.values()), header_index + depth, rows, out)
    if "general_contractor" in frame:
        # Boston's layout names the subcontractor on each row, the general contractor always.
        frame["contractor"] = frame["contractor"].where(frame["contractor"].notna(),
                                                        frame["general_contractor"])

    accepted = frame[~out.rejected].reset_index(drop=True)
    if "hourly_rate" in accepted:
        accepted["hourly_rate"] = accepted["hourly_rate"].astype("int64")
    return ImportResult(
        report_type=report_type.code,
        sheet=raw.sheet,
        header_row=header_row,
        columns=columns,
        frame=accepted,
        rows_read=len(body),
        issues=out.issues,
    )


def _form_week_ending(raw: RawTable, header_index: int) -> pd.Timestamp | None:
    """WH-347 puts the week ending date in the form's header, above the table: the cell
    after one reading 'Week ending (date)'."""
    for index in range(max(header_index, 0)):
        cells = raw.cells.iloc[index].tolist()
        for position, cell in enumerate(cells):
            if normalise_header(cell).startswith("weekending"):
                after = [c for c in cells[position + 1:] if str(c).strip()]
                if after:
                    parsed = parse_date(pd.Series([after[0]], dtype=object)).values.iloc[0]
                    if not pd.isna(parsed):
                        return parsed
    return None


def _name_from_parts(frame: pd.DataFrame) -> None:
    """The 2025 form splits the name (1B last, 1C first, 1D middle initial)."""
    parts = frame["last_name"].astype("string")
    first = frame["first_name"].astype("string")
    initial = frame["middle_initial"].astype("string")
    whole = parts.str.cat(first.fillna(""), sep=", ").str.cat(initial.fillna(""), sep=" ")
    whole = whole.str.strip().str.rstrip(",")
    frame["worker"] = frame["worker"].where(frame["worker"].notna(), whole.astype(object))


def _flag_extra_cells(raw: RawTable, header_index: int, last_header: int, rows: pd.Series,
                      out: _Collector) -> None:
    """A CSV row with cells past the header's last column: most often an unquoted comma
    ("18,20") that shifted every value after it."""
    width = raw.cells.shape[1]
    last = max(last_header, max((i for i, h in enumerate(raw.cells.iloc[header_index].tolist())
                                 if str(h).strip()), default=0))
    if width <= last + 1:
        return
    beyond = raw.cells.iloc[header_index + 1:, last + 1:]
    extra = np.logical_or.reduce([as_text(beyond.iloc[:, i]) != "" for i in
                                  range(beyond.shape[1])]).astype(bool)
    row_numbers = np.arange(len(extra)) + raw.first_row + header_index + 1
    flagged = set(row_numbers[extra].tolist())
    mask = rows.isin(flagged).to_numpy()
    if not mask.any():
        return
    out.rejected |= mask
    sample = [Issue(code="import.extra-cells", severity="error", sheet=raw.sheet, row=int(row),
                    message=Message("Row {row} has more cells than the header row: a value "
                                    "with a comma (like 18,20 or 1,234.50) probably split into "
                                    "two cells and moved the values after it.", row=int(row)),
                    hint=Message("Write numbers without commas (18.20, 1234.50), or put the "
                                 "value in quotes, or save the file from Excel as .xlsx "
                                 "instead."))
              for row in rows[mask].head(out.issues.sample_per_code)]
    out.issues.add_many(sample, total=int(mask.sum()))


def _flag_long_days(raw: RawTable, headers: list[object], claimed: set[int], first_data: int,
                    rows: pd.Series, out: _Collector) -> None:
    """Columns of hours per day (WH-347 column 4, straight time and overtime, or any
    'Mon'...'Sun' layout): more than 24 hours in one day is flagged."""
    days: dict[str, list[int]] = {}
    for position, header in enumerate(headers):
        found = _DAY.match(normalise_header(header)) if position not in claimed else None
        if found:
            days.setdefault(found.group(1), []).append(position)
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
        sample = [Issue(code="import.too-many-hours-in-a-day", severity="error",
                        sheet=raw.sheet, row=int(rows.iloc[i]),
                        column=str(headers[positions[0]]).strip(), column_letter=letter,
                        value=f"{hours.iloc[i]:g}",
                        message=Message("Row {row}: {hours:g} hours on {day}, more than the "
                                        "{limit} hours in a day.", row=int(rows.iloc[i]),
                                        hours=hours.iloc[i], day=label,
                                        limit=MAX_HOURS_PER_DAY),
                        hint=Message("Check that day's straight-time and overtime hours."))
                  for i in np.flatnonzero(too_many)[: out.issues.sample_per_code]]
        out.rejected |= too_many
        out.issues.add_many(sample, total=int(too_many.sum()))


def _flag_duplicates(frame: pd.DataFrame, report_type: ReportType,
                     columns: dict[str, ColumnRef], text: dict[str, pd.Series],
                     out: _Collector) -> None:
    """The same worker twice in the same period (and job): counted twice unless fixed."""
    if "worker" not in columns:
        return
    keys = [k for k in ("worker", "job_title", "trade", "period_end") if k in columns]
    named = frame["worker"].notna().to_numpy() & (frame["worker"].astype("string") != "")\
        .fillna(False).to_numpy(dtype=bool)
    repeated = frame.duplicated(subset=keys, keep="first").to_numpy() & named
    if repeated.any():
        worker = _Column(report_type.field("worker"), columns["worker"], frame["worker"],
                         text["worker"])
        out.flag(worker, repeated, "import.duplicate-row",
                 Message("Row {row}: '{value}' appears more than once for the same period."),
                 Message("Keep one row per worker per period (add the hours together), or "
                         "check that the period dates are right."), severity="warning")


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
        code="import.missing-column",
        severity="error",
        sheet=raw.sheet,
        row=raw.first_row + header_index if header_index >= 0 else None,
        column=spec.label,
        message=Message("The {report} needs a '{label}' column, and none was found in "
                        "{where}.", report=Message.marked(report_type.label),
                        label=Message.marked(spec.label),
                        where=where),
        hint=Message("Add a column headed {accepted} (any of these names works), match your "
                     "own column to it once on the upload page, or download the template and "
                     "copy your rows into it.{hidden}", accepted=accepted, hidden=hidden),
    )
