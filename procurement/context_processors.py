from django.apps import apps


def features(request) -> dict[str, bool]:
    """What this installation offers, so pages link only to what exists."""
    return {"licensing_enabled": apps.is_installed("procurement.licensing")}
