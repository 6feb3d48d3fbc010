"""check_file PATH --standard CODE [--standard CODE ...] [--format json|text]
check_file --list-standards

A standard whose figures differ by place is named with its place, for example
`--standard mdhr-workforce-goals:hennepin`. Exit codes: 0 the file is valid and compliant;
1 it has issues or findings; 2 it could not be checked (unreadable, a required column
missing, an unknown standard).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from rules import StandardError, check_upload, render_text
from rules.standards import standard_choices


class Command(BaseCommand):
    help = "Check a wage or workforce report (CSV or XLSX) against one or more standards."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the report file, .csv or .xlsx")
        parser.add_argument("--standard", action="append",
                            help="a standard code, e.g. boston-living-wage or "
                                 "mdhr-workforce-goals:hennepin (repeatable)")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--list-standards", action="store_true",
                            help="list the codes --standard accepts, and stop")

    def handle(self, *args, path: str | None, standard: list[str] | None, format: str,
               list_standards: bool, **options):
        if list_standards:
            for code, title in standard_choices():
                self.stdout.write(f"{code:48} {title}")
            return
        if not path or not standard:
            self.stderr.write("Give the report file and at least one --standard CODE, for "
                              "example: check_file wages.csv --standard boston-living-wage "
                              "(check_file --list-standards lists the codes).")
            sys.exit(2)
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
