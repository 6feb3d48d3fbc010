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
