"""What a locked-out login sees: the API's error envelope, or a page that says when to retry."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    message = _("Too many failed log-in attempts for this user from this address. Wait "
                "%(minutes)d minutes and try again, or ask an administrator to unlock the "
                "account.") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "auth.locked-out", "message": message,
                             "detail": {"retry_after_minutes": minutes}}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
