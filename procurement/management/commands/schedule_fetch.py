"""schedule_fetch NUMBER [--modification N]

Fetch a federal wage determination's text by number from the address
GOODBID_WAGE_DETERMINATION_URL names (off unless set) and add it as a prevailing wage schedule.
Prints what is on file, or the refusal on stderr with exit status 1.
"""

from django.core.management.base import BaseCommand, CommandError

from procurement.services.errors import ServiceError
from procurement.services.schedules import schedule_fetch


class Command(BaseCommand):
    help = ("Fetch a wage determination's text by number (as CA20250001) from the address "
            "GOODBID_WAGE_DETERMINATION_URL names, and add it as a prevailing wage schedule.")

    def add_arguments(self, parser):
        parser.add_argument("number", help="The determination's number, as CA20250001.")
        parser.add_argument("--modification", type=int, default=None,
                            help="The modification (SAM.gov's revision) number; SAM.gov's "
                                 "address needs one.")

    def handle(self, *args, number: str, modification: int | None, **options):
        try:
            version = schedule_fetch(number=number, modification=modification)
        except ServiceError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{version.schedule.number} modification {version.modification}: "
                          f"{version.classification_count} classifications, in force from "
                          f"{version.effective_from.isoformat()}")
