"""Celery tasks: they take IDs and call a service (eager when no broker is configured)."""

from celery import shared_task

from procurement.licensing.batch import TransientScreeningError, batch_screen
from procurement.licensing.services import source_import_execute
from procurement.tasks import RETRIED_UNTIL_DONE


@shared_task(name="licensing.import_wage_theft_records", acks_late=True)
def import_wage_theft_records(source_import_id: int) -> str:
    return source_import_execute(source_import_id=source_import_id).status


@shared_task(name="licensing.screen_business_list", autoretry_for=(TransientScreeningError,),
             **RETRIED_UNTIL_DONE)
def screen_business_list(self, token: str) -> str:
    """Screen the uploaded list of batch `token` and store its report."""
    final_attempt = self.request.retries >= RETRIED_UNTIL_DONE["max_retries"]
    return batch_screen(token=token, final_attempt=final_attempt)
