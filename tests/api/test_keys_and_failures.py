"""More on keys and errors: every endpoint needs a key, every header form, failures outside views."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import error_of
from tests.conftest import client_for
from trackers import api as trackers_api


def test_bearer_and_x_api_key_headers_both_authenticate(acme_test_key):
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {acme_test_key}")
    header = APIClient()
    header.credentials(HTTP_X_API_KEY=acme_test_key)
    assert bearer.get("/api/v1/trackers").status_code == 200
    assert header.get("/api/v1/trackers").status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer sk_test_not-a-real-key"},
        {"HTTP_X_API_KEY": "sk_test_not-a-real-key"},
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
        {"HTTP_AUTHORIZATION": "Bearer "},
        {"HTTP_X_API_KEY": "x" * 500},
    ],
    ids=["missing", "unknown-bearer", "unknown-header", "basic-scheme", "empty-bearer", "oversized"],
)
def test_missing_or_unknown_key_is_401_in_the_envelope(db, headers):
    response = APIClient().get("/api/v1/trackers", **headers)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_every_endpoint_needs_a_key(db):
    client = APIClient()
    for method, path in [
        ("get", "/api/v1/trackers"),
        ("post", "/api/v1/trackers"),
        ("get", "/api/v1/trackers/trk_x"),
        ("patch", "/api/v1/trackers/trk_x"),
        ("delete", "/api/v1/trackers/trk_x"),
        ("post", "/api/v1/trackers/trk_x/refresh"),
        ("get", "/api/v1/couriers"),
        ("post", "/api/v1/couriers/detect"),
        ("get", "/api/v1/webhooks"),
        ("post", "/api/v1/webhooks"),
        ("get", "/api/v1/webhooks/whk_x"),
        ("patch", "/api/v1/webhooks/whk_x"),
        ("delete", "/api/v1/webhooks/whk_x"),
        ("get", "/api/v1/usage"),
    ]:
        response = getattr(client, method)(path, {}, format="json")
        assert response.status_code == 401, (method, path)
        error_of(response)


def test_an_unexpected_error_in_a_view_is_a_json_500(api, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(trackers_api, "tracker_document", boom)
    monkeypatch.setattr(trackers_api, "rendered_tracker_document", boom)
    response = api.get("/api/v1/trackers/trk_whatever")
    assert response.status_code == 500
    assert error_of(response)["code"] == "server_error"
    assert "bug" not in response.content.decode()


def test_an_unexpected_error_during_authentication_is_a_json_500(acme_test_key, monkeypatch):
    from api import authentication

    def boom(raw):
        raise RuntimeError("database gone")

    monkeypatch.setattr(authentication, "find_api_key", boom)
    response = client_for(acme_test_key).get("/api/v1/trackers")
    assert response.status_code == 500
    assert error_of(response)["code"] == "server_error"


@pytest.mark.urls("tests.api.boom_urls")
def test_an_error_outside_drf_on_an_api_path_is_a_json_500(db):
    """Plain Django views under /api/ fail through handler500, which answers JSON there."""
    from django.test import Client

    response = Client(raise_request_exception=False).get("/api/v1/boom")
    assert response.status_code == 500
    assert error_of(response)["code"] == "server_error"
    assert b"<html" not in response.content.lower()


def test_the_rate_limit_is_per_key(api, globex_api, settings, one_rate_window):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "2/min"}}
    assert [api.get("/api/v1/couriers").status_code for _ in range(3)] == [200, 200, 429]
    assert globex_api.get("/api/v1/couriers").status_code == 200


def test_a_known_key_is_not_looked_up_on_every_request(api, settings, django_assert_num_queries, one_rate_window):
    settings.API_KEY_CACHE_SECONDS = 600  # however slow the machine, the entry outlives the test
    api.get("/api/v1/couriers")
    with django_assert_num_queries(0):  # the rate counter's block of numbers was reserved by the first
        assert api.get("/api/v1/couriers").status_code == 200


def test_the_key_cache_can_be_turned_off(api, settings, django_assert_num_queries, one_rate_window):
    settings.API_KEY_CACHE_SECONDS = 0
    api.get("/api/v1/couriers")
    with django_assert_num_queries(1):
        assert api.get("/api/v1/couriers").status_code == 200


def test_a_cached_key_expires(acme_test_key, monkeypatch):
    from accounts.models import ApiKey
    from api import authentication

    client = client_for(acme_test_key)
    start = authentication.time.monotonic()
    # The cache's clock stands still until told: a slow machine must not expire the entry early.
    monkeypatch.setattr(authentication.time, "monotonic", lambda: start)
    assert client.get("/api/v1/couriers").status_code == 200
    # Revoked behind the cache's back (another process): honoured once the entry expires.
    ApiKey.objects.filter(prefix=acme_test_key[:12]).update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/v1/couriers").status_code == 200
    clock = start + 11  # the default lifetime is 10 s
    monkeypatch.setattr(authentication.time, "monotonic", lambda: clock)
    assert client.get("/api/v1/couriers").status_code == 401
