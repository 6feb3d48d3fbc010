"""reset_demo: the local demo back as `make run` first loaded it (`make demo-reset`)."""

import datetime as dt
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from procurement.services.submissions import stray_uploads_remove


class Command(BaseCommand):
    help = ("Empty the database and the uploaded files, then load the standards and the demo "
            "again: the local trial as it started. Refused with DEBUG off.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="reset even with DEBUG off (it deletes everything)")

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or settings.TESTING or force):
            raise CommandError(
                "reset_demo deletes every report, decision and user: it is for the local demo "
                "(make demo-reset sets DJANGO_DEBUG=1). DEBUG is off here, so this looks like "
                "a real installation; add --force only if you mean it.")
        call_command("flush", interactive=False, verbosity=0)
        removed = stray_uploads_remove(older_than=dt.timedelta(0))
        self.stdout.write(f"Emptied the database and removed {len(removed)} uploaded file(s).")
        with open(os.devnull, "w") as quiet:  # make run prints the users and the address
            call_command("load_standards", stdout=quiet)
            call_command("load_demo", stdout=quiet)
        self.stdout.write("The standards and the demo are loaded as at the start.")
