from __future__ import annotations

import base64

import pytest
from django.test import Client

from procurement.services.demo import DEMO_USERS, demo_load


@pytest.fixture
def demo(transactional_db):
    """Demo vendors and users. Transactional: uploads queue their check with on_commit, which
    fires only when a real transaction commits, as in production."""
    demo_load()
    return {user.username: user for user in DEMO_USERS}


def basic_client(username: str, password: str) -> Client:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Basic {token}")


@pytest.fixture
def client_for(demo):
    def _client(username: str) -> Client:
        return basic_client(username, demo[username].password)
    return _client

