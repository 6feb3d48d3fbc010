import json

from django.core.management.base import BaseCommand, CommandError

from procurement.licensing.selectors import business_screen
from procurement.services.errors import ServiceError


class Command(BaseCommand):
    help = ("Screen one business against the imported wage-theft records: ranked candidates "
            "with score, reasons (fields that agreed) and case summary. A candidate is a flag "
            "for a person to confirm, never a finding by itself.")

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--other-name", default="", help="trade or legal name")
        parser.add_argument("--address", default="")
        parser.add_argument("--city", default="")
        parser.add_argument("--state", default="")
        parser.add_argument("--zip", default="")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, name, other_name, address, city, state, zip, format, **options):
        try:
            result = business_screen(name=name, other_name=other_name, street=address,
                                     city=city, state=state, zip_code=zip)
        except ServiceError as error:
            raise CommandError(error.message) from error
        if format == "json":
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        if not result["candidates"]:
            self.stdout.write("No candidate records.")
        for candidate in result["candidates"]:
            case = candidate["case"]
            agreed = ", ".join(r["field"] for r in candidate["reasons"]) or "none"
            self.stdout.write(
                f"{candidate['score']:3d}  {case['source']} {case['case_id']}  "
                f"{case['employer_name']}, {case['city']} {case['state']}  back wages "
                f"${case['back_wages']}, penalties ${case['penalties']}  (agreed: {agreed})")
