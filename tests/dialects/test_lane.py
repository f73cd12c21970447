"""The dialects take the API's short middleware stack too (core/fast/lane.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.dialects.test_packy import packy

pytestmark = pytest.mark.fast_paths  # the lane is a fast path; with FAST_PATHS off every call takes the full stack

# One list endpoint per dialect, asked without a key: each answers its own 401.
PATHS = [
    "/easypost/v2/trackers",
    "/tracktry/v1/trackings/get",
    "/packy/v1/trackings",
    "/packagex/v1/trackers",
    "/tracking/2026-07/trackings",
]


@pytest.mark.parametrize("path", PATHS)
def test_dialect_calls_skip_the_browser_middleware(client, db, path):
    assert path.startswith(tuple(settings.API_LANE_PREFIXES))
    response = client.get(path, HTTP_COOKIE="sessionid=abc; csrftoken=x", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert "Cookie" not in response.get("Vary", "")  # no session was read
    assert "Content-Language" not in response  # no locale negotiation
    assert not response.cookies
    assert response["X-Content-Type-Options"] == "nosniff"  # the security headers stay


def test_an_authenticated_dialect_call_is_answered_in_the_lane(acme_test_key):
    response = packy(acme_test_key).get("/packy/v1/trackings", HTTP_COOKIE="sessionid=abc")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_the_dashboard_is_not_in_the_lane(client, db):
    assert "csrftoken" in client.get(reverse("login")).cookies
