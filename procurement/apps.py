from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = "GoodBid procurement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The core's Celery tasks, registered in every process: a web process queues them by
        # name (services/queue.py), and Celery's autodiscovery runs only in a worker.
        from procurement import tasks  # noqa: F401
