"""One retry policy for background work that must not be lost (checking a submission,
screening a list): the task is delivered again if its worker dies, and retried with backoff
on a transient fault (the database briefly unreachable). On the final attempt the work is
not retried again: the service marks its object failed with a message the person who
uploaded it understands. Everything else fails at once, never in a retry loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
RETRIED_UNTIL_DONE = {"bind": True, "acks_late": True, "reject_on_worker_lost": True,
                      "retry_backoff": 2, "retry_backoff_max": 120, "retry_jitter": True,
                      "max_retries": MAX_RETRIES}

Result = TypeVar("Result")


def retried_task(name: str, *, retry_on: type[Exception]) -> Callable:
    """A bound Celery task under `name`, retried on `retry_on` (the transient error its
    service raises before the final attempt) with the policy above."""
    return shared_task(name=name, autoretry_for=(retry_on,), **RETRIED_UNTIL_DONE)


def is_final_attempt(task: Task) -> bool:
    """Whether a failure now is the last: no retry is left after this delivery."""
    return task.request.retries >= task.max_retries


def retry_or_fail(error: Exception, *, final_attempt: bool, retry_as: type[Exception],
                  fail: Callable[[str], Result], message: str, what: str) -> Result:
    """A transient `error`: raised again as `retry_as` for the task to retry, or, on the
    `final_attempt`, logged and the object marked failed by `fail(message)`."""
    if not final_attempt:
        raise retry_as(str(error)) from error
    logger.exception("%s: still failing after %s retries", what, MAX_RETRIES)
    return fail(message)
