"""The check report: the one shape the CLI, the API and the pages all show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imports.issues import Issue
from rules.findings import Finding


@dataclass(frozen=True)
class StandardApplied:
    code: str
    version: str
    effective_from: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "version": self.version,
                "effective_from": self.effective_from, "source": self.source}


@dataclass
class CheckReport:
    rows_read: int = 0
    rows_accepted: int = 0
    issues: list[Issue] = field(default_factory=list)
    issue_counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    standards_applied: list[StandardApplied] = field(default_factory=list)
    rejected: bool = False
    sheet: str | None = None
    header_row: int | None = None
    # What the file was read as (a payroll system's layout) and what was read outside the
    # table (the pay period, the employer): shown so a vendor sees how the file was read.
    layout: dict[str, str] | None = None
    facts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.rejected and not any(i.severity == "error" for i in self.issues)

    @property
    def compliant(self) -> bool:
        return self.valid and not self.findings

    def exit_code(self) -> int:
        """0: valid and compliant; 1: issues or findings; 2: the file could not be checked."""
        if self.rejected:
            return 2
        return 0 if self.compliant else 1

    def to_dict(self, *, findings_as_objects: bool = False) -> dict[str, Any]:
        """The report as JSON-ready data. `findings_as_objects` leaves each finding the
        dataclass it is (orjson writes a dataclass as the same object to_dict gives), so a
        report with a hundred thousand findings is written without a dict copy of each."""
        return {
            "valid": self.valid,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "issues": [issue.to_dict() for issue in self.issues],
            "findings": (list(self.findings) if findings_as_objects
                         else [finding.to_dict() for finding in self.findings]),
            "standards_applied": [s.to_dict() for s in self.standards_applied],
            "rejected": self.rejected,
            "issue_counts": dict(self.issue_counts),
            "sheet": self.sheet,
            "header_row": self.header_row,
            "layout": self.layout,
            "facts": self.facts,
            "back_pay": self.back_pay_total(),
        }

    def back_pay_total(self) -> dict[str, str]:
        """Back pay owed across the findings, and the overtime premium beside it."""
        totals = {"back_pay": 0, "overtime_back_pay": 0}
        for finding in self.findings:
            for name in totals:
                value = finding.figures.get(name)
                if value:
                    totals[name] += round(float(value) * 100)
        return {name: f"{cents / 100:.2f}" for name, cents in totals.items()}


FACT_LABELS = {"period_start": "Pay period start", "period_end": "Pay period end",
               "pay_date": "Pay date", "employer": "Employer", "project": "Project",
               "contract": "Contract", "payroll_number": "Payroll number"}
FACT_SOURCES = {"title": "read from above the table", "section": "read from a row of the table",
                "given": "as you gave it", "file name": "from the file's name"}


def render_text(report: dict[str, Any]) -> str:
    """A plain-language rendering of a report dict, for the terminal."""
    lines: list[str] = []
    if report["rejected"]:
        lines.append("The file could not be checked.")
    else:
        where = f" (sheet '{report['sheet']}')" if report.get("sheet") else ""
        if report.get("layout"):
            lines.append(f"Read as: {report['layout']['label']} "
                         f"(layout '{report['layout']['code']}').")
        lines.append(f"Read {report['rows_read']} rows{where}; "
                     f"{report['rows_accepted']} accepted and checked.")
        for fact in report.get("facts", []):
            where = f" (row {fact['row']})" if fact.get("row") else ""
            lines.append(f"{FACT_LABELS.get(fact['name'], fact['name'])}: {fact['value']}"
                         f"{where}, {FACT_SOURCES.get(fact['source'], fact['source'])}.")
    for applied in report["standards_applied"]:
        lines.append(f"Standard applied: {applied['code']} version {applied['version']} "
                     f"(in force from {applied['effective_from']}; source: {applied['source']})")
    counts = report.get("issue_counts", {})
    if report["issues"]:
        lines.append("")
        lines.append(f"Problems in the file ({sum(counts.values()) or len(report['issues'])}):")
        for issue in report["issues"]:
            sheet = f"(sheet {issue['sheet']}) " if issue["sheet"] else ""
            lines.append(f"  [{issue['code']}] {sheet}{issue['message']}")
            lines.append(f"      How to fix: {issue['hint']}")
        shown = {}
        for issue in report["issues"]:
            shown[issue["code"]] = shown.get(issue["code"], 0) + 1
        for code, total in counts.items():
            if total > shown.get(code, 0):
                lines.append(f"  ... and {total - shown.get(code, 0)} more [{code}]")
    if report["findings"]:
        lines.append("")
        lines.append(f"Findings ({len(report['findings'])}):")
        for finding in report["findings"]:
            rows = ""
            if finding["rows"]:
                rows = f", rows {', '.join(map(str, finding['rows']))}"
                if finding["row_count"] > len(finding["rows"]):
                    rows += f" and {finding['row_count'] - len(finding['rows'])} more"
            lines.append(f"  [{finding['severity']}] {finding['code']} "
                         f"({finding['standard']} {finding['standard_version']}){rows}")
            lines.append(f"      {finding['message']}")
            lines.append(f"      Remedy: {finding['remedy']}")
    back_pay = report.get("back_pay") or {}
    if report["findings"] and float(back_pay.get("back_pay", 0)):
        lines.append("")
        lines.append(f"Back pay owed in all: ${float(back_pay['back_pay']):,.2f}"
                     + (f", and ${float(back_pay['overtime_back_pay']):,.2f} of overtime "
                        f"premium" if float(back_pay.get("overtime_back_pay", 0)) else "")
                     + ".")
    if not report["rejected"] and report["valid"] and not report["findings"]:
        lines.append("")
        lines.append("No problems found: every checked row meets the standard.")
    return "\n".join(lines) + "\n"
