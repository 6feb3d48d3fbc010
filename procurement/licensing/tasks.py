"""Celery tasks: they take IDs and call a service (eager when no broker is configured)."""

from celery import shared_task

from procurement.licensing.batch import TransientScreeningError, batch_screen
from procurement.licensing.services import source_import_execute

SCREEN_MAX_RETRIES = 5


@shared_task(name="licensing.import_wage_theft_records", acks_late=True)
def import_wage_theft_records(source_import_id: int) -> str:
    return source_import_execute(source_import_id=source_import_id).status


@shared_task(bind=True, name="licensing.screen_business_list", acks_late=True,
             reject_on_worker_lost=True, autoretry_for=(TransientScreeningError,),
             retry_backoff=2, retry_backoff_max=120, retry_jitter=True,
             max_retries=SCREEN_MAX_RETRIES)
def screen_business_list(self, token: str) -> str:
    """Screen the uploaded list of batch `token` and store its report."""
    final_attempt = self.request.retries >= SCREEN_MAX_RETRIES
    return batch_screen(token=token, final_attempt=final_attempt)
