"""What changed between two versions of a report, told in findings and issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from imports import money
from imports.codes import issue_title
from procurement.i18n import localise_all
from procurement.models import EvaluationRun
from procurement.services.findings import run_finding_columns, run_findings_at
from procurement.services.remedy import BackPayLedger

CHANGES_LISTED = 50  # fixed and new findings named on the page; the counts are whole


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
    open_count: int = 0  # findings in both versions
    # The problem's title (a msgid), its rows before and after.
    issue_counts: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.fixed_findings or self.new_findings or self.open_count
                    or self.issue_counts or self.corrected_findings)


def run_changes(before: EvaluationRun, after: EvaluationRun,
                ledger: BackPayLedger | None = None) -> VersionChanges:
    """A finding gone from the new version is fixed, unless it owed back pay that is not
    shown paid yet (`ledger`): then the figures were corrected and the back pay is still
    owed. The two versions' findings are compared as columns (procurement.services.findings);
    only the ones listed are read whole."""
    columns = ("key", "worker", "owed_money")
    old = run_finding_columns(before, columns).drop_duplicates("key")
    new = run_finding_columns(after, columns).drop_duplicates("key")
    gone = old[~old["key"].isin(new["key"])]
    added = new[~new["key"].isin(old["key"])]
    if ledger is None:
        still_owed = gone["owed_money"] > 0
    else:
        outstanding = ledger.outstanding_by_worker()
        still_owed = (gone["owed_money"] > 0) & gone["worker"].map(
            lambda worker: outstanding.get(worker, 1) > 0 if worker else True).astype(bool)
    corrected, fixed = gone[still_owed], gone[~still_owed]
    old_counts = before.report.get("issue_counts", {})
    new_counts = after.report.get("issue_counts", {})
    return VersionChanges(
        corrected_findings=localise_all(run_findings_at(before,
                                                        corrected.index[:CHANGES_LISTED])),
        corrected_count=len(corrected),
        corrected_back_pay=money.as_decimal(int(corrected["owed_money"].sum())),
        fixed_findings=localise_all(run_findings_at(before, fixed.index[:CHANGES_LISTED])),
        fixed_count=len(fixed),
        new_findings=localise_all(run_findings_at(after, added.index[:CHANGES_LISTED])),
        new_count=len(added),
        open_count=int(new["key"].isin(old["key"]).sum()),
        issue_counts=[(issue_title(code), old_counts.get(code, 0), new_counts.get(code, 0))
                      for code in sorted(set(old_counts) | set(new_counts))
                      if old_counts.get(code, 0) != new_counts.get(code, 0)],
    )
