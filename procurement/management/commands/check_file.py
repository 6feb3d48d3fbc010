"""check_file PATH --standard CODE [--standard CODE ...] [--format json|text]

Exit codes: 0 the file is valid and compliant; 1 it has issues or findings; 2 it could not be
checked (unreadable, a required column missing, an unknown standard).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from rules import StandardError, check_upload, render_text


class Command(BaseCommand):
    help = "Check a wage or workforce report (CSV or XLSX) against one or more standards."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the report file, .csv or .xlsx")
        parser.add_argument("--standard", action="append", required=True,
                            help="a standard code, e.g. boston-living-wage (repeatable)")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, path: str, standard: list[str], format: str, **options):
        file = Path(path)
        if not file.is_file():
            self.stderr.write(f"No file at {path}. Give the path of a .csv or .xlsx report.")
            sys.exit(2)
        try:
            report = check_upload(file.read_bytes(), file.name, standard)
        except StandardError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        data = report.to_dict()
        if format == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(render_text(data), ending="")
        sys.exit(report.exit_code())
