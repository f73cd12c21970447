"""Webhook fixtures: the shared local HTTP server (tests/httpserver.py) as the receiver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from accounts.models import Mode
from tests.httpserver import LocalServer, refused_port
from tests.webhooks.support import T0
from webhooks import sending
from webhooks.models import Subscription
from webhooks.signing import generate_secret


@pytest.fixture
def receiver(http_server: LocalServer) -> Iterator[LocalServer]:
    """`http_server` under the name these tests read best with; it answers 200 "ok" until told otherwise."""
    yield http_server
    sending._pools.clear()  # the sender's pools must not outlive the server they point at


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on (connections are refused), held for the whole test."""
    with refused_port() as port:
        yield port


@pytest.fixture
def hook(acme, receiver: LocalServer) -> Subscription:
    """Acme's test-mode subscription to the receiver, with a generated whsec_ secret."""
    return Subscription.objects.create(
        organization=acme, mode=Mode.TEST, url=receiver.url + "/hooks", secret=generate_secret()
    )


@pytest.fixture
def clock():
    """Time frozen at T0; move it with clock.shift(seconds) or clock.move_to(when)."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller
