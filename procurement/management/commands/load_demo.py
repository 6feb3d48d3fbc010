from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from procurement.services.demo import DEMO_FILES, demo_load
from procurement.services.demo_project import CREWS


class Command(BaseCommand):
    help = "Create (or reset) the demo jurisdiction, vendors, contracts and users of each role."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="load the demo even with DEBUG off (its passwords are public)")
        parser.add_argument("--port", type=int, default=8000,
                            help="the port `make run` serves on (for the address printed)")

    def handle(self, *args, force: bool = False, port: int = 8000, **options):
        if not (settings.DEBUG or settings.TESTING or force):
            raise CommandError(
                "The demo creates users whose passwords are published in the README: it is "
                "for a local trial (make run sets DJANGO_DEBUG=1). DEBUG is off here, so this "
                "looks like a real installation; add --force only if you mean it.")
        users = demo_load(with_project=True)
        self.stdout.write("Demo users (user name / password / role):")
        for user in users:
            vendor = f" for {user.vendor}" if user.vendor else ""
            self.stdout.write(f"  {user.username} / {user.password} / {user.role}{vendor}")
        for crew in CREWS[1:]:
            self.stdout.write(f"  {crew.username} / {crew.password} / vendor for {crew.vendor} "
                              f"(subcontractor on the demo project)")
        self.stdout.write(f"Sample files to upload: {DEMO_FILES}")
        if apps.is_installed("procurement.licensing"):  # its own command: never imported
            call_command("load_demo_wage_theft", stdout=self.stdout)
        self.stdout.write(f"Open http://127.0.0.1:{port}/ and log in; API docs at "
                          f"http://127.0.0.1:{port}/api/docs")
