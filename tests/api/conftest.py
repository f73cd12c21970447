"""Helpers for the native API tests: trackers made through the services, as the API would."""

from __future__ import annotations

import pytest

from accounts.models import Mode
from trackers import services
from trackers.models import Tracker


def make_tracker(org, number: str = "PKGX-AAAAAAA-0000001", mode: str = Mode.TEST, **fields) -> Tracker:
    """A tracker created by trackers.services (rules applied), without its carrier refresh."""
    courier = fields.pop("courier", None)
    return services.create_tracker(org, mode, number, courier, fields).tracker


def error_of(response) -> dict:
    """The error envelope's body, after checking that the response is JSON in the one shape."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "errors", "status"}, body
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"]
    return body["error"]


@pytest.fixture
def acme_tracker(acme) -> Tracker:
    return make_tracker(acme, "PKGX-AAAAAAA-0000001", title="Blue mug", order_id="#1001")
