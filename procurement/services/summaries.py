"""Cross-vendor aggregates, shown beyond a vendor and its officer (licensing staff, other
offices, the public). Worker demographics are personal data: every cell counting fewer than
GOODBID_SMALL_CELL_THRESHOLD workers is suppressed, and so is its complement (the workers
not in the category), so that no small group can be worked out by subtraction."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings

from procurement.models import EvaluationRun, SubmissionStatus
from procurement.services.evidence import CATEGORIES

FILED = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.WAIVED,
         SubmissionStatus.CORRECTION_REQUESTED, SubmissionStatus.ESCALATED)


def workforce_summary(*, jurisdiction_id: int, threshold: int | None = None) -> dict:
    """Hours share per trade and category over every filed report in the jurisdiction.

    Worker counts are conservative: within one vendor the same people recur from period to
    period, so a vendor counts for its largest single report, never the sum of its reports."""
    threshold = settings.GOODBID_SMALL_CELL_THRESHOLD if threshold is None else threshold
    runs = EvaluationRun.objects.filter(
        submission__jurisdiction_id=jurisdiction_id, submission__status__in=FILED,
        submission__current_run__isnull=False,
    ).values_list("submission__vendor_id", "evidence", "submission__current_run_id", "pk")
    hours: dict[str, float] = defaultdict(float)
    category_hours: dict[tuple[str, str], float] = defaultdict(float)
    known_hours: dict[tuple[str, str], float] = defaultdict(float)
    vendor_workers: dict[tuple[str, int], int] = defaultdict(int)
    vendor_category_workers: dict[tuple[str, str, int], int] = defaultdict(int)
    vendor_known_workers: dict[tuple[str, str, int], int] = defaultdict(int)
    for vendor_id, evidence, current_run_id, run_id in runs:
        if current_run_id != run_id:
            continue
        for trade in (evidence or {}).get("hours_by_trade", []):
            name = trade["trade"]
            hours[name] += trade["hours"]
            vendor_workers[name, vendor_id] = max(vendor_workers[name, vendor_id],
                                                  trade["workers"])
            for category, figures in trade["categories"].items():
                category_hours[name, category] += figures["hours"]
                known_hours[name, category] += figures["known_hours"]
                key = (name, category, vendor_id)
                vendor_category_workers[key] = max(vendor_category_workers[key],
                                                   figures["workers"])
                vendor_known_workers[key] = max(vendor_known_workers[key],
                                                figures["known_workers"])
    workers = defaultdict(int)
    for (name, _vendor), count in vendor_workers.items():
        workers[name] += count
    category_workers = defaultdict(int)
    for (name, category, _vendor), count in vendor_category_workers.items():
        category_workers[name, category] += count
    known_workers = defaultdict(int)
    for (name, category, _vendor), count in vendor_known_workers.items():
        known_workers[name, category] += count

    trades = []
    for name in sorted(hours):
        shown = workers[name] >= threshold
        row = {"trade": name, "workers": workers[name] if shown else None,
               "hours": round(hours[name], 1) if shown else None, "suppressed": not shown,
               "categories": []}
        for category, label in CATEGORIES:
            # Shares are of the hours where the category is known; a missing value is not
            # a "no". The complement is the known workers outside the category.
            inside = category_workers[name, category]
            outside = known_workers[name, category] - inside
            visible = shown and inside >= threshold and outside >= threshold
            denominator = known_hours[name, category]
            share = (round(100 * category_hours[name, category] / denominator, 1)
                     if visible and denominator else None)
            row["categories"].append({"category": label, "share": share,
                                      "suppressed": not visible})
        trades.append(row)
    return {"threshold": threshold, "trades": trades}
