"""A newcomer's restart: the demo back as it started, a taken port said plainly before
anything loads, and a reset that refuses to run on a real installation."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from procurement.models import Contract, Submission
from procurement.serve import address_taken
from tests.factories import SubmissionFactory
from tests.support import COMPLIANT, user

ROOT = Path(__file__).resolve().parents[2]


def test_reset_demo_puts_the_demo_back_and_removes_the_uploads(demo, settings):
    extra = SubmissionFactory(uploaded_by=user("vendor"), content=COMPLIANT, name="mine.csv",
                              contract=Contract.objects.get(number="EV00012345"))
    stored = Path(settings.MEDIA_ROOT) / extra.file.name
    assert stored.exists() and Submission.objects.count() == 2
    call_command("reset_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not stored.exists()
    # As load_demo leaves it: the one signed service report, in the officer's queue, and the
    # construction project's weekly reports (the masonry subcontractor two weeks short).
    assert list(Submission.objects.filter(contract__project__isnull=True)
                .values_list("original_filename", "status")) == [
        ("wage_report_compliant.csv", "submitted")]
    project = Submission.objects.filter(contract__project__isnull=False)
    assert project.count() == 9 + 9 + 7
    assert set(project.values_list("status", flat=True)) == {"submitted"}


def test_reset_demo_refuses_without_debug(settings):
    settings.DEBUG, settings.TESTING = False, False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("reset_demo")


def test_a_taken_port_is_said_plainly_with_another_to_try():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        message = address_taken(f"127.0.0.1:{port}")
        assert message == (f"Port {port} is already in use (another GoodBid, or another "
                           f"program). Stop it, or start on another port: make run "
                           f"PORT={port + 1}")
        checked = subprocess.run([sys.executable, "-m", "procurement.serve", "--bind",
                                  f"127.0.0.1:{port}", "--check"], cwd=ROOT,
                                 capture_output=True, text=True, timeout=60)
        assert (checked.returncode, checked.stderr.strip()) == (1, message)
    assert address_taken("127.0.0.1:http") == \
        "'http' is not a port number: give PORT=8001, for example."
