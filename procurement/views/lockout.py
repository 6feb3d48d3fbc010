"""Log-in lockout: who is locked out, and what they see (the API's error envelope, or a page
that says when to retry).

Two limits, both counted over the last AXES_COOLOFF_TIME:
- a user name from one address: AXES_FAILURE_LIMIT failures (guessing one user's password);
- an address across all user names: GOODBID_ADDRESS_FAILURE_LIMIT failures (spraying one
  password over many user names). It is higher because a city office or a vendor's site
  logs in from behind one shared address, where typos by different people add up.

django-axes applies one limit to every lockout parameter; its maintainers point to a custom
handler for a limit per parameter (jazzband/django-axes#661), which is what
`LockoutHandler` is. The handler lives here, next to the response, so that what counts and
what the user is told are read together."""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

ADDRESS_ONLY = ["ip_address"]


def address_failure_limit() -> int:
    return getattr(settings, "GOODBID_ADDRESS_FAILURE_LIMIT", 20)


def _is_address_only(parameter: str | list[str]) -> bool:
    return [parameter] == ADDRESS_ONLY if isinstance(parameter, str) else (
        list(parameter) == ADDRESS_ONLY)


def _failures(attempts: QuerySet) -> int:
    return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with the address-only parameter counted against its own,
    higher limit. axes compares `get_failures` with AXES_FAILURE_LIMIT in every place it
    decides (before checking a password and after a failure), so `get_failures` reports a
    locked address as AXES_FAILURE_LIMIT failures and an address under its limit as none
    (its user's own failures are counted by the user-and-address parameter)."""

    def _failures_by_parameter(self, request: HttpRequest, credentials: dict | None
                               ) -> list[tuple[str | list[str], int]]:
        return [(parameter, _failures(attempts)) for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials), strict=True)]

    def address_locked_out(self, request: HttpRequest, credentials: dict | None) -> bool:
        return any(_is_address_only(parameter) and failures >= address_failure_limit()
                   for parameter, failures in self._failures_by_parameter(request, credentials))

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        user_limit = get_failure_limit(request, credentials)
        counted = 0
        for parameter, failures in self._failures_by_parameter(request, credentials):
            if _is_address_only(parameter):
                failures = user_limit if failures >= address_failure_limit() else 0
            counted = max(counted, failures)
        return counted

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A successful log-in forgives that user's own failures from this address, not the
        address's: otherwise an attacker with one valid account could reset the count between
        rounds of spraying."""
        count = 0
        for parameter, attempts in zip(get_lockout_parameters(request, credentials),
                                       self.filter_user_attempts(request, credentials),
                                       strict=True):
            if not _is_address_only(parameter):
                count += attempts.delete()[0]
        return count


def client_address(request: HttpRequest) -> str | None:
    """The address a log-in came from. Behind GOODBID_TRUSTED_PROXIES reverse proxies (the
    HTTPS proxy in front of gunicorn) REMOTE_ADDR is the nearest proxy's, shared by every
    user: the client is the address the outermost trusted proxy saw, the Nth entry from the
    right of X-Forwarded-For (entries further left are whatever the client sent)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "GOODBID_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    if LockoutHandler().address_locked_out(request, credentials):
        reason = "address"
        message = _("Too many failed log-in attempts from this address, across user names. "
                    "Wait %(minutes)d minutes and try again, or ask an administrator to "
                    "unlock the address.") % {"minutes": minutes}
    else:
        reason = "user-and-address"
        message = _("Too many failed log-in attempts for this user from this address. Wait "
                    "%(minutes)d minutes and try again, or ask an administrator to unlock the "
                    "account.") % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "auth.locked-out", "message": message,
                             "detail": {"retry_after_minutes": minutes, "locked": reason}},
                            status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
