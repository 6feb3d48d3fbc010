"""Plain helpers the integration tests share (fixtures are in conftest.py)."""

from __future__ import annotations

import time

VISIBILITY_TIMEOUT = 5  # seconds before Redis hands an unacknowledged task to another worker


def wait_for(predicate, timeout: float = 90, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError("condition not met in time")
