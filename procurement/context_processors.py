from django.urls import Resolver404, resolve


def _has_page(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def features(request) -> dict[str, bool]:
    """What this installation offers, so pages link only to pages that exist."""
    return {"licensing_enabled": _has_page("/licensing/")}


def translation_draft(request) -> dict[str, bool]:
    """Whether the page is in a language whose translation no reviewer has signed off: the
    page then says so, with a way to the English text (base.html)."""
    from django.utils.translation import get_language

    from procurement.translations import is_machine_draft

    return {"machine_draft": is_machine_draft(get_language())}
