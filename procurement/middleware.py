"""What every request and response goes through, before and after the views.

- A body over the limit is refused from its Content-Length before a byte of it is read, and
  an upload is cut off while streaming should a server pass more than it declared.
- Responses built for a person (pages, the API) are never stored by a browser or a proxy:
  they hold personal data.
- Every API error is the API's envelope {code, message, detail}, including the 404 of an
  unknown address and the 405 of a wrong method, which Django answers outside the API.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from imports.codes import Code
from imports.reader import MAX_UPLOAD_BYTES

# The file, plus the form's other fields and the multipart boundaries.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
API_PREFIX = "/api/"


def _too_large_message(size: int | None) -> str:
    limit = MAX_UPLOAD_BYTES // 1_048_576
    if size is None:
        return _("The file is larger than %(limit)d MB, the limit. Split the report into "
                 "several files, for example one per month.") % {"limit": limit}
    return _("The file is %(size).1f MB; the limit is %(limit)d MB. Split the report into "
             "several files, for example one per month.") % {"size": size / 1_048_576,
                                                              "limit": limit}


def error_response(request: HttpRequest, status: int, code: str, message: str,
                   detail: object = None) -> HttpResponse:
    """The API's envelope for an API address; a GoodBid page for the others."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"code": code, "message": message, "detail": detail},
                            status=status)
    return render(request, "request_refused.html", {"message": message}, status=status)


class UploadTooLarge(Exception):
    """An upload went over the limit while streaming."""


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload the moment it passes the limit (first in FILE_UPLOAD_HANDLERS)."""

    def new_file(self, *args, **kwargs):
        self.received = 0
        return super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int):
        return None


class RequestLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            size = int(declared)
        except ValueError:
            return error_response(request, 400, "request.bad-length",
                                  _("The request's Content-Length is not a number."))
        if size > MAX_REQUEST_BYTES:
            return error_response(request, 413, Code.FILE_TOO_LARGE,
                                  _too_large_message(size))
        if _holds_nul(request):
            return error_response(request, 400, "request.nul-character",
                                  _("The request holds a NUL character (character code 0), "
                                    "which no text in GoodBid can hold. Remove it and send "
                                    "the request again."))
        response = self.get_response(request)
        if getattr(request, "upload_too_large", False):
            return error_response(request, 413, Code.FILE_TOO_LARGE,
                                  _too_large_message(None))
        return response


def _holds_nul(request: HttpRequest) -> bool:
    """A NUL in the address, the query or a JSON body: no database stores one in a text (on
    PostgreSQL it is an error), so the request is refused before any view reads it. Files
    are not concerned: they are bytes, read by imports."""
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if request.content_type == "application/json" and request.method in ("POST", "PUT",
                                                                          "PATCH"):
        return b"\\u0000" in request.body or b"\x00" in request.body
    return False


class PrivateResponseMiddleware:
    """Cache-Control: no-store on what the views answer (static files are served before
    this, by WhiteNoise, with their own long cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, private, max-age=0"
        return response


_REASONS = {
    404: ("not-found", "Nothing was found at this address."),
    405: ("request.method-not-allowed", "This address does not take {method} requests."),
}


class ApiEnvelopeMiddleware:
    """An API address answered outside the API (an unknown path, a wrong method, a request
    Django refused before the view) still gets the envelope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400 \
                or response.get("Content-Type", "").startswith("application/json") \
                or request.path.startswith(f"{API_PREFIX}docs"):
            return response
        code, message = _REASONS.get(response.status_code, ("request.error", ""))
        if not message:
            message = response.reason_phrase or "The request was refused."
        message = message.format(method=request.method)
        envelope = JsonResponse({"code": code, "message": message, "detail": None},
                                status=response.status_code)
        if response.has_header("Allow"):
            envelope["Allow"] = response["Allow"]
        return envelope

