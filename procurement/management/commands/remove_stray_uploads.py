import datetime as dt

from django.core.management.base import BaseCommand

from procurement.services.submissions import stray_uploads_remove


class Command(BaseCommand):
    help = ("Delete stored uploads that no submission refers to (a process that died between "
            "storing a file and saving its record leaves one). Celery beat runs this daily.")

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=float, default=1.0,
                            help="leave younger files alone: they may still be committing")
        parser.add_argument("--dry-run", action="store_true", help="list them, delete nothing")

    def handle(self, *args, older_than_hours: float, dry_run: bool, **options):
        strays = stray_uploads_remove(older_than=dt.timedelta(hours=older_than_hours),
                                      dry_run=dry_run)
        for name in strays:
            self.stdout.write(name)
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{len(strays)} stray upload(s) {verb}.")
