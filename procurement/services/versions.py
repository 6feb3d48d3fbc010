"""What changed between two versions of a report, told in findings and issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from imports.codes import issue_title
from procurement.i18n import localise_all
from procurement.models import EvaluationRun
from procurement.services.remedy import BackPayLedger
from rules.findings import owed_cents

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
    # Findings gone from the figures whose back pay is not shown paid yet: the figures were
    # corrected, no one was paid (see services.remedy).
    corrected_findings: list[dict] = field(default_factory=list)
    corrected_count: int = 0
    corrected_back_pay: Decimal = Decimal("0.00")
    open_findings: list[dict] = field(default_factory=list)
    # The problem's title (a msgid), its rows before and after.
    issue_counts: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.fixed_findings or self.new_findings or self.open_findings
                    or self.issue_counts or self.corrected_findings)


def _back_pay(finding: dict) -> Decimal:
    return Decimal(owed_cents(finding.get("figures") or {})) / 100


def run_changes(before: EvaluationRun, after: EvaluationRun,
                ledger: BackPayLedger | None = None) -> VersionChanges:
    """A finding gone from the new version is fixed, unless it owed back pay that is not
    shown paid yet (`ledger`): then the figures were corrected and the back pay is still
    owed."""
    old = {_finding_key(f): f for f in before.report["findings"]}
    new = {_finding_key(f): f for f in after.report["findings"]}
    old_counts = before.report.get("issue_counts", {})
    new_counts = after.report.get("issue_counts", {})
    gone = [f for key, f in old.items() if key not in new]
    added = [f for key, f in new.items() if key not in old]
    fixed, corrected = [], []
    for finding in gone:
        worker = ledger.worker((finding.get("scope") or {}).get("worker", "")) \
            if ledger else None
        owing = _back_pay(finding) and (ledger is None or worker is None
                                         or worker.outstanding_cents > 0)
        (corrected if owing else fixed).append(finding)
    return VersionChanges(
        corrected_findings=localise_all(corrected[:CHANGES_LISTED]),
        corrected_count=len(corrected),
        corrected_back_pay=sum((_back_pay(f) for f in corrected), Decimal("0.00")),
        fixed_findings=localise_all(fixed[:CHANGES_LISTED]), fixed_count=len(fixed),
        new_findings=localise_all(added[:CHANGES_LISTED]), new_count=len(added),
        open_findings=[f for key, f in new.items() if key in old],
        issue_counts=[(issue_title(code), old_counts.get(code, 0), new_counts.get(code, 0))
                      for code in sorted(set(old_counts) | set(new_counts))
                      if old_counts.get(code, 0) != new_counts.get(code, 0)],
    )
