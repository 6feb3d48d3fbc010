"""Celery tasks: they take IDs and call a service. Late acknowledgement (settings) means a
task whose worker dies is delivered again; the services are idempotent, so it is stored once."""

import datetime as dt

from celery import shared_task
from django.conf import settings

from procurement.services.reminders import report_reminders_send
from procurement.services.submissions import (
    TransientCheckError,
    stray_uploads_remove,
    submission_check,
    submission_uploads_purge,
)

CHECK_MAX_RETRIES = 5
# A task that must not be lost: delivered again if its worker dies, retried with backoff on
# its service's transient error (the service is idempotent and knows its final attempt).
RETRIED_UNTIL_DONE = {"bind": True, "acks_late": True, "reject_on_worker_lost": True,
                      "retry_backoff": 2, "retry_backoff_max": 120, "retry_jitter": True,
                      "max_retries": CHECK_MAX_RETRIES}


@shared_task(name="procurement.check_submission", autoretry_for=(TransientCheckError,),
             **RETRIED_UNTIL_DONE)
def check_submission(self, submission_id: int) -> str:
    final_attempt = self.request.retries >= CHECK_MAX_RETRIES
    return submission_check(submission_id=submission_id, final_attempt=final_attempt).status


@shared_task(name="procurement.purge_expired_uploads")
def purge_expired_uploads() -> int:
    """Uploads past the retention period, and any stored file no submission refers to."""
    strays = stray_uploads_remove(older_than=dt.timedelta(hours=1))
    return submission_uploads_purge(older_than_days=settings.GOODBID_UPLOAD_RETENTION_DAYS) \
        + len(strays)


@shared_task(name="procurement.send_report_reminders")
def send_report_reminders() -> int:
    return report_reminders_send()
