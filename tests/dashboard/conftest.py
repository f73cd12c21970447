"""Logged-in browsers (Django test clients) for the dashboard tests."""

from __future__ import annotations

import pytest
from django.test import Client


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice) -> Client:
    return login(alice)


@pytest.fixture
def bob_client(bob) -> Client:
    return login(bob)


@pytest.fixture
def carol_client(carol) -> Client:
    return login(carol)
