"""Checking a file against standards: import it, apply each standard's rules, report."""

from __future__ import annotations

from collections.abc import Sequence

from imports import ImportRejected, import_table, read_table
from rules.registry import get_rule
from rules.report import CheckReport, StandardApplied
from rules.standards import Standard, get_standard


def check_upload(content: bytes, filename: str, standard_codes: Sequence[str]) -> CheckReport:
    """Check an uploaded file against the named standards.

    Raises StandardError for an unknown standard code; every problem with the file itself is
    reported in the CheckReport.
    """
    standards = [get_standard(code) for code in dict.fromkeys(standard_codes)]
    try:
        raw = read_table(content, filename)
    except ImportRejected as rejection:
        return CheckReport(issues=rejection.issues, rejected=True,
                           issue_counts=_count(rejection.issues))
    return check_table(raw, standards)


def check_table(raw, standards: Sequence[Standard]) -> CheckReport:
    report = CheckReport()
    imported = {}
    for report_type in dict.fromkeys(s.report_type for s in standards):
        try:
            imported[report_type] = import_table(raw, report_type)
        except ImportRejected as rejection:
            report.issues.extend(rejection.issues)
            report.issue_counts.update(_count(rejection.issues))
            report.rejected = True
    if report.rejected:
        report.sheet = raw.sheet
        return report

    first = next(iter(imported.values()))
    report.rows_read, report.sheet, report.header_row = first.rows_read, first.sheet, \
        first.header_row
    unchecked: set[int] = set()
    for result in imported.values():
        report.issues.extend(result.issues.issues)
        report.issue_counts.update(result.issues.counts)
    for standard in standards:
        result = imported[standard.report_type]
        for rule_code in standard.rules:
            outcome = get_rule(rule_code)().evaluate(
                result.frame, standard, columns=result.columns, sheet=result.sheet
            )
            report.findings.extend(outcome.findings)
            report.issues.extend(outcome.issues)
            for code, total in outcome.issue_counts.items():
                report.issue_counts[code] = report.issue_counts.get(code, 0) + total
            unchecked |= outcome.unchecked_rows
            for version in standard.versions:
                if version.version in outcome.versions_applied:
                    applied = StandardApplied(standard.code, version.version,
                                              version.effective_from.isoformat(), version.source)
                    if applied not in report.standards_applied:
                        report.standards_applied.append(applied)
    report.rows_accepted = first.rows_accepted - len(unchecked)
    report.issues.sort(key=lambda i: (i.row is None, i.row or 0, i.column_letter or "", i.code))
    return report


def _count(issues) -> dict[str, int]:
    counts: dict[str, int] = {}
    for issue in issues:
        counts[issue.code] = counts.get(issue.code, 0) + 1
    return counts
