"""The API's refusals, as a script or an attacker meets them: always the envelope
{code, message, detail} with the right status, never a server error, never a credential in
the logs, never a response a browser or proxy keeps."""

from __future__ import annotations

import base64
import logging
import socket
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client

from imports.reader import MAX_UPLOAD_BYTES
from procurement.models import Submission
from procurement.services.tokens import api_token_create
from tests.support import PASSWORD, basic_client


def envelope(response) -> dict:
    body = response.json()
    assert set(body) == {"code", "message", "detail"}, body
    return body


def test_unknown_addresses_and_wrong_methods_get_the_envelope(client_for, vendor_user):
    vendor = client_for(vendor_user)
    missing = vendor.get("/api/no-such-thing")
    assert missing.status_code == 404 and envelope(missing)["code"] == "not-found"
    wrong = vendor.delete("/api/contracts")
    assert wrong.status_code == 405
    assert envelope(wrong)["code"] == "request.method-not-allowed"
    assert "DELETE" in envelope(wrong)["message"] and "GET" in wrong["Allow"]


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/submissions"), ("post", "/api/submissions"),
    ("put", "/api/mappings"), ("post", "/api/licensing/screen")])
def test_no_credentials_is_401_not_403(db, method, path):
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 401
    assert envelope(response)["code"] == "auth.required"


def test_a_browser_session_still_needs_its_csrf_token_to_write(vendor_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(vendor_user)
    assert browser.get("/api/submissions").status_code == 200
    refused = browser.put("/api/mappings", {}, content_type="application/json")
    assert refused.status_code == 403 and envelope(refused)["code"] == "auth.csrf-failed"


@pytest.mark.parametrize("query", [
    "contract_id=99999999999999999999999", "contract_id=-1", "vendor_id=18446744073709551616",
    "contract_id=%C2%B2"])
def test_ids_beyond_a_database_integer_are_a_422(client_for, query, officer_user):
    response = client_for(officer_user).get(f"/api/reviews/queue?{query}")
    assert response.status_code == 422
    assert envelope(response)["code"] == "request.invalid"


@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", "/api/submissions?status=%00", None),
    ("get", "/api/audit?object_id=a%00b", None),
    ("get", "/api/licensing/batches/%00", None),
    ("put", "/api/mappings", '{"report_type": "wage", "mapping": {"Rate\\u0000": "rate"}}'),
])
def test_a_nul_character_is_refused_before_any_database_sees_it(
        client_for, method, path, body, vendor_user, licensing_user):
    """PostgreSQL cannot store a NUL in a text: it was a server error there."""
    client = client_for(licensing_user if "licensing" in path else vendor_user)
    send = getattr(client, method)
    response = send(path, body, content_type="application/json") if body else send(path)
    assert response.status_code == 400
    assert envelope(response)["code"] == "request.nul-character"


def test_the_review_queue_page_ignores_a_contract_filter_that_is_not_a_number(officer_user):
    officer = Client()
    officer.force_login(officer_user)
    for value in ("²", "99999999999999999999999", "١٢"):
        assert officer.get("/review/", {"contract": value}).status_code == 200


@pytest.mark.parametrize(("path", "payload"), [
    ("/api/mappings", {"report_type": "wage", "mapping": {"H" * 201: "worker"}}),
    ("/api/mappings", {"report_type": "wage", "mapping": {"Rate": "x" * 61}}),
    ("/api/licensing/decisions", {"record_id": 1, "verdict": "confirmed", "name": "N" * 301}),
    ("/api/licensing/screen", {"name": "N" * 301}),
])
def test_text_longer_than_its_column_is_a_422_on_every_database(client_for, path, payload,
                                                                vendor_user, licensing_user):
    user = licensing_user if "licensing" in path else vendor_user
    send = client_for(user).post if "licensing" in path else client_for(user).put
    response = send(path, payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert envelope(response)["detail"][0]["type"] == "string_too_long"


def test_an_attestation_name_longer_than_its_column_is_a_422(
        client_for, upload_report, vendor_user):
    submission = upload_report()
    response = client_for(vendor_user).post(
        f"/api/submissions/{submission.pk}/attest", {"name": "N" * 201, "title": "Owner"},
        content_type="application/json")
    assert response.status_code == 422
    assert envelope(response)["detail"][0]["loc"][-1] == "name"


@pytest.mark.parametrize("path", ["/api/submissions", "/api/licensing/batch",
                                  "/api/licensing/batches"])
@pytest.mark.parametrize("content_type", ["multipart/form-data",
                                          "multipart/form-data; boundary=xyz"])
def test_a_multipart_post_without_a_body_says_the_file_is_missing(
        client_for, path, content_type, vendor_user, licensing_user):
    client = client_for(licensing_user if "licensing" in path else vendor_user)
    response = client.generic("POST", path, b"", content_type=content_type)
    assert response.status_code == 422
    assert envelope(response)["detail"][0]["loc"][-1] == "file"


@pytest.mark.parametrize("content", [
    b'Name\n"Acme Cleaning\nHarbor Janitorial\n',           # a quote never closed
    b"\xff\xfeN\x00a\x00m\x00e\x00\n\x00A\x00\x00\xd8",     # UTF-16 cut inside a pair
], ids=["unterminated-quote", "broken-utf-16"])
def test_a_broken_business_list_is_an_answer_not_a_500(client_for, content, licensing_user):
    licensing = client_for(licensing_user)
    for path in ("/api/licensing/batch", "/api/licensing/batches"):
        response = licensing.post(path, {"file": SimpleUploadedFile("list.csv", content)})
        assert response.status_code in (200, 202, 400), response.content
        if response.status_code == 400:
            assert "quotation mark" in envelope(response)["message"]
    page = Client()
    page.force_login(licensing_user)
    response = page.post("/licensing/batch/", {"file": SimpleUploadedFile("list.csv", content)})
    assert response.status_code in (200, 302)


def test_personal_data_is_never_cached(client_for, upload_report, vendor_user):
    submission = upload_report()
    vendor = client_for(vendor_user)
    for path in (f"/api/submissions/{submission.pk}", "/api/submissions"):
        assert "no-store" in vendor.get(path)["Cache-Control"]
    page = Client()
    page.force_login(vendor_user)
    assert "no-store" in page.get(f"/submissions/{submission.pk}/")["Cache-Control"]


def test_credentials_never_reach_the_log(caplog, settings, vendor_user):
    settings.DEBUG = True  # where django-ninja's own parsing logged the whole header
    _token, key = api_token_create(user=vendor_user, name="logging")
    password = PASSWORD
    secrets = [password, key, "s3cret-guess", base64.b64encode(b"vendor:s3cret-guess").decode()]
    headers = [
        f"Bearer {key}", "Bearer gb_not-a-real-token", f"Token {key}",
        "Basic " + base64.b64encode(f"{vendor_user.username}:{password}".encode()).decode(),
        "Basic " + secrets[3], "Basic !!!not-base64!!!", "Basic " + base64.b64encode(
            b"no-colon-s3cret-guess").decode(), f"{key}",
    ]
    with caplog.at_level(logging.DEBUG):
        for header in headers:
            response = Client(HTTP_AUTHORIZATION=header).get("/api/submissions")
            assert response.status_code in (200, 401)
        basic_client(vendor_user.username, password).put("/api/mappings", {},
                                                         content_type="text/plain")
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "Traceback" not in logged
    for secret in (password, key, "s3cret-guess", secrets[3], "no-colon"):
        assert secret not in logged


@pytest.mark.django_db(transaction=True)
def test_a_body_over_the_limit_is_refused_from_its_content_length_before_it_is_sent(
        live_server):
    host, port = live_server.thread.host, live_server.thread.port
    with socket.create_connection((host, port), timeout=5) as connection:
        started = time.perf_counter()
        connection.sendall(
            b"POST /api/submissions HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 300000000\r\n\r\n")
        answer = ""
        while '"detail"' not in answer and time.perf_counter() - started < 5:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk.decode("latin-1")
        elapsed = time.perf_counter() - started
    assert answer.startswith("HTTP/1.1 413")
    assert '"code": "import.file-too-large"' in answer and "286.1 MB" in answer
    assert elapsed < 2  # answered without waiting for 300 MB that never came


def test_a_page_upload_over_the_limit_gets_a_page_that_says_what_to_do(vendor_user):
    page = Client()
    page.force_login(vendor_user)
    response = page.generic("POST", "/submissions/new/", b"", CONTENT_LENGTH="300000000",
                            content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert "the limit is 25 MB" in response.content.decode()
    assert "Split the report" in response.content.decode()


class Spool(TemporaryFileUploadHandler):
    """Django's own spooling to disk, counting what reaches it."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        Spool.received += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


def test_a_file_over_the_limit_inside_a_body_under_it_is_cut_off_while_streaming(
        client_for, settings, vendor_user):
    """The body is under the request limit (so it is read) but the file part is not: the
    upload handler stops it at the limit, before more reaches the disk, and nothing is
    stored."""
    settings.FILE_UPLOAD_HANDLERS = ["procurement.middleware.LimitedUploadHandler",
                                     f"{__name__}.Spool"]
    Spool.received = 0
    before = Submission.objects.count()
    content = b"Worker,Rate\n" + b"x" * (MAX_UPLOAD_BYTES + 500_000)
    response = client_for(vendor_user).post(
        "/api/submissions", {"file": SimpleUploadedFile("big.csv", content),
                             "standard": "boston-living-wage"})
    assert response.status_code == 413
    assert envelope(response)["code"] == "import.file-too-large"
    assert 0 < Spool.received <= MAX_UPLOAD_BYTES
    assert Submission.objects.count() == before
