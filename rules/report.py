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

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "issues": [issue.to_dict() for issue in self.issues],
            "findings": [finding.to_dict() for finding in self.findings],
            "standards_applied": [s.to_dict() for s in self.standards_applied],
            "rejected": self.rejected,
            "issue_counts": dict(self.issue_counts),
            "sheet": self.sheet,
            "header_row": self.header_row,
        }


def render_text(report: dict[str, Any]) -> str:
    """A plain-language rendering of a report dict, for the terminal."""
    lines: list[str] = []
    if report["rejected"]:
        lines.append("The file could not be checked.")
    else:
        where = f" (sheet '{report['sheet']}')" if report.get("sheet") else ""
        lines.append(f"Read {report['rows_read']} rows{where}; "
                     f"{report['rows_accepted']} accepted and checked.")
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
    if not report["rejected"] and report["valid"] and not report["findings"]:
        lines.append("")
        lines.append("No problems found: every checked row meets the standard.")
    return "\n".join(lines) + "\n"
