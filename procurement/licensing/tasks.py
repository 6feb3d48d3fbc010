"""Celery tasks: they take IDs and call a service (eager when no broker is configured)."""

from celery import shared_task

from procurement.licensing.batch import TransientScreeningError, batch_screen
from procurement.licensing.services import source_import_execute
from procurement.retry import is_final_attempt, retried_task


@shared_task(name="licensing.import_wage_theft_records", acks_late=True)
def import_wage_theft_records(source_import_id: int) -> str:
    return source_import_execute(source_import_id=source_import_id).status


@retried_task("licensing.screen_business_list", retry_on=TransientScreeningError)
def screen_business_list(self, token: str) -> str:
    """Screen the uploaded list of batch `token` and store its report."""
    return batch_screen(token=token, final_attempt=is_final_attempt(self))
