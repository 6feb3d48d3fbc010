from celery import shared_task

from procurement.services.submissions import submission_check


@shared_task(name="procurement.check_submission")
def check_submission(submission_id: int) -> str:
    return submission_check(submission_id=submission_id).status
