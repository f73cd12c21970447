"""Dialect test fixtures: the local HTTP server as a webhook receiver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.httpserver import LocalServer
from webhooks import sending


@pytest.fixture
def receiver(http_server: LocalServer) -> Iterator[LocalServer]:
    yield http_server
    sending._pools.clear()  # the sender's pools must not outlive the server they point at
