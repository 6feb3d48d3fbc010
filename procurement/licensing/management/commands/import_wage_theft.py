from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procurement.licensing.models import RunStatus
from procurement.licensing.services import source_import_create
from procurement.services.errors import ServiceError


class Command(BaseCommand):
    help = ("Import wage-theft records: the DOL WHD enforcement CSV (--source whd), the "
            "Massachusetts AG citations (--source ma-ago) or any source described by a "
            "column mapping file (--source PATH.toml). Importing a file again updates it.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", required=True,
                            help="whd, ma-ago, or the path of a .toml/.json mapping file")

    def handle(self, *args, path: Path, source: str, **options):
        try:
            run = source_import_create(path=path, source=source)
        except ServiceError as error:
            raise CommandError(error.message) from error
        run.refresh_from_db()
        if run.status == RunStatus.QUEUED:
            self.stdout.write(f"Import {run.pk} queued for a Celery worker.")
            return
        for problem in run.problems[:10]:
            self.stdout.write(f"row {problem['row']}: {problem['message']}")
        if run.status == RunStatus.FAILED:
            raise CommandError(run.message)
        self.stdout.write(f"{run.source}: {run.message}")
