"""Report types: the canonical fields a report holds and the header texts vendors use for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from imports.columns import column_letter, normalise_header
from imports.issues import ImportRejected, Issue, IssueLog
from imports.reader import RawTable
from imports.values import as_text, money_units, parse_date, parse_number

FieldKind = Literal["text", "money", "hours", "date"]
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind
    required: bool
    aliases: tuple[str, ...]
    example: str = ""


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


WAGE_REPORT = ReportType(
    code="wage",
    label="Service-contract wage report",
    fields=(
        Field("worker", "Worker", "text", True,
              ("Worker name", "Employee", "Employee name", "Name", "Full name"), "Ana Lopez"),
        Field("job_title", "Job title", "text", False,
              ("Title", "Position", "Job", "Occupation"), "Custodian"),
        Field("hourly_rate", "Hourly rate", "money", True,
              ("Rate of pay", "Base rate", "Rate", "Pay rate", "Hourly wage", "Wage rate",
               "Hourly pay"), "18.20"),
        Field("hours", "Hours", "hours", True,
              ("Hours worked", "Total hours", "Hrs", "Hours this period"), "40"),
        Field("period_end", "Pay period end", "date", True,
              ("Pay period ending", "Period end", "Period ending", "Week ending", "Week end",
               "W/E", "WE date", "Pay period end date", "Period end date"), "2024-07-07"),
    ),
)

REPORT_TYPES: dict[str, ReportType] = {WAGE_REPORT.code: WAGE_REPORT}


@dataclass(frozen=True)
class ColumnRef:
    header: str
    letter: str


@dataclass
class ImportResult:
    """A validated report: `frame` holds the accepted rows, one column per canonical field,
    plus `row`, the row number the vendor sees in Excel."""

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


def _find_header(raw: RawTable, report_type: ReportType) -> tuple[int, dict[str, int]]:
    """The row (index into raw.cells) whose cells match the most field names, and the match."""
    best_index, best_match = -1, {}
    for index in range(min(HEADER_SEARCH_ROWS, len(raw.cells))):
        match: dict[str, int] = {}
        for position, header in enumerate(raw.cells.iloc[index].tolist()):
            placed = report_type.field_for_header(header)
            if placed is not None and placed.name not in match:
                match[placed.name] = position
        if len(match) > len(best_match):
            best_index, best_match = index, match
    return best_index, best_match


def import_table(raw: RawTable, report_type_code: str) -> ImportResult:
    report_type = REPORT_TYPES[report_type_code]
    header_index, match = _find_header(raw, report_type)
    missing = [f for f in report_type.fields if f.required and f.name not in match]
    if missing:
        raise ImportRejected([_missing_column_issue(raw, report_type, f, header_index)
                              for f in missing])

    header_row = raw.first_row + header_index
    headers = raw.cells.iloc[header_index]
    columns = {
        name: ColumnRef(str(headers.iloc[position]).strip(),
                        column_letter(raw.first_col + position))
        for name, position in match.items()
    }
    body = raw.cells.iloc[header_index + 1:, list(match.values())]
    body.columns = list(match.keys())
    body = body.reset_index(drop=True)
    rows = pd.Series(np.arange(len(body)) + header_row + 1, dtype="int64")

    text = {name: as_text(body[name]) for name in body.columns}
    blank_row = np.logical_and.reduce([text[name] == "" for name in body.columns])
    keep = ~np.asarray(blank_row, dtype=bool)
    body, rows = body[keep].reset_index(drop=True), rows[keep].reset_index(drop=True)
    text = {name: values[keep].reset_index(drop=True) for name, values in text.items()}

    issues = IssueLog()
    rejected = np.zeros(len(body), dtype=bool)
    frame = pd.DataFrame({"row": rows})
    for spec in report_type.fields:
        if spec.name not in match:
            continue
        ref = columns[spec.name]
        raw_values = body[spec.name]

        def flag(mask: pd.Series | np.ndarray, code: str, message: str, hint: str,
                 *, severity: str = "error", spec: Field = spec, ref: ColumnRef = ref,
                 raw_values: pd.Series = raw_values) -> None:
            nonlocal rejected
            mask = np.asarray(mask, dtype=bool)
            if not mask.any():
                return
            if severity == "error":
                rejected |= mask
            positions = np.flatnonzero(mask)
            sample = [
                Issue(code=code, severity=severity, sheet=raw.sheet, row=int(rows.iloc[i]),
                      column=ref.header, column_letter=ref.letter,
                      value=text[spec.name].iloc[i],
                      message=message.format(value=text[spec.name].iloc[i], row=int(rows.iloc[i]),
                                             column=ref.header),
                      hint=hint.format(value=text[spec.name].iloc[i], column=ref.header,
                                       example=spec.example, fixed=_decimal_point(
                                           text[spec.name].iloc[i])))
                for i in positions[: issues.sample_per_code]
            ]
            issues.add_many(sample, total=len(positions))

        if spec.kind == "text":
            values = text[spec.name]
            if spec.required:
                flag(values == "", "import.missing-value",
                     "Row {row}, column {column}: this cell is empty.",
                     "Write the {column} for this row, for example '{example}'.")
            frame[spec.name] = values
        elif spec.kind in ("money", "hours"):
            parsed = parse_number(raw_values, money=spec.kind == "money")
            if spec.required:
                flag(parsed.blank, "import.missing-value",
                     "Row {row}, column {column}: this cell is empty.",
                     "Write the {column} for this row as a number, for example {example}.")
            flag(parsed.decimal_comma, "import.decimal-comma",
                 "Row {row}, column {column}: '{value}' is not a number GoodBid can read "
                 "for sure: the comma could be a decimal point or a thousands separator.",
                 "Write it with a decimal point: {fixed}.")
            flag(parsed.not_a_number, "import.not-a-number",
                 "Row {row}, column {column}: '{value}' is not a number.",
                 "Write a number, for example {example}.")
            negative = parsed.values < 0
            flag(negative, "import.negative-number",
                 "Row {row}, column {column}: '{value}' is negative.",
                 "Write the {column} as a positive number, for example {example}.")
            if spec.kind == "money":
                frame[spec.name] = money_units(parsed.values)
            else:
                frame[spec.name] = parsed.values
        elif spec.kind == "date":
            parsed = parse_date(raw_values)
            if spec.required:
                flag(parsed.blank, "import.missing-value",
                     "Row {row}, column {column}: this cell is empty.",
                     "Write the date the pay period ended, for example {example}.")
            flag(parsed.not_a_date, "import.not-a-date",
                 "Row {row}, column {column}: '{value}' is not a date.",
                 "Write the date as year-month-day, for example {example}, or as 7/7/2024.")
            frame[spec.name] = parsed.values

    accepted = frame[~rejected].reset_index(drop=True)
    if "hourly_rate" in accepted:
        accepted["hourly_rate"] = accepted["hourly_rate"].astype("int64")
    return ImportResult(
        report_type=report_type.code,
        sheet=raw.sheet,
        header_row=header_row,
        columns=columns,
        frame=accepted,
        rows_read=len(body),
        issues=issues,
    )


def _decimal_point(value: str) -> str:
    return value.replace(",", ".")


def _missing_column_issue(raw: RawTable, report_type: ReportType, spec: Field,
                          header_index: int) -> Issue:
    accepted = ", ".join(f"'{name}'" for name in (spec.label, *spec.aliases[:4]))
    where = (f"the header row (row {raw.first_row + header_index})" if header_index >= 0
             else f"the first {HEADER_SEARCH_ROWS} rows")
    return Issue(
        code="import.missing-column",
        severity="error",
        sheet=raw.sheet,
        row=raw.first_row + header_index if header_index >= 0 else None,
        column=spec.label,
        message=f"The {report_type.label.lower()} needs a '{spec.label}' column, and none was "
                f"found in {where}.",
        hint=f"Add a column headed {accepted} (any of these names works), or download the "
             f"template and copy your rows into it.",
    )
