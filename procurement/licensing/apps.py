from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "procurement.licensing"
    label = "licensing"
    verbose_name = "GoodBid licensing: wage-theft screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the tasks with a worker: the project's Celery app discovers only
        # procurement.tasks.
        from procurement.licensing import tasks  # noqa: F401
