"""What changed between two versions of a report, told in findings and issues."""

from __future__ import annotations

from dataclasses import dataclass, field

from procurement.i18n import localise_all
from procurement.models import EvaluationRun

CHANGES_LISTED = 50  # fixed and new findings named on the page; the counts are whole


def _finding_key(finding: dict) -> tuple:
    return (finding["code"], finding["standard"],
            tuple(sorted((finding.get("scope") or {}).items())))


@dataclass
class VersionChanges:
    fixed_findings: list[dict] = field(default_factory=list)  # the first CHANGES_LISTED
    new_findings: list[dict] = field(default_factory=list)
    fixed_count: int = 0
    new_count: int = 0
    open_findings: list[dict] = field(default_factory=list)
    issue_counts: list[tuple[str, int, int]] = field(default_factory=list)  # code, before, after

    @property
    def anything(self) -> bool:
        return bool(self.fixed_findings or self.new_findings or self.open_findings
                    or self.issue_counts)


def run_changes(before: EvaluationRun, after: EvaluationRun) -> VersionChanges:
    old = {_finding_key(f): f for f in before.report["findings"]}
    new = {_finding_key(f): f for f in after.report["findings"]}
    old_counts = before.report.get("issue_counts", {})
    new_counts = after.report.get("issue_counts", {})
    fixed = [f for key, f in old.items() if key not in new]
    added = [f for key, f in new.items() if key not in old]
    return VersionChanges(
        fixed_findings=localise_all(fixed[:CHANGES_LISTED]), fixed_count=len(fixed),
        new_findings=localise_all(added[:CHANGES_LISTED]), new_count=len(added),
        open_findings=[f for key, f in new.items() if key in old],
        issue_counts=[(code, old_counts.get(code, 0), new_counts.get(code, 0))
                      for code in sorted(set(old_counts) | set(new_counts))
                      if old_counts.get(code, 0) != new_counts.get(code, 0)],
    )
