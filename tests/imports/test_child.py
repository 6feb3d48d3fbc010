"""The parsing child (imports.child): started from a fork server, so a threaded process
cannot hang it on a lock another thread held, and whatever stops it reaches the caller as a
clear failure, in time."""

from __future__ import annotations

import os
import threading
import time

import pytest

from imports import child
from imports.issues import ImportRejected, Issue

LOCK = threading.Lock()


def needs_the_lock() -> str:
    with LOCK:
        return "read"


def crashes() -> None:
    os.abort()


def never_ends() -> None:
    time.sleep(60)


def refuses() -> None:
    raise ImportRejected([Issue(code="import.damaged-file", severity="error",
                                message="damaged", hint="upload it again")])


def test_a_lock_another_thread_holds_does_not_hang_the_child():
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with LOCK:
            held.set()
            release.wait(20)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        pending = child.start(needs_the_lock)
        # A child forked from this process would inherit LOCK held, and wait forever.
        pending.deadline = time.monotonic() + 15
        assert pending.result() == "read"
    finally:
        release.set()
        holder.join()


def test_a_crashing_reader_is_a_failure_not_a_crash_of_the_caller():
    with pytest.raises(child.ChildFailed, match="the reader stopped"):
        child.start(crashes).result()


def test_a_reader_that_runs_away_is_stopped_at_the_deadline():
    pending = child.start(never_ends)
    pending.deadline = time.monotonic() + 1
    started = time.monotonic()
    with pytest.raises(child.ChildFailed, match="no answer"):
        pending.result()
    assert time.monotonic() - started < 10
    assert not pending.process.is_alive()


def test_a_refusal_comes_back_as_it_was():
    with pytest.raises(ImportRejected) as rejection:
        child.start(refuses).result()
    assert rejection.value.issues[0].code == "import.damaged-file"
