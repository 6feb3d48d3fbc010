"""load_demo_wage_theft: the licensing screens' demo records (`make run` loads them)."""

from django.core.management.base import BaseCommand

from procurement.licensing.demo import demo_wage_theft_load


class Command(BaseCommand):
    help = ("Import the sample extracts of the DOL WHD and Massachusetts AG wage-theft data "
            "shipped with the demo (once; again only updates them).")

    def handle(self, *args, **options):
        records = demo_wage_theft_load()
        self.stdout.write(f"Wage-theft records for licensing screening: {records} (sample "
                          "extracts of the DOL WHD and Massachusetts AG data; try "
                          "'Burger King' or 'J&G Statewide Paving')")
