"""The check report: the one shape the CLI, the API and the pages all show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imports import money
from imports.issues import Issue
from rules.findings import Findings


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
    findings: Findings = field(default_factory=Findings)
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
    # The accepted rows a construction project reads across its contractors
    # (rules.rollup.workforce_rows), kept with the run beside the report, not in it.
    workforce_rows: Any = field(default=None, repr=False)
    # A certified payroll checked against a prevailing wage schedule: paid vs required per
    # classification (rules.prevailing_wage.paid_vs_required).
    paid_vs_required: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.findings, Findings):
            self.findings = Findings(self.findings)

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

    def to_dict(self, *, findings_as_objects: bool = False,
                findings_limit: int | None = None) -> dict[str, Any]:
        """The report as JSON-ready data, with its first `findings_limit` findings and the
        first `findings_limit` workers owed back pay (every one without): `findings_total`
        and `back_pay_workers_total` count them all. `findings_as_objects` leaves each
        finding the dataclass it is (orjson writes a dataclass as the same object to_dict
        gives). `total_back_pay` is the back pay and the overtime premium together, the sum
        of `back_pay_by_worker`."""
        totals, workers, workers_total = self.back_pay(findings_limit)
        findings = (self.findings[:findings_limit] if findings_limit is not None
                    else list(self.findings))
        return {
            "valid": self.valid,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "issues": [issue.to_dict() for issue in self.issues],
            "findings": (findings if findings_as_objects
                         else [finding.to_dict() for finding in findings]),
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
            "back_pay": {name: money.number(amount) for name, amount in totals.items()},
            "total_back_pay": money.number(sum(totals.values())),
            "back_pay_by_worker": workers,
            "back_pay_workers_total": workers_total,
            "back_pay_paid": self.back_pay_paid,
            "paid_vs_required": self.paid_vs_required,
        }

    def back_pay(self, limit: int | None = None
                 ) -> tuple[dict[str, int], list[dict[str, Any]], int]:
        """Added up as columns (money units): the back pay owed and the overtime premium beside
        it; a summary per worker and standard owed either (the first `limit` of them, every
        one without, in the order they first appear): the total of both, the pay periods and
        the rows behind it; how many such summaries there are."""
        if not self.findings:
            return {"back_pay": 0, "overtime_back_pay": 0}, [], 0
        table = self.findings.table()
        frame = table.select(["worker", "standard", "period_end", "row_count", "owed_money",
                              "back_pay_money", "overtime_money"]).to_pandas()
        totals = {"back_pay": int(frame["back_pay_money"].sum()),
                  "overtime_back_pay": int(frame["overtime_money"].sum())}
        owed = frame.loc[frame["worker"].notna() & (frame["owed_money"] != 0)]
        keys = ["worker", "standard"]
        summed = owed.groupby(keys, sort=False, dropna=False)[["owed_money", "row_count"]].sum()
        chosen = summed if limit is None else summed.iloc[:limit]
        listed = owed.loc[owed["worker"].isin(chosen.index.get_level_values("worker"))
                          & owed["period_end"].notna() & (owed["period_end"] != "")] \
            .drop_duplicates([*keys, "period_end"])
        periods = listed.groupby(keys, sort=False, dropna=False)["period_end"].agg(list)
        return totals, [{"worker": worker, "standard": standard,
                         "back_pay": money.number(int(total)), "rows": int(rows),
                         "periods": periods.get((worker, standard), [])}
                        for (worker, standard), total, rows in zip(
                            chosen.index, chosen["owed_money"], chosen["row_count"],
                            strict=True)], len(summed)


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
    owed = money.units(str(back_pay.get("back_pay", 0)))
    overtime = money.units(str(back_pay.get("overtime_back_pay", 0)))
    if report["findings"] and owed:
        lines.append("")
        lines.append(f"Back pay owed in all: {money.text(owed)}"
                     + (f", and {money.text(overtime)} of overtime premium" if overtime else "")
                     + ".")
    if not report["rejected"] and report["valid"] and not report["findings"]:
        lines.append("")
        lines.append("No problems found: every checked row meets the standard.")
    return "\n".join(lines) + "\n"
