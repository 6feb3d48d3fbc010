import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from procurement.services.projects import projects_grade


class Command(BaseCommand):
    help = ("Grade every monitored construction project for a month (by default the month "
            "just ended). Each grade is kept as of today; earlier grades stay on record.")

    def add_arguments(self, parser):
        parser.add_argument("--month", help="the month to grade, as 2024-08")

    def handle(self, *args, month: str | None = None, **options):
        day = None
        if month:
            try:
                day = dt.date.fromisoformat(f"{month.strip()}-01")
            except ValueError as error:
                raise CommandError("Give the month as YYYY-MM, for example 2024-08.") from error
        for grade in projects_grade(month=day):
            self.stdout.write(f"{grade.project.name}, {grade.month:%Y-%m}: "
                              f"{grade.get_grade_display()} (last three months: "
                              f"{grade.get_recent_grade_display()})")
