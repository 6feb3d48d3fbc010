"""Due and overdue report reminders (run daily: `manage.py send_report_reminders`)."""

from __future__ import annotations

import datetime as dt

from procurement.models import Contract
from procurement.selectors import contract_due_periods
from procurement.services.notifications import notify_reports_due

DUE_SOON = dt.timedelta(days=7)


def report_reminders_send(*, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    sent = 0
    for contract in Contract.objects.select_related("vendor").filter(starts_on__lte=today):
        open_periods = [
            (period.period_end, period.due_date, period.state == "overdue")
            for period in contract_due_periods(contract=contract, today=today)
            if period.submission is None and (period.state == "overdue"
                                              or period.due_date - today <= DUE_SOON)
        ]
        sent += notify_reports_due(vendor_id=contract.vendor_id,
                                   contract_number=contract.number, periods=open_periods)
    return sent
