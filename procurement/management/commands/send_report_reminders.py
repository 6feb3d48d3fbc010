from django.core.management.base import BaseCommand

from procurement.services.reminders import report_reminders_send


class Command(BaseCommand):
    help = "E-mail vendors whose reports are due within a week or overdue (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"{report_reminders_send()} reminder e-mail(s) sent.")
