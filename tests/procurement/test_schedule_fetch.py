"""Fetching a wage determination by number (procurement.services.schedules.schedule_fetch and
`manage.py schedule_fetch`), against a real HTTP server on 127.0.0.1 standing in for SAM.gov.

The server's routes, under http://127.0.0.1:PORT/:
  text/<number>/<modification>   the sample determination's text, as text/plain (404 if none)
  html/<number>/<modification>   the same text in an HTML page's <pre> block, escaped
  nopre/...                      an HTML page without a <pre> block
  junk/...                       a text answer that is not a determination
  missing/...                    404
  huge/...                       2,000,001 bytes, with Content-Length
  huge-undeclared/...            2,000,001 bytes, no Content-Length (close-delimited)
  slow/...                       answers after 2 seconds
"""

from __future__ import annotations

import datetime as dt
import html
import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from procurement.models import AuditEvent, WageSchedule, WageScheduleVersion
from procurement.services import schedules
from procurement.services.errors import ServiceError
from procurement.services.schedules import schedule_fetch
from rules.schedules import MAX_SCHEDULE_BYTES

SAMPLES = Path(__file__).resolve().parents[1] / "rules" / "fixtures" / "wage_determinations"
CA = (SAMPLES / "CA20250001.txt").read_bytes()


class _SamGov(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.requests.append(self.path)
        route, _, rest = self.path.lstrip("/").partition("/")
        number = rest.split("/")[0]
        sample = SAMPLES / f"{number}.txt"
        try:
            if route in ("text", "html") and not sample.is_file():
                self._answer(404, b"Not Found", "text/plain")
            elif route == "text":
                self._answer(200, sample.read_bytes(), "text/plain; charset=utf-8")
            elif route == "html":
                page = ("<!DOCTYPE html><html><head><title>" + number + "</title></head><body>"
                        "<h1>Wage determination</h1><pre>\n"
                        + html.escape(sample.read_text(encoding="utf-8")) + "</pre></body></html>")
                self._answer(200, page.encode(), "text/html; charset=utf-8")
            elif route == "nopre":
                self._answer(200, b"<html><body><p>Sign in</p></body></html>", "text/html")
            elif route == "junk":
                self._answer(200, b"hello, this is not a wage determination\n", "text/plain")
            elif route == "huge":
                self._answer(200, b"x" * (MAX_SCHEDULE_BYTES + 1), "text/plain")
            elif route == "huge-undeclared":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(MAX_SCHEDULE_BYTES // 100_000 + 1):
                    self.wfile.write(b"x" * 100_000)
            elif route == "slow":
                time.sleep(2)
                self._answer(200, CA, "text/plain")
            else:
                self._answer(404, b"Not Found", "text/plain")
        except (ConnectionError, TimeoutError):
            pass  # GoodBid stopped reading (too large, too slow): as it should

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 - http.server's signature
        pass


@pytest.fixture(scope="module")
def sam_gov():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SamGov)
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def requests(sam_gov, monkeypatch) -> list[str]:
    """The paths the server was asked for during this test (a proxy in the environment is
    bypassed for 127.0.0.1)."""
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    sam_gov.requests.clear()
    return sam_gov.requests


@pytest.fixture
def route(sam_gov, settings, requests):
    """Point GOODBID_WAGE_DETERMINATION_URL at one of the server's routes."""
    def _route(name: str, tail: str = "{number}/{modification}") -> None:
        settings.GOODBID_WAGE_DETERMINATION_URL = (
            f"http://127.0.0.1:{sam_gov.server_address[1]}/{name}/{tail}")
    return _route


def refusal(**kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        schedule_fetch(**kwargs)
    return caught.value


def test_off_by_default_is_a_clear_refusal(db, settings, requests):
    settings.GOODBID_WAGE_DETERMINATION_URL = ""  # what an unset environment gives
    error = refusal(number="CA20250001", modification=0)
    assert (error.code, error.status) == ("schedule.fetch-off", 400)
    assert "GOODBID_WAGE_DETERMINATION_URL" in error.message
    assert "paste" in error.message
    assert requests == []


@pytest.mark.parametrize("number", [
    "CA2025001",           # seven digits
    "CA202500011",         # nine digits
    "C120250001",          # one letter
    "CAL20250001",
    "",
    "CA20250001/../../x",
    "../CA20250001",
    "CA20250001?x=1",
    "CA 20250001",
])
def test_a_bad_number_is_refused_before_any_request(db, route, requests, number):
    route("text")
    error = refusal(number=number, modification=0)
    assert (error.code, error.status) == ("schedule.fetch-bad-number", 400)
    assert "two letters and eight digits" in error.message
    assert requests == []


def test_a_negative_modification_is_refused_before_any_request(db, route, requests):
    route("text")
    error = refusal(number="CA20250001", modification=-1)
    assert error.code == "schedule.fetch-bad-modification"
    assert requests == []


def test_an_address_that_is_not_http_is_refused(db, settings, requests):
    settings.GOODBID_WAGE_DETERMINATION_URL = "file:///etc/{number}/{modification}"
    assert refusal(number="CA20250001", modification=0).code == "schedule.fetch-off"


def test_a_fetch_stores_the_version(db, route, requests):
    route("text")
    version = schedule_fetch(number="CA20250001", modification=0)
    assert requests == ["/text/CA20250001/0"]
    assert (version.schedule.number, version.modification) == ("CA20250001", 0)
    assert version.classification_count == 145
    assert version.effective_from == dt.date(2025, 1, 3)
    assert version.filename == "CA20250001.txt"
    assert version.content == CA.decode("utf-8")
    assert version.added_by is None
    assert AuditEvent.objects.filter(action="schedule.version-added",
                                     object_id=str(version.pk)).count() == 1


def test_a_lowercase_number_is_the_same_number(db, route, requests):
    route("text")
    assert schedule_fetch(number=" ca20250001 ", modification=0).schedule.number == "CA20250001"
    assert requests == ["/text/CA20250001/0"]


def test_html_wrapped_text_is_the_same_version(db, route, requests):
    route("html")
    from_page = schedule_fetch(number="CA20250001", modification=0)
    assert from_page.classification_count == 145
    assert from_page.content == CA.decode("utf-8")  # unescaped, the <pre> newline dropped
    route("text")
    assert schedule_fetch(number="CA20250001", modification=0).pk == from_page.pk


def test_a_page_without_the_text_is_a_failed_fetch(db, route):
    route("nopre")
    error = refusal(number="CA20250001", modification=0)
    assert (error.code, error.status) == ("schedule.fetch-failed", 502)
    assert "<pre>" in error.message
    assert not WageSchedule.objects.exists()


def test_an_answer_that_is_not_a_determination_is_a_failed_fetch(db, route):
    route("junk")
    error = refusal(number="CA20250001", modification=0)
    assert error.code == "schedule.fetch-failed"
    assert "not a wage determination's text" in error.message


def test_not_found_is_a_failed_fetch_naming_the_number_and_the_reason(db, route, requests):
    route("missing")
    error = refusal(number="CA20250001", modification=3)
    assert (error.code, error.status) == ("schedule.fetch-failed", 502)
    assert "CA20250001" in error.message
    assert "HTTP 404" in error.message
    assert "127.0.0.1" in error.message
    assert requests == ["/missing/CA20250001/3"]


def test_without_a_modification_a_failure_says_to_give_one(db, route, requests):
    route("missing")
    error = refusal(number="CA20250001")
    assert requests == ["/missing/CA20250001/"]
    assert "Give the modification number" in error.message


def test_no_server_is_a_failed_fetch(db, settings, requests):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.GOODBID_WAGE_DETERMINATION_URL = f"http://127.0.0.1:{port}/{{number}}"
    error = refusal(number="CA20250001")
    assert error.code == "schedule.fetch-failed"
    assert "CA20250001" in error.message


def test_no_answer_within_the_timeout_is_a_failed_fetch(db, route, monkeypatch):
    monkeypatch.setattr(schedules, "FETCH_TIMEOUT_SECONDS", 0.5)
    route("slow")
    error = refusal(number="CA20250001", modification=0)
    assert error.code == "schedule.fetch-failed"
    assert "no answer within 0.5 seconds" in error.message


@pytest.mark.parametrize("name", ["huge", "huge-undeclared"])
def test_an_oversize_answer_is_refused(db, route, name):
    route(name)
    error = refusal(number="CA20250001", modification=0)
    assert error.code == "schedule.too-large"
    assert f"{MAX_SCHEDULE_BYTES:,}" in error.message
    assert not WageSchedule.objects.exists()


def test_an_answer_for_another_determination_is_refused(db, route):
    route("text", "TX20250001/{modification}?asked={number}")
    error = refusal(number="CA20250001", modification=0)
    assert (error.code, error.status) == ("schedule.fetch-mismatch", 502)
    assert "TX20250001" in error.message
    assert not WageSchedule.objects.exists()


def test_an_answer_for_another_modification_is_refused(db, route):
    route("text")
    error = refusal(number="CA20250001", modification=1)  # the sample is modification 0
    assert error.code == "schedule.fetch-mismatch"
    assert "CA20250001 modification 1" in error.message


def test_fetching_again_gives_the_version_on_file(db, route, requests):
    route("text")
    first = schedule_fetch(number="CA20250001", modification=0)
    again = schedule_fetch(number="CA20250001", modification=0)
    assert again.pk == first.pk
    assert WageScheduleVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="schedule.version-added").count() == 1
    assert len(requests) == 2


def test_only_an_administrator_fetches(db, route, requests, django_user_model):
    route("text")
    officer = django_user_model.objects.create_user("someone", password="x")
    error = refusal(number="CA20250001", modification=0, acting_user=officer)
    assert (error.code, error.status) == ("schedule.not-allowed", 403)
    assert requests == []
    admin = django_user_model.objects.create_superuser("root", password="x")
    version = schedule_fetch(number="CA20250001", modification=0, acting_user=admin)
    assert version.added_by == admin


def test_the_command_prints_what_was_stored(db, route):
    route("text")
    out = io.StringIO()
    call_command("schedule_fetch", "CA20250001", "--modification", "0", stdout=out)
    assert out.getvalue().strip() == (
        "CA20250001 modification 0: 145 classifications, in force from 2025-01-03")


def test_the_command_reports_a_refusal(db, settings):
    settings.GOODBID_WAGE_DETERMINATION_URL = ""
    with pytest.raises(CommandError, match="GOODBID_WAGE_DETERMINATION_URL"):
        call_command("schedule_fetch", "CA20250001")
