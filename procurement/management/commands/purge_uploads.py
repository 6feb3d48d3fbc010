from django.conf import settings
from django.core.management.base import BaseCommand

from procurement.services.submissions import submission_uploads_purge


class Command(BaseCommand):
    help = ("Delete raw uploads older than GOODBID_UPLOAD_RETENTION_DAYS (findings, runs and "
            "the audit trail stay). Celery beat runs this daily in production.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.GOODBID_UPLOAD_RETENTION_DAYS)

    def handle(self, *args, days: int, **options):
        self.stdout.write(f"{submission_uploads_purge(older_than_days=days)} upload(s) purged.")
