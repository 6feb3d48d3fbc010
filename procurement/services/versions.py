"""What changed between two versions of a report, told in findings and issues."""

from __future__ import annotations

from dataclasses import dataclass, field

from procurement.i18n import localise_all
from procurement.models import EvaluationRun


def _finding_key(finding: dict) -> tuple:
    return (finding["code"], finding["standard"],
            tuple(sorted((finding.get("scope") or {}).items())))


@dataclass
class VersionChanges:
    fixed_findings: list[dict] = field(default_factory=list)
    new_findings: list[dict] = field(default_factory=list)
    open_findings: list[dict] = field(default_factory=list)
    issue_counts: list[tuple[str, int, int]] = field(default_factory=list)  # code, before, after

    @property
    def anything(self) -> bool:
        return bool(self.fixed_findings or self.new_findings or self.open_findings
                    or self.issue_counts)


def run_changes(before: EvaluationRun, after: EvaluationRun) -> VersionChanges:
    old = {_finding_key(f): f for f in localise_all(before.report["findings"])}
    new = {_finding_key(f): f for f in localise_all(after.report["findings"])}
    old_counts = before.report.get("issue_counts", {})
    new_counts = after.report.get("issue_counts", {})
    return VersionChanges(
        fixed_findings=[f for key, f in old.items() if key not in new],
        new_findings=[f for key, f in new.items() if key not in old],
        open_findings=[f for key, f in new.items() if key in old],
        issue_counts=[(code, old_counts.get(code, 0), new_counts.get(code, 0))
                      for code in sorted(set(old_counts) | set(new_counts))
                      if old_counts.get(code, 0) != new_counts.get(code, 0)],
    )
