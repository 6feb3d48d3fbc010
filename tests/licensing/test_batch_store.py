"""A list screened in the background is one stored batch: its status is updated in place,
a transient fault is retried and, failing to the last attempt, the batch says so; only its
uploader reads it, for a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone

from procurement.licensing import batch
from procurement.licensing.models import ScreeningBatch, ScreeningLine
from procurement.licensing.selectors import screening_batch_list
from procurement.licensing.tasks import screen_business_list
from procurement.retry import MAX_RETRIES
from tests.support import csv_bytes, user

APPLICANTS = csv_bytes([["Business name", "City", "State"], ["Red Tree Co", "Salem", "MA"],
                        ["Zyxwv Quantum Bakery", "Boston", "MA"]])
DATABASE_DOWN = ("GoodBid could not reach its database to screen this list. Please upload "
                 "it again in a few minutes.")


@pytest.fixture
def queued(monkeypatch) -> list[str]:
    """Batches queued for a worker, kept here instead of screened at once."""
    tokens: list[str] = []
    monkeypatch.setattr(batch, "_enqueue_screening", tokens.append)
    return tokens


def uploaded(client) -> str:
    response = client.post("/licensing/batch/",
                           {"file": SimpleUploadedFile("applicants.csv", APPLICANTS)})
    assert response.status_code == 302
    return response["Location"]


def test_the_status_is_one_row_updated_in_place(records, logged_in, queued, monkeypatch):
    staff = logged_in("licensing")
    location = uploaded(staff)
    (token,) = queued
    received = ScreeningBatch.objects.get(token=token)
    assert (received.status, received.rows_total, received.filename, received.file_size) == (
        "received", 2, "applicants.csv", len(APPLICANTS))
    assert received.owner == user("licensing") and received.finished_at is None

    seen = []
    screen_chunk = batch._screen_chunk

    def look_then_screen(chunk):
        seen.append(list(ScreeningBatch.objects.filter(token=token)
                         .values_list("pk", "status", "rows_done")))
        return screen_chunk(chunk)

    monkeypatch.setattr(batch, "CHUNK_QUERIES", 1)
    monkeypatch.setattr(batch, "_screen_chunk", look_then_screen)
    assert screen_business_list.delay(token).get() == "done"
    assert seen == [[(received.pk, "processing", 0)], [(received.pk, "processing", 1)]]

    done = ScreeningBatch.objects.get()
    assert (done.pk, done.status, done.progress, done.rows_done) == (received.pk, "done", 100, 2)
    assert (done.rows_screened, done.rows_with_candidates) == (2, 1)
    assert done.finished_at is not None and done.updated_at >= received.updated_at
    assert done.lines.count() == 4  # Red Tree's three citations, the bakery without one
    assert staff.get(f"{location}status").json()["status"] == "done"


def test_a_transient_fault_is_retried_and_then_screened(records, logged_in, queued,
                                                        monkeypatch):
    uploaded(logged_in("licensing"))
    (token,) = queued
    screen_list, calls = batch.screen_list, []

    def fails_once(frame, on_progress=None):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return screen_list(frame, on_progress)

    monkeypatch.setattr(batch, "screen_list", fails_once)
    assert screen_business_list.apply(args=[token]).get() == "done"
    assert len(calls) == 2
    assert ScreeningBatch.objects.get(token=token).message == ""


def test_a_fault_to_the_final_attempt_fails_the_batch_with_a_message(
        records, logged_in, queued, monkeypatch):
    staff = logged_in("licensing")
    location = uploaded(staff)
    (token,) = queued
    calls = []

    def database_down(frame, on_progress=None):
        calls.append(1)
        raise OperationalError("could not connect to server at db.internal:5432")

    monkeypatch.setattr(batch, "screen_list", database_down)
    result = screen_business_list.apply(args=[token])

    assert result.successful() and result.get() == "failed"
    assert len(calls) == 1 + MAX_RETRIES  # retried, then given up: no retry loop
    failed = ScreeningBatch.objects.get(token=token)
    assert (failed.status, failed.message) == ("failed", DATABASE_DOWN)
    assert failed.finished_at is not None and not failed.lines.exists()
    page = staff.get(location).content.decode()
    assert DATABASE_DOWN in page and "db.internal" not in page
    assert "Upload the list again" in page


@pytest.mark.parametrize(("retries", "outcome"), [(MAX_RETRIES - 1, "retried"),
                                                  (MAX_RETRIES, "failed")])
def test_only_the_last_attempt_gives_up(records, logged_in, queued, monkeypatch, retries,
                                        outcome):
    uploaded(logged_in("licensing"))
    (token,) = queued
    attempts = []

    def database_down(frame, on_progress=None):
        attempts.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(batch, "screen_list", database_down)
    assert screen_business_list.apply(args=[token], retries=retries).get() == "failed"
    # From one retry short of the last, the task is tried once more before it gives up.
    assert len(attempts) == {"retried": 2, "failed": 1}[outcome]


def test_each_person_sees_only_their_own_batches(records, logged_in, queued):
    mine, theirs = logged_in("licensing"), logged_in("admin")
    uploaded(mine)
    uploaded(mine)
    uploaded(theirs)
    assert screening_batch_list(owner=user("licensing")).count() == 2
    assert [b.owner.username for b in screening_batch_list(owner=user("admin"))] == ["admin"]
    token = screening_batch_list(owner=user("licensing")).first().token
    assert theirs.get(f"/licensing/batch/{token}/status").status_code == 404


def test_a_batch_is_kept_for_a_day_with_its_list_and_report(records, logged_in):
    staff = logged_in("licensing")
    location = uploaded(staff)
    old = ScreeningBatch.objects.get()
    assert ScreeningLine.objects.filter(batch=old).count() == 4
    stored_list = old.list_file.name
    assert old.list_file.storage.exists(stored_list)
    ScreeningBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - batch.STORED_FOR - dt.timedelta(minutes=1))

    uploaded(staff)  # the next upload clears what is past keeping

    assert not ScreeningBatch.objects.filter(pk=old.pk).exists()
    assert not ScreeningLine.objects.filter(batch_id=old.pk).exists()
    assert not old.list_file.storage.exists(stored_list)
    response = staff.get(location)
    assert response.status_code == 404
