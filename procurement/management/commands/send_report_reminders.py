import datetime as dt

from django.core.management.base import BaseCommand

from procurement.models import Contract
from procurement.selectors import contract_due_periods
from procurement.services.notifications import notify_report_due

SOON = dt.timedelta(days=7)


class Command(BaseCommand):
    help = "E-mail vendors whose reports are due within a week or overdue (run daily)."

    def handle(self, *args, **options):
        today = dt.date.today()
        sent = 0
        for contract in Contract.objects.select_related("vendor"):
            for period in contract_due_periods(contract=contract, today=today):
                if period.submission is not None:
                    continue
                overdue = period.due_date < today
                if overdue or period.due_date - today <= SOON:
                    sent += notify_report_due(
                        vendor_id=contract.vendor_id, contract_number=contract.number,
                        period_end=period.period_end, due_date=period.due_date,
                        overdue=overdue)
        self.stdout.write(f"{sent} reminder(s) sent.")
