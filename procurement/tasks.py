"""Celery tasks: they take IDs and call a service. Late acknowledgement (settings) means a
task whose worker dies is delivered again; the services are idempotent, so it is stored once."""

import datetime as dt

from celery import shared_task
from django.conf import settings

from procurement.retry import is_final_attempt, retried_task
from procurement.services.projects import projects_grade
from procurement.services.reminders import report_reminders_send
from procurement.services.submissions import (
    TransientCheckError,
    stray_uploads_remove,
    submission_check,
    submission_uploads_purge,
)


@retried_task("procurement.check_submission", retry_on=TransientCheckError)
def check_submission(self, submission_id: int) -> str:
    return submission_check(submission_id=submission_id,
                            final_attempt=is_final_attempt(self)).status


@shared_task(name="procurement.purge_expired_uploads")
def purge_expired_uploads() -> int:
    """Uploads past the retention period, and any stored file no submission refers to."""
    strays = stray_uploads_remove(older_than=dt.timedelta(hours=1))
    return submission_uploads_purge(older_than_days=settings.GOODBID_UPLOAD_RETENTION_DAYS) \
        + len(strays)


@shared_task(name="procurement.send_report_reminders")
def send_report_reminders() -> int:
    return report_reminders_send()


@shared_task(name="procurement.grade_projects")
def grade_projects(month: str | None = None) -> int:
    """Grade every monitored project for `month` ("2024-09"), by default the month just
    ended (the beat runs it monthly)."""
    day = dt.date.fromisoformat(f"{month}-01") if month else None
    return len(projects_grade(month=day))
