from django.core.management.base import BaseCommand, CommandError

from procurement.services.standards import standards_load
from rules import StandardError


class Command(BaseCommand):
    help = "Validate the standard files in rules/standards/ and load them into the database."

    def handle(self, *args, **options):
        try:
            standards = standards_load()
        except StandardError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        for standard in standards:
            versions = ", ".join(v.version for v in standard.versions)
            self.stdout.write(f"{standard.code}: {standard.title} (versions {versions})")
