"""Authentication, the one error envelope, JSON on every API path, throttling."""

import re

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey
from accounts.services import revoke_api_key


def envelope(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code and error["status"] == status and error["message"]
    assert isinstance(error["errors"], list)
    return error


def test_missing_key_is_401(db):
    error = envelope(APIClient().get("/api/v1/trackers"), 401, "unauthorized")
    assert "Bearer" in error["message"]


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Bearer sk_test_nope"},
        {"HTTP_X_API_KEY": "sk_test_nope"},
        {"HTTP_AUTHORIZATION": "Basic abc"},
        {"HTTP_AUTHORIZATION": "Bearer"},
    ],
)
def test_bad_keys_are_401(db, headers):
    response = APIClient().get("/api/v1/trackers", **headers)
    envelope(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_x_api_key_header_works(acme_test_key):
    assert APIClient().get("/api/v1/trackers", HTTP_X_API_KEY=acme_test_key).status_code == 200


def test_revoked_key_is_401(api, acme_test_key):
    assert api.get("/api/v1/trackers").status_code == 200
    revoke_api_key(ApiKey.objects.get(prefix=acme_test_key[:12]))
    envelope(api.get("/api/v1/trackers"), 401, "unauthorized")


def test_last_used_at_is_recorded(api, acme_test_key):
    api.get("/api/v1/trackers")
    assert ApiKey.objects.get(prefix=acme_test_key[:12]).last_used_at is not None


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/trackers/", "/api/v2/trackers", "/api/"])
def test_unknown_api_paths_answer_json_404(api, path):
    envelope(api.get(path), 404, "not_found")


def test_malformed_json_is_400(api):
    response = api.post("/api/v1/trackers", "{nope", content_type="application/json")
    envelope(response, 400, "malformed_json")


def test_wrong_content_type_is_415(api):
    response = api.post("/api/v1/trackers", "tracking_number=x", content_type="application/x-www-form-urlencoded")
    envelope(response, 415, "unsupported_media_type")


def test_wrong_method_is_405(api):
    envelope(api.put("/api/v1/trackers", {}, format="json"), 405, "method_not_allowed")


def test_server_errors_are_json_never_html(api, monkeypatch):
    from trackers import api as trackers_api

    def boom(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr(trackers_api, "tracker_page", boom)
    error = envelope(api.get("/api/v1/trackers"), 500, "server_error")
    assert "bug" not in error["message"]


def test_rate_limit_is_429_with_retry_after(api, settings, one_rate_window):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_key": "3/min"}}
    codes = [api.get("/api/v1/trackers").status_code for _ in range(4)]
    response = api.get("/api/v1/trackers")
    assert codes == [200, 200, 200, 429]
    envelope(response, 429, "rate_limited")
    assert int(response["Retry-After"]) >= 1


def test_docs_and_schema_are_public_and_offline(client, db):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/trackers" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/" in docs.content
    # Nothing loaded from elsewhere (a bare "cdn" search also matched random tokens in the page).
    assert not re.search(rb"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", docs.content, re.IGNORECASE)
