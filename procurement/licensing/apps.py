from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "procurement.licensing"
    label = "licensing"
    verbose_name = "GoodBid licensing: wage-theft screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plug licensing into the core, which never imports it: its tasks (the project's
        Celery app discovers only procurement.tasks), its API under /api/licensing/, and the
        wage-theft cases confirmed as a vendor's, which every report the vendor files shows
        the officer."""
        from procurement.api import api
        from procurement.licensing import tasks  # noqa: F401
        from procurement.licensing.api import router
        from procurement.services.vendor_history import CONFIRMED_CASE_PROVIDERS

        if _confirmed_cases in CONFIRMED_CASE_PROVIDERS:  # plugged in already
            return
        api.add_router("/licensing", router)
        CONFIRMED_CASE_PROVIDERS.append(_confirmed_cases)


def _confirmed_cases(vendor_id: int) -> list:
    from procurement.licensing.selectors import confirmed_cases_for_vendor

    return confirmed_cases_for_vendor(vendor_id=vendor_id)
