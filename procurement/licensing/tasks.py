"""Celery tasks: they take IDs and call a service (eager when no broker is configured)."""

from celery import shared_task

from procurement.licensing.services import source_import_execute


@shared_task(name="licensing.import_wage_theft_records", acks_late=True)
def import_wage_theft_records(source_import_id: int) -> str:
    return source_import_execute(source_import_id=source_import_id).status
