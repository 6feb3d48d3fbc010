"""Queueing a background task by its name: the task modules import the services, never the
reverse (import-linter's contract in pyproject.toml), so a service asks Celery for the task
it wants by the name it is registered under."""

from __future__ import annotations

from celery import current_app


def enqueue(task_name: str, *args: object) -> None:
    """Queue `task_name` with `args` (run at once, in this process, where no broker is set:
    CELERY_TASK_ALWAYS_EAGER)."""
    current_app.tasks[task_name].delay(*args)
