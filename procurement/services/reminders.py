"""Due and overdue report reminders (run daily: `manage.py send_report_reminders`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from procurement.models import Contract
from procurement.selectors import contract_due_periods
from procurement.services.notifications import notify_reports_due

DUE_SOON = dt.timedelta(days=7)


def report_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail each vendor the periods it still owes a signed report for (due within a week, or
    overdue): periods with no report, with a draft not yet signed, or with a correction
    requested. A contract whose last report was due over a week ago is left alone: it has
    ended."""
    today = today or dt.date.today()
    ended = today - dt.timedelta(days=settings.GOODBID_REPORT_DUE_DAYS) - DUE_SOON
    sent = 0
    for contract in Contract.objects.select_related("vendor").filter(starts_on__lte=today,
                                                                    ends_on__gte=ended):
        open_periods = [
            (period.period_start, period.period_end, period.due_date, period.overdue)
            for period in contract_due_periods(contract=contract, today=today)
            if not period.done and (period.overdue or period.due_date - today <= DUE_SOON)
        ]
        sent += notify_reports_due(vendor_id=contract.vendor_id,
                                   contract_number=contract.number, periods=open_periods)
    return sent
