"""The check report: the one shape the CLI, the API and the pages all show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imports.issues import Issue
from rules.findings import OWED_FIGURES, Finding, cents_number


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
    # For a contract's report: the file's first and last pay period end, and the reporting
    # period it is for (rules.check.place_in_period).
    pay_dates: dict[str, str] | None = None
    reporting_period: dict[str, Any] | None = None
    # The back pay the payroll shows paid, per worker (rules.wage_floor.back_pay_lines).
    back_pay_paid: list[dict[str, Any]] = field(default_factory=list)
    # The officer's evidence (rules.evidence), from the same import as the findings; stored
    # with the run beside the report, not in it.
    evidence: dict[str, Any] = field(default_factory=dict, repr=False)
    # A certified payroll checked against a prevailing wage schedule: paid vs required per
    # classification (rules.prevailing_wage.paid_vs_required).
    paid_vs_required: list[dict[str, Any]] = field(default_factory=list)

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
        # Rows read but none checked (each one set aside) is not a clean bill.
        checked = self.rows_accepted > 0 or self.rows_read == 0
        return 0 if self.compliant and checked else 1

    def to_dict(self, *, findings_as_objects: bool = False) -> dict[str, Any]:
        """The report as JSON-ready data. `findings_as_objects` leaves each finding the
        dataclass it is (orjson writes a dataclass as the same object to_dict gives), so a
        report with a hundred thousand findings is written without a dict copy of each.
        `total_back_pay` is the back pay and the overtime premium together, the sum of
        `back_pay_by_worker`."""
        return {
            "valid": self.valid,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "issues": [issue.to_dict() for issue in self.issues],
            "findings": (list(self.findings) if findings_as_objects
                         else [finding.to_dict() for finding in self.findings]),
            "findings_total": len(self.findings),
            "standards_applied": [s.to_dict() for s in self.standards_applied],
            "rejected": self.rejected,
            "issue_counts": dict(self.issue_counts),
            "sheet": self.sheet,
            "header_row": self.header_row,
            "layout": self.layout,
            "facts": self.facts,
            "pay_dates": self.pay_dates,
            "reporting_period": self.reporting_period,
            "back_pay": (back_pay := self.back_pay())[0],
            "total_back_pay": cents_number(sum(round(float(v) * 100)
                                               for v in back_pay[0].values())),
            "back_pay_by_worker": back_pay[1],
            "back_pay_workers_total": len(back_pay[1]),
            "back_pay_paid": self.back_pay_paid,
            "paid_vs_required": self.paid_vs_required,
        }

    def back_pay(self) -> tuple[dict[str, str], list[dict[str, Any]]]:
        """In one pass over the findings: the back pay owed and the overtime premium beside
        it, and each worker's total of both with the pay periods, in the order the workers
        first appear."""
        totals = dict.fromkeys(OWED_FIGURES, 0)
        owed: dict[str, dict[str, Any]] = {}
        for finding in self.findings:
            figures = finding.figures
            cents = 0
            for name in OWED_FIGURES:
                value = figures.get(name)
                if value:
                    share = round(float(value) * 100)
                    totals[name] += share
                    cents += share
            worker = finding.scope.get("worker")
            if worker is None or not cents:
                continue
            entry = owed.setdefault(worker, {"worker": worker, "cents": 0, "periods": []})
            entry["cents"] += cents
            period = finding.scope.get("period_end")
            if period and period not in entry["periods"]:
                entry["periods"].append(period)
        return ({name: cents_number(cents) for name, cents in totals.items()},
                [{"worker": e["worker"], "back_pay": cents_number(e["cents"]),
                  "periods": e["periods"]} for e in owed.values()])


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
