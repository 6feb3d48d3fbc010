import json
from dataclasses import asdict
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from procurement.licensing.batch import REPORT_FORMATS, business_list_screen
from procurement.services.errors import ServiceError


class Command(BaseCommand):
    help = ("Screen a list of businesses (.xlsx or .csv: a Name column; DBA, Street, City, "
            "State and ZIP optional) against the imported wage-theft records, and write the "
            "report: one line per (row, candidate), or per row without a candidate.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--out", type=Path,
                            help="write the report here (.xlsx or .csv); else JSON on stdout")

    def handle(self, *args, path: Path, out: Path | None, **options):
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        fmt = out.suffix.lstrip(".").lower() if out else "json"
        if out and fmt not in REPORT_FORMATS:
            raise CommandError(f"Write the report as .xlsx or .csv, not '{out.suffix}'.")
        try:
            with path.open("rb") as stream:
                report = business_list_screen(upload=File(stream, name=path.name))
        except ServiceError as error:
            raise CommandError(error.message) from error
        if out is None:
            self.stdout.write(json.dumps(asdict(report), indent=2, ensure_ascii=False))
            return
        out.write_bytes(REPORT_FORMATS[fmt][1](report))
        self.stdout.write(f"{report.rows_screened} businesses screened, "
                          f"{report.rows_with_candidates} with candidate records: {out}")
