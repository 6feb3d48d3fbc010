"""The reader's language: chosen at the foot of any page, remembered for the user.

The choice is a cookie on this browser (Django's set_language) and, for a signed-in user,
their profile's language: it follows them to another browser and decides the language of the
e-mail GoodBid sends them. An API client is told in Accept-Language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language

from procurement.models import Profile

LANGUAGES = {code for code, _ in settings.LANGUAGES}


def language_set(request: HttpRequest) -> HttpResponse:
    response = set_language(request)
    chosen = request.POST.get("language", "")
    if request.method == "POST" and chosen in LANGUAGES and request.user.is_authenticated:
        Profile.objects.filter(user=request.user).update(language=chosen)
    return response


class ProfileLanguageMiddleware:
    """After authentication: a signed-in user's saved language, unless this browser chose
    one (the cookie), comes before what the browser asks for (Accept-Language)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and \
                request.user.is_authenticated:
            profile = Profile.objects.filter(user=request.user).only("language").first()
            if profile is not None and profile.language in LANGUAGES:
                translation.activate(profile.language)
                request.LANGUAGE_CODE = profile.language
        return self.get_response(request)
